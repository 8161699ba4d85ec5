import "server-only";
import { complete, stream, type CancelSignal, type ChatCompletionChunk, type ChatRequest, type CompletionResult, type StreamMeta } from "@/lib/completion";
import { RouterError, servedOrLast, type RouteTrace } from "@/lib/completion/router";
import type { Db } from "@/lib/server/db";
import { getRouter } from "@/lib/groups/server/routing";
import { getRouterGroup, type Target } from "./config";
import { modelNotFound } from "./errors";

// One call to a target: a registered model goes straight to the completion core; a routing group goes
// through the router (routing.ts's router and its shared health state, with the group config cached in
// memory). Both report the same small trace for the response headers and the request log.

export interface DispatchTrace {
  group: string | null;
  /** The registered model that served, or the last one tried. */
  member: { id: string | null; name: string; provider: string } | null;
  attempts: number;
  fallbacks: number;
  /** Fallback groups entered, in order. */
  fallbackGroups: string[];
  /** The router's own trace (group calls): every attempt, final once a stream has ended. */
  route?: RouteTrace;
}

/** What the SSE encoder needs from the core's CompletionStream and the router's RoutedStream alike. */
export interface GatewayStream {
  readonly meta: StreamMeta;
  batches(): AsyncIterator<ChatCompletionChunk[]>;
  cancel(): void;
}

export type Dispatched =
  | { kind: "result"; result: CompletionResult; trace: DispatchTrace }
  | { kind: "stream"; stream: GatewayStream; trace: DispatchTrace };

/** Thrown with the trace so far, so a failed call is still logged against the member that failed. */
export class DispatchError extends Error {
  constructor(
    readonly cause: unknown,
    readonly trace: DispatchTrace | null,
  ) {
    super("dispatch failed");
    this.name = "DispatchError";
  }
}

export interface DispatchOptions {
  stream: boolean;
  signal?: CancelSignal;
}

export function fromRouteTrace(t: RouteTrace): DispatchTrace {
  const served = servedOrLast(t);
  return {
    group: t.group,
    member: served ? { id: served.memberId, name: served.memberName, provider: served.provider } : null,
    attempts: t.attempts.length,
    fallbacks: t.fallbacks.length,
    fallbackGroups: t.fallbacks,
    route: t,
  };
}

export async function dispatch(db: Db, target: Target, request: ChatRequest, opts: DispatchOptions): Promise<Dispatched> {
  if (target.kind === "model") {
    const d = target.model.deployment;
    const trace: DispatchTrace = {
      group: null,
      member: { id: target.model.id, name: target.model.name, provider: d.provider },
      attempts: 1,
      fallbacks: 0,
      fallbackGroups: [],
    };
    try {
      if (target.model.unreadable) throw target.model.unreadable;
      if (opts.stream) return { kind: "stream", stream: await stream(d, request, { signal: opts.signal, passthrough: true }), trace };
      return { kind: "result", result: await complete(d, request, { signal: opts.signal }), trace };
    } catch (err) {
      throw new DispatchError(err, trace);
    }
  }

  const cached = getRouterGroup(db, target.name);
  const group = cached instanceof Promise ? await cached : cached;
  if (!group) throw modelNotFound(target.name); // deleted since the name was resolved
  try {
    if (opts.stream) {
      const out = await getRouter().routeStream(group, request, { signal: opts.signal, passthrough: true });
      return { kind: "stream", stream: out.stream, trace: fromRouteTrace(out.trace) };
    }
    const out = await getRouter().route(group, request, { signal: opts.signal });
    return { kind: "result", result: out.result, trace: fromRouteTrace(out.trace) };
  } catch (err) {
    throw new DispatchError(err, err instanceof RouterError ? fromRouteTrace(err.trace) : { group: target.name, member: null, attempts: 0, fallbacks: 0, fallbackGroups: [] });
  }
}
