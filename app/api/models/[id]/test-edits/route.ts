// POST /api/models/{id}/test-edits — test an unsaved edit (the PATCH body) against the stored model; nothing is saved
import { handler } from "@/lib/server/handler";
import { getDb } from "@/lib/server/db";
import { testModelEdits } from "@/lib/models/server/test-call";
import { IdParamsSchema, ModelPatchSchema } from "@/lib/models/schema";

export const dynamic = "force-dynamic";

export const POST = handler({ params: IdParamsSchema, body: ModelPatchSchema }, ({ params, body }) => testModelEdits(getDb(), params.id, body));
