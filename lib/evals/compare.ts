import type { ScorerConfig } from "./schema";
import { compare, scorerOutcome, type Comparison, type Outcome, type ResultLike } from "./stats";
import { wilsonInterval, type Interval } from "@/lib/playground/wilson";

// Two eval runs on the same dataset version: did the new target (B) improve on the old one (A)? Case by case,
// the higher mean scorer score wins (a failed call loses to an answer); the sign test says whether it is chance.

export interface RunSide {
  runId: string;
  runName: string;
  target: string;
  scorers: ScorerConfig[];
  results: ResultLike[];
}

export interface ScorerDelta {
  label: string;
  a: Interval | null;
  b: Interval | null;
}

export interface RunComparison {
  a: { runId: string; runName: string; target: string };
  b: { runId: string; runName: string; target: string };
  cases: number;
  /** B against A. */
  comparison: Comparison;
  /** Scorers both runs used with the same settings. */
  scorers: ScorerDelta[];
  /** Cases where B beat A, and where it lost (case indexes, first 50 each). */
  improved: number[];
  regressed: number[];
}

const key = (s: ScorerConfig) => JSON.stringify([s.kind, s.value ?? null, s.min ?? null, s.max ?? null, s.threshold ?? null]);

function passRate(results: ResultLike[], id: string): Interval | null {
  if (!results.length) return null;
  return wilsonInterval(results.filter((r) => r.scores[id]?.pass).length, results.length);
}

export function compareRuns(a: RunSide, b: RunSide, caseCount: number, labelOf: (s: ScorerConfig) => string): RunComparison {
  const byCase = (side: RunSide) => new Map(side.results.map((r) => [r.caseIndex, r]));
  const ra = byCase(a);
  const rb = byCase(b);
  // Only the scorers both runs share can be compared; the rest would compare different questions.
  const shared = a.scorers.flatMap((s, i) => {
    const j = b.scorers.findIndex((t) => key(t) === key(s));
    return j >= 0 ? [{ s, ida: `${i}:${s.kind}`, idb: `${j}:${b.scorers[j].kind}` }] : [];
  });
  const onShared = (r: ResultLike | undefined, ids: string[]): ResultLike | undefined =>
    r && { ...r, scores: Object.fromEntries(ids.filter((id) => r.scores[id]).map((id) => [id, r.scores[id]])) };
  const outcomes: (Outcome | null)[] = [];
  for (let c = 0; c < caseCount; c++) {
    outcomes.push(scorerOutcome(onShared(rb.get(c), shared.map((x) => x.idb)), onShared(ra.get(c), shared.map((x) => x.ida))));
  }
  return {
    a: { runId: a.runId, runName: a.runName, target: a.target },
    b: { runId: b.runId, runName: b.runName, target: b.target },
    cases: caseCount,
    comparison: compare(outcomes, "scorers"),
    scorers: shared.map((x) => ({ label: labelOf(x.s), a: passRate(a.results, x.ida), b: passRate(b.results, x.idb) })),
    improved: outcomes.flatMap((o, i) => (o === "win" ? [i] : [])).slice(0, 50),
    regressed: outcomes.flatMap((o, i) => (o === "loss" ? [i] : [])).slice(0, 50),
  };
}
