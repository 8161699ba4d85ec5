// Together AI: OpenAI-compatible; fine-tunes are addressed by their output model name.
import { openAICompatible } from "./openai-compatible";

export const togetherAi = openAICompatible({
  id: "together_ai",
  defaultApiBase: () => "https://api.together.xyz/v1",
  keyRequired: true,
  developerAsSystem: true,
  transformBody: ({ max_completion_tokens, ...rest }) =>
    max_completion_tokens !== undefined ? Object.assign(rest, { max_tokens: max_completion_tokens }) : rest,
  hints: {
    authentication: "check the Together API key (TOGETHER_API_KEY or the deployment's key)",
    not_found: "check the model name; a fine-tune must be deployed or served as a serverless LoRA",
  },
});
