// The trace of one routed call: every attempt, what was skipped and why, who served, which fallbacks ran.
import { CompletionError, HTTP_STATUS_FOR_KIND, type CompletionErrorKind } from "../errors";
import type { RouterMember } from "./types";

/**
 * cooling_down: its circuit is open. recovering: its cooldown is over and the one trial request is out.
 * at_capacity: at the group's maxInFlight. unanswered: no answer lately and already holding its share of the
 * in-flight attempts.
 */
export type SkipReason = "disabled" | "cooling_down" | "recovering" | "context_window" | "rate_limit" | "at_capacity" | "unanswered";

export interface TraceAttempt {
  /** 1-based over the whole call. */
  n: number;
  group: string;
  memberId: string;
  memberName: string;
  provider: string;
  ok: boolean;
  /** Upstream HTTP status when one was received (200 on success). */
  status?: number;
  latencyMs: number;
  ttftMs?: number;
  /** CompletionError kind, e.g. "rate_limit", "timeout", "upstream_unavailable". */
  errorKind?: string;
  errorMessage?: string;
  /** Wait before this attempt (backoff or Retry-After), ms. */
  waitedMs?: number;
  /** This failure started a cooldown for the member. */
  cooldownStarted?: boolean;
}

export interface TraceSkip {
  group: string;
  memberId: string;
  memberName: string;
  reason: SkipReason;
}

export interface RouteTrace {
  group: string;
  strategy: string;
  stream: boolean;
  attempts: TraceAttempt[];
  skipped: TraceSkip[];
  /** Fallback groups entered, in order. */
  fallbacks: string[];
  servedBy?: { group: string; memberId: string; memberName: string; provider: string };
  ok: boolean;
  /** Set once the call (or, for streams, the stream) has ended. */
  finished: boolean;
  totalMs: number;
  errorKind?: string;
  /** Streams: the served stream failed after its first token (it ends with an error event, never silently). */
  streamError?: { kind: string; message: string };
}

/** The member that served, else the last one tried: whom a call is reported and logged against. */
export function servedOrLast(trace: RouteTrace): Pick<TraceAttempt, "memberId" | "memberName" | "provider"> | undefined {
  return trace.servedBy ?? trace.attempts[trace.attempts.length - 1];
}

export class TraceBuilder {
  readonly trace: RouteTrace;
  private readonly startedAt: number;
  private readonly skipKeys = new Set<string>();

  constructor(
    group: { name: string; strategy: string },
    stream: boolean,
    private readonly now: () => number,
  ) {
    this.startedAt = now();
    this.trace = { group: group.name, strategy: group.strategy, stream, attempts: [], skipped: [], fallbacks: [], ok: false, finished: false, totalMs: 0 };
  }

  get attemptCount(): number {
    return this.trace.attempts.length;
  }

  skip(group: string, member: RouterMember, reason: SkipReason): void {
    const key = `${group}\u0000${member.id}\u0000${reason}`;
    if (this.skipKeys.has(key)) return;
    this.skipKeys.add(key);
    this.trace.skipped.push({ group, memberId: member.id, memberName: member.name, reason });
  }

  attempt(a: Omit<TraceAttempt, "n">): TraceAttempt {
    const entry = { n: this.trace.attempts.length + 1, ...a };
    this.trace.attempts.push(entry);
    return entry;
  }

  served(group: string, member: RouterMember): void {
    this.trace.servedBy = { group, memberId: member.id, memberName: member.name, provider: member.deployment.provider };
    this.trace.ok = true;
  }

  finish(ok: boolean, errorKind?: string): RouteTrace {
    this.trace.ok = ok;
    this.trace.finished = true;
    this.trace.totalMs = Math.max(0, Math.round(this.now() - this.startedAt));
    if (!ok) this.trace.errorKind = errorKind;
    return this.trace;
  }
}

export type RouterErrorKind = CompletionErrorKind | "cooling_down" | "no_available_members" | "attempts_exhausted";

/** Why a routed call failed, with the trace. `cause` is the last upstream CompletionError, if any. */
export class RouterError extends Error {
  readonly kind: RouterErrorKind;
  readonly status: number;
  readonly retryable: boolean;
  /** cooling_down: when the first member returns; rate_limit: the upstream's Retry-After. */
  readonly retryAfterMs?: number;
  readonly hint?: string;
  readonly trace: RouteTrace;

  constructor(
    kind: RouterErrorKind,
    message: string,
    trace: RouteTrace,
    init: { status?: number; retryable?: boolean; retryAfterMs?: number; hint?: string; cause?: unknown } = {},
  ) {
    super(message, init.cause === undefined ? undefined : { cause: init.cause });
    this.name = "RouterError";
    this.kind = kind;
    this.trace = trace;
    this.status = init.status ?? (kind in HTTP_STATUS_FOR_KIND ? HTTP_STATUS_FOR_KIND[kind as CompletionErrorKind] : 503);
    this.retryable = init.retryable ?? false;
    this.retryAfterMs = init.retryAfterMs;
    this.hint = init.hint;
  }

  static fromCompletion(err: CompletionError, trace: RouteTrace, prefix?: string): RouterError {
    return new RouterError(err.kind, prefix ? `${prefix}: ${err.message}` : err.message, trace, {
      status: HTTP_STATUS_FOR_KIND[err.kind],
      retryable: err.retryable,
      retryAfterMs: err.retryAfterMs,
      hint: err.hint,
      cause: err,
    });
  }

  toJSON() {
    return { kind: this.kind, message: this.message, status: this.status, retryable: this.retryable, retryAfterMs: this.retryAfterMs, hint: this.hint };
  }
}
