// GET /api/groups/{id}/health — per member: success rate, p50, in flight, cooldown with seconds remaining
import { handler } from "@/lib/server/handler";
import { getDb } from "@/lib/server/db";
import { groupHealthView } from "@/lib/groups/server/console";
import { GroupIdParamsSchema } from "@/lib/groups/schema";

export const dynamic = "force-dynamic";

export const GET = handler({ params: GroupIdParamsSchema }, ({ params }) => groupHealthView(getDb(), params.id));
