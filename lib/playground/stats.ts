import { wilsonInterval, type Interval } from "./wilson";
import type { PublicRun } from "./types";

// Per-column summary of a batch (or any set of runs over the same columns).

/** Linear-interpolated percentile (the common "type 7"); null for no data. */
export function percentile(values: number[], p: number): number | null {
  if (!values.length) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const pos = (sorted.length - 1) * Math.min(1, Math.max(0, p));
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
}

export type WinSource = "votes" | "judge";

export interface ColumnSummary {
  column: number;
  label: string;
  requests: number;
  errors: number;
  errorRate: number | null;
  p50LatencyMs: number | null;
  p95LatencyMs: number | null;
  p50TtftMs: number | null;
  costPer1k: number | null;
  /** Decisions this column took part in; a tie counts as half a win. */
  decisions: number;
  wins: number;
  winRate: Interval | null;
}

type RunLike = Pick<PublicRun, "results" | "voteColumn" | "verdicts">;

/** Wins (ties = ½) and decisions per column from user votes: every voted run is one decision for every column. */
function fromVotes(runs: RunLike[], columns: number) {
  const wins = new Array<number>(columns).fill(0);
  const decisions = new Array<number>(columns).fill(0);
  for (const run of runs) {
    if (run.voteColumn === null) continue;
    for (let c = 0; c < columns; c++) {
      decisions[c] += 1;
      if (run.voteColumn === c) wins[c] += 1;
      else if (run.voteColumn === -1) wins[c] += 0.5;
    }
  }
  return { wins, decisions };
}

/** Wins (ties = ½) and decisions per column from pairwise judge verdicts. */
function fromJudge(runs: RunLike[], columns: number) {
  const wins = new Array<number>(columns).fill(0);
  const decisions = new Array<number>(columns).fill(0);
  for (const run of runs) {
    for (const v of run.verdicts) {
      for (const c of [v.columnA, v.columnB]) {
        if (c >= columns) continue;
        decisions[c] += 1;
        if (v.winner === c) wins[c] += 1;
        else if (v.winner === -1) wins[c] += 0.5;
      }
    }
  }
  return { wins, decisions };
}

export function summarize(runs: RunLike[], labels: string[], source: WinSource = "votes"): ColumnSummary[] {
  const columns = labels.length;
  const { wins, decisions } = source === "votes" ? fromVotes(runs, columns) : fromJudge(runs, columns);
  return labels.map((label, column) => {
    const results = runs.map((r) => r.results.find((x) => x.column === column)).filter((r) => r && r.status !== "pending");
    const ok = results.filter((r) => r!.status === "done");
    const errors = results.filter((r) => r!.status === "error").length;
    const latencies = ok.map((r) => r!.metrics.latencyMs).filter((v): v is number => v !== null);
    const ttfts = ok.map((r) => r!.metrics.ttftMs).filter((v): v is number => v !== null);
    const costs = ok.map((r) => r!.metrics.costUsd).filter((v): v is number => v !== null);
    return {
      column,
      label,
      requests: results.length,
      errors,
      errorRate: results.length ? errors / results.length : null,
      p50LatencyMs: percentile(latencies, 0.5),
      p95LatencyMs: percentile(latencies, 0.95),
      p50TtftMs: percentile(ttfts, 0.5),
      costPer1k: costs.length ? (costs.reduce((a, b) => a + b, 0) / costs.length) * 1000 : null,
      decisions: decisions[column],
      wins: wins[column],
      winRate: decisions[column] ? wilsonInterval(wins[column], decisions[column]) : null,
    };
  });
}
