// Provider ids follow LiteLLM's names. UI-facing facts about each provider live here,
// so the form, the list and the seed agree.

export const PROVIDER_IDS = [
  "openai",
  "azure",
  "vertex_ai",
  "anthropic",
  "mistral",
  "together_ai",
  "fireworks_ai",
  "ollama",
  "hosted_vllm",
  "simulator",
] as const;

export type ProviderIdName = (typeof PROVIDER_IDS)[number];

export const PROVIDER_LABELS: Record<ProviderIdName, string> = {
  openai: "OpenAI",
  azure: "Azure OpenAI",
  vertex_ai: "Vertex AI",
  anthropic: "Anthropic",
  mistral: "Mistral",
  together_ai: "Together AI",
  fireworks_ai: "Fireworks AI",
  ollama: "Ollama",
  hosted_vllm: "vLLM",
  simulator: "Simulator",
};
