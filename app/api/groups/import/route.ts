// POST /api/groups/import — import a LiteLLM config.yaml { yaml }: registers models, creates groups, reports created/skipped/rejected
import { handler } from "@/lib/server/handler";
import { getDb } from "@/lib/server/db";
import { importLiteLlmConfig, LiteLlmImportBodySchema } from "@/lib/litellm/server/import";

export const POST = handler({ body: LiteLlmImportBodySchema }, ({ body }) => importLiteLlmConfig(getDb(), body.yaml));
