import { z } from "zod";
import { ModelCreateSchema } from "./schema";

// Import and discover: where to look (a credential or an inline key, an api base), and what to register.

export const DISCOVER_PROVIDERS = ["hosted_vllm", "ollama", "openai"] as const;

const source = {
  credentialId: z.string().trim().max(64).optional().transform((v) => v || undefined),
  /** Write-only, used for this one listing and never stored. */
  apiKey: z.string().max(20_000).optional().transform((v) => v || undefined),
  apiBase: z
    .string()
    .trim()
    .max(500)
    .refine((v) => v === "" || /^https?:\/\/[^\s/]+/.test(v), "API base must be a URL such as https://host/v1")
    .optional()
    .transform((v) => (v ? v.replace(/\/+$/, "") : undefined)),
};

export const JobsSourceSchema = z.strictObject(source);

export const DiscoverSourceSchema = z.strictObject({
  ...source,
  apiBase: z
    .string()
    .trim()
    .min(1, "The server's API base is required, e.g. http://localhost:8000/v1")
    .max(500)
    .refine((v) => /^https?:\/\/[^\s/]+/.test(v), "API base must be a URL such as http://localhost:8000/v1")
    .transform((v) => v.replace(/\/+$/, "")),
  provider: z.enum(DISCOVER_PROVIDERS).default("hosted_vllm"),
});

export const ImportBodySchema = z.strictObject({
  items: z.array(ModelCreateSchema).min(1, "Select at least one model").max(100, "Import at most 100 at a time"),
});

export type JobsSource = z.input<typeof JobsSourceSchema>;
export type DiscoverSource = z.input<typeof DiscoverSourceSchema>;
export type ImportBody = z.input<typeof ImportBodySchema>;

export interface FineTuneJob {
  jobId: string;
  fineTunedModel: string;
  baseModel: string;
  suffix: string | null;
  trainedTokens: number | null;
  epochs: number | null;
  trainingFile: string | null;
  createdAt: string;
  /** Name of the registered model with this id, if any. */
  registeredAs: string | null;
}

export interface DiscoveredModel {
  id: string;
  /** Base model for a LoRA adapter (vLLM's `parent`). */
  parent: string | null;
  kind: "base" | "fine_tuned";
  contextWindow: number | null;
  registeredAs: string | null;
}

export interface ImportResult {
  created: Array<{ id: string; name: string; model: string }>;
  skipped: Array<{ name: string; model: string; reason: string }>;
}
