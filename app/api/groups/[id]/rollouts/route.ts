// GET / POST /api/groups/{id}/rollouts — the group's rollouts (newest first); start a guarded rollout
import { handler, json } from "@/lib/server/handler";
import { getDb } from "@/lib/server/db";
import { listRollouts, startRollout } from "@/lib/shadow/server/rollouts";
import { GroupIdParamsSchema } from "@/lib/groups/schema";
import { RolloutCreateSchema } from "@/lib/shadow/schema";

export const dynamic = "force-dynamic";

export const GET = handler({ params: GroupIdParamsSchema }, ({ params }) => listRollouts(getDb(), params.id));

export const POST = handler({ params: GroupIdParamsSchema, body: RolloutCreateSchema }, async ({ params, body }) => json(await startRollout(getDb(), params.id, body), 201));
