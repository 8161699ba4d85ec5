// Mistral La Plateforme: OpenAI-shaped, but `random_seed` and tool_choice "any".
import { openAICompatible } from "./openai-compatible";

export const mistral = openAICompatible({
  id: "mistral",
  defaultApiBase: () => "https://api.mistral.ai/v1",
  keyRequired: true,
  developerAsSystem: true,
  transformBody: (body) => {
    const { seed, max_completion_tokens, tool_choice, ...rest } = body;
    const out: Record<string, unknown> = rest;
    if (seed !== undefined) out.random_seed = seed;
    if (max_completion_tokens !== undefined) out.max_tokens = max_completion_tokens;
    if (tool_choice !== undefined) out.tool_choice = tool_choice === "required" ? "any" : tool_choice;
    return out;
  },
  hints: {
    authentication: "check the Mistral API key (MISTRAL_API_KEY or the deployment's key)",
    not_found: "check the model id; fine-tuned ids look like ft:{base}:{hex}:{date}:{hex}",
  },
});
