import { z } from "zod";
import { ColumnParamsSchema, TargetSchema } from "@/lib/playground/schema";

// The evaluations contract, shared by the API (server validation) and the forms (client).

export const MAX_CASES = 5_000;
export const MIN_TARGETS = 2;
export const MAX_TARGETS = 6;

const variables = z.record(z.string().regex(/^[A-Za-z_][\w.-]*$/, "Variable names are letters, digits, _ . -").max(64), z.string().max(100_000));

export const CaseMessageSchema = z.strictObject({
  role: z.enum(["system", "user", "assistant"]),
  content: z.string().max(100_000),
});

export const EvalCaseSchema = z.strictObject({
  messages: z
    .array(CaseMessageSchema)
    .min(1, "A case needs at least one message")
    .max(100)
    .refine((m) => m[m.length - 1]?.role === "user", "The messages must end with a user turn")
    .refine((m) => m.some((t) => t.role === "user" && t.content.trim()), "Empty prompt"),
  variables: variables.default({}),
  reference: z.string().max(100_000).nullable().default(null),
  tags: z.array(z.string().trim().min(1).max(50)).max(20).default([]),
});
export type EvalCase = z.output<typeof EvalCaseSchema>;

export const DATASET_FORMATS = ["jsonl", "csv"] as const;
export type DatasetFormat = (typeof DATASET_FORMATS)[number];

/** Import: the file's text (or pasted text) is parsed on the server, so one set of rules names the bad line. */
export const DatasetImportSchema = z.strictObject({
  name: z.string().trim().min(1, "Name the dataset").max(100),
  description: z.string().trim().max(1000).optional(),
  format: z.enum(DATASET_FORMATS),
  content: z.string().min(1, "The file is empty").max(20_000_000),
  /** OpenAI fine-tuning JSONL: keep only the last N% of lines as a held-out split (100 = every line). */
  holdoutPercent: z.number().int().min(1).max(100).default(100),
});

/** A new version: the full case list replaces the last one (the old version stays for the runs that used it). */
export const DatasetVersionCreateSchema = z.union([
  z.strictObject({ cases: z.array(EvalCaseSchema).min(1, "Add a case").max(MAX_CASES) }),
  z.strictObject({ format: z.enum(DATASET_FORMATS), content: z.string().min(1, "The file is empty").max(20_000_000) }),
]);

export const SCORER_KINDS = ["exact", "contains", "regex", "json", "json_schema", "length", "similarity"] as const;
export type ScorerKind = (typeof SCORER_KINDS)[number];

export const ScorerSchema = z
  .strictObject({
    kind: z.enum(SCORER_KINDS),
    /** contains: the text; regex: the pattern; json_schema: the schema as JSON text. exact/similarity use the case's reference. */
    value: z.string().max(20_000).optional(),
    min: z.number().int().min(0).optional(),
    max: z.number().int().min(0).optional(),
    /** similarity: the token F1 a pass needs (0–1). */
    threshold: z.number().min(0).max(1).optional(),
  })
  .superRefine((s, ctx) => {
    if ((s.kind === "contains" || s.kind === "regex" || s.kind === "json_schema") && !s.value?.trim()) {
      ctx.addIssue({ code: "custom", path: ["value"], message: `The ${s.kind} scorer needs a value` });
    }
    if (s.kind === "regex" && s.value) {
      try {
        new RegExp(s.value);
      } catch {
        ctx.addIssue({ code: "custom", path: ["value"], message: "Not a valid regular expression" });
      }
    }
    if (s.kind === "json_schema" && s.value) {
      try {
        const parsed: unknown = JSON.parse(s.value);
        if (typeof parsed !== "object" || parsed === null) throw new Error("not an object");
      } catch {
        ctx.addIssue({ code: "custom", path: ["value"], message: "The JSON Schema must be a JSON object" });
      }
    }
    if (s.kind === "length" && s.min === undefined && s.max === undefined) ctx.addIssue({ code: "custom", path: ["min"], message: "Give a minimum or a maximum length" });
    if (s.min !== undefined && s.max !== undefined && s.min > s.max) ctx.addIssue({ code: "custom", path: ["max"], message: "The maximum is below the minimum" });
  });
export type ScorerConfig = z.output<typeof ScorerSchema>;

export const JudgeConfigSchema = z.strictObject({
  model: z.string().trim().min(1).max(100),
  rubric: z.string().trim().min(1, "Write a rubric").max(10_000),
});
export type JudgeConfig = z.output<typeof JudgeConfigSchema>;

export const EvalRunCreateSchema = z
  .strictObject({
    name: z.string().trim().min(1, "Name the run").max(200),
    datasetId: z.string().min(1).max(100),
    /** Defaults to the dataset's latest version. */
    datasetVersion: z.number().int().positive().optional(),
    targets: z.array(TargetSchema).min(MIN_TARGETS, `Pick at least ${MIN_TARGETS} targets`).max(MAX_TARGETS, `At most ${MAX_TARGETS} targets`),
    baseline: z.number().int().min(0).default(0),
    scorers: z.array(ScorerSchema).max(20).default([]),
    judge: JudgeConfigSchema.nullable().default(null),
    params: ColumnParamsSchema.default({}),
    /** Calls in flight per target. */
    concurrency: z.number().int().min(1).max(32).default(4),
  })
  .superRefine((r, ctx) => {
    if (r.baseline >= r.targets.length) ctx.addIssue({ code: "custom", path: ["baseline"], message: "The baseline must be one of the targets" });
    const names = r.targets.map((t) => `${t.type}:${t.name}`);
    if (new Set(names).size !== names.length) ctx.addIssue({ code: "custom", path: ["targets"], message: "Each target can appear once" });
    if (!r.scorers.length && !r.judge) ctx.addIssue({ code: "custom", path: ["scorers"], message: "Add a scorer or a judge" });
  });
export type EvalRunCreateInput = z.input<typeof EvalRunCreateSchema>;

export const EVAL_STATUSES = ["queued", "running", "paused", "cancelled", "done", "failed"] as const;
export type EvalStatus = (typeof EVAL_STATUSES)[number];

export const EvalRunActionSchema = z.strictObject({ action: z.enum(["pause", "resume", "cancel"]) });

export const EvalVoteSchema = z.strictObject({
  caseIndex: z.number().int().min(0).max(MAX_CASES - 1),
  /** The best target's index, -1 for a tie, null to clear the vote. */
  winner: z.number().int().min(-1).max(MAX_TARGETS - 1).nullable(),
});
