// POST /api/health-checks/run — check now: { groupId? } limits the run to one group's enabled members
import { handler } from "@/lib/server/handler";
import { getDb } from "@/lib/server/db";
import { runHealthChecks } from "@/lib/groups/server/health-checks";
import { HealthCheckRunBodySchema } from "@/lib/groups/health-check-schema";

export const dynamic = "force-dynamic";

export const POST = handler({ body: HealthCheckRunBodySchema }, ({ body }) => runHealthChecks(getDb(), body));
