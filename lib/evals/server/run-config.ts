import "server-only";
import { JudgeConfigSchema, ScorerSchema, type JudgeConfig, type ScorerConfig } from "@/lib/evals/schema";
import type { ResultLike } from "@/lib/evals/stats";
import type { EvalResult } from "@/lib/generated/prisma/client";
import { ColumnParamsSchema, TargetSchema, type ColumnParams, type Target } from "@/lib/playground/schema";

// A run's stored configuration and results, read back as the statistics take them.

export interface RunConfig {
  targets: Target[];
  baseline: number;
  scorers: ScorerConfig[];
  judge: JudgeConfig | null;
  params: ColumnParams;
}

export function parseRunConfig(row: { targetsJson: string; baseline: number; scorersJson: string; judgeJson: string | null; paramsJson: string }): RunConfig {
  return {
    targets: TargetSchema.array().parse(JSON.parse(row.targetsJson)),
    baseline: row.baseline,
    scorers: ScorerSchema.array().parse(JSON.parse(row.scorersJson)),
    judge: row.judgeJson ? JudgeConfigSchema.parse(JSON.parse(row.judgeJson)) : null,
    params: ColumnParamsSchema.parse(JSON.parse(row.paramsJson)),
  };
}

/** A stored result as the report's statistics read it. */
export function toResultLike(r: EvalResult): ResultLike {
  return {
    caseIndex: r.caseIndex,
    target: r.target,
    ok: r.errorKind === null,
    latencyMs: r.latencyMs,
    ttftMs: r.ttftMs,
    tokensIn: r.tokensIn,
    tokensOut: r.tokensOut,
    costUsd: r.costUsd,
    scores: JSON.parse(r.scoresJson) as ResultLike["scores"],
  };
}
