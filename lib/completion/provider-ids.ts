// The provider ids (LiteLLM's names), apart from the request schemas in types.ts: the browser needs the
// list, and importing it from types.ts would bring zod into every page that shows a provider.

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
export type ProviderId = (typeof PROVIDER_IDS)[number];

export function isProviderId(value: string): value is ProviderId {
  return (PROVIDER_IDS as readonly string[]).includes(value);
}
