// GET /api/models — list registered models (paged, filterable); POST /api/models — register a deployment
import { handler, json } from "@/lib/server/handler";
import { getDb } from "@/lib/server/db";
import { createModel, listModels } from "@/lib/server/models";
import { ModelCreateSchema, ModelListQuerySchema } from "@/lib/models/schema";

export const GET = handler({ query: ModelListQuerySchema }, ({ query }) => listModels(getDb(), query));

export const POST = handler({ body: ModelCreateSchema }, async ({ body }) => json(await createModel(getDb(), body), 201));
