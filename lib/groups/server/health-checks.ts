import "server-only";
import { processWide } from "@/lib/server/process-wide";
import { complete, CompletionError, type ChatRequest } from "@/lib/completion";
import {
  HealthCheckSettingsSchema,
  type HealthCheckResult,
  type HealthCheckRun,
  type HealthCheckSettings,
  type HealthCheckSettingsUpdate,
  type HealthCheckSettingsView,
} from "@/lib/groups/health-check-schema";
import { notFound, versionConflict } from "@/lib/server/api-error";
import type { Db } from "@/lib/server/db";
import { SecretUnreadableError } from "@/lib/server/crypto";
import { toDeployment } from "@/lib/models/server/deployments";
import { logRow, writeRequestLog, type LoggedOutcome } from "@/lib/usage/server/request-log";

// Background health checks: every `intervalSeconds`, a one-token request to each model that is an enabled
// member of a routing group. Each check is a request-log row with source "health", which the group's health
// view shows as "last check" beside the live traffic figures. Checks do not change routing: a member that
// fails its check still gets traffic until real calls fail (cooldowns stay driven by real calls).
// Off by default: every check is a billed request on a real provider.

const SETTING_KEY = "healthChecks";
const DEFAULTS: HealthCheckSettings = { enabled: false, intervalSeconds: 300 };
const CHECK_TIMEOUT_MS = 15_000;
const PING: ChatRequest = { messages: [{ role: "user", content: "ping" }], max_tokens: 1 };
/** How often the scheduler looks at the settings; a run starts once the interval since the last one passed. */
const TICK_MS = 5_000;

async function loadSettings(db: Db): Promise<{ settings: HealthCheckSettings; version: number }> {
  const row = await db.setting.findUnique({ where: { key: SETTING_KEY } });
  if (!row) return { settings: DEFAULTS, version: 0 };
  let parsed: unknown;
  try {
    parsed = JSON.parse(row.value);
  } catch {
    parsed = undefined;
  }
  const ok = HealthCheckSettingsSchema.safeParse(parsed);
  return { settings: ok.success ? ok.data : DEFAULTS, version: row.version };
}

function checkedModelIds(db: Db, groupId?: string): Promise<Array<{ modelId: string }>> {
  return db.groupMember.findMany({ where: { enabled: true, ...(groupId ? { groupId } : {}) }, select: { modelId: true }, distinct: ["modelId"] });
}

export async function getHealthCheckSettings(db: Db): Promise<HealthCheckSettingsView> {
  const [{ settings, version }, last, models] = await Promise.all([
    loadSettings(db),
    db.requestLog.findFirst({ where: { source: "health" }, orderBy: { createdAt: "desc" }, select: { createdAt: true } }),
    checkedModelIds(db),
  ]);
  return { ...settings, version, lastCheckAt: last?.createdAt.toISOString() ?? null, models: models.length };
}

/** False when someone else saved first (the row exists). */
async function createOnceAt(db: Db, key: string, value: string): Promise<boolean> {
  try {
    await db.setting.create({ data: { key, value } });
    return true;
  } catch (err) {
    if ((err as { code?: unknown }).code === "P2002") return false;
    throw err;
  }
}

export async function saveHealthCheckSettings(db: Db, input: HealthCheckSettingsUpdate): Promise<HealthCheckSettingsView> {
  const { version, ...settings } = input;
  const value = JSON.stringify(settings);
  // Guarded by version, so an edit made elsewhere since the form loaded is refused instead of overwritten.
  const saved = version === 0 ? await createOnceAt(db, SETTING_KEY, value) : (await db.setting.updateMany({ where: { key: SETTING_KEY, version }, data: { value, version: { increment: 1 } } })).count > 0;
  if (!saved) throw versionConflict("The health-check settings", await getHealthCheckSettings(db));
  return getHealthCheckSettings(db);
}

