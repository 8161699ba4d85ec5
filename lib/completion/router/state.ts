// Router state: in-flight counts, latency averages, per-minute usage, failures and each member's circuit.
// An interface so a shared implementation (several instances) can replace the in-memory one. Each method is one
// state operation on one member (begin reads its peers' in-flight counts too), so a Redis version can run each as
// one script; begin in particular must be atomic, since it is what enforces the in-flight limits.

/**
 * closed: in normal use. open: cooling down after repeated failures, skipped. half_open: the cooldown is over and
 * one trial request decides: it closes the circuit by answering, or opens it again at once by failing.
 */
export type Circuit = "closed" | "open" | "half_open";

export interface MemberStats {
  /** This instance's attempts in flight (admission and hang detection are per instance). */
  inFlight: number;
  /** All instances' attempts in flight, where a shared state knows them (least-busy routing uses it). */
  clusterInFlight?: number;
  /** Exponential moving average of whole-call latency (ms); undefined until the first success. */
  latencyMs?: number;
  /** Moving average of time to first token for streams (ms). */
  ttftMs?: number;
  /** Requests and tokens in the current minute (for rpm/tpm limits and usage-based routing). */
  rpmUsed: number;
  tpmUsed: number;
  circuit: Circuit;
  /** Epoch ms until which the member is skipped; set while the circuit is open. */
  cooldownUntil?: number;
  /** half_open: the trial request is out, so nothing else is sent. */
  trialInFlight: boolean;
  /** When the member last answered (a plain call's response, a stream's first token); undefined if never. */
  lastAnswerAt?: number;
  /** When an attempt on it last failed in a way that counts against it; undefined if never. */
  lastFailureAt?: number;
  /** Since when it has had requests in flight without a break; undefined when it has none. */
  busySince?: number;
}

export interface CooldownPolicy {
  allowedFails: number;
  windowMs: number;
  cooldownMs: number;
}

export interface MemberSnapshot extends MemberStats {
  memberId: string;
  /** A shared state (several instances): each instance's attempts in flight and latency. */
  instances?: Array<{ instance: string; inFlight: number; latencyMs?: number }>;
  /** A shared state: the instance whose failure opened the current cooldown. */
  openedBy?: string;
  /** Failures inside the (last used) cooldown window. */
  recentFailures: number;
  cooldownRemainingSeconds: number;
  lastError?: string;
}

/** What an attempt may take before it starts; computed by the picker, enforced by begin. */
export interface AdmissionRule {
  /** The group's ceiling on one member's attempts in flight. */
  maxInFlight: number;
  /**
   * For an unanswered member (see isUnanswered): it may hold at most this share of its peers' in-flight attempts
   * (the priority tier being chosen from, itself included), and one attempt once it has failed since it last
   * answered; so a member that hangs cannot soak up the traffic.
   */
  share?: { fraction: number; peers: readonly string[] };
  /**
   * The member's rpm/tpm limits. The picker already skips a member at its limit on loaded counts; a shared state
   * (several instances) also enforces them atomically here, since another instance may have spent the minute.
   */
  limits?: { rpm?: number | null; tpm?: number | null };
}

export type RefusalReason = "cooling_down" | "recovering" | "at_capacity" | "unanswered" | "rate_limit";

/** `trial` is set when this attempt is the half-open trial; pass it back to answered/end. */
export type Admission = { admitted: true; trial?: number } | { admitted: false; reason: RefusalReason };

export type AttemptEnd = {
  startedAt: number;
  /** The trial token from begin, if this attempt is the half-open trial and has not answered yet. */
  trial?: number;
} & (
  | { result: "success"; latencyMs?: number; ttftMs?: number; tokens?: number }
  /** A failure that says something about the member (counts towards its cooldown). */
  | { result: "failure"; policy: CooldownPolicy; errorKind: string }
  /** Cancelled, or refused for the request's own sake (bad request, context window…): says nothing about the member. */
  | { result: "neutral" }
);

export type MaybePromise<T> = T | Promise<T>;

/** The state in memory answers at once; on the hot path an `await` on a plain value still costs a promise (and Next's async hooks). */
export const isPromise = <T>(v: MaybePromise<T>): v is Promise<T> => v instanceof Promise;

export interface RouterState {
  /** Stats for several members in one read (one round trip for a shared store). Order matches `ids`. */
  load(ids: readonly string[], now: number): MaybePromise<MemberStats[]>;
  /**
   * Atomically admits an attempt (in-flight +1, one request against rpm) or refuses it: open circuit, a half-open
   * member whose trial is out, the in-flight ceiling, or an unanswered member over its share.
   */
  begin(id: string, now: number, rule?: AdmissionRule): MaybePromise<Admission>;
  /** A streamed attempt sent its first token: the member answered (a half-open circuit closes); the attempt goes on. */
  answered(id: string, now: number, trial?: number): MaybePromise<void>;
  /** The attempt ended: in-flight −1, and what it showed. Returns the cooldown end when this failure started one. */
  end(id: string, now: number, outcome: AttemptEnd): MaybePromise<{ cooldownUntil?: number }>;
  snapshot(id: string, now: number): MaybePromise<MemberSnapshot>;
}

