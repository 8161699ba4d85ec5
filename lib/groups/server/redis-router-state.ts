import "server-only";
import type Redis from "ioredis";
import {
  InMemoryRouterState,
  type AdmissionRule,
  type Admission,
  type AttemptEnd,
  type MemberSnapshot,
  type MemberStats,
  type RouterState,
  type SharedCircuit,
} from "@/lib/completion/router";

// Router state shared by several instances through Redis, behind the same RouterState interface.
//
// What must agree everywhere goes through Redis, atomically, but only where an instance decides something:
// - circuits (cooldowns, half-open recovery): a failure runs one script that counts the member's failures from every
//   instance and opens the circuit; a half-open trial is claimed with SET NX, so one instance sends it; opening
//   and closing are published, and every instance keeps its copy of every circuit in memory;
// - rpm/tpm limits: a member with limits reserves its request with one script (INCR under the limit), so N is N
//   in total, not N per instance.
// Everything else stays local and costs no round trip: picking reads this instance's memory, kept fresh by those
// messages and by each instance broadcasting its in-flight counts and latency averages four times a second (for
// least-busy and latency-based routing, and the health view's per-instance figures).

const STATS_EVERY_MS = 250;
/** Another instance's figures older than this are dropped (it stopped, or lost its connection). */
const REMOTE_TTL_MS = 2_000;
const TRIAL_TTL_MS = 60_000;
const MINUTE_MS = 60_000;
const UNREACHABLE = Symbol("redis unreachable");

type StatsByMember = Record<string, [inFlight: number, latencyMs: number | null, ttftMs: number | null]>;

export type RouterMessage = { kind: "circuit"; id: string; circuit: SharedCircuit; by: string } | { kind: "stats"; instance: string; members: StatsByMember };

// KEYS: failures zset, circuits hash. ARGV: id, now, startedAt, windowMs, allowedFails, cooldownMs, isTrial, member, errorKind, instance.
// Counts failures inside the window whose attempt started after the last cooldown began; opens the circuit (or
// reopens it after a failed trial) and returns it as JSON, else nil.
const FAIL = `
local id, now, startedAt = ARGV[1], tonumber(ARGV[2]), ARGV[3]
local windowMs, allowedFails, cooldownMs = tonumber(ARGV[4]), tonumber(ARGV[5]), tonumber(ARGV[6])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - windowMs)
redis.call('ZADD', KEYS[1], now, startedAt .. ':' .. ARGV[8])
redis.call('PEXPIRE', KEYS[1], windowMs + 60000)
if cooldownMs <= 0 then return nil end
local raw = redis.call('HGET', KEYS[2], id)
local c = raw and cjson.decode(raw) or { cooldownStartedAt = -1e300, recovering = false }
local open = c.cooldownUntil and c.cooldownUntil ~= cjson.null and c.cooldownUntil > now
local closed = (not open) and (not c.recovering)
local counted = 0
for _, m in ipairs(redis.call('ZRANGE', KEYS[1], 0, -1)) do
  local s = tonumber(string.match(m, '^[^:]+'))
  if s and s > c.cooldownStartedAt then counted = counted + 1 end
end
if ARGV[7] == '1' or (counted >= allowedFails and closed) then
  c = { cooldownStartedAt = now, cooldownUntil = now + cooldownMs, recovering = true, lastError = ARGV[9], openedBy = ARGV[10] }
  raw = cjson.encode(c)
  redis.call('HSET', KEYS[2], id, raw)
  return raw
end
return nil
`;

// KEYS: rpm counter, tpm counter (this minute). ARGV: rpm limit (0 = none), tpm limit (0 = none).
// Reserves one request under both limits: {1, rpmUsed, tpmUsed} or {0, …} when either is spent.
const RESERVE = `
local rpm, tpm = tonumber(ARGV[1]), tonumber(ARGV[2])
local r = tonumber(redis.call('GET', KEYS[1]) or '0')
local t = tonumber(redis.call('GET', KEYS[2]) or '0')
if (rpm > 0 and r >= rpm) or (tpm > 0 and t >= tpm) then return {0, r, t} end
r = redis.call('INCR', KEYS[1])
redis.call('PEXPIRE', KEYS[1], 120000)
return {1, r, t}
`;

type Scripted = Redis & {
  tbFail(failures: string, circuits: string, ...args: Array<string | number>): Promise<string | null>;
  tbReserve(rpm: string, tpm: string, rpmLimit: number, tpmLimit: number): Promise<[number, number, number]>;
};

export type SharedSnapshot = MemberSnapshot & Required<Pick<MemberSnapshot, "instances">>;

export class RedisRouterState implements RouterState {
  private readonly local = new InMemoryRouterState();
  private readonly redis: Scripted;
  private readonly remote = new Map<string, { at: number; members: StatsByMember }>();
  /** The cooldown window each member's group last used, for counting its recent failures in the health view. */
  private readonly windows = new Map<string, number>();
  /** The latest rpm/tpm counts Redis reported for members with limits, by member. */
  private readonly counts = new Map<string, { minute: number; rpm: number; tpm: number }>();
  private readonly openedBy = new Map<string, string>();
  private readonly limited = new Set<string>();
  private readonly seen = new Set<string>();
  private lastBroadcast = "";
  private timer: NodeJS.Timeout | undefined;

