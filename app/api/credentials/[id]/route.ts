// PATCH /api/credentials/{id} — rename, change the API base or rotate the key (versioned; models using it follow at once)
// DELETE /api/credentials/{id} — refused while models use it
import { handler } from "@/lib/server/handler";
import { getDb } from "@/lib/server/db";
import { deleteCredential, updateCredential } from "@/lib/models/server/credentials";
import { IdParamsSchema } from "@/lib/models/schema";
import { CredentialUpdateSchema } from "@/lib/models/credential-schema";

export const PATCH = handler({ params: IdParamsSchema, body: CredentialUpdateSchema }, ({ params, body }) => updateCredential(getDb(), params.id, body));

export const DELETE = handler({ params: IdParamsSchema }, ({ params }) => deleteCredential(getDb(), params.id));
