// POST /api/models/test — test connection before saving: the registration body, nothing written
import { handler } from "@/lib/server/handler";
import { getDb } from "@/lib/server/db";
import { testDraft } from "@/lib/models/server/test-call";
import { ModelCreateSchema } from "@/lib/models/schema";

const DraftSchema = ModelCreateSchema.extend({ name: ModelCreateSchema.shape.name.optional().default("draft") });

export const POST = handler({ body: DraftSchema }, ({ body }) => testDraft(getDb(), body));