  constructor(
    redis: Redis,
    private readonly prefix: string,
    private readonly instance: string,
    private readonly publish: (message: RouterMessage) => void,
  ) {
    redis.defineCommand("tbFail", { numberOfKeys: 2, lua: FAIL });
    redis.defineCommand("tbReserve", { numberOfKeys: 2, lua: RESERVE });
    this.redis = redis as Scripted;
  }

  /** Loads every circuit another instance opened before this one started, and starts broadcasting its figures. */
  async start(): Promise<void> {
    if (this.redis.status !== "ready") {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, 5_000); // not up yet: start anyway, deciding alone until it is
        this.redis.once("ready", () => (clearTimeout(timer), resolve()));
      });
    }
    const all = await this.safe(() => this.redis.hgetall(this.key("circuits")), {} as Record<string, string>);
    for (const [id, raw] of Object.entries(all)) this.applyCircuit(id, JSON.parse(raw) as SharedCircuit & { openedBy?: string });
    this.timer ??= setInterval(() => this.broadcast(), STATS_EVERY_MS);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    await this.redis.quit().catch(() => undefined);
  }

  private warnedAt = -Infinity;

  /** A Redis call, or `fallback` when Redis cannot answer: the instance then decides alone rather than failing calls. */
  private async safe<T, F>(op: () => Promise<T>, fallback: F): Promise<T | F> {
    try {
      return await op();
    } catch (err) {
      if (Date.now() - this.warnedAt > 30_000) {
        this.warnedAt = Date.now();
        console.error("[tunebench] shared router state unavailable; this instance decides alone meanwhile:", err instanceof Error ? err.message : "unknown error");
      }
      return fallback;
    }
  }

  /** A message from another instance (cluster bus, type "router"). */
  receive(message: RouterMessage): void {
    if (message.kind === "circuit") this.applyCircuit(message.id, Object.assign({}, message.circuit, { openedBy: message.by }));
    else if (message.instance !== this.instance) this.remote.set(message.instance, { at: Date.now(), members: message.members });
  }

  private key(...parts: string[]): string {
    return `${this.prefix}router:${parts.join(":")}`;
  }

  private applyCircuit(id: string, c: SharedCircuit & { openedBy?: string }): void {
    const circuit = Object.assign({}, c, { cooldownStartedAt: c.cooldownStartedAt ?? -Infinity, cooldownUntil: c.cooldownUntil ?? undefined });
    this.local.setCircuit(id, circuit);
    if (c.recovering && c.openedBy) this.openedBy.set(id, c.openedBy);
    else if (!c.recovering) this.openedBy.delete(id);
  }

  private *fresh(): Generator<[string, { members: StatsByMember }]> {
    const now = Date.now();
    for (const [instance, r] of this.remote) {
      if (now - r.at > REMOTE_TTL_MS) this.remote.delete(instance);
      else yield [instance, r];
    }
  }

  private broadcast(): void {
    const members: StatsByMember = {};
    const now = Date.now();
    for (const id of this.seen) {
      const s = this.local.load([id], now)[0];
      members[id] = [s.inFlight, s.latencyMs ?? null, s.ttftMs ?? null];
    }
    const body = JSON.stringify(members);
    // Unchanged idle figures are still re-sent once a second, so peers do not expire a live instance.
    if (body === this.lastBroadcast && now % 1_000 >= STATS_EVERY_MS) return;
    this.lastBroadcast = body;
    this.publish({ kind: "stats", instance: this.instance, members });
  }

  load(ids: readonly string[], now: number): MemberStats[] {
    const stats = this.local.load(ids, now);
    const remotes = [...this.fresh()];
    const minute = Math.floor(now / MINUTE_MS);
    return stats.map((s, i) => {
      const id = ids[i];
      let cluster = s.inFlight;
      let latency = s.latencyMs;
      let ttft = s.ttftMs;
      for (const [, r] of remotes) {
        const m = r.members[id];
        if (!m) continue;
        cluster += m[0];
        latency ??= m[1] ?? undefined;
        ttft ??= m[2] ?? undefined;
      }
      const shared = this.counts.get(id);
      // For a member with limits Redis's counts are the cluster's (this instance's own would miss the others').
      const counts = shared && shared.minute === minute ? { rpmUsed: shared.rpm, tpmUsed: shared.tpm } : {};
      return Object.assign({}, s, counts, { clusterInFlight: cluster, latencyMs: latency, ttftMs: ttft });
    });
  }

  async begin(id: string, now: number, rule?: AdmissionRule): Promise<Admission> {
    this.seen.add(id);
    const admission = this.local.begin(id, now, rule);
    if (!admission.admitted) return admission;
    const undo = async (reason: "recovering" | "rate_limit"): Promise<Admission> => {
      this.local.end(id, now, { result: "neutral", startedAt: now, trial: admission.trial });
      return { admitted: false, reason };
    };
    if (admission.trial !== undefined) {
      // One trial for the whole cluster: the instance that claims it sends it, the others wait for its verdict.
      const claimed = await this.safe(() => this.redis.set(this.key("trial", id), this.instance, "PX", TRIAL_TTL_MS, "NX"), "OK");
      if (!claimed) return undo("recovering");
    }
    const limits = rule?.limits;
    if (limits && (limits.rpm || limits.tpm)) {
      if (limits.tpm) this.limited.add(id);
      const minute = String(Math.floor(now / MINUTE_MS));
      const reserved = await this.safe(() => this.redis.tbReserve(this.key("rpm", id, minute), this.key("tpm", id, minute), limits.rpm ?? 0, limits.tpm ?? 0), undefined);
      if (!reserved) return admission; // Redis unreachable: the picker's check on this instance's counts stands
      const [ok, rpm, tpm] = reserved;
      this.counts.set(id, { minute: Number(minute), rpm, tpm });
      if (!ok) {
        if (admission.trial !== undefined) await this.safe(() => this.redis.del(this.key("trial", id)), 0);
        return undo("rate_limit");
      }
    }
    return admission;
  }

  async answered(id: string, now: number, trial?: number): Promise<void> {
    const was = this.local.circuitOf(id).recovering;
    this.local.answered(id, now, trial);
    if (was && !this.local.circuitOf(id).recovering) await this.closeCircuit(id);
  }

  async end(id: string, now: number, outcome: AttemptEnd): Promise<{ cooldownUntil?: number }> {
    const was = this.local.circuitOf(id).recovering;
    if (outcome.result !== "failure") {
      this.local.end(id, now, outcome);
      if (outcome.trial !== undefined && outcome.result === "neutral") await this.safe(() => this.redis.del(this.key("trial", id)), 0);
      if (outcome.result === "success") {
        if (outcome.tokens && this.limited.has(id)) {
          void this.redis.incrby(this.key("tpm", id, String(Math.floor(now / MINUTE_MS))), outcome.tokens).catch(() => undefined);
        }
        if (was && !this.local.circuitOf(id).recovering) await this.closeCircuit(id);
      }
      return {};
    }
    // The failure is counted here (for this instance's hang detection and lastError) and in Redis, which alone
    // decides whether the circuit opens: so failures on every instance count towards one cooldown.
    const { policy } = outcome;
    this.windows.set(id, policy.windowMs);
    const raw = await this.safe(
      () =>
        this.redis.tbFail(
          this.key("failures", id),
          this.key("circuits"),
          id,
          now,
          outcome.startedAt,
          policy.windowMs,
          policy.allowedFails,
          policy.cooldownMs,
          outcome.trial !== undefined ? "1" : "0",
          `${this.instance}:${now}:${Math.random().toString(36).slice(2, 8)}`,
          outcome.errorKind,
          this.instance,
        ),
      UNREACHABLE,
    );
    if (raw === UNREACHABLE) return this.local.end(id, now, outcome); // decided here alone
    this.local.end(id, now, Object.assign({}, outcome, { policy: Object.assign({}, policy, { cooldownMs: 0 }) }));
    if (outcome.trial !== undefined) await this.safe(() => this.redis.del(this.key("trial", id)), 0);
    if (!raw) return {};
    const circuit = JSON.parse(raw) as SharedCircuit & { openedBy?: string };
    this.applyCircuit(id, circuit);
    this.publish({ kind: "circuit", id, circuit, by: this.instance });
    return { cooldownUntil: circuit.cooldownUntil };
  }

  private async closeCircuit(id: string): Promise<void> {
    const circuit: SharedCircuit = Object.assign({}, this.local.circuitOf(id), { recovering: false });
    await this.safe(() => this.redis.multi().hset(this.key("circuits"), id, JSON.stringify(circuit)).del(this.key("trial", id)).exec(), null);
    this.openedBy.delete(id);
    this.publish({ kind: "circuit", id, circuit, by: this.instance });
  }

  async snapshot(id: string, now: number): Promise<SharedSnapshot> {
    const local = this.local.snapshot(id, now);
    const [stats] = this.load([id], now);
    const recent = await this.safe(() => this.redis.zcount(this.key("failures", id), now - (this.windows.get(id) ?? MINUTE_MS), "+inf"), 0);
    const instances = [{ instance: this.instance, inFlight: local.inFlight, latencyMs: local.latencyMs }];
    for (const [instance, r] of this.fresh()) {
      const m = r.members[id];
      if (m) instances.push({ instance, inFlight: m[0], latencyMs: m[1] ?? undefined });
    }
    return Object.assign({}, local, stats, { recentFailures: Math.max(local.recentFailures, recent), instances, openedBy: this.openedBy.get(id) });
  }
}
