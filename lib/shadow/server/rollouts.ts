import "server-only";
import type { RouteTrace } from "@/lib/completion/router";
import {
  RolloutGuardsSchema,
  RolloutStepSchema,
  type RolloutCreate,
  type RolloutEvent,
  type RolloutGuards,
  type RolloutStatus,
  type RolloutStep,
  type RolloutView,
} from "@/lib/shadow/schema";
import type { GroupRollout } from "@/lib/generated/prisma/client";
import { ApiError, fieldError, notFound } from "@/lib/server/api-error";
import { INSTANCE_ID } from "@/lib/server/cluster";
import type { Db } from "@/lib/server/db";
import { processWide } from "@/lib/server/process-wide";
import { registryChanged } from "@/lib/server/registry-generation";
import { flushRequestLog } from "@/lib/usage/server/request-log";
import { winRate } from "./compare";
import { percentile } from "@/lib/usage/server/usage";

// Guarded rollout: a candidate becomes a weighted member of its group one step at a time (say 5% → 25% → 100%),
// each step held for a duration and/or a number of requests. Every scheduler tick checks the step's guards
// (error rate, p95 latency, the judge's win rate); a failed guard restores the members as they were before the
// rollout, at once, and records why. Each weight change is a group edit: the group's version moves and every
// instance's caches refresh. The rollout is a database row, so it survives restarts, and only the instance
// holding the rollout lease (a compare-and-set on a Setting row, as health checks do) steps or rolls it back.
//
// The candidate's failures: a failed attempt that the router retried on another member leaves a log row for
// that member only. So each instance counts the candidate's failed attempts from the route traces and adds
// them to the rollout row (stepFailures), keyed by step so a late count never lands on the next step.

interface MemberSnapshot {
  modelId: string;
  weight: number;
  order: number;
  rpm: number | null;
  tpm: number | null;
  enabled: boolean;
}

const parse = <T>(json: string, fallback: T): T => {
  try {
    return JSON.parse(json) as T;
  } catch {
    return fallback;
  }
};

export function toRolloutView(r: GroupRollout): RolloutView {
  const steps = parse<unknown[]>(r.stepsJson, []).flatMap((s) => {
    const ok = RolloutStepSchema.safeParse(s);
    return ok.success ? [ok.data] : [];
  });
  const guards = RolloutGuardsSchema.safeParse(parse(r.guardsJson, {}));
  return {
    id: r.id,
    groupId: r.groupId,
    groupName: r.groupName,
    modelId: r.modelId,
    modelName: r.modelName,
    status: r.status as RolloutStatus,
    steps,
    guards: guards.success ? guards.data : { minRequests: 5 },
    stepIndex: r.stepIndex,
    stepStartedAt: r.stepStartedAt.toISOString(),
    reason: r.reason,
    history: parse<RolloutEvent[]>(r.historyJson, []),
    version: r.version,
    createdAt: r.createdAt.toISOString(),
  };
}

/**
 * The members with the candidate at `percent` of the traffic: its weight is set against the others' enabled
 * weight as they were before the rollout; at 100% the others are disabled (kept, so a rollback restores them).
 */
export function membersAt(previous: MemberSnapshot[], candidateId: string, percent: number): MemberSnapshot[] {
  const others = previous.filter((m) => m.modelId !== candidateId);
  const own = previous.find((m) => m.modelId === candidateId);
  const otherWeight = others.filter((m) => m.enabled).reduce((s, m) => s + m.weight, 0);
  const full = percent >= 100 || otherWeight === 0;
  const weight = full ? 1 : (otherWeight * percent) / (100 - percent);
  const maxOrder = Math.max(0, ...previous.map((m) => m.order));
  return [
    ...others.map((m) => (full ? Object.assign({}, m, { enabled: false }) : m)),
    { modelId: candidateId, weight, order: own?.order ?? maxOrder, rpm: own?.rpm ?? null, tpm: own?.tpm ?? null, enabled: true },
  ];
}

/** Replaces the group's members; a group edit like any other (its version moves, caches refresh). */
async function writeMembers(db: Db, groupId: string, members: MemberSnapshot[]): Promise<void> {
  await db.$transaction([
    db.groupMember.deleteMany({ where: { groupId } }),
    db.routingGroup.update({ where: { id: groupId }, data: { version: { increment: 1 }, members: { create: members } } }),
  ]);
  registryChanged();
}

const event = (e: Omit<RolloutEvent, "at">, now: number): RolloutEvent => ({ at: new Date(now).toISOString(), ...e });

