// DELETE /api/keys/:id — revoke a key (the row stays, so the request log still names it)
import { z } from "zod";
import { revokeApiKey } from "@/lib/keys/server/api-keys";
import { getDb } from "@/lib/server/db";
import { handler } from "@/lib/server/handler";

const Params = z.object({ id: z.string().min(1).max(64) });

export const DELETE = handler({ params: Params }, async ({ params }) => revokeApiKey(getDb(), params.id));
