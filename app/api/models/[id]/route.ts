// GET/PATCH/DELETE /api/models/{id} — detail, edit with optimistic concurrency, delete (cascade=true after confirmation)
import { handler } from "@/lib/server/handler";
import { getDb } from "@/lib/server/db";
import { deleteModel, getModelDetail } from "@/lib/models/server/models";
import { saveModel } from "@/lib/models/server/test-call";
import { DeleteQuerySchema, IdParamsSchema, ModelSaveSchema } from "@/lib/models/schema";

export const GET = handler({ params: IdParamsSchema }, ({ params }) => getModelDetail(getDb(), params.id));

export const PATCH = handler({ params: IdParamsSchema, body: ModelSaveSchema }, ({ params, body: { testReceipt, ...patch } }) =>
  saveModel(getDb(), params.id, patch, testReceipt),
);

export const DELETE = handler({ params: IdParamsSchema, query: DeleteQuerySchema }, ({ params, query }) =>
  deleteModel(getDb(), params.id, query.cascade === "true"),
);
