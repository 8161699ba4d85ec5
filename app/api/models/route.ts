// GET /api/models — list registered models; POST /api/models — register a deployment
import { handler, json } from "@/lib/server/handler";
import { getDb } from "@/lib/server/db";
import { createModel, listModels } from "@/lib/server/models";
import { ModelInputSchema, ModelListQuerySchema } from "@/lib/models/schema";

export const GET = handler({ query: ModelListQuerySchema }, ({ query }) => listModels(getDb(), query));

export const POST = handler({ body: ModelInputSchema }, async ({ body }) => json(await createModel(getDb(), body), 201));
