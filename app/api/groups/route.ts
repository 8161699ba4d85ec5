// GET /api/groups — list routing groups; POST /api/groups — create one
import { handler, json } from "@/lib/server/handler";
import { getDb } from "@/lib/server/db";
import { createGroup, listGroups } from "@/lib/groups/server/groups";
import { GroupCreateSchema, GroupListQuerySchema } from "@/lib/groups/schema";

export const GET = handler({ query: GroupListQuerySchema }, ({ query }) => listGroups(getDb(), query));

export const POST = handler({ body: GroupCreateSchema }, async ({ body }) => json(await createGroup(getDb(), body), 201));
