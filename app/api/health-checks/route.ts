// GET /api/health-checks — background health-check settings, when the last check ran, how many models a run checks
// PUT /api/health-checks — { enabled, intervalSeconds, version }; a stale version gets 409 with the current settings
import { handler } from "@/lib/server/handler";
import { getDb } from "@/lib/server/db";
import { getHealthCheckSettings, saveHealthCheckSettings } from "@/lib/groups/server/health-checks";
import { HealthCheckSettingsUpdateSchema } from "@/lib/groups/health-check-schema";

export const dynamic = "force-dynamic";

export const GET = handler({}, () => getHealthCheckSettings(getDb()));

export const PUT = handler({ body: HealthCheckSettingsUpdateSchema }, ({ body }) => saveHealthCheckSettings(getDb(), body));
