// OpenAI, and any generic OpenAI-compatible server reached through `apiBase`.
import { openAICompatible } from "./openai-compatible";

export const openai = openAICompatible({
  id: "openai",
  // A custom apiBase means a generic compatible server, which may need no key.
  defaultApiBase: () => process.env.OPENAI_API_BASE ?? "https://api.openai.com/v1",
  keyRequired: true,
  hints: {
    authentication: "check the OpenAI API key (OPENAI_API_KEY or the deployment's key)",
    not_found: "check the model id; fine-tuned ids look like ft:{base}:{org}:{suffix}:{id}",
  },
});

/** A generic compatible server (apiBase set, not api.openai.com) gets the same adapter without requiring a key. */
export const openaiGeneric = openAICompatible({
  id: "openai",
  keyRequired: false,
  useEnvKey: false,
  hints: { not_found: "check the model id served at apiBase" },
});