export async function listRollouts(db: Db, groupId: string): Promise<RolloutView[]> {
  if (!(await db.routingGroup.findUnique({ where: { id: groupId }, select: { id: true } }))) throw notFound("Routing group");
  const rows = await db.groupRollout.findMany({ where: { groupId }, orderBy: { createdAt: "desc" }, take: 10 });
  return rows.map(toRolloutView);
}

export async function startRollout(db: Db, groupId: string, input: RolloutCreate, now = Date.now()): Promise<RolloutView> {
  const group = await db.routingGroup.findUnique({ where: { id: groupId }, include: { members: true } });
  if (!group) throw notFound("Routing group");
  const model = await db.model.findFirst({ where: { OR: [{ id: input.modelId }, { name: input.modelId }] }, select: { id: true, name: true } });
  if (!model) throw fieldError("modelId", `No registered model "${input.modelId}"`);
  if (await db.groupRollout.findFirst({ where: { groupId, status: "running" }, select: { id: true } })) {
    throw new ApiError("conflict", `A rollout is already running on "${group.name}". Let it finish or cancel it first.`);
  }
  const previous: MemberSnapshot[] = group.members.map((m) => ({ modelId: m.modelId, weight: m.weight, order: m.order, rpm: m.rpm, tpm: m.tpm, enabled: m.enabled }));
  const first = input.steps[0];
  const row = await db.groupRollout.create({
    data: {
      groupId,
      groupName: group.name,
      modelId: model.id,
      modelName: model.name,
      stepsJson: JSON.stringify(input.steps),
      guardsJson: JSON.stringify(input.guards),
      previousJson: JSON.stringify(previous),
      stepStartedAt: new Date(now),
      historyJson: JSON.stringify([event({ event: "started", step: 0, percent: first.percent }, now)]),
    },
  });
  await writeMembers(db, groupId, membersAt(previous, model.id, first.percent));
  await refreshActive(db);
  return toRolloutView(row);
}

async function finish(db: Db, r: GroupRollout, status: Exclude<RolloutStatus, "running">, reason: string | null, restore: boolean, now: number): Promise<GroupRollout | null> {
  const history = [...parse<RolloutEvent[]>(r.historyJson, []), event({ event: status, step: r.stepIndex, detail: reason ?? undefined }, now)];
  const moved = await db.groupRollout.updateMany({ where: { id: r.id, version: r.version, status: "running" }, data: { status, reason, historyJson: JSON.stringify(history), version: { increment: 1 } } });
  if (moved.count === 0) return null; // someone else moved it first
  if (restore) await writeMembers(db, r.groupId, parse<MemberSnapshot[]>(r.previousJson, []));
  await refreshActive(db);
  return db.groupRollout.findUnique({ where: { id: r.id } });
}

/** Stops a running rollout by hand: the members go back to what they were before it. */
export async function cancelRollout(db: Db, groupId: string, rolloutId: string, now = Date.now()): Promise<RolloutView> {
  const r = await db.groupRollout.findFirst({ where: { id: rolloutId, groupId } });
  if (!r) throw notFound("Rollout");
  if (r.status !== "running") throw new ApiError("conflict", `This rollout has already ended (${r.status.replace("_", " ")}).`);
  const done = await finish(db, r, "cancelled", "Cancelled by a user", true, now);
  if (!done) throw new ApiError("conflict", "The rollout changed while you cancelled it. Reload and try again.");
  return toRolloutView(done);
}

// --- the candidate's failed attempts, counted by every instance -----------------------------------------------

interface Active {
  rolloutId: string;
  modelId: string;
  stepIndex: number;
}
const rt = processWide("rolloutRuntime", () => ({
  active: new Map<string, Active>(),
  failures: new Map<string, { rolloutId: string; stepIndex: number; n: number }>(),
  timer: undefined as NodeJS.Timeout | undefined,
  running: false,
  hookRunning: false,
}));

/** Called by the gateway once a group call has ended; costs one map lookup unless a rollout runs on the group. */
export function observeRoute(group: string, trace: RouteTrace | undefined): void {
  const a = rt.active.get(group);
  if (!a || !trace) return;
  let n = 0;
  for (const at of trace.attempts) if (at.memberId === a.modelId && !at.ok) n++;
  if (!n) return;
  const key = `${a.rolloutId}:${a.stepIndex}`;
  const f = rt.failures.get(key) ?? { rolloutId: a.rolloutId, stepIndex: a.stepIndex, n: 0 };
  f.n += n;
  rt.failures.set(key, f);
}

