// Provider id → adapter. The switch ends in a never check, so a new ProviderId fails to compile until handled.
import type { Deployment } from "../types";
import { anthropic } from "./anthropic";
import { azure } from "./azure";
import { fireworksAi } from "./fireworks-ai";
import { hostedVllm } from "./hosted-vllm";
import { mistral } from "./mistral";
import { ollama } from "./ollama";
import { openai, openaiGeneric } from "./openai";
import { simulator } from "./simulator";
import { togetherAi } from "./together-ai";
import type { ProviderAdapter } from "./types";
import { vertexAi } from "./vertex-ai";

/** isOpenAIHost's answers: every call through an OpenAI deployment with an apiBase asks, and parsing a URL costs a microsecond or two. */
const openAIHosts = new Map<string, boolean>();

function isOpenAIHost(apiBase: string): boolean {
  let yes = openAIHosts.get(apiBase);
  if (yes !== undefined) return yes;
  try {
    yes = new URL(apiBase).hostname === "api.openai.com";
  } catch {
    yes = false;
  }
  if (openAIHosts.size >= 1_000) openAIHosts.clear();
  openAIHosts.set(apiBase, yes);
  return yes;
}

export function getAdapter(d: Pick<Deployment, "provider" | "apiBase">): ProviderAdapter {
  switch (d.provider) {
    case "openai":
      return d.apiBase && !isOpenAIHost(d.apiBase) ? openaiGeneric : openai;
    case "azure":
      return azure;
    case "vertex_ai":
      return vertexAi;
    case "anthropic":
      return anthropic;
    case "mistral":
      return mistral;
    case "together_ai":
      return togetherAi;
    case "fireworks_ai":
      return fireworksAi;
    case "ollama":
      return ollama;
    case "hosted_vllm":
      return hostedVllm;
    case "simulator":
      return simulator;
    default: {
      const unreachable: never = d.provider;
      throw new Error(`unknown provider ${String(unreachable)}`);
    }
  }
}
