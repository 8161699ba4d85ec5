import { z } from "zod";

// The playground contract, shared by the API (server validation) and the composer (client).

export const MAX_COLUMNS = 6;
export const MAX_BATCH_PROMPTS = 500;

export const RESPONSE_FORMATS = ["text", "json_object"] as const;

export const ColumnParamsSchema = z.strictObject({
  temperature: z.number().min(0).max(2).optional(),
  top_p: z.number().min(0).max(1).optional(),
  max_tokens: z.number().int().positive().max(32_768).optional(),
  seed: z.number().int().optional(),
  stop: z.array(z.string().min(1).max(100)).max(4).optional(),
  response_format: z.enum(RESPONSE_FORMATS).optional(),
});
export type ColumnParams = z.infer<typeof ColumnParamsSchema>;

export const TargetSchema = z.strictObject({
  type: z.enum(["model", "group"]),
  /** Model or group name: names are unique and stay readable in saved runs. */
  name: z.string().trim().min(1).max(100),
});
export type Target = z.infer<typeof TargetSchema>;

export const ColumnConfigSchema = z.strictObject({
  target: TargetSchema,
  params: ColumnParamsSchema.default({}),
});
export type ColumnConfig = z.input<typeof ColumnConfigSchema>;

export const TurnSchema = z.strictObject({
  role: z.enum(["user", "assistant"]),
  content: z.string().max(100_000),
});
export type Turn = z.infer<typeof TurnSchema>;

const variables = z.record(z.string().regex(/^[A-Za-z_][\w.-]*$/, "Variable names are letters, digits, _ . -").max(64), z.string().max(100_000));

export const RunCreateSchema = z.strictObject({
  title: z.string().trim().max(200).optional(),
  systemPrompt: z.string().max(100_000).default(""),
  messages: z
    .array(TurnSchema)
    .min(1, "Write a prompt")
    .max(100)
    .refine((m) => m[m.length - 1]?.role === "user", "The conversation must end with a user turn")
    .refine((m) => m.some((t) => t.content.trim()), "Write a prompt"),
  variables: variables.default({}),
  columns: z.array(ColumnConfigSchema).min(1, "Add a column").max(MAX_COLUMNS, `At most ${MAX_COLUMNS} columns`),
});
export type RunCreateInput = z.input<typeof RunCreateSchema>;
export type RunCreateParsed = z.output<typeof RunCreateSchema>;

export const VoteSchema = z.strictObject({
  /** Winning column index, -1 for a tie, null to clear. */
  voteColumn: z.number().int().min(-1).max(MAX_COLUMNS - 1).nullable(),
});

export const RunListQuerySchema = z.object({
  q: z.string().trim().max(200).optional(),
  page: z.coerce.number().int().min(1).max(100_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(25),
});
export type RunListQuery = z.infer<typeof RunListQuerySchema>;

export const RunParamsSchema = z.object({ id: z.string().min(1).max(64) });
export const ColumnParamsRouteSchema = z.object({
  id: z.string().min(1).max(64),
  n: z.coerce.number().int().min(0).max(MAX_COLUMNS - 1),
});

export const ExportQuerySchema = z.object({ format: z.enum(["json", "csv"]).default("json") });

export const JudgeSchema = z.strictObject({
  judgeModel: z.string().trim().min(1).max(100),
  rubric: z.string().trim().min(1, "Write a rubric").max(10_000),
  columnA: z.number().int().min(0).max(MAX_COLUMNS - 1),
  columnB: z.number().int().min(0).max(MAX_COLUMNS - 1),
}).refine((j) => j.columnA !== j.columnB, { message: "Pick two different columns", path: ["columnB"] });
export type JudgeInput = z.input<typeof JudgeSchema>;

export const BatchPromptSchema = z.strictObject({
  prompt: z.string().min(1).max(100_000),
  variables: variables.default({}),
});
export type BatchPrompt = z.infer<typeof BatchPromptSchema>;

export const BatchCreateSchema = z.strictObject({
  name: z.string().trim().min(1, "Name the batch").max(200),
  systemPrompt: z.string().max(100_000).default(""),
  columns: z.array(ColumnConfigSchema).min(1, "Add a column").max(MAX_COLUMNS),
  prompts: z.array(BatchPromptSchema).min(1, "Add at least one prompt").max(MAX_BATCH_PROMPTS, `At most ${MAX_BATCH_PROMPTS} prompts`),
  concurrency: z.number().int().min(1).max(16).default(4),
});
export type BatchCreateInput = z.input<typeof BatchCreateSchema>;

export const BatchPatchSchema = z.strictObject({
  status: z.enum(["running", "paused", "cancelled", "done"]),
});

export const BatchPromptParamsSchema = z.object({
  id: z.string().min(1).max(64),
  i: z.coerce.number().int().min(0).max(MAX_BATCH_PROMPTS - 1),
});

export const BatchListQuerySchema = z.object({
  page: z.coerce.number().int().min(1).max(100_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(25),
});
