// POST /api/groups/{id}/test — send a prompt (or several at once) through the group; answers with each routing trace
import { handler } from "@/lib/server/handler";
import { getDb } from "@/lib/server/db";
import { testGroup } from "@/lib/groups/server/console";
import { GroupIdParamsSchema } from "@/lib/groups/schema";
import { GroupTestBodySchema } from "@/lib/groups/console-schema";

export const POST = handler({ params: GroupIdParamsSchema, body: GroupTestBodySchema }, ({ req, params, body }) =>
  testGroup(getDb(), params.id, body, { signal: req.signal }),
);
