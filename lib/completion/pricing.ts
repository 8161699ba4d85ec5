// Versioned price and context-window table per base model. Bump PRICE_TABLE_VERSION on any change.
import type { ProviderId, Usage } from "./types";

export const PRICE_TABLE_VERSION = "2025-09-01";

/** Where each provider's figures were read (list prices, USD per 1M tokens, standard tier, no batch/cache discounts). */
export const PRICE_SOURCES: Partial<Record<ProviderId, string>> = {
  openai: "openai.com/api/pricing (incl. the 'Fine-tuning' section for fine-tuned inference)",
  anthropic: "anthropic.com/pricing#api",
  vertex_ai: "cloud.google.com/vertex-ai/generative-ai/pricing (<=200k-token prompt tier); tuned models bill as their base",
  mistral: "mistral.ai/pricing#api-pricing",
  together_ai: "together.ai/pricing (serverless); dedicated endpoints bill per GPU-hour",
  fireworks_ai: "fireworks.ai/pricing (serverless); LoRA fine-tunes on serverless bill as their base",
};

interface Price {
  input: number;
  output: number;
}

interface ModelEntry {
  provider: ProviderId;
  /** Canonical base id; a dated snapshot (gpt-4o-2024-08-06) matches its longest prefix. */
  id: string;
  price?: Price;
  /** Fine-tuned inference: own price, "base" when the provider bills it as the base, absent = unknown. */
  fineTuned?: Price | "base";
  contextWindow: number;
}

const p = (input: number, output: number): Price => ({ input, output });