/** One check of every enabled group member (or of one group's), all at once; each result is logged. */
export async function runHealthChecks(db: Db, opts: { groupId?: string } = {}): Promise<HealthCheckRun> {
  if (opts.groupId && !(await db.routingGroup.findUnique({ where: { id: opts.groupId }, select: { id: true } }))) throw notFound("Routing group");
  const ids = (await checkedModelIds(db, opts.groupId)).map((m) => m.modelId);
  const rows = await db.model.findMany({ where: { id: { in: ids } }, include: { credential: true }, orderBy: { name: "asc" } });
  const at = new Date().toISOString();
  const results = await Promise.all(
    rows.map(async (row): Promise<HealthCheckResult> => {
      const started = performance.now();
      let result: Omit<HealthCheckResult, "latencyMs" | "at">;
      let usage: Pick<LoggedOutcome, "usage" | "costUsd"> | undefined;
      try {
        const out = await complete(toDeployment(row), PING, { timeoutMs: CHECK_TIMEOUT_MS });
        usage = { usage: out.usage, costUsd: out.meta.costUsd };
        result = { modelId: row.id, modelName: row.name, ok: true, status: 200, errorKind: null, message: null };
      } catch (err) {
        // CompletionError messages are scrubbed of secrets by the core; anything else is not shown.
        const known = err instanceof CompletionError;
        result =
          err instanceof SecretUnreadableError
            ? { modelId: row.id, modelName: row.name, ok: false, status: err.status, errorKind: err.code, message: err.message }
            : { modelId: row.id, modelName: row.name, ok: false, status: known ? (err.status ?? 502) : 500, errorKind: known ? err.kind : "internal", message: known ? err.message : "The check failed unexpectedly." };
      }
      const latencyMs = Math.round(performance.now() - started);
      await writeRequestLog(
        db,
        logRow({ source: "health", model: row, stream: false }, { status: result.status, ok: result.ok, latencyMs, errorKind: result.errorKind, ...usage }),
      );
      return { ...result, latencyMs, at: new Date().toISOString() };
    }),
  );
  return { at, results };
}

// One run per interval across every instance on the database: the instance that moves the shared "last run"
// row forward claims the interval. The move is a compare-and-set on the row's version (one UPDATE … WHERE
// version = v), which both engines apply atomically, so of N instances ticking at once exactly one wins.
const LAST_RUN_KEY = "healthChecks.lastRun";

/** True when this caller claimed the run due at `now` (no run has started within the interval before it). */
async function claimRun(db: Db, intervalMs: number, now: number): Promise<boolean> {
  const row = await db.setting.findUnique({ where: { key: LAST_RUN_KEY } });
  if (!row) return createOnceAt(db, LAST_RUN_KEY, String(now));
  const last = Number(row.value);
  // A value ahead of this clock by less than an interval is another instance whose clock runs ahead: its run
  // counts. One further ahead is bogus (a clock that was badly wrong), and must not stop the checks for long.
  if (Number.isFinite(last) && now - last < intervalMs && last - now < intervalMs) return false;
  const moved = await db.setting.updateMany({ where: { key: LAST_RUN_KEY, version: row.version }, data: { value: String(now), version: { increment: 1 } } });
  return moved.count === 1;
}

interface SchedulerState {
  running: boolean;
  timer?: NodeJS.Timeout;
}
const scheduler = processWide<SchedulerState>("healthCheckScheduler", () => ({ running: false }));

/** One scheduler step: runs the checks when they are on, the interval has passed, and this caller claimed the run. */
export async function healthCheckTick(db: Db, now = Date.now()): Promise<HealthCheckRun | null> {
  const { settings } = await loadSettings(db);
  if (!settings.enabled) return null;
  if (!(await claimRun(db, settings.intervalSeconds * 1000, now))) return null;
  return runHealthChecks(db);
}

/** Forget when the last scheduled run was (tests; the next tick with checks on runs at once). */
export async function resetHealthCheckScheduler(db: Db): Promise<void> {
  await db.setting.deleteMany({ where: { key: LAST_RUN_KEY } });
}

/** Started once per server process (server.ts). */
export function startHealthCheckScheduler(db: () => Db): void {
  if (scheduler.timer) return;
  scheduler.timer = setInterval(() => {
    // A run slower than the interval is not overlapped by this process's next one.
    if (scheduler.running) return;
    scheduler.running = true;
    healthCheckTick(db())
      .catch((err: unknown) => console.error("[tunebench] health checks failed:", err instanceof Error ? err.message : "unknown error"))
      .finally(() => (scheduler.running = false));
  }, TICK_MS);
  scheduler.timer.unref();
}

/** Shutdown: no new runs start; resolves once a run in progress has finished (its rows are logged). */
export async function stopHealthCheckScheduler(): Promise<void> {
  if (scheduler.timer) clearInterval(scheduler.timer);
  scheduler.timer = undefined;
  while (scheduler.running) await new Promise((r) => setTimeout(r, 50));
}
