// The built-in simulator (lib/simulator): OpenAI-compatible; per-deployment behaviour travels as x-simulator-* headers.
import { behaviorToHeaders } from "@/lib/completion/simulator-behavior";
import { openAICompatible } from "./openai-compatible";

export const simulator = openAICompatible({
  id: "simulator",
  defaultApiBase: () => process.env.SIMULATOR_URL,
  ensureV1: true,
  keyRequired: false,
  fallbackKey: "sim",
  extraHeaders: (ctx) => (ctx.deployment.simulator ? behaviorToHeaders(ctx.deployment.simulator) : {}),
  hints: { not_found: "use one of the simulator's models (GET /v1/models)" },
});
