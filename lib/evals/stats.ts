import { percentile } from "@/lib/playground/stats";
import { wilsonInterval, type Interval } from "@/lib/playground/wilson";

// The statistics a user decides from. Per case, each target either beats the baseline, loses to it, or ties
// (by the judge when there is one, else by the scorers). The win rate counts a tie as half a win and carries a
// Wilson 95% interval; the sign test (exact two-sided binomial on wins vs losses, ties dropped) says whether the
// difference is more than chance.

/** log(n!) by summation, cached: n stays below the dataset cap. */
const logFactorials: number[] = [0];
function logFactorial(n: number): number {
  for (let i = logFactorials.length; i <= n; i++) logFactorials[i] = logFactorials[i - 1] + Math.log(i);
  return logFactorials[n];
}

/** Exact two-sided sign test: P(a split at least this uneven | p = ½). 1 when there is nothing to test. */
export function signTest(wins: number, losses: number): number {
  const n = wins + losses;
  if (n === 0) return 1;
  const k = Math.min(wins, losses);
  let tail = 0;
  for (let i = 0; i <= k; i++) tail += Math.exp(logFactorial(n) - logFactorial(i) - logFactorial(n - i) - n * Math.LN2);
  return Math.min(1, 2 * tail);
}

export const SIGNIFICANCE = 0.05;

export type Verdict = "better" | "worse" | "no_difference" | "no_data";

export function verdictOf(wins: number, losses: number, p: number): Verdict {
  if (wins + losses === 0) return "no_data";
  if (p >= SIGNIFICANCE) return "no_difference";
  return wins > losses ? "better" : "worse";
}

export interface ResultLike {
  caseIndex: number;
  target: number;
  ok: boolean;
  latencyMs: number | null;
  ttftMs: number | null;
  tokensIn: number | null;
  tokensOut: number | null;
  costUsd: number | null;
  scores: Record<string, { pass: boolean; score: number }>;
}

export interface JudgementLike {
  caseIndex: number;
  target: number;
  ordering: string;
  winner: string;
}

export type Outcome = "win" | "loss" | "tie";

export interface Comparison {
  source: "judge" | "scorers" | "votes";
  wins: number;
  losses: number;
  ties: number;
  decisions: number;
  winRate: Interval | null;
  pValue: number;
  verdict: Verdict;
}

export interface ScorerSummary {
  id: string;
  passed: number;
  scored: number;
  passRate: Interval | null;
  meanScore: number | null;
}

export interface TargetReport {
  target: number;
  label: string;
  cases: number;
  errors: number;
  p50LatencyMs: number | null;
  p95LatencyMs: number | null;
  p50TtftMs: number | null;
  p95TtftMs: number | null;
  meanTokensIn: number | null;
  meanTokensOut: number | null;
  costUsd: number;
  costPer1kCases: number | null;
  scorers: ScorerSummary[];
  /** Null for the baseline itself. */
  vsBaseline: Comparison | null;
  /** From human votes; null for the baseline and before anyone voted. */
  vsBaselineVotes: Comparison | null;
  /** Bradley–Terry strength (shares summing to 1); shown when there are more than 2 targets. */
  strength: number | null;
}

const mean = (v: number[]) => (v.length ? v.reduce((a, b) => a + b, 0) / v.length : null);
const present = (v: (number | null)[]) => v.filter((x): x is number => x !== null);

/** A target's outcome against the baseline on one case from the judge's two orderings (errors dropped). */
export function judgeOutcome(verdicts: string[]): Outcome | null {
  const valid = verdicts.filter((w) => w !== "error");
  if (!valid.length) return null;
  const points = valid.reduce((sum, w) => sum + (w === "target" ? 1 : w === "tie" ? 0.5 : 0), 0);
  const half = valid.length / 2;
  return points > half ? "win" : points < half ? "loss" : "tie";
}

/** From the scorers: the mean score decides; a failed call loses to an answer. */
export function scorerOutcome(target: ResultLike | undefined, baseline: ResultLike | undefined): Outcome | null {
  if (!target || !baseline) return null;
  if (!target.ok || !baseline.ok) return target.ok === baseline.ok ? null : target.ok ? "win" : "loss";
  const t = mean(Object.values(target.scores).map((s) => s.score));
  const b = mean(Object.values(baseline.scores).map((s) => s.score));
  if (t === null || b === null) return null;
  return t > b ? "win" : t < b ? "loss" : "tie";
}

export function caseOutcomes(
  target: number,
  baseline: number,
  caseCount: number,
  results: Map<string, ResultLike>,
  judgements: JudgementLike[] | null,
): (Outcome | null)[] {
  const byCase = new Map<number, string[]>();
  if (judgements) for (const j of judgements) if (j.target === target) byCase.set(j.caseIndex, [...(byCase.get(j.caseIndex) ?? []), j.winner]);
  const out: (Outcome | null)[] = [];
  for (let c = 0; c < caseCount; c++) {
    out.push(judgements ? judgeOutcome(byCase.get(c) ?? []) : scorerOutcome(results.get(`${c}:${target}`), results.get(`${c}:${baseline}`)));
  }
  return out;
}

export function compare(outcomes: (Outcome | null)[], source: Comparison["source"]): Comparison {
  const wins = outcomes.filter((o) => o === "win").length;
  const losses = outcomes.filter((o) => o === "loss").length;
  const ties = outcomes.filter((o) => o === "tie").length;
  const decisions = wins + losses + ties;
  const pValue = signTest(wins, losses);
  return { source, wins, losses, ties, decisions, winRate: decisions ? wilsonInterval(wins + ties / 2, decisions) : null, pValue, verdict: verdictOf(wins, losses, pValue) };
}

