// GET / PATCH / DELETE /api/groups/{id} — one routing group
import { handler } from "@/lib/server/handler";
import { getDb } from "@/lib/server/db";
import { deleteGroup, getGroup, updateGroup } from "@/lib/groups/server/groups";
import { GroupIdParamsSchema, GroupUpdateSchema } from "@/lib/groups/schema";

export const GET = handler({ params: GroupIdParamsSchema }, ({ params }) => getGroup(getDb(), params.id));

export const PATCH = handler({ params: GroupIdParamsSchema, body: GroupUpdateSchema }, ({ params, body }) => updateGroup(getDb(), params.id, body));

export const DELETE = handler({ params: GroupIdParamsSchema }, ({ params }) => deleteGroup(getDb(), params.id));
