import "server-only";
import Redis from "ioredis";
import { INSTANCE_ID, onClusterEvent, publishClusterEvent, redisPrefix } from "@/lib/server/cluster";
import { processWide } from "@/lib/server/process-wide";
import { RedisRouterState, type RouterMessage } from "./redis-router-state";
import { createRouter, InMemoryRouterState, RouterError, servedOrLast, type RoutedStream, type RouteTrace, type Router, type RouterGroup, type RouterState, type RoutingStrategy } from "@/lib/completion/router";
import type { ChatRequest, CompletionResult } from "@/lib/completion";
import type { Prisma } from "@/lib/generated/prisma/client";
import { FALLBACK_KINDS, numberSettings, type FallbackField } from "@/lib/groups/schema";
import type { MemberRouterState } from "@/lib/groups/console-schema";
import { notFound } from "@/lib/server/api-error";
import { getDb, type Db } from "@/lib/server/db";
import { toDeployment } from "@/lib/models/server/deployments";
import { logRow, writeRequestLog, type LoggedCall, type RequestSource } from "@/lib/usage/server/request-log";

// Calling a routing group. The playground and the groups test panel use callGroup, which loads the group,
// routes it and writes the RequestLog row. The gateway's hot path uses loadRouterGroup and getRouter directly,
// with its own config cache and the batched log writer, so all of them share one router and its health state.

const routingInclude = {
  members: { include: { model: { include: { credential: true } } } },
  fallbacks: { include: { target: { select: { name: true } } }, orderBy: { position: "asc" } },
} satisfies Prisma.RoutingGroupInclude;

type RoutingRow = Prisma.RoutingGroupGetPayload<{ include: typeof routingInclude }>;

const FIELD_OF_KIND = Object.fromEntries(Object.entries(FALLBACK_KINDS).map(([field, kind]) => [kind, field])) as Record<string, FallbackField>;

function toRouterGroup(row: RoutingRow): RouterGroup {
  return {
    id: row.id,
    name: row.name,
    strategy: row.strategy as RoutingStrategy,
    members: row.members.map((m) => ({
      id: m.modelId,
      name: m.model.name,
      deployment: toDeployment(m.model),
      weight: m.weight,
      order: m.order,
      rpm: m.rpm ?? undefined,
      tpm: m.tpm ?? undefined,
      enabled: m.enabled,
    })),
    ...numberSettings(row),
    fallbacks: [],
    contextWindowFallbacks: [],
    contentPolicyFallbacks: [],
  };
}

/** A group by name with every group reachable through its fallbacks, as router config; null when unknown. */
export async function loadRouterGroup(db: Db, name: string): Promise<RouterGroup | null> {
  const byName = new Map<string, { group: RouterGroup; row: RoutingRow }>();
  let pending = [name];
  while (pending.length) {
    const rows = await db.routingGroup.findMany({ where: { name: { in: pending } }, include: routingInclude });
    for (const row of rows) byName.set(row.name, { group: toRouterGroup(row), row });
    pending = [...new Set(rows.flatMap((r) => r.fallbacks.map((f) => f.target.name)))].filter((n) => !byName.has(n));
  }
  // Link after loading, so a cycle (refused on save) could never recurse here.
  for (const { group, row } of byName.values()) {
    for (const f of row.fallbacks) {
      const target = byName.get(f.target.name)?.group;
      if (target) group[FIELD_OF_KIND[f.kind] ?? "fallbacks"].push(target);
    }
  }
  return byName.get(name)?.group ?? null;
}

/**
 * One router per process, shared by the gateway and the dashboard (and dev hot reloads). Its state is in memory,
 * or shared with every other instance through Redis when REDIS_URL is set (redis-router-state.ts).
 */
export function getRouter(): Router {
  return processWide("router", () => createRouter({ state: createRouterState() }));
}

function createRouterState(env: NodeJS.ProcessEnv = process.env): RouterState {
  if (!env.REDIS_URL) return new InMemoryRouterState();
  // Fail fast while Redis is unreachable: the state then decides from this instance's memory (see safe()).
  const redis = new Redis(env.REDIS_URL, { maxRetriesPerRequest: 1, enableOfflineQueue: false, commandTimeout: 1_000 });
  redis.on("error", () => undefined); // reported by the calls that fail, once (redis-router-state.ts)
  const state = new RedisRouterState(redis, redisPrefix(env), INSTANCE_ID, (payload) => publishClusterEvent({ type: "router", payload }));
  onClusterEvent("router", (event, fromOtherInstance) => {
    if (fromOtherInstance && event.type === "router") state.receive(event.payload as RouterMessage);
  });
  return state;
}

/** Server start: a shared state loads the cluster's circuits before the first request. */
export async function startRouterState(): Promise<void> {
  await (getRouter().state as Partial<RedisRouterState>).start?.();
}

export async function stopRouterState(): Promise<void> {
  await (getRouter().state as Partial<RedisRouterState>).stop?.();
}

export interface CallGroupOptions {
  signal?: AbortSignal;
  source: RequestSource;
  apiKeyId?: string | null;
  /** Store the prompt and the answer in the log (the API key's logPrompts setting). */
  logBodies?: boolean;
  db?: Db;
  router?: Router;
}

function loggedCall(group: string, trace: RouteTrace, opts: CallGroupOptions, req: ChatRequest): LoggedCall {
  const served = servedOrLast(trace);
  return {
    source: opts.source,
    apiKeyId: opts.apiKeyId,
    groupName: group,
    model: served && { id: served.memberId, name: served.memberName, provider: served.provider },
    stream: trace.stream,
    attempts: trace.attempts.length,
    fallbacks: trace.fallbacks.length,
    logBodies: opts.logBodies,
    messages: req.messages,
  };
}

