// POST /api/models/{id}/test — test connection of a registered model; the result is stored on it
import { handler } from "@/lib/server/handler";
import { getDb } from "@/lib/server/db";
import { testRegisteredModel } from "@/lib/models/server/test-call";
import { IdParamsSchema } from "@/lib/models/schema";

export const POST = handler({ params: IdParamsSchema }, ({ params }) => testRegisteredModel(getDb(), params.id));
