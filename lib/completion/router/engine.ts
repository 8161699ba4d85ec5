// The routing loop shared by plain and streamed calls: pick, attempt, retry with backoff, fall back, stop at the cap.
import { CompletionError } from "../errors";
import type { ChatRequest } from "../types";
import { contextFitter } from "./context";
import { pickMember } from "./pick";
import type { Random } from "./select";
import type { RouterState } from "./state";
import { RouterError, TraceBuilder } from "./trace";
import type { RouteOptions, RouterGroup, RouterMember } from "./types";

export interface EngineDeps {
  state: RouterState;
  random: Random;
  now: () => number;
  sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
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

/** One try against one member. Throws CompletionError on an upstream failure. */
export type AttemptFn<T> = (member: RouterMember, group: RouterGroup, signal: AbortSignal | undefined) => Promise<AttemptOutcome<T>>;

export interface Routed<T> {
  outcome: AttemptOutcome<T>;
  member: RouterMember;
  group: RouterGroup;
  tb: TraceBuilder;
}

/** Failures that say something about the member (and so count towards its cooldown), not about the request. */
const MEMBER_FAULTS = new Set(["rate_limit", "timeout", "upstream_unavailable", "stream_interrupted", "authentication", "permission", "not_found"]);

type GroupOutcome<T> =
  | { ok: true; routed: Routed<T> }
  | { ok: false; error?: CompletionError; reason: "failed" | "budget" | "cooling_down" | "context_window" | "no_available_members"; cooldownUntil?: number; firstBack?: RouterMember };

function abortReason(signal: AbortSignal | undefined): unknown {
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
  const fits = contextFitter(req);
  const maxAttempts = Math.max(1, primary.maxAttempts);
  const visited = new Set([primary.name]);
  const queue: RouterGroup[] = [primary];
  let lastError: CompletionError | undefined;
  let cooling: { until: number; member?: RouterMember; group: string } | undefined;
  let contextMiss = false;
  let budgetHit = false;

  const enqueue = (groups: RouterGroup[], front: boolean) => {
    const fresh = groups.filter((g) => !visited.has(g.name));
    for (const g of fresh) visited.add(g.name);
    if (front) queue.unshift(...fresh);
    else queue.push(...fresh);
  };

  while (queue.length) {
    const group = queue.shift()!;
    if (group !== primary) tb.trace.fallbacks.push(group.name);
    const out = await runGroup(deps, group, tb, fits, maxAttempts, opts.signal, stream, attempt);
    if (out.ok) return out.routed;
    if (out.error) lastError = out.error;
    if (out.reason === "budget") {
      budgetHit = true;
      break;
    }
    if (out.reason === "cooling_down" && out.cooldownUntil !== undefined && (!cooling || out.cooldownUntil < cooling.until)) {
      cooling = { until: out.cooldownUntil, member: out.firstBack, group: group.name };
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

  const trace = tb.finish(false, lastError?.kind ?? (cooling ? "cooling_down" : "no_available_members"));
  if (lastError) {
    const prefix = budgetHit ? `gave up after ${tb.attemptCount} attempts (maxAttempts ${maxAttempts})` : undefined;
    throw RouterError.fromCompletion(lastError, trace, prefix);
  }
  if (cooling) {
    const seconds = Math.max(1, Math.ceil((cooling.until - deps.now()) / 1000));
    const who = cooling.member ? ` (${cooling.member.name})` : "";
    throw new RouterError(
      "cooling_down",
      `every member of group "${cooling.group}" is cooling down after repeated failures; the first${who} returns in ${seconds}s`,
      trace,
      { status: 503, retryable: true, retryAfterMs: Math.max(0, cooling.until - deps.now()), hint: "retry after the cooldown, or add a fallback group" },
    );
  }
  if (contextMiss) {
    throw new RouterError("context_window_exceeded", `the prompt does not fit the context window of any member of group "${primary.name}"`, trace, {
      status: 400,
      hint: "shorten the prompt, lower max_tokens, or add a context-window fallback group",
    });
  }
  throw new RouterError("no_available_members", `group "${primary.name}" has no member available (disabled or at its rpm/tpm limit)`, trace, {
    status: 503,
    retryable: true,
    hint: "enable a member, raise its rpm/tpm limit, or add a fallback group",
  });
}

async function runGroup<T>(
  deps: EngineDeps,
  group: RouterGroup,
  tb: TraceBuilder,
  fits: ReturnType<typeof contextFitter>,
  maxAttempts: number,
  signal: AbortSignal | undefined,
  stream: boolean,
  attempt: AttemptFn<T>,
): Promise<GroupOutcome<T>> {
  const failed = new Set<string>();
  let lastError: CompletionError | undefined;
  let lastMember: RouterMember | undefined;
  for (let retry = 0; retry <= Math.max(0, group.retries); retry++) {
    if (tb.attemptCount >= maxAttempts) return { ok: false, error: lastError, reason: "budget" };
    if (signal?.aborted) throw abortReason(signal);
    const pick = await pickMember({
      group,
      state: deps.state,
      now: deps.now(),
      random: deps.random,
      stream,
      fits,
      failed,
      onSkip: (m, reason) => tb.skip(group.name, m, reason),
    });
    if (!pick.member) {
      if (lastError) return { ok: false, error: lastError, reason: "failed" };
      return { ok: false, reason: pick.reason, cooldownUntil: pick.cooldownUntil, firstBack: pick.firstBack };
    }
    const member = pick.member;
    // Failing over to another member is immediate; trying the same one again waits (Retry-After, else backoff).
    let waitedMs: number | undefined;
    if (lastError && member === lastMember) {
      const wait = lastError.retryAfterMs ?? backoffMs(retry, deps);
      if (wait > deps.maxRetryWaitMs) return { ok: false, error: lastError, reason: "failed" };
      if (wait > 0) {
        await deps.sleep(wait, signal);
        if (signal?.aborted) throw abortReason(signal);
        waitedMs = wait;
      }
    }
    const startedAt = deps.now();
    await deps.state.begin(member.id, startedAt);
    try {
      const outcome = await attempt(member, group, signal);
      const latencyMs = Math.max(0, Math.round(deps.now() - startedAt));
      tb.attempt({ group: group.name, memberId: member.id, memberName: member.name, provider: member.deployment.provider, ok: true, status: outcome.status ?? 200, latencyMs, ttftMs: outcome.ttftMs, waitedMs });
      tb.served(group.name, member);
      if (!stream) {
        // Streams record their success when they end (see RoutedStream).
        await deps.state.end(member.id);
        await deps.state.recordSuccess(member.id, { latencyMs, tokens: outcome.tokens }, deps.now());
      }
      return { ok: true, routed: { outcome, member, group, tb } };
    } catch (err) {
      await deps.state.end(member.id);
      if (signal?.aborted) throw abortReason(signal);
      if (!(err instanceof CompletionError)) throw err;
      const latencyMs = Math.max(0, Math.round(deps.now() - startedAt));
      let cooldownStarted: boolean | undefined;
      if (MEMBER_FAULTS.has(err.kind)) {
        const policy = { allowedFails: group.allowedFails, windowMs: group.cooldownWindowSeconds * 1000, cooldownMs: group.cooldownSeconds * 1000 };
        const r = await deps.state.recordFailure(member.id, deps.now(), policy, err.kind);
        if (r.cooldownUntil !== undefined) cooldownStarted = true;
      }
      tb.attempt({
        group: group.name,
        memberId: member.id,
        memberName: member.name,
        provider: member.deployment.provider,
        ok: false,
        status: err.status,
        latencyMs,
        errorKind: err.kind,
        errorMessage: err.message,
        waitedMs,
        cooldownStarted,
      });
      lastError = err;
      lastMember = member;
      failed.add(member.id);
      if (!err.retryable) return { ok: false, error: err, reason: "failed" };
    }
  }
  return { ok: false, error: lastError, reason: "failed" };
}
