// createRouter: routes a chat request over a group's members, with retries, fallbacks and cooldowns,
// and returns what it did as a trace. Clock, randomness, sleep and the core's calls are injectable.
import { complete as coreComplete, stream as coreStream, validateRequest } from "../core";
import type { CancelSignal } from "../cancel";
import { CompletionError } from "../errors";
import type { ChatRequest, CompletionResult } from "../types";
import { countPromptForGroup } from "./context";
import { runRoute, type EngineDeps } from "./engine";
import { InMemoryRouterState, type RouterState } from "./state";
import { openStream, RoutedStream } from "./stream";
import { RouterError, TraceBuilder, type RouteTrace } from "./trace";
import type { CompleteFn, RouteOptions, RouterGroup, StreamFn } from "./types";

export interface RouterDeps {
  state?: RouterState;
  /** [0, 1), like Math.random. */
  random?: () => number;
  /** Epoch milliseconds. */
  now?: () => number;
  sleep?: (ms: number, signal?: CancelSignal) => Promise<void>;
  complete?: CompleteFn;
  stream?: StreamFn;
  /** First retry backoff (doubles each retry), default 250 ms, capped at backoffMaxMs (default 8 s). */
  backoffBaseMs?: number;
  backoffMaxMs?: number;
  /** Longest Retry-After the router waits for before moving on (default 10 s). */
  maxRetryWaitMs?: number;
}

export interface Router {
  readonly state: RouterState;
  route(group: RouterGroup, req: ChatRequest, opts?: RouteOptions): Promise<{ result: CompletionResult; trace: RouteTrace }>;
  /** Resolves once a member sent its first content; `trace` is finished when the stream ends (await `stream.done`). */
  routeStream(group: RouterGroup, req: ChatRequest, opts?: RouteOptions): Promise<{ stream: RoutedStream; trace: RouteTrace }>;
}

export function abortableSleep(ms: number, signal?: CancelSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const done = () => {
      clearTimeout(timer);
      signal?.removeEventListener("abort", done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal?.addEventListener("abort", done, { once: true });
  });
}

/**
 * A malformed request (say, tools nested thousands deep) is the caller's fault: it fails here, once, before any
 * member is tried, so it neither counts against a member's rpm nor towards a cooldown.
 */
function checkRequest(group: RouterGroup, req: ChatRequest, stream: boolean, now: () => number): void {
  try {
    validateRequest(req);
  } catch (err) {
    if (!(err instanceof CompletionError)) throw err;
    throw RouterError.fromCompletion(err, new TraceBuilder(group, stream, now).finish(false, err.kind));
  }
}

const asOutcome = (result: CompletionResult) => ({ value: result, status: 200, tokens: result.usage.total_tokens });

export function createRouter(deps: RouterDeps = {}): Router {
  const engine: EngineDeps = {
    state: deps.state ?? new InMemoryRouterState(),
    random: deps.random ?? Math.random,
    now: deps.now ?? Date.now,
    sleep: deps.sleep ?? abortableSleep,
    backoffBaseMs: deps.backoffBaseMs ?? 250,
    backoffMaxMs: deps.backoffMaxMs ?? 8_000,
    maxRetryWaitMs: deps.maxRetryWaitMs ?? 10_000,
  };
  const completeFn = deps.complete ?? coreComplete;
  const streamFn = deps.stream ?? coreStream;

  return {
    state: engine.state,

    async route(group, req, opts = {}) {
      checkRequest(group, req, false, engine.now);
      const counting = countPromptForGroup(group, req, opts.signal);
      if (counting) await counting;
      const routed = await runRoute(engine, group, req, opts, false, (member, _g, signal, limits) =>
        completeFn(member.deployment, req, { signal, timeoutMs: limits.timeoutMs, firstByteTimeoutMs: limits.firstByteTimeoutMs }).then(asOutcome),
      );
      return { result: routed.outcome.value, trace: routed.tb.finish(true) };
    },

    async routeStream(group, req, opts = {}) {
      checkRequest(group, req, true, engine.now);
      const counting = countPromptForGroup(group, req, opts.signal);
      if (counting) await counting;
      const routed = await runRoute(engine, group, req, opts, true, (member, _g, signal, limits) => openStream(streamFn, member, req, signal, limits, engine.now, opts.passthrough));
      const stream = new RoutedStream(routed, engine);
      return { stream, trace: stream.trace };
    },
  };
}
