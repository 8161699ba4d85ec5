// Fireworks AI: OpenAI-compatible under /inference/v1; models are accounts/{a}/models/{m}.
import { openAICompatible } from "./openai-compatible";

export const fireworksAi = openAICompatible({
  id: "fireworks_ai",
  defaultApiBase: () => "https://api.fireworks.ai/inference/v1",
  keyRequired: true,
  developerAsSystem: true,
  transformBody: ({ max_completion_tokens, ...rest }) =>
    max_completion_tokens !== undefined ? Object.assign(rest, { max_tokens: max_completion_tokens }) : rest,
  hints: {
    authentication: "check the Fireworks API key (FIREWORKS_API_KEY or the deployment's key)",
    not_found: "check the accounts/{account}/models/{model} id and that the model is deployed",
  },
});
