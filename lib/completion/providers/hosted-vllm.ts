// A self-hosted vLLM server (OpenAI-compatible; LoRA adapters are addressed by their served name).
import { openAICompatible } from "./openai-compatible";

export const hostedVllm = openAICompatible({
  id: "hosted_vllm",
  ensureV1: true,
  keyRequired: false,
  developerAsSystem: true,
  hints: {
    not_found: "check the served model or LoRA name (vllm serve --lora-modules name=path)",
    upstream_unavailable: "check that the vLLM server at apiBase is running",
  },
});
