// GET /api/health — liveness and database reachability; no authentication.
import { getDb } from "@/lib/server/db";
import { handler, json } from "@/lib/server/handler";

export const dynamic = "force-dynamic";

export const GET = handler({ auth: "public" }, async () => {
  const started = performance.now();
  try {
    await getDb().$queryRawUnsafe("SELECT 1");
    return { ok: true, database: { ok: true, latencyMs: Math.round((performance.now() - started) * 10) / 10 } };
  } catch {
    return json({ ok: false, database: { ok: false, error: "The database is not reachable" } }, 503);
  }
});
