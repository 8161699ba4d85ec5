import { z } from "zod";
import { SIMULATOR_FAILURES, simulatorBehaviorSchema } from "@/lib/completion/simulator-behavior";
import { PROVIDER_IDS } from "./providers";

// The registration contract, shared by the API (server validation) and the form.
// Absent (undefined) means "not given" (keep on PATCH, derive on POST); null or "" means "clear".

const text = (max: number) =>
  z
    .string()
    .trim()
    .max(max)
    .nullable()
    .optional()
    .transform((v) => (v === undefined ? undefined : v || null));

const num = (schema: z.ZodNumber) => schema.nullable().optional();

// One schema for a simulator behaviour: the simulator's own, which also decodes its headers.
export { SIMULATOR_FAILURES };
export const SimulatorBehaviorSchema = simulatorBehaviorSchema;

export const TagSchema = z
  .string()
  .trim()
  .min(1)
  .max(40)
  .regex(/^[\w.\-/:]+$/, "Tags may contain letters, digits and . - _ / : only");

export const ENV_REF = /^env:[A-Z_][A-Z0-9_]*$/;

/** A provider's API base URL, trailing slashes dropped; absent keeps (undefined), "" or null clears. */
export const ApiBaseSchema = z
  .string()
  .trim()
  .max(500)
  .refine((v) => v === "" || /^https?:\/\/[^\s/]+/.test(v), "API base must be a URL such as https://host/v1")
  .nullable()
  .optional()
  .transform((v) => (v === undefined ? undefined : v ? v.replace(/\/+$/, "") : null));

/** The largest integer every database column holds (PostgreSQL's INTEGER); bigger ones are refused, not overflowed. */
export const MAX_INT32 = 2_147_483_647;

const price = num(z.number().min(0, "Price cannot be negative").max(10_000));

export const KINDS = ["base", "fine_tuned"] as const;

/** Every registrable field; create and patch derive from it. */
const modelFields = {
  name: z.string().trim().min(1, "Name is required").max(100),
  description: text(2000),
  /** Absent or null: detected from the model id (and apiBase) by resolveModel. */
  provider: z.enum(PROVIDER_IDS, { message: `Provider must be one of ${PROVIDER_IDS.join(", ")}` }).nullable().optional(),
  /** The provider-side id: ft:…, a Vertex resource path, an Azure model, a LoRA name; a provider/ prefix is accepted. */
  model: z.string().trim().min(1, "Model id is required").max(500),
  kind: z.enum(KINDS).nullable().optional(),
  baseModel: text(200),
  parentId: text(64),
  tags: z.array(TagSchema).max(20).optional(),
  apiBase: ApiBaseSchema,
  apiVersion: text(40),
  azureDeployment: text(200),
  project: text(200),
  location: text(100),
  credentialId: text(64),
  /** Write-only: an API key, a service-account JSON, or "env:NAME". Never returned. null clears. */
  apiKey: z.string().max(20_000).nullable().optional(),
  /** Write-only values (they often carry auth); only the names are returned. null clears. */
  headers: z.record(z.string().min(1).max(100).regex(/^[A-Za-z0-9-]+$/, "Header names may contain letters, digits and - only"), z.string().max(4000)).nullable().optional(),
  inputPricePerMTok: price,
  outputPricePerMTok: price,
  contextWindow: num(z.number().int().positive().max(100_000_000)),
  ftJobId: text(200),
  ftTrainingFile: text(200),
  ftEpochs: num(z.number().int().min(0).max(1000)),
  ftTrainedTokens: num(z.number().int().min(0).max(MAX_INT32)),
  ftCreatedAt: z.coerce.date().nullable().optional(),
  simulator: SimulatorBehaviorSchema.nullable().optional(),
};

export const ModelCreateSchema = z.strictObject(modelFields);

export const ModelPatchSchema = z.strictObject({
  ...z.object(modelFields).partial().shape,
  /** The version the edit was based on; a stale one gets 409 version_conflict. */
  version: z.number().int().min(1, "version is required").max(MAX_INT32),
});

/**
 * What "Test connection" returned before the save (TestResult.receipt): sent with the save, that test becomes
 * the model's last test when the saved connection is the one that was tested.
 */
