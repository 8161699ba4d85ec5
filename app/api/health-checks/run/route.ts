// POST /api/health-checks/run — check now: { groupId? } limits the run to one group's enabled members
import { handler } from "@/lib/server/handler";
import { getDb } from "@/lib/server/db";
import { runHealthChecks } from "@/lib/server/health-checks";
import { HealthCheckRunBodySchema } from "@/lib/groups/health-check-schema";
import { notFound } from "@/lib/server/api-error";

export const dynamic = "force-dynamic";

export const POST = handler({ body: HealthCheckRunBodySchema }, async ({ body }) => {
  const db = getDb();
  if (body.groupId && !(await db.routingGroup.findUnique({ where: { id: body.groupId }, select: { id: true } }))) throw notFound("Routing group");
  return runHealthChecks(db, body);
});