/** Weight of the newest sample in the moving averages. */
export const EMA_ALPHA = 0.3;
/**
 * An answer is overdue after this many times the member's usual time to answer, divided by its attempts in flight
 * (with k in flight, a healthy member answers about every usual/k)…
 */
export const UNANSWERED_FACTOR = 2;
/** …and never before this, so the jitter of a fast member is not taken for a stall. */
export const UNANSWERED_FLOOR_MS = 100;
const MINUTE_MS = 60_000;

/**
 * A member with attempts in flight that has not answered for longer than usual (or never has): it may hang, so
 * it is held to its share of the in-flight attempts until it answers. Being wrong costs little: for a healthy
 * member this only evens out the load until its next answer.
 */
export function isUnanswered(s: MemberStats, now: number): boolean {
  if (s.inFlight === 0) return false;
  if (s.lastAnswerAt === undefined) return true;
  const usual = Math.min(s.latencyMs ?? Infinity, s.ttftMs ?? Infinity);
  const allowed = Math.max(UNANSWERED_FLOOR_MS, Number.isFinite(usual) ? (UNANSWERED_FACTOR * usual) / s.inFlight : 0);
  return now - Math.max(s.lastAnswerAt, s.busySince ?? -Infinity) > allowed;
}

/** Its latest news is a failure: it has failed since it last answered. */
export function failedSinceAnswer(s: MemberStats): boolean {
  return s.lastFailureAt !== undefined && s.lastFailureAt >= (s.lastAnswerAt ?? -Infinity);
}

/**
 * The admission rule itself, shared by the picker (on loaded stats) and begin (on current ones). `peersInFlight`
 * (the total over rule.share.peers) is only asked for when the member is unanswered.
 */
export function admit(s: MemberStats, rule: AdmissionRule, peersInFlight: () => number, now: number): "ok" | "trial" | RefusalReason {
  if (s.circuit === "open") return "cooling_down";
  if (s.inFlight >= rule.maxInFlight) return "at_capacity";
  if (s.circuit === "half_open") return s.trialInFlight ? "recovering" : "trial";
  if (rule.share && isUnanswered(s, now)) {
    // Its share includes this attempt: with weight share w and T in flight over the peers, at most ceil(w × (T + 1)).
    // Once its latest news is a failure, one at a time while it has peers: what a hang holds is all it gets.
    const cap = failedSinceAnswer(s) && rule.share.peers.length > 1 ? 1 : Math.ceil(rule.share.fraction * (peersInFlight() + 1) - 1e-9);
    if (s.inFlight >= cap) return "unanswered";
  }
  return "ok";
}

/** A member's circuit in the form several instances share. */
export interface SharedCircuit {
  cooldownStartedAt: number;
  cooldownUntil?: number;
  recovering: boolean;
  lastError?: string;
}

interface Failure {
  at: number;
  startedAt: number;
}

interface Entry {
  inFlight: number;
  busySince?: number;
  latencyMs?: number;
  ttftMs?: number;
  lastAnswerAt?: number;
  lastFailureAt?: number;
  minute: number;
  rpmUsed: number;
  tpmUsed: number;
  /** Failures inside the last window (kept through a cooldown, for the health view). */
  failures: Failure[];
  windowMs: number;
  /** Only attempts started after the last cooldown started count towards the next one. */
  cooldownStartedAt: number;
  cooldownUntil?: number;
  /** A cooldown started and no answer has closed the circuit since: half-open once the cooldown is over. */
  recovering: boolean;
  trial?: number;
  lastError?: string;
}

const ema = (prev: number | undefined, sample: number) => (prev === undefined ? sample : prev + EMA_ALPHA * (sample - prev));

export class InMemoryRouterState implements RouterState {
  private readonly entries = new Map<string, Entry>();
  private trials = 0;

  private entry(id: string): Entry {
    let e = this.entries.get(id);
    if (!e) {
      e = { inFlight: 0, minute: 0, rpmUsed: 0, tpmUsed: 0, failures: [], windowMs: MINUTE_MS, cooldownStartedAt: -Infinity, recovering: false };
      this.entries.set(id, e);
    }
    return e;
  }

  private roll(e: Entry, now: number): void {
    const minute = Math.floor(now / MINUTE_MS);
    if (e.minute !== minute) {
      e.minute = minute;
      e.rpmUsed = 0;
      e.tpmUsed = 0;
    }
  }

  private circuit(e: Entry, now: number): Circuit {
    if (e.cooldownUntil !== undefined && e.cooldownUntil > now) return "open";
    return e.recovering ? "half_open" : "closed";
  }

