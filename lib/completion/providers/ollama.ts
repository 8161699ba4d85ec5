// Ollama through its OpenAI-compatible /v1 API. Ollama ignores tool_choice, so it is rejected rather than dropped.
import { openAICompatible } from "./openai-compatible";
import { paramsExcept } from "./types";

export const ollama = openAICompatible({
  id: "ollama",
  defaultApiBase: () => process.env.OLLAMA_API_BASE ?? "http://localhost:11434",
  ensureV1: true,
  keyRequired: false,
  developerAsSystem: true,
  supports: paramsExcept("tool_choice"),
  transformBody: ({ max_completion_tokens, ...rest }) =>
    max_completion_tokens !== undefined ? Object.assign(rest, { max_tokens: max_completion_tokens }) : rest,
  hints: {
    not_found: "pull the model first (ollama pull <name>) and check its name:tag",
    upstream_unavailable: "check that Ollama is running at apiBase (default port 11434)",
  },
});
