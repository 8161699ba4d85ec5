// GET /api/keys — list virtual keys (masked) · POST /api/keys — create one; the secret is in this response only
import { KeyCreateSchema, KeyListQuerySchema } from "@/lib/keys/schema";
import { createApiKey, listApiKeys } from "@/lib/keys/server/api-keys";
import { getDb } from "@/lib/server/db";
import { handler, json } from "@/lib/server/handler";

export const GET = handler({ query: KeyListQuerySchema }, async ({ query }) => ({ items: await listApiKeys(getDb(), query.status) }));

export const POST = handler({ body: KeyCreateSchema }, async ({ body }) => json(await createApiKey(getDb(), body), 201, { "cache-control": "no-store" }));
