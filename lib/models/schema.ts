import { z } from "zod";
import { PROVIDER_IDS } from "./providers";

// The registration contract, shared by the API (server validation) and the form (client validation).

const optionalText = (max: number) => z.string().trim().max(max).nullish().transform((v) => (v ? v : null));

export const SIMULATOR_FAILURES = [
  "none",
  "rate_limit",
  "server_error",
  "hang",
  "cut_before_first_token",
  "cut_mid_stream",
  "reject_key",
  "context_window",
  "content_policy",
] as const;

export const SimulatorBehaviorSchema = z.object({
  latencyMs: z.number().int().min(0).max(120_000).optional(),
  ttftMs: z.number().int().min(0).max(120_000).optional(),
  tokensPerSecond: z.number().min(0).max(100_000).optional(),
  failure: z.enum(SIMULATOR_FAILURES).optional(),
  retryAfterSeconds: z.number().int().min(0).max(3600).optional(),
});

export const TagSchema = z
  .string()
  .trim()
  .min(1)
  .max(40)
  .regex(/^[\w.\-/:]+$/, "Tags may contain letters, digits and . - _ / : only");

const price = z.number().min(0, "Price cannot be negative").max(10_000).nullish().transform((v) => v ?? null);

export const ModelInputSchema = z
  .object({
    name: z.string().trim().min(1, "Name is required").max(100),
    description: optionalText(2000),
    provider: z.enum(PROVIDER_IDS, { message: `Provider must be one of ${PROVIDER_IDS.join(", ")}` }),
    modelId: z.string().trim().min(1, "Model id is required").max(500),
    kind: z.enum(["base", "fine_tuned"]).default("base"),
    baseModel: optionalText(200),
    parentId: optionalText(64),
    tags: z.array(TagSchema).max(20).default([]),
    apiBase: z.string().trim().url("API base must be a URL such as https://host/v1").max(500).nullish().or(z.literal("")).transform((v) => v || null),
    apiVersion: optionalText(40),
    azureDeployment: optionalText(200),
    project: optionalText(200),
    location: optionalText(100),
    credentialId: optionalText(64),
    /** Write-only: an inline API key / service-account JSON, or "env:NAME". Never returned. */
    secret: z.string().max(20_000).nullish(),
    headers: z.record(z.string().min(1).max(100), z.string().max(4000)).nullish(),
    inputPricePerMTok: price,
    outputPricePerMTok: price,
    contextWindow: z.number().int().positive().max(100_000_000).nullish().transform((v) => v ?? null),
    ftJobId: optionalText(200),
    ftTrainingFile: optionalText(200),
    ftEpochs: z.number().int().min(0).max(1000).nullish().transform((v) => v ?? null),
    ftTrainedTokens: z.number().int().min(0).nullish().transform((v) => v ?? null),
    ftCreatedAt: z.coerce.date().nullish().transform((v) => v ?? null),
    simulator: SimulatorBehaviorSchema.nullish(),
  })
  .superRefine((m, ctx) => {
    if (m.provider === "azure") {
      if (!m.apiBase) ctx.addIssue({ code: "custom", path: ["apiBase"], message: "Azure needs the resource endpoint, e.g. https://my-resource.openai.azure.com" });
      if (!m.baseModel) ctx.addIssue({ code: "custom", path: ["baseModel"], message: "Azure needs the base model (cost and context window come from it)" });
    }
    if (m.kind === "fine_tuned" && !m.baseModel && !m.parentId && m.provider !== "openai" && m.provider !== "mistral") {
      ctx.addIssue({ code: "custom", path: ["baseModel"], message: "A fine-tuned model needs the base model it was trained from" });
    }
    if ((m.provider === "hosted_vllm" || m.provider === "ollama") && !m.apiBase) {
      ctx.addIssue({ code: "custom", path: ["apiBase"], message: "This provider needs the server's API base, e.g. http://localhost:8000/v1" });
    }
    if (m.secret?.startsWith("env:") && !/^env:[A-Z_][A-Z0-9_]*$/.test(m.secret)) {
      ctx.addIssue({ code: "custom", path: ["secret"], message: "An environment reference looks like env:OPENAI_API_KEY" });
    }
  });

export type ModelInput = z.input<typeof ModelInputSchema>;
export type ModelInputParsed = z.output<typeof ModelInputSchema>;

export const ModelListQuerySchema = z.object({
  q: z.string().trim().max(200).optional(),
  provider: z.enum(PROVIDER_IDS).optional(),
  kind: z.enum(["base", "fine_tuned"]).optional(),
  tag: TagSchema.optional(),
  baseModel: z.string().trim().max(200).optional(),
  sort: z.enum(["name", "createdAt", "updatedAt", "provider", "baseModel"]).default("name"),
  order: z.enum(["asc", "desc"]).default("asc"),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(25),
});

export type ModelListQuery = z.infer<typeof ModelListQuerySchema>;

/** What the API returns for a model: never a secret, only its source and last 4 characters. */
export interface PublicModel {
  id: string;
  name: string;
  description: string | null;
  provider: string;
  modelId: string;
  kind: "base" | "fine_tuned";
  baseModel: string | null;
  parentId: string | null;
  tags: string[];
  apiBase: string | null;
  apiVersion: string | null;
  azureDeployment: string | null;
  project: string | null;
  location: string | null;
  credentialId: string | null;
  secret: { source: "credential" | "inline" | "env" | "none"; last4: string | null; envRef: string | null };
  headerNames: string[];
  inputPricePerMTok: number | null;
  outputPricePerMTok: number | null;
  contextWindow: number | null;
  ftJobId: string | null;
  ftTrainingFile: string | null;
  ftEpochs: number | null;
  ftTrainedTokens: number | null;
  ftCreatedAt: string | null;
  simulator: z.infer<typeof SimulatorBehaviorSchema> | null;
  lastTest: { ok: boolean; at: string; latencyMs: number | null; message: string | null; endpoint: string | null } | null;
  version: number;
  createdAt: string;
  updatedAt: string;
}

export interface Page<T> {
  items: T[];
  total: number;
  page: number;
  pageSize: number;
}
