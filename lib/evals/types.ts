import type { Target } from "@/lib/playground/schema";
import type { EvalCase, EvalStatus, JudgeConfig, ScorerConfig } from "./schema";
import type { TargetReport } from "./stats";

// What the evals API returns; the dashboard reads these shapes.

export interface DatasetSummary {
  id: string;
  name: string;
  description: string | null;
  latestVersion: number;
  caseCount: number;
  createdAt: string;
}

export interface DatasetDetail extends DatasetSummary {
  versions: { number: number; caseCount: number; createdAt: string }[];
  /** The version whose cases are listed. */
  version: number;
  cases: EvalCase[];
}

export interface EvalProgress {
  total: number;
  done: number;
  errors: number;
  judgeTotal: number;
  judgeDone: number;
  costUsd: number;
  /** Seconds left at the rate so far; null before there is a rate. */
  etaSeconds: number | null;
}

export interface EvalRunSummary {
  id: string;
  name: string;
  status: EvalStatus;
  dataset: { id: string; name: string; version: number };
  targets: Target[];
  baseline: number;
  progress: EvalProgress;
  failure: string | null;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
}

export interface EvalCaseRow {
  caseIndex: number;
  prompt: string;
  reference: string | null;
  tags: string[];
  answers: ({ output: string; error: string | null; latencyMs: number | null; passed: number; scored: number } | null)[];
  /** Per non-baseline target: "win" | "loss" | "tie" against the baseline, or null. */
  outcomes: (string | null)[];
  /** The scorers or the judge's two orderings disagree about this case. */
  disagreement: boolean;
  /** A person's pick: the winning target, -1 for a tie, null before anyone voted. */
  vote: number | null;
}

export interface EvalRunDetail extends EvalRunSummary {
  scorers: (ScorerConfig & { id: string; label: string })[];
  judge: JudgeConfig | null;
  concurrency: number;
  report: TargetReport[];
  cases: EvalCaseRow[];
}
