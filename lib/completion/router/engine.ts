// The routing loop shared by plain and streamed calls: pick, have the state admit the attempt, try it, retry on
// another member (or the same one after a backoff), fall back, and stop at the attempt cap or the deadline.
import type { CancelSignal } from "../cancel";
import { CompletionError } from "../errors";
import type { ChatRequest } from "../types";
import { contextFitter } from "./context";
import { pickMember } from "./pick";
import type { Random } from "./select";
import { isPromise, type AttemptEnd, type CooldownPolicy, type RouterState } from "./state";
import { RouterError, TraceBuilder } from "./trace";
import type { RouteOptions, RouterGroup, RouterMember } from "./types";

export interface EngineDeps {
  state: RouterState;
  random: Random;
  now: () => number;
  sleep: (ms: number, signal?: CancelSignal) => Promise<void>;
  backoffBaseMs: number;
  backoffMaxMs: number;
  /** A Retry-After longer than this is not waited for: the router moves on to other members or fallbacks. */
  maxRetryWaitMs: number;
}

export interface AttemptOutcome<T> {
  value: T;
  status?: number;
  ttftMs?: number;
  tokens?: number;
}

/** One attempt's timeouts: the group's, cut to what is left of the call's deadline. */
export interface AttemptLimits {
  /** Until the response headers. */
  firstByteTimeoutMs: number;
  /** Plain calls: the whole attempt. Streams: the longest silence between events (not cut by the deadline). */
  timeoutMs: number;
  /** Streams: until the first content chunk. */
  streamTtftTimeoutMs: number;
}

/** One try against one member. Throws CompletionError on an upstream failure. */
export type AttemptFn<T> = (member: RouterMember, group: RouterGroup, signal: CancelSignal | undefined, limits: AttemptLimits) => Promise<AttemptOutcome<T>>;

export interface Routed<T> {
  outcome: AttemptOutcome<T>;
  member: RouterMember;
  group: RouterGroup;
  tb: TraceBuilder;
  /** When the served attempt started (clock of EngineDeps.now). */
  startedAt: number;
}

/** No attempt starts with less of the deadline left than this: it could not get an answer. */
const MIN_ATTEMPT_MS = 10;
/**
 * A pick refused only for the share rule (others were admitted between the pick's read and its begin) is picked
 * again from fresh stats; after this many, the attempt is admitted on the hard limits alone, so a burst cannot
 * starve one call.
 */
const MAX_SHARE_REPICKS = 8;

/** Failures that say something about the member (and so count towards its cooldown), not about the request. */
const MEMBER_FAULTS = new Set(["rate_limit", "timeout", "upstream_unavailable", "stream_interrupted", "authentication", "permission", "not_found"]);

export function cooldownPolicy(group: RouterGroup): CooldownPolicy {
  return { allowedFails: group.allowedFails, windowMs: group.cooldownWindowSeconds * 1000, cooldownMs: group.cooldownSeconds * 1000 };
}

type GroupOutcome<T> =
  | { ok: true; routed: Routed<T> }
  | {
      ok: false;
      error?: CompletionError;
      reason: "failed" | "budget" | "deadline" | "cooling_down" | "context_window" | "no_available_members";
      cooldownUntil?: number;
      firstBack?: RouterMember;
      recovering?: RouterMember;
    };

/** What one routed call shares across its groups. */
interface CallContext<T> {
  deps: EngineDeps;
  tb: TraceBuilder;
  fits: ReturnType<typeof contextFitter>;
  maxAttempts: number;
  /** Epoch ms (EngineDeps.now) after which no attempt starts. */
  deadlineAt: number;
  signal: CancelSignal | undefined;
  stream: boolean;
  attempt: AttemptFn<T>;
  /** Members that timed out during this call: never tried again in it, in any group. */
  timedOut: Set<string>;
}

function abortReason(signal: CancelSignal | undefined): unknown {
  return signal?.reason ?? new DOMException("aborted", "AbortError");
}

export function backoffMs(retry: number, deps: Pick<EngineDeps, "backoffBaseMs" | "backoffMaxMs">): number {
  return Math.min(deps.backoffMaxMs, deps.backoffBaseMs * 2 ** Math.max(0, retry - 1));
}