async function refreshActive(db: Db): Promise<GroupRollout[]> {
  const running = await db.groupRollout.findMany({ where: { status: "running" } });
  rt.active = new Map(running.map((r) => [r.groupName, { rolloutId: r.id, modelId: r.modelId, stepIndex: r.stepIndex }]));
  return running;
}

async function flushFailures(db: Db): Promise<void> {
  const pending = [...rt.failures.values()];
  rt.failures.clear();
  for (const f of pending) {
    await db.groupRollout.updateMany({ where: { id: f.rolloutId, stepIndex: f.stepIndex, status: "running" }, data: { stepFailures: { increment: f.n } } });
  }
}

// --- the scheduler ---------------------------------------------------------------------------------------------

const LEASE_KEY = "rollouts.lease";

/** True while this instance holds the lease (taken when free or expired; renewed by its holder). */
export async function claimRolloutLease(db: Db, ttlMs: number, now = Date.now(), owner = INSTANCE_ID): Promise<boolean> {
  const value = JSON.stringify({ owner, until: now + ttlMs });
  const row = await db.setting.findUnique({ where: { key: LEASE_KEY } });
  if (!row) {
    try {
      await db.setting.create({ data: { key: LEASE_KEY, value } });
      return true;
    } catch {
      return false; // another instance created it first
    }
  }
  const held = parse<{ owner?: string; until?: number }>(row.value, {});
  if (held.owner !== owner && typeof held.until === "number" && held.until > now) return false;
  const moved = await db.setting.updateMany({ where: { key: LEASE_KEY, version: row.version }, data: { value, version: { increment: 1 } } });
  return moved.count === 1;
}

export interface StepStats {
  requests: number;
  failures: number;
  errorRate: number | null;
  p95Ms: number | null;
}

export async function stepStats(db: Db, r: GroupRollout): Promise<StepStats> {
  const rows = await db.requestLog.findMany({ where: { source: "gateway", groupName: r.groupName, modelId: r.modelId, createdAt: { gte: r.stepStartedAt } }, select: { ok: true, latencyMs: true } });
  const failures = r.stepFailures + rows.filter((x) => !x.ok).length;
  const requests = rows.filter((x) => x.ok).length + failures;
  const lat = rows.filter((x) => x.ok).map((x) => x.latencyMs).sort((a, b) => a - b);
  return { requests, failures, errorRate: requests ? failures / requests : null, p95Ms: percentile(lat, 0.95) };
}

/** The first guard that fails, as the reason recorded; null when all hold (or too few requests to tell). */
export async function failedGuard(db: Db, r: GroupRollout, guards: RolloutGuards, s: StepStats): Promise<string | null> {
  if (s.requests >= guards.minRequests) {
    if (guards.maxErrorRate !== undefined && (s.errorRate ?? 0) > guards.maxErrorRate) {
      return `Error rate ${(100 * (s.errorRate ?? 0)).toFixed(1)}% over ${s.requests} requests is above the ${(100 * guards.maxErrorRate).toFixed(1)}% guard`;
    }
    if (guards.maxP95Ms !== undefined && s.p95Ms !== null && s.p95Ms > guards.maxP95Ms) return `p95 latency ${s.p95Ms} ms is above the ${guards.maxP95Ms} ms guard`;
  }
  if (guards.minWinRate !== undefined) {
    const v = await db.shadowVerdict.groupBy({ by: ["winner"], where: { groupName: r.groupName, modelId: r.modelId, createdAt: { gte: r.createdAt } }, _count: { _all: true } });
    const count = (w: string) => v.find((x) => x.winner === w)?._count._all ?? 0;
    const judged = count("candidate") + count("primary") + count("tie");
    const rate = winRate(count("candidate"), count("tie"), judged);
    if (rate && judged >= guards.minRequests && rate.rate < guards.minWinRate) {
      return `Judge win rate ${(100 * rate.rate).toFixed(1)}% over ${judged} pairs is below the ${(100 * guards.minWinRate).toFixed(1)}% guard`;
    }
  }
  return null;
}

