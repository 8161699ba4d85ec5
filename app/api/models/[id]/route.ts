// GET/PATCH/DELETE /api/models/{id} — detail, edit with optimistic concurrency, delete (cascade=true after confirmation)
import { handler } from "@/lib/server/handler";
import { getDb } from "@/lib/server/db";
import { deleteModel, getModelDetail, updateModel } from "@/lib/server/models";
import { DeleteQuerySchema, IdParamsSchema, ModelPatchSchema } from "@/lib/models/schema";

export const GET = handler({ params: IdParamsSchema }, ({ params }) => getModelDetail(getDb(), params.id));

export const PATCH = handler({ params: IdParamsSchema, body: ModelPatchSchema }, ({ params, body }) => updateModel(getDb(), params.id, body));

export const DELETE = handler({ params: IdParamsSchema, query: DeleteQuerySchema }, ({ params, query }) =>
  deleteModel(getDb(), params.id, query.cascade === "true"),
);
