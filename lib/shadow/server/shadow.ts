import "server-only";
import { Cancellation, complete, stream, type ChatRequest, type Deployment } from "@/lib/completion";
import { ShadowConfigSchema, type ShadowConfig, type ShadowConfigView, type ShadowUpdate } from "@/lib/shadow/schema";
import { ApiError, fieldError, notFound, versionConflict } from "@/lib/server/api-error";
import type { Db } from "@/lib/server/db";
import { toDeployment } from "@/lib/models/server/deployments";
import { processWide } from "@/lib/server/process-wide";
import { changesRegistry, registryGeneration } from "@/lib/server/registry-generation";
import { logRow, newRequestId, queueRequestLog, type LoggedCall, type LoggedOutcome } from "@/lib/usage/server/request-log";

// Shadow traffic: a routing group names candidate models, each with a sample rate. A sampled gateway call is
// sent to the candidate too, in the background, after the primary has answered or failed: the client never
// waits for it, and a slow or failing candidate is bounded by its own timeout and in-flight cap (over the cap
// the mirror is dropped and counted, never queued). Each mirror is one RequestLog row with source "shadow" and
// shadowOf = the primary's row id, so the two form a pair. Shadow rows count as cost in usage; they are not
// routed through the group, so they take nothing from its members' rpm/tpm or the router's health state.

export function parseShadowConfig(json: string | null | undefined): ShadowConfig {
  if (!json) return { candidates: [], judge: null };
  try {
    const parsed = ShadowConfigSchema.safeParse(JSON.parse(json));
    if (parsed.success) return parsed.data;
  } catch {
    /* unreadable config: treated as none */
  }
  return { candidates: [], judge: null };
}

export async function getShadowConfig(db: Db, groupId: string): Promise<ShadowConfigView> {
  const group = await db.routingGroup.findUnique({ where: { id: groupId }, select: { id: true, name: true, version: true, shadowJson: true } });
  if (!group) throw notFound("Routing group");
  const config = parseShadowConfig(group.shadowJson);
  const ids = [...config.candidates.map((c) => c.modelId), ...(config.judge ? [config.judge.modelId] : [])];
  const names = new Map((await db.model.findMany({ where: { id: { in: ids } }, select: { id: true, name: true } })).map((m) => [m.id, m.name]));
  return {
    groupId: group.id,
    groupName: group.name,
    version: group.version,
    candidates: config.candidates.map((c) => Object.assign({}, c, { modelName: names.get(c.modelId) ?? "(deleted model)" })),
    judge: config.judge ? Object.assign({}, config.judge, { modelName: names.get(config.judge.modelId) ?? "(deleted model)" }) : null,
  };
}

async function resolveModelIds(db: Db, keys: string[]): Promise<Map<string, string>> {
  const rows = await db.model.findMany({ where: { OR: [{ id: { in: keys } }, { name: { in: keys } }] }, select: { id: true, name: true } });
  const byKey = new Map<string, string>();
  for (const r of rows) {
    byKey.set(r.id, r.id);
    byKey.set(r.name, r.id);
  }
  return byKey;
}

async function saveShadowConfigUnsignalled(db: Db, groupId: string, input: ShadowUpdate): Promise<ShadowConfigView> {
  const group = await db.routingGroup.findUnique({ where: { id: groupId }, select: { version: true } });
  if (!group) throw notFound("Routing group");
  const byKey = await resolveModelIds(db, [...input.candidates.map((c) => c.modelId), ...(input.judge ? [input.judge.modelId] : [])]);
  const seen = new Set<string>();
  const candidates = input.candidates.map((c, i) => {
    const id = byKey.get(c.modelId);
    if (!id) throw fieldError(`candidates.${i}.modelId`, `No registered model "${c.modelId}"`);
    if (seen.has(id)) throw fieldError(`candidates.${i}.modelId`, `Model "${c.modelId}" is listed twice`);
    seen.add(id);
    return Object.assign({}, c, { modelId: id });
  });
  let judge = input.judge;
  if (judge) {
    const id = byKey.get(judge.modelId);
    if (!id) throw fieldError("judge.modelId", `No registered model "${judge.modelId}"`);
    judge = Object.assign({}, judge, { modelId: id });
  }
  const shadowJson = candidates.length || judge ? JSON.stringify({ candidates, judge }) : null;
  // The group's version guards this like any other group edit, and moves with it.
  const moved = await db.routingGroup.updateMany({ where: { id: groupId, version: input.version }, data: { shadowJson, version: { increment: 1 } } });
  if (moved.count === 0) throw versionConflict("The routing group", await getShadowConfig(db, groupId));
  return getShadowConfig(db, groupId);
}

