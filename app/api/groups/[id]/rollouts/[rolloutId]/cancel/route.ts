// POST /api/groups/{id}/rollouts/{rolloutId}/cancel — stop a running rollout; the members go back as they were
import { handler } from "@/lib/server/handler";
import { getDb } from "@/lib/server/db";
import { cancelRollout } from "@/lib/shadow/server/rollouts";
import { RolloutIdParamsSchema } from "@/lib/shadow/schema";

export const POST = handler({ params: RolloutIdParamsSchema }, ({ params }) => cancelRollout(getDb(), params.id, params.rolloutId));
