// GET /api/models — list registered models (paged, filterable); POST /api/models — register a deployment
import { handler, json } from "@/lib/server/handler";
import { getDb } from "@/lib/server/db";
import { listModels } from "@/lib/models/server/models";
import { registerModel } from "@/lib/models/server/test-call";
import { ModelListQuerySchema, ModelRegisterSchema } from "@/lib/models/schema";

export const GET = handler({ query: ModelListQuerySchema }, ({ query }) => listModels(getDb(), query));

export const POST = handler({ body: ModelRegisterSchema }, async ({ body: { testReceipt, ...input } }) =>
  json(await registerModel(getDb(), input, testReceipt), 201),
);
