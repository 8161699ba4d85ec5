import { JudgeConfigSchema, ScorerSchema, type JudgeConfig, type ScorerConfig } from "@/lib/evals/schema";
import { ColumnParamsSchema, TargetSchema, type ColumnParams, type Target } from "@/lib/playground/schema";

// A run's stored configuration, read back through the same schemas that validated it.

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