/** One rollout, one check: roll back on a failed guard, else move on once the step's hold is met. */
export async function evaluateRollout(db: Db, r: GroupRollout, now = Date.now()): Promise<GroupRollout | null> {
  const group = await db.routingGroup.findUnique({ where: { id: r.groupId }, select: { name: true } });
  if (!group) return finish(db, r, "cancelled", "The routing group was deleted", false, now);
  if (group.name !== r.groupName) {
    // Renamed during the rollout: the gateway logs calls under the new name.
    await db.groupRollout.updateMany({ where: { id: r.id, version: r.version }, data: { groupName: group.name } });
    r = Object.assign({}, r, { groupName: group.name });
  }
  const view = toRolloutView(r);
  const stats = await stepStats(db, r);
  const reason = await failedGuard(db, r, view.guards, stats);
  if (reason) return finish(db, r, "rolled_back", `Step ${r.stepIndex + 1} (${view.steps[r.stepIndex]?.percent ?? "?"}%): ${reason}`, true, now);
  const step: RolloutStep | undefined = view.steps[r.stepIndex];
  if (!step) return finish(db, r, "completed", null, false, now);
  const heldLong = step.holdSeconds === undefined || now - r.stepStartedAt.getTime() >= step.holdSeconds * 1000;
  const heldMany = step.holdRequests === undefined || stats.requests >= step.holdRequests;
  if (!heldLong || !heldMany) return r;
  const nextIndex = r.stepIndex + 1;
  if (nextIndex >= view.steps.length) return finish(db, r, "completed", `Promoted: ${r.modelName} serves ${step.percent}% of "${r.groupName}"`, false, now);
  const next = view.steps[nextIndex];
  const history = [...view.history, event({ event: "stepped", step: nextIndex, percent: next.percent, detail: `${stats.requests} requests, ${stats.failures} failed` }, now)];
  const moved = await db.groupRollout.updateMany({
    where: { id: r.id, version: r.version, status: "running" },
    data: { stepIndex: nextIndex, stepStartedAt: new Date(now), stepFailures: 0, historyJson: JSON.stringify(history), version: { increment: 1 } },
  });
  if (moved.count === 0) return null;
  await writeMembers(db, r.groupId, membersAt(parse<MemberSnapshot[]>(r.previousJson, []), r.modelId, next.percent));
  return db.groupRollout.findUnique({ where: { id: r.id } });
}

export interface TickHooks {
  /** Runs on the lease holder after the rollouts (the shadow judge). */
  afterRollouts?: (db: Db) => Promise<void>;
}

/** One scheduler step: every instance reports its counts; the lease holder checks and moves the rollouts. */
export async function rolloutTick(db: Db, opts: { now?: number; leaseMs?: number; owner?: string } = {}): Promise<boolean> {
  const now = opts.now ?? Date.now();
  await flushFailures(db);
  const running = await refreshActive(db);
  if (!(await claimRolloutLease(db, opts.leaseMs ?? 10_000, now, opts.owner))) return false;
  if (running.length) await flushRequestLog();
  for (const r of running) {
    try {
      await evaluateRollout(db, r, now);
    } catch (err) {
      console.error(`[tunebench] rollout ${r.id} check failed:`, err instanceof Error ? err.message : "unknown error");
    }
  }
  await refreshActive(db);
  return true;
}

export function rolloutTickMs(env: NodeJS.ProcessEnv = process.env): number {
  const n = Number(env.ROLLOUT_TICK_MS);
  return Number.isFinite(n) && n >= 100 ? n : 2_000;
}

/** Started once per server process (server.ts), beside the health-check scheduler. */
export function startRolloutScheduler(db: () => Db, hooks: TickHooks = {}): void {
  if (rt.timer) return;
  const tickMs = rolloutTickMs();
  rt.timer = setInterval(() => {
    if (rt.running) return;
    rt.running = true;
    rolloutTick(db(), { leaseMs: tickMs * 5 })
      .then((leader) => {
        // Judge calls can take seconds: they run beside the next ticks, never holding up a rollback.
        if (!leader || !hooks.afterRollouts || rt.hookRunning) return;
        rt.hookRunning = true;
        hooks
          .afterRollouts(db())
          .catch((err: unknown) => console.error("[tunebench] shadow judge failed:", err instanceof Error ? err.message : "unknown error"))
          .finally(() => (rt.hookRunning = false));
      })
      .catch((err: unknown) => console.error("[tunebench] rollout scheduler failed:", err instanceof Error ? err.message : "unknown error"))
      .finally(() => (rt.running = false));
  }, tickMs);
  rt.timer.unref();
}

export async function stopRolloutScheduler(db?: Db): Promise<void> {
  if (rt.timer) clearInterval(rt.timer);
  rt.timer = undefined;
  // A judge call in progress is not waited for: a pair it does not finish is judged again later.
  while (rt.running) await new Promise((r) => setTimeout(r, 25));
  if (db) await flushFailures(db).catch(() => undefined);
}
