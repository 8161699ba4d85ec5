// Router state: in-flight counts, latency averages, per-minute usage, failures and cooldowns.
// An interface so a shared implementation (several instances) can replace the in-memory one.

export interface MemberStats {
  inFlight: number;
  /** Exponential moving average of whole-call latency (ms); undefined until the first success. */
  latencyMs?: number;
  /** Moving average of time to first token for streams (ms). */
  ttftMs?: number;
  /** Requests and tokens in the current minute (for rpm/tpm limits and usage-based routing). */
  rpmUsed: number;
  tpmUsed: number;
  /** Epoch ms until which the member is skipped; undefined when not cooling down. */
  cooldownUntil?: number;
}

export interface CooldownPolicy {
  allowedFails: number;
  windowMs: number;
  cooldownMs: number;
}

export interface MemberSnapshot extends MemberStats {
  memberId: string;
  /** Failures inside the (last used) cooldown window. */
  recentFailures: number;
  cooldownRemainingSeconds: number;
  lastError?: string;
}

type MaybePromise<T> = T | Promise<T>;

export interface RouterState {
  /** Stats for several members in one read (one round trip for a shared store). Order matches `ids`. */
  load(ids: readonly string[], now: number): MaybePromise<MemberStats[]>;
  /** An attempt starts: in-flight +1, one request against rpm. */
  begin(id: string, now: number): MaybePromise<void>;
  /** The attempt ended, whatever the outcome: in-flight −1. */
  end(id: string): MaybePromise<void>;
  recordSuccess(id: string, sample: { latencyMs?: number; ttftMs?: number; tokens?: number }, now: number): MaybePromise<void>;
  /** Counts a failure; returns the cooldown end when this failure started one. */
  recordFailure(id: string, now: number, policy: CooldownPolicy, errorKind?: string): MaybePromise<{ cooldownUntil?: number }>;
  snapshot(id: string, now: number): MaybePromise<MemberSnapshot>;
}

/** Weight of the newest sample in the moving averages. */
export const EMA_ALPHA = 0.3;
const MINUTE_MS = 60_000;

interface Entry {
  inFlight: number;
  latencyMs?: number;
  ttftMs?: number;
  minute: number;
  rpmUsed: number;
  tpmUsed: number;
  /** Failure times inside the last window (kept through a cooldown, for the health view). */
  failures: number[];
  windowMs: number;
  /** Only failures after the last cooldown started count towards the next one. */
  cooldownStartedAt: number;
  cooldownUntil?: number;
  lastError?: string;
}

const ema = (prev: number | undefined, sample: number) => (prev === undefined ? sample : prev + EMA_ALPHA * (sample - prev));

export class InMemoryRouterState implements RouterState {
  private readonly entries = new Map<string, Entry>();

  private entry(id: string): Entry {
    let e = this.entries.get(id);
    if (!e) {
      e = { inFlight: 0, minute: 0, rpmUsed: 0, tpmUsed: 0, failures: [], windowMs: MINUTE_MS, cooldownStartedAt: -Infinity };
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

  private stats(id: string, now: number): MemberStats {
    const e = this.entries.get(id);
    if (!e) return { inFlight: 0, rpmUsed: 0, tpmUsed: 0 };
    this.roll(e, now);
    const cooling = e.cooldownUntil !== undefined && e.cooldownUntil > now;
    return {
      inFlight: e.inFlight,
      latencyMs: e.latencyMs,
      ttftMs: e.ttftMs,
      rpmUsed: e.rpmUsed,
      tpmUsed: e.tpmUsed,
      cooldownUntil: cooling ? e.cooldownUntil : undefined,
    };
  }

  load(ids: readonly string[], now: number): MemberStats[] {
    return ids.map((id) => this.stats(id, now));
  }

  begin(id: string, now: number): void {
    const e = this.entry(id);
    this.roll(e, now);
    e.inFlight += 1;
    e.rpmUsed += 1;
  }

  end(id: string): void {
    const e = this.entry(id);
    e.inFlight = Math.max(0, e.inFlight - 1);
  }

  recordSuccess(id: string, sample: { latencyMs?: number; ttftMs?: number; tokens?: number }, now: number): void {
    const e = this.entry(id);
    this.roll(e, now);
    if (sample.latencyMs !== undefined) e.latencyMs = ema(e.latencyMs, sample.latencyMs);
    if (sample.ttftMs !== undefined) e.ttftMs = ema(e.ttftMs, sample.ttftMs);
    if (sample.tokens) e.tpmUsed += sample.tokens;
  }

  recordFailure(id: string, now: number, policy: CooldownPolicy, errorKind?: string): { cooldownUntil?: number } {
    const e = this.entry(id);
    e.lastError = errorKind;
    e.windowMs = policy.windowMs;
    e.failures = e.failures.filter((t) => t > now - policy.windowMs);
    e.failures.push(now);
    // A fresh start after a cooldown: failures before it must not re-trigger it on the first new one.
    const counted = e.failures.filter((t) => t > e.cooldownStartedAt).length;
    if (counted >= policy.allowedFails && policy.cooldownMs > 0) {
      e.cooldownStartedAt = now;
      e.cooldownUntil = now + policy.cooldownMs;
      return { cooldownUntil: e.cooldownUntil };
    }
    return {};
  }

  snapshot(id: string, now: number): MemberSnapshot {
    const stats = this.stats(id, now);
    const e = this.entries.get(id);
    const remaining = stats.cooldownUntil ? Math.ceil((stats.cooldownUntil - now) / 1000) : 0;
    return {
      memberId: id,
      ...stats,
      recentFailures: e ? e.failures.filter((t) => t > now - e.windowMs).length : 0,
      cooldownRemainingSeconds: remaining,
      lastError: e?.lastError,
    };
  }
}