export async function runRoute<T>(
  deps: EngineDeps,
  primary: RouterGroup,
  req: ChatRequest,
  opts: RouteOptions,
  stream: boolean,
  attempt: AttemptFn<T>,
): Promise<Routed<T>> {
  const tb = new TraceBuilder(primary, stream, deps.now);
  const maxAttempts = Math.max(1, primary.maxAttempts);
  const call: CallContext<T> = {
    deps,
    tb,
    fits: contextFitter(req),
    maxAttempts,
    deadlineAt: deps.now() + primary.deadlineMs,
    signal: opts.signal,
    stream,
    attempt,
    timedOut: new Set(),
  };
  const visited = new Set([primary.name]);
  const queue: RouterGroup[] = [primary];
  let lastError: CompletionError | undefined;
  let cooling: { until: number; member?: RouterMember; recovering: boolean; group: string } | undefined;
  let contextMiss = false;
  let stoppedBy: "budget" | "deadline" | undefined;

  const enqueue = (groups: RouterGroup[], front: boolean) => {
    const fresh = groups.filter((g) => !visited.has(g.name));
    for (const g of fresh) visited.add(g.name);
    if (front) queue.unshift(...fresh);
    else queue.push(...fresh);
  };

  while (queue.length) {
    const group = queue.shift()!;
    if (group !== primary) tb.trace.fallbacks.push(group.name);
    const out = await runGroup(call, group);
    if (out.ok) return out.routed;
    if (out.error) lastError = out.error;
    if (out.reason === "budget" || out.reason === "deadline") {
      stoppedBy = out.reason;
      break;
    }
    if (out.reason === "cooling_down" && out.cooldownUntil !== undefined && (!cooling || out.cooldownUntil < cooling.until)) {
      cooling = { until: out.cooldownUntil, member: out.firstBack, recovering: out.recovering !== undefined, group: group.name };
    }
    const kind = out.reason === "context_window" ? "context_window_exceeded" : out.error && !out.error.retryable ? out.error.kind : undefined;
    if (out.reason === "context_window") contextMiss = true;
    if (kind === "context_window_exceeded" || kind === "content_policy") {
      const list = kind === "context_window_exceeded" ? group.contextWindowFallbacks : group.contentPolicyFallbacks;
      if (!list.length) break;
      queue.length = 0; // a request-shaped error: only the dedicated list can help
      enqueue(list, true);
      continue;
    }
    if (kind) break; // bad request, authentication…: return at once
    enqueue(group.fallbacks, true);
  }

  const trace = tb.finish(false, lastError?.kind ?? (stoppedBy === "deadline" ? "timeout" : cooling ? "cooling_down" : "no_available_members"));
  const attempts = `${tb.attemptCount} attempt${tb.attemptCount === 1 ? "" : "s"}`;
  if (stoppedBy === "deadline" && !lastError) {
    throw new RouterError("timeout", `group "${primary.name}" found no member to answer within its ${primary.deadlineMs} ms deadline`, trace, {
      status: 504,
      retryable: true,
      hint: "raise deadlineMs, or add members or a fallback group",
    });
  }
  if (lastError) {
    const prefix =
      stoppedBy === "budget"
        ? `gave up after ${attempts} (maxAttempts ${maxAttempts})`
        : stoppedBy === "deadline"
          ? `gave up at the ${primary.deadlineMs} ms deadline after ${attempts}`
          : undefined;
    throw RouterError.fromCompletion(lastError, trace, prefix);
  }
  if (cooling) {
    const seconds = Math.max(1, Math.ceil((cooling.until - deps.now()) / 1000));
    const who = cooling.member ? ` (${cooling.member.name})` : "";
    const back = cooling.recovering ? `the first${who} is being re-tested with one trial request` : `the first${who} returns in ${seconds}s`;
    throw new RouterError("cooling_down", `every member of group "${cooling.group}" is cooling down after repeated failures; ${back}`, trace, {
      status: 503,
      retryable: true,
      retryAfterMs: cooling.recovering ? 1000 : Math.max(0, cooling.until - deps.now()),
      hint: "retry after the cooldown, or add a fallback group",
    });
  }
  if (contextMiss) {
    throw new RouterError("context_window_exceeded", `the prompt does not fit the context window of any member of group "${primary.name}"`, trace, {
      status: 400,
      hint: "shorten the prompt, lower max_tokens, or add a context-window fallback group",
    });
  }
  throw new RouterError("no_available_members", `group "${primary.name}" has no member available (disabled, or at its rpm/tpm or in-flight limit)`, trace, {
    status: 503,
    retryable: true,
    hint: "enable a member, raise its rpm/tpm limit or the group's maxInFlight, or add a fallback group",
  });
}

