// Mistral La Plateforme: OpenAI-shaped, but `random_seed` and tool_choice "any".
import { openAICompatible } from "./openai-compatible";

export const mistral = openAICompatible({
  id: "mistral",
  defaultApiBase: () => "https://api.mistral.ai/v1",
  keyRequired: true,
  developerAsSystem: true,
  transformBody: (body) => {
    const { seed, max_completion_tokens, tool_choice, ...rest } = body;
    return {
      ...rest,
      ...(seed !== undefined ? { random_seed: seed } : {}),
      ...(max_completion_tokens !== undefined ? { max_tokens: max_completion_tokens } : {}),
      ...(tool_choice !== undefined ? { tool_choice: tool_choice === "required" ? "any" : tool_choice } : {}),
    };
  },
  hints: {
    authentication: "check the Mistral API key (MISTRAL_API_KEY or the deployment's key)",
    not_found: "check the model id; fine-tuned ids look like ft:{base}:{hex}:{date}:{hex}",
  },
});