export interface ReportInput {
  labels: string[];
  baseline: number;
  scorerIds: string[];
  caseCount: number;
  results: ResultLike[];
  /** Null when the run has no judge. */
  judgements: JudgementLike[] | null;
  /** Human picks per case: the winning target, or -1 for a tie. */
  votes?: VoteLike[];
}

export interface VoteLike {
  caseIndex: number;
  winner: number;
}

/** A vote for the target wins, for the baseline loses; a tie, or a vote for a third target, ties the pair. */
export function voteOutcomes(target: number, baseline: number, votes: VoteLike[]): Outcome[] {
  return votes.map((v) => (v.winner === target ? "win" : v.winner === baseline ? "loss" : "tie"));
}

export function buildReport(input: ReportInput): TargetReport[] {
  const byKey = new Map(input.results.map((r) => [`${r.caseIndex}:${r.target}`, r]));
  const bt = strengths(input);
  return input.labels.map((label, target) => {
    const rows = input.results.filter((r) => r.target === target);
    const ok = rows.filter((r) => r.ok);
    const latencies = present(ok.map((r) => r.latencyMs));
    const ttfts = present(ok.map((r) => r.ttftMs));
    const costUsd = present(rows.map((r) => r.costUsd)).reduce((a, b) => a + b, 0);
    const scorers = input.scorerIds.map((id): ScorerSummary => {
      const scored = rows.map((r) => r.scores[id]).filter((s) => s !== undefined);
      const passed = scored.filter((s) => s.pass).length;
      return { id, passed, scored: rows.length, passRate: rows.length ? wilsonInterval(passed, rows.length) : null, meanScore: mean(scored.map((s) => s.score)) };
    });
    const vsBaseline =
      target === input.baseline
        ? null
        : compare(caseOutcomes(target, input.baseline, input.caseCount, byKey, input.judgements), input.judgements ? "judge" : "scorers");
    return {
      target,
      label,
      cases: rows.length,
      errors: rows.length - ok.length,
      p50LatencyMs: percentile(latencies, 0.5),
      p95LatencyMs: percentile(latencies, 0.95),
      p50TtftMs: percentile(ttfts, 0.5),
      p95TtftMs: percentile(ttfts, 0.95),
      meanTokensIn: mean(present(ok.map((r) => r.tokensIn))),
      meanTokensOut: mean(present(ok.map((r) => r.tokensOut))),
      costUsd,
      costPer1kCases: rows.length ? (costUsd / rows.length) * 1000 : null,
      scorers,
      vsBaseline,
      vsBaselineVotes: target === input.baseline || !input.votes?.length ? null : compare(voteOutcomes(target, input.baseline, input.votes), "votes"),
      strength: bt[target],
    };
  });
}

/**
 * Bradley–Terry strengths from pairwise outcomes (a tie counts half to each side), fitted by the MM algorithm
 * (Hunter 2004) and normalised to sum to 1, so a strength reads as a share of "wins against the field".
 * Null for a target with no decided comparisons.
 */
export function bradleyTerry(n: number, pairs: { a: number; b: number; outcome: Outcome }[], iterations = 200): (number | null)[] {
  const wins = new Array<number>(n).fill(0);
  const games = Array.from({ length: n }, () => new Array<number>(n).fill(0));
  for (const { a, b, outcome } of pairs) {
    games[a][b] += 1;
    games[b][a] += 1;
    wins[a] += outcome === "win" ? 1 : outcome === "tie" ? 0.5 : 0;
    wins[b] += outcome === "loss" ? 1 : outcome === "tie" ? 0.5 : 0;
  }
  // A small prior win against a virtual opponent keeps an all-lose or all-win target finite.
  const PRIOR = 0.5;
  let p = new Array<number>(n).fill(1 / n);
  for (let it = 0; it < iterations; it++) {
    const next = p.map((pi, i) => {
      let denom = (2 * PRIOR) / (pi + 1 / n);
      for (let j = 0; j < n; j++) if (games[i][j]) denom += games[i][j] / (pi + p[j]);
      return (wins[i] + PRIOR) / denom;
    });
    const sum = next.reduce((a, b) => a + b, 0);
    p = next.map((x) => x / sum);
  }
  return p.map((x, i) => (games[i].some((g) => g > 0) ? x : null));
}

/** Every pair of targets compared case by case: by the scorers, or by the judge (each target against the baseline). */
export function strengths(input: ReportInput): (number | null)[] {
  const byKey = new Map(input.results.map((r) => [`${r.caseIndex}:${r.target}`, r]));
  const pairs: { a: number; b: number; outcome: Outcome }[] = [];
  const n = input.labels.length;
  if (input.judgements) {
    for (let t = 0; t < n; t++) {
      if (t === input.baseline) continue;
      for (const o of caseOutcomes(t, input.baseline, input.caseCount, byKey, input.judgements)) if (o) pairs.push({ a: t, b: input.baseline, outcome: o });
    }
  } else {
    for (let a = 0; a < n; a++)
      for (let b = a + 1; b < n; b++)
        for (let c = 0; c < input.caseCount; c++) {
          const o = scorerOutcome(byKey.get(`${c}:${a}`), byKey.get(`${c}:${b}`));
          if (o) pairs.push({ a, b, outcome: o });
        }
  }
  return bradleyTerry(n, pairs);
}
