// DELETE /api/credentials/{id} — refused while models use it
import { handler } from "@/lib/server/handler";
import { getDb } from "@/lib/server/db";
import { deleteCredential } from "@/lib/server/credentials";
import { IdParamsSchema } from "@/lib/models/schema";

export const DELETE = handler({ params: IdParamsSchema }, ({ params }) => deleteCredential(getDb(), params.id));
