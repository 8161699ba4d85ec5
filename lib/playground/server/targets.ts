import "server-only";
import { stream, type ChatCompletionChunk, type ChatRequest, type Deployment, type StreamMeta } from "@/lib/completion";
import { servedOrLast, type RouteTrace } from "@/lib/completion/router";
import type { Target } from "@/lib/playground/schema";
import type { RoutingTraceView } from "@/lib/playground/types";
import type { Db } from "@/lib/server/db";
import { callGroup } from "@/lib/groups/server/routing";
import { loadDeploymentByName } from "@/lib/models/server/deployment-by-name";

// Opens the upstream stream for one column: a registered model through the completion core,
// or a routing group through the router (lib/groups/server/routing.ts, which also writes its RequestLog row).

export interface OpenedColumn {
  stream: AsyncIterable<ChatCompletionChunk> & { readonly meta: StreamMeta };
  /** Model that served (groups), known once the stream is open. */
  servedBy: string | null;
  /** Routing trace so far (groups only). */
  trace: () => RoutingTraceView | null;
  /** Wall-clock TTFT is the honest figure for groups: it includes failed attempts before the served one. */
  wallClockTtft: boolean;
  /** The registered model called (model columns), for the RequestLog row. */
  model?: { id?: string; provider: string };
  /** Resolves once the router has written its RequestLog row (groups). */
  logged?: Promise<void>;
}

export function toTraceView(trace: RouteTrace): RoutingTraceView {
  return {
    servedBy: servedOrLast(trace)?.memberName ?? null,
    attempts: trace.attempts.map((a) => ({ model: a.memberName, ok: a.ok, errorKind: a.errorKind ?? null, latencyMs: a.latencyMs, group: a.group })),
    fallbacks: trace.fallbacks,
  };
}

export async function openColumn(db: Db, target: Target, request: ChatRequest, signal: AbortSignal, preloaded?: Deployment): Promise<OpenedColumn> {
  if (target.type === "group") {
    const { stream: routed, trace, logged } = await callGroup(target.name, request, { stream: true, signal, source: "playground", db });
    return { stream: routed, servedBy: routed.member.name, trace: () => toTraceView(trace), wallClockTtft: true, logged };
  }
  const deployment = preloaded ?? (await loadDeploymentByName(db, target.name));
  const s = await stream(deployment, request, { signal });
  return { stream: s, servedBy: null, trace: () => null, wallClockTtft: false, model: { id: deployment.id, provider: deployment.provider } };
}