async function loadOrThrow(db: Db, name: string): Promise<RouterGroup> {
  const group = await loadRouterGroup(db, name);
  if (!group) throw notFound(`Routing group "${name}"`);
  return group;
}

async function logFailure(db: Db, name: string, err: unknown, opts: CallGroupOptions, req: ChatRequest): Promise<void> {
  if (!(err instanceof RouterError)) return;
  await writeRequestLog(db, logRow(loggedCall(name, err.trace, opts, req), { status: err.status, ok: false, latencyMs: err.trace.totalMs, errorKind: err.kind }));
}

export type GroupCallResult = { result: CompletionResult; trace: RouteTrace };
export type GroupStreamResult = { stream: RoutedStream; trace: RouteTrace; logged: Promise<void> };

/**
 * Call a group, plain or (with `stream: true`) streamed. Throws RouterError, with its trace, when no member
 * could answer, and ApiError not_found for an unknown group. Writes one RequestLog row either way.
 */
export function callGroup(name: string, req: ChatRequest, opts: CallGroupOptions & { stream: true }): Promise<GroupStreamResult>;
export function callGroup(name: string, req: ChatRequest, opts: CallGroupOptions & { stream?: false }): Promise<GroupCallResult>;
export function callGroup(name: string, req: ChatRequest, opts: CallGroupOptions & { stream?: boolean }): Promise<GroupCallResult | GroupStreamResult> {
  return opts.stream ? callGroupStream(name, req, opts) : callGroupPlain(name, req, opts);
}

async function callGroupPlain(name: string, req: ChatRequest, opts: CallGroupOptions): Promise<GroupCallResult> {
  const db = opts.db ?? getDb();
  const group = await loadOrThrow(db, name);
  try {
    const out = await (opts.router ?? getRouter()).route(group, req, { signal: opts.signal });
    const { result, trace } = out;
    await writeRequestLog(
      db,
      logRow(loggedCall(name, trace, opts, req), {
        status: 200,
        ok: true,
        latencyMs: trace.totalMs,
        usage: result.usage,
        costUsd: result.meta.costUsd,
        responseText: result.choices[0]?.message.content,
      }),
    );
    return out;
  } catch (err) {
    await logFailure(db, name, err, opts, req);
    throw err;
  }
}

/**
 * A streamed call through a group: resolves once a member sent its first token. The RequestLog row is written
 * when the stream ends (completed, failed mid-stream or cancelled); `stream.done` resolves after that.
 */
async function callGroupStream(name: string, req: ChatRequest, opts: CallGroupOptions): Promise<GroupStreamResult> {
  const db = opts.db ?? getDb();
  const group = await loadOrThrow(db, name);
  let out: { stream: RoutedStream; trace: RouteTrace };
  try {
    out = await (opts.router ?? getRouter()).routeStream(group, req, { signal: opts.signal });
  } catch (err) {
    await logFailure(db, name, err, opts, req);
    throw err;
  }
  const { stream } = out;
  const logged = stream.done.then(async (trace) => {
    await writeRequestLog(
      db,
      logRow(loggedCall(name, trace, opts, req), {
        status: trace.ok ? 200 : trace.streamError?.kind === "cancelled" ? 499 : 502,
        ok: trace.ok,
        latencyMs: trace.totalMs,
        ttftMs: stream.meta.ttftMs,
        usage: stream.meta.usage,
        costUsd: stream.meta.costUsd,
        errorKind: trace.streamError?.kind,
      }),
    );
  });
  return Object.assign({}, out, { logged });
}

export interface MemberHealth extends MemberRouterState {
  latencyMs: number | null;
  ttftMs: number | null;
  rpmUsed: number;
  tpmUsed: number;
}

/** Per-member health for the UI, from this process's router state. */
export async function groupHealth(groupId: string, opts: { db?: Db; router?: Router; now?: number } = {}): Promise<{ groupId: string; name: string; members: MemberHealth[] }> {
  const db = opts.db ?? getDb();
  const router = opts.router ?? getRouter();
  const now = opts.now ?? Date.now();
  const row = await db.routingGroup.findUnique({ where: { id: groupId }, include: { members: { include: { model: { select: { name: true } } }, orderBy: [{ order: "asc" }, { weight: "desc" }] } } });
  if (!row) throw notFound("Routing group");
  const members = await Promise.all(
    row.members.map(async (m): Promise<MemberHealth> => {
      const s = await router.state.snapshot(m.modelId, now);
      return {
        modelId: m.modelId,
        modelName: m.model.name,
        enabled: m.enabled,
        inFlight: s.clusterInFlight ?? s.inFlight,
        instances: s.instances ?? null,
        openedBy: s.openedBy ?? null,
        coolingDown: s.circuit === "open",
        cooldownRemainingSeconds: s.cooldownRemainingSeconds,
        recovering: s.circuit === "half_open",
        recentFailures: s.recentFailures,
        lastErrorKind: s.lastError ?? null,
        latencyMs: s.latencyMs === undefined ? null : Math.round(s.latencyMs),
        ttftMs: s.ttftMs === undefined ? null : Math.round(s.ttftMs),
        rpmUsed: s.rpmUsed,
        tpmUsed: s.tpmUsed,
      };
    }),
  );
  return { groupId: row.id, name: row.name, members };
}