const MODELS: ModelEntry[] = [
  // OpenAI — fine-tuned inference is billed higher than the base.
  { provider: "openai", id: "gpt-5", price: p(1.25, 10), contextWindow: 400_000 },
  { provider: "openai", id: "gpt-5-mini", price: p(0.25, 2), contextWindow: 400_000 },
  { provider: "openai", id: "gpt-5-nano", price: p(0.05, 0.4), contextWindow: 400_000 },
  { provider: "openai", id: "gpt-4.1", price: p(2, 8), fineTuned: p(3, 12), contextWindow: 1_047_576 },
  { provider: "openai", id: "gpt-4.1-mini", price: p(0.4, 1.6), fineTuned: p(0.8, 3.2), contextWindow: 1_047_576 },
  { provider: "openai", id: "gpt-4.1-nano", price: p(0.1, 0.4), fineTuned: p(0.2, 0.8), contextWindow: 1_047_576 },
  { provider: "openai", id: "gpt-4o", price: p(2.5, 10), fineTuned: p(3.75, 15), contextWindow: 128_000 },
  { provider: "openai", id: "gpt-4o-mini", price: p(0.15, 0.6), fineTuned: p(0.3, 1.2), contextWindow: 128_000 },
  { provider: "openai", id: "gpt-4-turbo", price: p(10, 30), contextWindow: 128_000 },
  { provider: "openai", id: "gpt-4", price: p(30, 60), fineTuned: p(45, 90), contextWindow: 8_192 },
  { provider: "openai", id: "gpt-3.5-turbo", price: p(0.5, 1.5), fineTuned: p(3, 6), contextWindow: 16_385 },
  { provider: "openai", id: "o1", price: p(15, 60), contextWindow: 200_000 },
  { provider: "openai", id: "o1-mini", price: p(1.1, 4.4), contextWindow: 128_000 },
  { provider: "openai", id: "o3", price: p(2, 8), contextWindow: 200_000 },
  { provider: "openai", id: "o3-mini", price: p(1.1, 4.4), contextWindow: 200_000 },
  { provider: "openai", id: "o4-mini", price: p(1.1, 4.4), fineTuned: p(4, 16), contextWindow: 200_000 },
  // Anthropic
  { provider: "anthropic", id: "claude-opus-4-1", price: p(15, 75), contextWindow: 200_000 },
  { provider: "anthropic", id: "claude-opus-4", price: p(15, 75), contextWindow: 200_000 },
  { provider: "anthropic", id: "claude-sonnet-4-5", price: p(3, 15), contextWindow: 200_000 },
  { provider: "anthropic", id: "claude-sonnet-4", price: p(3, 15), contextWindow: 200_000 },
  { provider: "anthropic", id: "claude-haiku-4-5", price: p(1, 5), contextWindow: 200_000 },
  { provider: "anthropic", id: "claude-3-7-sonnet", price: p(3, 15), contextWindow: 200_000 },
  { provider: "anthropic", id: "claude-3-5-sonnet", price: p(3, 15), contextWindow: 200_000 },
  { provider: "anthropic", id: "claude-3-5-haiku", price: p(0.8, 4), contextWindow: 200_000 },
  { provider: "anthropic", id: "claude-3-opus", price: p(15, 75), contextWindow: 200_000 },
  { provider: "anthropic", id: "claude-3-haiku", price: p(0.25, 1.25), contextWindow: 200_000 },
  // Vertex AI (Gemini)
  { provider: "vertex_ai", id: "gemini-2.5-pro", price: p(1.25, 10), fineTuned: "base", contextWindow: 1_048_576 },
  { provider: "vertex_ai", id: "gemini-2.5-flash", price: p(0.3, 2.5), fineTuned: "base", contextWindow: 1_048_576 },
  { provider: "vertex_ai", id: "gemini-2.5-flash-lite", price: p(0.1, 0.4), fineTuned: "base", contextWindow: 1_048_576 },
  { provider: "vertex_ai", id: "gemini-2.0-flash", price: p(0.15, 0.6), fineTuned: "base", contextWindow: 1_048_576 },
  { provider: "vertex_ai", id: "gemini-2.0-flash-lite", price: p(0.075, 0.3), fineTuned: "base", contextWindow: 1_048_576 },
  { provider: "vertex_ai", id: "gemini-1.5-pro", contextWindow: 2_097_152 },
  { provider: "vertex_ai", id: "gemini-1.5-flash", contextWindow: 1_048_576 },
  // Mistral — fine-tuned inference price not published per model here: unknown, so cost is null.
  { provider: "mistral", id: "mistral-large", price: p(2, 6), contextWindow: 131_072 },
  { provider: "mistral", id: "mistral-medium", price: p(0.4, 2), contextWindow: 131_072 },
  { provider: "mistral", id: "mistral-small", price: p(0.1, 0.3), contextWindow: 131_072 },
  { provider: "mistral", id: "open-mistral-nemo", price: p(0.15, 0.15), contextWindow: 131_072 },
  { provider: "mistral", id: "open-mistral-7b", price: p(0.25, 0.25), contextWindow: 32_768 },
  { provider: "mistral", id: "open-mixtral-8x7b", price: p(0.7, 0.7), contextWindow: 32_768 },
  { provider: "mistral", id: "ministral-8b", price: p(0.1, 0.1), contextWindow: 131_072 },
  { provider: "mistral", id: "ministral-3b", price: p(0.04, 0.04), contextWindow: 131_072 },
  { provider: "mistral", id: "codestral", price: p(0.3, 0.9), contextWindow: 256_000 },
  // Together AI (serverless)
  { provider: "together_ai", id: "meta-llama/Llama-3.3-70B-Instruct-Turbo", price: p(0.88, 0.88), contextWindow: 131_072 },
  { provider: "together_ai", id: "meta-llama/Meta-Llama-3.1-8B-Instruct-Turbo", price: p(0.18, 0.18), contextWindow: 131_072 },
  { provider: "together_ai", id: "meta-llama/Meta-Llama-3.1-70B-Instruct-Turbo", price: p(0.88, 0.88), contextWindow: 131_072 },
  { provider: "together_ai", id: "meta-llama/Meta-Llama-3.1-8B-Instruct-Reference", contextWindow: 131_072 },
  { provider: "together_ai", id: "Qwen/Qwen2.5-72B-Instruct-Turbo", price: p(1.2, 1.2), contextWindow: 32_768 },
  { provider: "together_ai", id: "mistralai/Mixtral-8x7B-Instruct-v0.1", price: p(0.6, 0.6), contextWindow: 32_768 },
  { provider: "together_ai", id: "deepseek-ai/DeepSeek-V3", price: p(1.25, 1.25), contextWindow: 131_072 },
  // Fireworks AI (serverless)
  { provider: "fireworks_ai", id: "accounts/fireworks/models/llama-v3p1-8b-instruct", price: p(0.2, 0.2), fineTuned: "base", contextWindow: 131_072 },
  { provider: "fireworks_ai", id: "accounts/fireworks/models/llama-v3p1-70b-instruct", price: p(0.9, 0.9), fineTuned: "base", contextWindow: 131_072 },
  { provider: "fireworks_ai", id: "accounts/fireworks/models/llama-v3p3-70b-instruct", price: p(0.9, 0.9), fineTuned: "base", contextWindow: 131_072 },
  { provider: "fireworks_ai", id: "accounts/fireworks/models/qwen2p5-72b-instruct", price: p(0.9, 0.9), fineTuned: "base", contextWindow: 32_768 },
  { provider: "fireworks_ai", id: "accounts/fireworks/models/deepseek-v3", price: p(0.9, 0.9), fineTuned: "base", contextWindow: 131_072 },
  // Built-in simulator (lib/simulator): no price, so cost is null unless the deployment sets one.
  { provider: "simulator", id: "tb-sim-8b", contextWindow: 8_192 },
  { provider: "simulator", id: "tb-sim-70b", contextWindow: 8_192 },
];