export const saveShadowConfig = changesRegistry(saveShadowConfigUnsignalled);

// --- the gateway's side ---------------------------------------------------------------------------------

export interface ShadowTarget {
  modelId: string;
  modelName: string;
  provider: string;
  deployment: Deployment;
  sampleRate: number;
  timeoutMs: number;
  maxConcurrent: number;
}

const TTL_MS = 5_000;
interface CacheEntry {
  at: number;
  generation: number;
  value?: ShadowTarget[];
  loading?: Promise<ShadowTarget[]>;
}
const state = processWide("shadowRuntime", () => ({
  cache: new Map<string, CacheEntry>(),
  inFlight: new Map<string, number>(),
  dropped: new Map<string, number>(),
  running: new Set<Promise<void>>(),
  random: Math.random as () => number,
}));

async function loadTargets(db: Db, groupName: string): Promise<ShadowTarget[]> {
  const group = await db.routingGroup.findUnique({ where: { name: groupName }, select: { shadowJson: true } });
  const config = parseShadowConfig(group?.shadowJson);
  const live = config.candidates.filter((c) => c.sampleRate > 0);
  if (!live.length) return [];
  const models = new Map((await db.model.findMany({ where: { id: { in: live.map((c) => c.modelId) } }, include: { credential: true } })).map((m) => [m.id, m]));
  const out: ShadowTarget[] = [];
  for (const c of live) {
    const m = models.get(c.modelId);
    if (!m) continue;
    try {
      out.push({ modelId: m.id, modelName: m.name, provider: m.provider, deployment: toDeployment(m), sampleRate: c.sampleRate, timeoutMs: c.timeoutMs, maxConcurrent: c.maxConcurrent });
    } catch {
      // A candidate whose secret this instance cannot read is skipped: shadowing must never surface errors.
    }
  }
  return out;
}

/** The group's shadow targets: synchronous once cached, so the common case (no shadow) costs a map lookup. */
function targetsOf(db: Db, groupName: string, now: number): ShadowTarget[] | Promise<ShadowTarget[]> {
  const generation = registryGeneration();
  const hit = state.cache.get(groupName);
  if (hit && now - hit.at < TTL_MS && hit.generation === generation) return hit.value ?? hit.loading!;
  const entry: CacheEntry = { at: now, generation };
  entry.loading = loadTargets(db, groupName).then(
    (v) => ((entry.value = v), (entry.loading = undefined), v),
    () => (state.cache.delete(groupName), []),
  );
  state.cache.set(groupName, entry);
  return entry.loading;
}

export interface PrimaryCall {
  primaryId: string;
  groupName: string;
  request: ChatRequest;
  stream: boolean;
  apiKeyId: string | null;
  /** The key allows storing bodies: the candidate's answer is kept too. */
  logBodies: boolean;
}

/**
 * Mirrors one primary call to the group's sampled candidates. Never throws and never awaited by the gateway:
 * the work starts on a later turn of the event loop, after the primary's response has been written.
 */
export function mirrorToShadows(db: Db, call: PrimaryCall): void {
  const now = Date.now();
  const targets = targetsOf(db, call.groupName, now);
  if (!Array.isArray(targets)) return void targets.then((t) => startMirrors(db, call, sampled(t)));
  // Sampled here, so the calls that are not mirrored (most, at a low rate) schedule nothing.
  const chosen = sampled(targets);
  if (chosen.length) setImmediate(() => startMirrors(db, call, chosen));
}

function sampled(targets: ShadowTarget[]): ShadowTarget[] {
  if (!targets.length) return targets;
  return targets.filter((t) => t.sampleRate >= 100 || state.random() * 100 < t.sampleRate);
}

