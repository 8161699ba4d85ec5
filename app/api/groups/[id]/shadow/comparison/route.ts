// GET /api/groups/{id}/shadow/comparison?windowMinutes= — each shadow candidate against production
import { handler } from "@/lib/server/handler";
import { getDb } from "@/lib/server/db";
import { shadowComparison } from "@/lib/shadow/server/compare";
import { GroupIdParamsSchema } from "@/lib/groups/schema";
import { ComparisonQuerySchema } from "@/lib/shadow/schema";

export const dynamic = "force-dynamic";

export const GET = handler({ params: GroupIdParamsSchema, query: ComparisonQuerySchema }, ({ params, query }) => shadowComparison(getDb(), params.id, query.windowMinutes));