// Longest id first, so "gpt-4o-mini-2024-07-18" finds gpt-4o-mini before gpt-4o.
const BY_LENGTH = [...MODELS].sort((a, b) => b.id.length - a.id.length);

function normalize(model: string): string {
  return model
    .replace(/^(openai|azure|vertex_ai|anthropic|mistral|together_ai|fireworks_ai|ollama|hosted_vllm|simulator)\//, "")
    .replace(/^projects\/[^/]+\/locations\/[^/]+\/publishers\/[^/]+\/models\//, "")
    .replace(/^gpt-35-/, "gpt-3.5-") // Azure's spelling
    .replace(/@.*$/, "");
}

/** lookupModel's answers by id: every call asks (context window, cost), and the table does not change. */
const lookups = new Map<string, ModelEntry | undefined>();
const MAX_LOOKUPS = 1_000;

/** Table entry for a base model id (dated snapshots and `-latest` aliases match their family). */
export function lookupModel(baseModel: string): ModelEntry | undefined {
  if (lookups.has(baseModel)) return lookups.get(baseModel);
  const entry = findModel(baseModel);
  if (lookups.size >= MAX_LOOKUPS) lookups.clear();
  lookups.set(baseModel, entry);
  return entry;
}

function findModel(baseModel: string): ModelEntry | undefined {
  const id = normalize(baseModel);
  const lower = id.toLowerCase();
  return BY_LENGTH.find((m) => {
    const key = m.id.toLowerCase();
    if (lower === key) return true;
    return lower.startsWith(key) && /^[-:.]/.test(lower.slice(key.length));
  });
}

/** Context window in tokens, or undefined when the base model is not in the table. */
export function getContextWindow(baseModel: string | undefined): number | undefined {
  return baseModel ? lookupModel(baseModel)?.contextWindow : undefined;
}

export interface CostInput {
  provider: ProviderId;
  baseModel?: string;
  fineTuned?: boolean;
  usage: Pick<Usage, "prompt_tokens" | "completion_tokens">;
  /** Per-deployment override; wins over the table. */
  pricing?: { inputPerMTok: number; outputPerMTok: number };
}

export interface CostEstimate {
  costUsd: number | null;
  /** Why the cost is null, or which price was used. */
  note: string;
  priceVersion: string;
}

const SELF_HOSTED: ReadonlySet<ProviderId> = new Set(["ollama", "hosted_vllm", "simulator"]);

/** Cost in USD; null with a reason when the price is unknown — never a silent 0. */
export function estimateCost(input: CostInput): CostEstimate {
  const result = (costUsd: number | null, note: string): CostEstimate => ({
    costUsd,
    note,
    priceVersion: PRICE_TABLE_VERSION,
  });
  const apply = (price: Price) =>
    Math.round(((input.usage.prompt_tokens * price.input + input.usage.completion_tokens * price.output) / 1e6) * 1e9) / 1e9;

  if (input.pricing) {
    return result(apply({ input: input.pricing.inputPerMTok, output: input.pricing.outputPerMTok }), "custom pricing");
  }
  if (SELF_HOSTED.has(input.provider) && input.provider !== "simulator") {
    return result(null, `${input.provider} is self-hosted; set custom pricing on the deployment to track cost`);
  }
  if (!input.baseModel) return result(null, "base model unknown; set baseModel or custom pricing on the deployment");
  const entry = lookupModel(input.baseModel);
  if (!entry) return result(null, `no price for '${input.baseModel}' in table ${PRICE_TABLE_VERSION}; set custom pricing`);
  if (!entry.price) return result(null, `'${entry.id}' has no list price in table ${PRICE_TABLE_VERSION}; set custom pricing`);
  if (input.fineTuned) {
    if (entry.fineTuned === "base") return result(apply(entry.price), `${entry.id} fine-tuned (billed as base)`);
    if (entry.fineTuned) return result(apply(entry.fineTuned), `${entry.id} fine-tuned inference price`);
    return result(null, `fine-tuned inference price for '${entry.id}' is unknown; set custom pricing`);
  }
  return result(apply(entry.price), `${entry.id} list price`);
}

/** Known base ids for a provider (used by resolveModel to recognise well-known names). */
export function knownModels(provider: ProviderId): string[] {
  return MODELS.filter((m) => m.provider === provider).map((m) => m.id);
}
