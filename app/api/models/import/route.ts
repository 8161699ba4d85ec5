// POST /api/models/import — register several models in one step, skipping ones already registered
import { handler, json } from "@/lib/server/handler";
import { getDb } from "@/lib/server/db";
import { importModels } from "@/lib/models/server/import";
import { ImportBodySchema } from "@/lib/models/import-schema";

export const POST = handler({ body: ImportBodySchema }, async ({ body }) => {
  const result = await importModels(getDb(), body);
  return json(result, result.created.length ? 201 : 200);
});
