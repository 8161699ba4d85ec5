import { PROVIDER_IDS, type ProviderId } from "@/lib/completion/provider-ids";

// UI-facing facts about each provider (ids come from the completion core, LiteLLM's names).
export { PROVIDER_IDS, type ProviderId };

export const PROVIDER_LABELS: Record<ProviderId, string> = {
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
