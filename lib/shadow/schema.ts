import { z } from "zod";

// Shadow traffic and guarded rollout: what the API accepts and returns. Shared by the server and the browser.

export const SHADOW_LIMITS = { maxCandidates: 5, maxTimeoutMs: 300_000, maxConcurrent: 1_000 } as const;

export const ShadowCandidateSchema = z
  .object({
    /** Registered model id or name. */
    modelId: z.string().trim().min(1, "Pick a registered model").max(200),
    /** Percent of the group's requests mirrored to this candidate, 0–100. */
    sampleRate: z.number({ message: "Sample rate must be a number" }).min(0, "Sample rate must be 0–100").max(100, "Sample rate must be 0–100"),
    timeoutMs: z.number().int().min(100, "At least 100 ms").max(SHADOW_LIMITS.maxTimeoutMs).default(30_000),
    /** Shadow calls in flight for this candidate on one instance; more are dropped (and counted). */
    maxConcurrent: z.number().int().min(1).max(SHADOW_LIMITS.maxConcurrent).default(20),
  })
  .strict();

export const ShadowJudgeSchema = z
  .object({
    /** Registered model id or name that judges. */
    modelId: z.string().trim().min(1, "Pick a judge model").max(200),
    /** Percent of stored pairs (with bodies) that are judged. */
    sampleRate: z.number().min(0).max(100).default(100),
  })
  .strict();

export const ShadowConfigSchema = z
  .object({
    candidates: z.array(ShadowCandidateSchema).max(SHADOW_LIMITS.maxCandidates, `At most ${SHADOW_LIMITS.maxCandidates} shadow candidates`).default([]),
    judge: ShadowJudgeSchema.nullable().default(null),
  })
  .strict();
export type ShadowConfig = z.output<typeof ShadowConfigSchema>;
export type ShadowCandidate = z.output<typeof ShadowCandidateSchema>;

/** PUT /api/groups/{id}/shadow: the whole shadow config, guarded by the group's version. */
export const ShadowUpdateSchema = ShadowConfigSchema.extend({ version: z.number().int().min(1) }).strict();
export type ShadowUpdate = z.output<typeof ShadowUpdateSchema>;

export interface ShadowCandidateView extends ShadowCandidate {
  modelName: string;
}
export interface ShadowConfigView {
  groupId: string;
  groupName: string;
  version: number;
  candidates: ShadowCandidateView[];
  judge: (z.output<typeof ShadowJudgeSchema> & { modelName: string }) | null;
}

export const ComparisonQuerySchema = z
  .object({
    /** Minutes back from now. */
    windowMinutes: z.coerce.number().int().min(1).max(60 * 24 * 30).default(60),
  })
  .strict();

export interface SideStats {
  requests: number;
  errorRate: number | null;
  p50Ms: number | null;
  p95Ms: number | null;
  ttftP50Ms: number | null;
  costPer1k: number | null;
}
export interface Disagreement {
  shadowId: string;
  primaryId: string;
  at: string;
  prompt: string | null;
  primary: string | null;
  candidate: string | null;
  primaryError: string | null;
  candidateError: string | null;
  verdict: string | null;
}
export interface CandidateComparison {
  modelId: string;
  modelName: string;
  pairs: number;
  production: SideStats;
  candidate: SideStats;
  judged: number;
  wins: number;
  losses: number;
  ties: number;
  /** Wins plus half the ties over judged pairs, with its 95% Wilson interval; null until a pair is judged. */
  winRate: { rate: number; low: number; high: number } | null;
  disagreements: Disagreement[];
}
export interface ShadowComparison {
  windowMinutes: number;
  candidates: CandidateComparison[];
  /** Sampled calls dropped on this instance because a candidate was at its concurrency cap. */
  dropped: Record<string, number>;
}

export const RolloutStepSchema = z
  .object({
    percent: z.number().gt(0, "A step's percent must be above 0").max(100, "A step's percent must be at most 100"),
    holdSeconds: z.number().int().min(1).max(7 * 24 * 3600).optional(),
    holdRequests: z.number().int().min(1).max(10_000_000).optional(),
  })
  .strict()
  .refine((s) => s.holdSeconds !== undefined || s.holdRequests !== undefined, { message: "Each step needs holdSeconds or holdRequests" });

export const RolloutGuardsSchema = z
  .object({
    /** 0–1: the candidate's error rate during a step above this rolls back. */
    maxErrorRate: z.number().min(0).max(1).optional(),
    maxP95Ms: z.number().int().min(1).optional(),
    /** 0–1: the judge's win rate (shadow pairs in the window) below this rolls back. */
    minWinRate: z.number().min(0).max(1).optional(),
    /** Guards are judged once a step has seen at least this many candidate requests. */
    minRequests: z.number().int().min(1).max(100_000).default(5),
  })
  .strict();

export const RolloutCreateSchema = z
  .object({
    modelId: z.string().trim().min(1, "Pick the candidate model").max(200),
    steps: z
      .array(RolloutStepSchema)
      .min(1, "Add at least one step")
      .max(20)
      .refine((steps) => steps.every((s, i) => i === 0 || s.percent > steps[i - 1].percent), { message: "Each step's percent must be above the one before" }),
    guards: RolloutGuardsSchema.default({ minRequests: 5 }),
  })
  .strict();
export type RolloutCreate = z.output<typeof RolloutCreateSchema>;
export type RolloutStep = z.output<typeof RolloutStepSchema>;
export type RolloutGuards = z.output<typeof RolloutGuardsSchema>;

export const RolloutIdParamsSchema = z.object({ id: z.string().min(1).max(100), rolloutId: z.string().min(1).max(100) }).strict();

export type RolloutStatus = "running" | "completed" | "rolled_back" | "cancelled";
export interface RolloutEvent {
  at: string;
  event: "started" | "stepped" | "completed" | "rolled_back" | "cancelled";
  step?: number;
  percent?: number;
  detail?: string;
}
export interface RolloutView {
  id: string;
  groupId: string;
  groupName: string;
  modelId: string;
  modelName: string;
  status: RolloutStatus;
  steps: RolloutStep[];
  guards: RolloutGuards;
  stepIndex: number;
  stepStartedAt: string;
  reason: string | null;
  history: RolloutEvent[];
  version: number;
  createdAt: string;
}