  private stats(id: string, now: number): MemberStats {
    const e = this.entries.get(id);
    if (!e) return { inFlight: 0, rpmUsed: 0, tpmUsed: 0, circuit: "closed", trialInFlight: false };
    this.roll(e, now);
    const circuit = this.circuit(e, now);
    return {
      inFlight: e.inFlight,
      latencyMs: e.latencyMs,
      ttftMs: e.ttftMs,
      rpmUsed: e.rpmUsed,
      tpmUsed: e.tpmUsed,
      circuit,
      cooldownUntil: circuit === "open" ? e.cooldownUntil : undefined,
      trialInFlight: circuit === "half_open" && e.trial !== undefined,
      lastAnswerAt: e.lastAnswerAt,
      lastFailureAt: e.lastFailureAt,
      busySince: e.busySince,
    };
  }

  load(ids: readonly string[], now: number): MemberStats[] {
    return ids.map((id) => this.stats(id, now));
  }

  /** The circuit as a shared store keeps it (see RedisRouterState): when a cooldown started and ends, and whether it is recovering. */
  circuitOf(id: string): SharedCircuit {
    const e = this.entries.get(id);
    return { cooldownStartedAt: e?.cooldownStartedAt ?? -Infinity, cooldownUntil: e?.cooldownUntil, recovering: e?.recovering ?? false };
  }

  /** Takes a circuit decided elsewhere (another instance, through the shared store). */
  setCircuit(id: string, c: SharedCircuit): void {
    const e = this.entry(id);
    e.cooldownStartedAt = c.cooldownStartedAt;
    e.cooldownUntil = c.cooldownUntil;
    e.recovering = c.recovering;
    if (!c.recovering) e.trial = undefined;
    if (c.lastError) e.lastError = c.lastError;
  }

  begin(id: string, now: number, rule: AdmissionRule = { maxInFlight: Infinity }): Admission {
    const peersInFlight = () => {
      let n = 0;
      for (const p of rule.share?.peers ?? []) n += this.entries.get(p)?.inFlight ?? 0;
      return n;
    };
    const verdict = admit(this.stats(id, now), rule, peersInFlight, now);
    if (verdict !== "ok" && verdict !== "trial") return { admitted: false, reason: verdict };
    const e = this.entry(id);
    this.roll(e, now);
    if (e.inFlight === 0) e.busySince = now;
    e.inFlight += 1;
    e.rpmUsed += 1;
    if (verdict === "ok") return { admitted: true };
    e.trial = ++this.trials;
    return { admitted: true, trial: e.trial };
  }

  private heard(e: Entry, now: number, trial: number | undefined): void {
    e.lastAnswerAt = now;
    if (this.circuit(e, now) === "half_open") e.recovering = false;
    if (trial !== undefined && trial === e.trial) e.trial = undefined;
  }

  answered(id: string, now: number, trial?: number): void {
    this.heard(this.entry(id), now, trial);
  }

  end(id: string, now: number, outcome: AttemptEnd): { cooldownUntil?: number } {
    const e = this.entry(id);
    this.roll(e, now);
    e.inFlight = Math.max(0, e.inFlight - 1);
    if (e.inFlight === 0) e.busySince = undefined;
    const isTrial = outcome.trial !== undefined && outcome.trial === e.trial;
    if (isTrial) e.trial = undefined;
    switch (outcome.result) {
      case "success":
        this.heard(e, now, undefined);
        if (outcome.latencyMs !== undefined) e.latencyMs = ema(e.latencyMs, outcome.latencyMs);
        if (outcome.ttftMs !== undefined) e.ttftMs = ema(e.ttftMs, outcome.ttftMs);
        if (outcome.tokens) e.tpmUsed += outcome.tokens;
        return {};
      case "neutral":
        return {};
      case "failure": {
        const { policy } = outcome;
        e.lastError = outcome.errorKind;
        e.lastFailureAt = now;
        e.windowMs = policy.windowMs;
        e.failures = e.failures.filter((f) => f.at > now - policy.windowMs);
        e.failures.push({ at: now, startedAt: outcome.startedAt });
        if (policy.cooldownMs <= 0) return {};
        // A failed trial reopens the circuit at once. Otherwise count only attempts started since the last
        // cooldown began: the ones caught in it (a hang's backlog) must not trigger the next one.
        const counted = e.failures.filter((f) => f.startedAt > e.cooldownStartedAt).length;
        if (isTrial || (counted >= policy.allowedFails && this.circuit(e, now) === "closed")) {
          e.cooldownStartedAt = now;
          e.cooldownUntil = now + policy.cooldownMs;
          e.recovering = true;
          e.trial = undefined;
          return { cooldownUntil: e.cooldownUntil };
        }
        return {};
      }
      default: {
        const unreachable: never = outcome;
        throw new Error(`unknown attempt outcome ${JSON.stringify(unreachable)}`);
      }
    }
  }

  snapshot(id: string, now: number): MemberSnapshot {
    const stats = this.stats(id, now);
    const e = this.entries.get(id);
    const remaining = stats.cooldownUntil ? Math.ceil((stats.cooldownUntil - now) / 1000) : 0;
    return {
      memberId: id,
      ...stats,
      recentFailures: e ? e.failures.filter((f) => f.at > now - e.windowMs).length : 0,
      cooldownRemainingSeconds: remaining,
      lastError: e?.lastError,
    };
  }
}