async function runGroup<T>(call: CallContext<T>, group: RouterGroup): Promise<GroupOutcome<T>> {
  const { deps, tb, signal } = call;
  const failed = new Set<string>();
  let lastError: CompletionError | undefined;
  let lastMember: RouterMember | undefined;
  for (let retry = 0; retry <= Math.max(0, group.retries); retry++) {
    if (tb.attemptCount >= call.maxAttempts) return { ok: false, error: lastError, reason: "budget" };
    if (signal?.aborted) throw abortReason(signal);

    // Pick, then have the state admit the pick. A member refused for a hard limit (another call took its last
    // slot or its trial) is left out and the pick runs again; one refused for its share is picked against again,
    // from fresh stats that now show it over its share.
    let refused: Set<string> | undefined;
    let shareRefusals = 0;
    let member: RouterMember | undefined;
    let trial: number | undefined;
    let waitedMs: number | undefined;
    while (!member) {
      const remaining = call.deadlineAt - deps.now();
      if (remaining < MIN_ATTEMPT_MS) return { ok: false, error: lastError, reason: "deadline" };
      const picked = pickMember({
        group,
        state: deps.state,
        now: deps.now(),
        random: deps.random,
        stream: call.stream,
        fits: call.fits,
        failed,
        exclude: refused ?? call.timedOut,
        onSkip: (m, reason) => tb.skip(group.name, m, reason),
      });
      const pick = isPromise(picked) ? await picked : picked;
      if (!pick.member) {
        if (lastError) return { ok: false, error: lastError, reason: "failed" };
        return { ok: false, reason: pick.reason, cooldownUntil: pick.cooldownUntil, firstBack: pick.firstBack, recovering: pick.recovering };
      }
      // Failing over to another member is immediate; trying the same one again waits (Retry-After, else backoff).
      if (lastError && pick.member === lastMember && waitedMs === undefined) {
        const wait = lastError.retryAfterMs ?? backoffMs(retry, deps);
        if (wait > deps.maxRetryWaitMs || wait >= remaining) return { ok: false, error: lastError, reason: "failed" };
        if (wait > 0) {
          await deps.sleep(wait, signal);
          if (signal?.aborted) throw abortReason(signal);
        }
        waitedMs = wait || undefined;
      }
      const rule = shareRefusals < MAX_SHARE_REPICKS ? pick.rule : Object.assign({}, pick.rule, { share: undefined });
      const begun = deps.state.begin(pick.member.id, deps.now(), rule);
      const admission = isPromise(begun) ? await begun : begun;
      if (admission.admitted) {
        member = pick.member;
        trial = admission.trial;
      } else {
        tb.skip(group.name, pick.member, admission.reason);
        if (admission.reason === "unanswered") shareRefusals++;
        else (refused ??= new Set(call.timedOut)).add(pick.member.id);
      }
    }

    const startedAt = deps.now();
    const remaining = Math.max(1, call.deadlineAt - startedAt);
    const limits: AttemptLimits = {
      firstByteTimeoutMs: Math.min(group.firstByteTimeoutMs, remaining),
      timeoutMs: call.stream ? group.timeoutMs : Math.min(group.timeoutMs, remaining),
      streamTtftTimeoutMs: Math.min(group.streamTtftTimeoutMs, remaining),
    };
    try {
      const outcome = await call.attempt(member, group, signal, limits);
      const latencyMs = Math.max(0, Math.round(deps.now() - startedAt));
      tb.attempt({ group: group.name, memberId: member.id, memberName: member.name, provider: member.deployment.provider, ok: true, status: outcome.status ?? 200, latencyMs, ttftMs: outcome.ttftMs, waitedMs });
      tb.served(group.name, member);
      // A stream has answered with its first token; it ends (and is recorded as a whole) in RoutedStream.
      const recorded = call.stream ? deps.state.answered(member.id, deps.now(), trial) : deps.state.end(member.id, deps.now(), { result: "success", startedAt, trial, latencyMs, tokens: outcome.tokens });
      if (isPromise(recorded)) await recorded;
      return { ok: true, routed: { outcome, member, group, tb, startedAt } };
    } catch (err) {
      const fault = !signal?.aborted && err instanceof CompletionError && MEMBER_FAULTS.has(err.kind);
      const end: AttemptEnd = fault
        ? { result: "failure", startedAt, trial, policy: cooldownPolicy(group), errorKind: (err as CompletionError).kind }
        : { result: "neutral", startedAt, trial };
      const { cooldownUntil } = await deps.state.end(member.id, deps.now(), end);
      if (signal?.aborted) throw abortReason(signal);
      if (!(err instanceof CompletionError)) throw err;
      tb.attempt({
        group: group.name,
        memberId: member.id,
        memberName: member.name,
        provider: member.deployment.provider,
        ok: false,
        status: err.status,
        latencyMs: Math.max(0, Math.round(deps.now() - startedAt)),
        errorKind: err.kind,
        errorMessage: err.message,
        waitedMs,
        cooldownStarted: cooldownUntil !== undefined ? true : undefined,
      });
      lastError = err;
      lastMember = member;
      failed.add(member.id);
      // A member that timed out is likely to do it again: waiting on it twice is what stalls a call.
      if (err.kind === "timeout") call.timedOut.add(member.id);
      if (!err.retryable) return { ok: false, error: err, reason: "failed" };
    }
  }
  return { ok: false, error: lastError, reason: "failed" };
}
