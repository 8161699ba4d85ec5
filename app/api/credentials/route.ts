// GET /api/credentials — named credentials (masked); POST /api/credentials — store one, encrypted
import { handler, json } from "@/lib/server/handler";
import { getDb } from "@/lib/server/db";
import { createCredential, listCredentials } from "@/lib/models/server/credentials";
import { CredentialCreateSchema } from "@/lib/models/credential-schema";

export const GET = handler({}, () => listCredentials(getDb()));

export const POST = handler({ body: CredentialCreateSchema }, async ({ body }) => json(await createCredential(getDb(), body), 201));
