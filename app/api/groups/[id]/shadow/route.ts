// GET / PUT /api/groups/{id}/shadow — the group's shadow candidates and judge (versioned with the group)
import { handler } from "@/lib/server/handler";
import { getDb } from "@/lib/server/db";
import { getShadowConfig, saveShadowConfig } from "@/lib/shadow/server/shadow";
import { GroupIdParamsSchema } from "@/lib/groups/schema";
import { ShadowUpdateSchema } from "@/lib/shadow/schema";

export const GET = handler({ params: GroupIdParamsSchema }, ({ params }) => getShadowConfig(getDb(), params.id));

export const PUT = handler({ params: GroupIdParamsSchema, body: ShadowUpdateSchema }, ({ params, body }) => saveShadowConfig(getDb(), params.id, body));