function startMirrors(db: Db, call: PrimaryCall, targets: ShadowTarget[]): void {
  for (const t of targets) {
    const busy = state.inFlight.get(t.modelId) ?? 0;
    if (busy >= t.maxConcurrent) {
      state.dropped.set(t.modelId, (state.dropped.get(t.modelId) ?? 0) + 1);
      continue;
    }
    state.inFlight.set(t.modelId, busy + 1);
    const run = runShadow(db, call, t).finally(() => {
      state.inFlight.set(t.modelId, (state.inFlight.get(t.modelId) ?? 1) - 1);
      state.running.delete(run);
    });
    state.running.add(run);
  }
}

/**
 * The request as the candidate gets it: the primary's own object when it already has the right form (the usual
 * case: it was checked once, and a copy would be checked again), else a copy that is plain, or streamed with usage.
 */
function shadowRequest(call: PrimaryCall): ChatRequest {
  const r = call.request;
  if (call.stream) return r.stream === true && r.stream_options?.include_usage === true ? r : Object.assign({}, r, { stream: true as const, stream_options: { include_usage: true } });
  return r.stream === undefined && r.stream_options === undefined ? r : Object.assign({}, r, { stream: undefined, stream_options: undefined });
}

async function runShadow(db: Db, call: PrimaryCall, t: ShadowTarget): Promise<void> {
  const started = performance.now();
  const request = shadowRequest(call);
  let row: Omit<LoggedOutcome, "latencyMs">;
  // A plain call is bounded by the core's own timeout; a stream's is per read, so a whole-stream timer bounds it.
  const abort = call.stream ? new Cancellation() : undefined;
  const timer = abort && setTimeout(() => abort.abort(new Error("shadow timeout")), t.timeoutMs);
  timer?.unref?.();
  try {
    if (call.stream) {
      // Passed through: the answer's events are only read for their text when it is kept (the key logs bodies).
      const s = await stream(t.deployment, request, { signal: abort, timeoutMs: t.timeoutMs, passthrough: true });
      let text = "";
      // Batch by batch (one per network read), not chunk by chunk: fewer promises on a loaded gateway.
      const batches = s.batches();
      for (let next = await batches.next(); !next.done; next = await batches.next()) {
        if (call.logBodies) for (const chunk of next.value) text += chunk.choices[0]?.delta.content ?? "";
      }
      row = { status: 200, ok: true, ttftMs: s.meta.ttftMs, usage: s.meta.usage, costUsd: s.meta.costUsd, responseText: call.logBodies ? text : undefined };
    } else {
      const out = await complete(t.deployment, request, { timeoutMs: t.timeoutMs });
      row = { status: 200, ok: true, usage: out.usage, costUsd: out.meta.costUsd, responseText: out.choices[0]?.message.content };
    }
  } catch (err) {
    const e = err as { status?: unknown; kind?: unknown };
    const timedOut = abort?.aborted === true || e.kind === "timeout";
    row = {
      status: timedOut ? 504 : typeof e.status === "number" ? e.status : 502,
      ok: false,
      errorKind: timedOut ? "timeout" : typeof e.kind === "string" ? e.kind : "internal",
    };
  } finally {
    clearTimeout(timer);
  }
  const logged: LoggedCall = {
    source: "shadow",
    shadowOf: call.primaryId,
    apiKeyId: call.apiKeyId,
    groupName: call.groupName,
    model: { id: t.modelId, name: t.modelName, provider: t.provider },
    stream: call.stream,
    logBodies: call.logBodies,
    messages: call.request.messages,
  };
  queueRequestLog(db, Object.assign(logRow(logged, Object.assign(row, { latencyMs: performance.now() - started })), { id: newRequestId(), createdAt: new Date() }));
}

/** Mirrors dropped at a candidate's cap on this instance, by model id. */
export function droppedShadowCalls(): Record<string, number> {
  return Object.fromEntries(state.dropped);
}

/** Shadow calls still running on this instance (tests wait for them; shutdown gives them a moment). */
export async function settleShadowCalls(): Promise<void> {
  await new Promise((r) => setImmediate(r));
  while (state.running.size) await Promise.allSettled([...state.running]);
}

/** Tests: a seeded random source for sampling. */
export function setShadowRandom(random: () => number): void {
  state.random = random;
}

export function assertShadowCandidate(config: ShadowConfig, modelId: string): void {
  if (!config.candidates.some((c) => c.modelId === modelId)) throw new ApiError("unprocessable", "Only a shadow candidate of this group can be rolled out. Add it as a shadow candidate first.");
}