const testReceipt = z.string().max(20_000).optional();
export const ModelRegisterSchema = ModelCreateSchema.extend({ testReceipt });
export const ModelSaveSchema = ModelPatchSchema.extend({ testReceipt });

export type ModelCreateInput = z.input<typeof ModelCreateSchema>;
export type ModelCreateParsed = z.output<typeof ModelCreateSchema>;
export type ModelPatchInput = z.input<typeof ModelPatchSchema>;
export type ModelPatchParsed = z.output<typeof ModelPatchSchema>;
export type ModelRegisterInput = z.input<typeof ModelRegisterSchema>;
export type ModelSaveInput = z.input<typeof ModelSaveSchema>;

export const ModelListQuerySchema = z.object({
  q: z.string().trim().max(200).optional(),
  provider: z.enum(PROVIDER_IDS).optional(),
  kind: z.enum(KINDS).optional(),
  tag: TagSchema.optional(),
  baseModel: z.string().trim().max(200).optional(),
  sort: z.enum(["name", "createdAt", "updatedAt", "provider", "baseModel"]).default("name"),
  order: z.enum(["asc", "desc"]).default("asc"),
  page: z.coerce.number().int().min(1).max(100_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(25),
});

export type ModelListQuery = z.infer<typeof ModelListQuerySchema>;

export const IdParamsSchema = z.object({ id: z.string().min(1).max(64) });

export const DeleteQuerySchema = z.object({
  /** "true": also remove the model from the routing groups that use it. */
  cascade: z.enum(["true", "false"]).default("false"),
});

export const ResolveQuerySchema = z.object({
  model: z.string().trim().min(1, "Model id is required").max(500),
  apiBase: z.string().trim().max(500).optional(),
  provider: z.enum(PROVIDER_IDS).optional(),
});

export interface TestResult {
  ok: boolean;
  at: string;
  latencyMs: number | null;
  /** URL called, without secrets. */
  endpoint: string | null;
  message: string | null;
  error?: { kind: string; message: string; hint: string | null; status: number | null };
  /** A test of unsaved settings: send it back with the save (`testReceipt`) so this test counts as the model's last. */
  receipt?: string;
}

/**
 * A model's settings as registration resolves them (secrets aside): what the API shows and what an edit
 * starts from. `D` is how a date travels: a Date on the server, an ISO string over the API.
 */
export interface ModelSettings<D = string> {
  name: string;
  description: string | null;
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
  inputPricePerMTok: number | null;
  outputPricePerMTok: number | null;
  contextWindow: number | null;
  ftJobId: string | null;
  ftTrainingFile: string | null;
  ftEpochs: number | null;
  ftTrainedTokens: number | null;
  ftCreatedAt: D | null;
  simulator: z.infer<typeof SimulatorBehaviorSchema> | null;
}

/** What the API returns for a model: never a secret, only its source and last 4 characters. */
export interface PublicModel extends ModelSettings {
  id: string;
  provider: string;
  /** The provider-side id (same as modelId; `model` is the API contract's name). */
  model: string;
  secret: { source: "credential" | "inline" | "env" | "none"; last4: string | null; envRef: string | null };
  /** Set when this instance's ENCRYPTION_KEY cannot decrypt a stored secret of the model (its key, headers or credential). */
  secretError: string | null;
  headerNames: string[];
  lastTest: { ok: boolean; at: string; latencyMs: number | null; message: string | null; endpoint: string | null } | null;
  version: number;
  createdAt: string;
  updatedAt: string;
}

/** GET /api/models/{id}: the model plus what the detail page shows. */
export interface ModelDetail extends PublicModel {
  parent: { id: string; name: string } | null;
  children: Array<{ id: string; name: string; model: string; provider: string }>;
  groups: Array<{ id: string; name: string }>;
  pricing: { inputPerMTok: number | null; outputPerMTok: number | null; source: "custom" | "price table" | "unknown" };
  effectiveContextWindow: number | null;
  recentRequests: Array<{
    id: string;
    createdAt: string;
    source: string;
    status: number;
    ok: boolean;
    latencyMs: number;
    tokensIn: number | null;
    tokensOut: number | null;
    costUsd: number | null;
    errorKind: string | null;
  }>;
}

export interface Page<T> {
  items: T[];
  total: number;
  page: number;
  pageSize: number;
}
