import { stream, type ChatRequest, type CompletionStream } from "@/lib/completion";
import type { Target } from "@/lib/playground/schema";
import type { RoutingTraceView } from "@/lib/playground/types";
import type { Db } from "./db";
import { loadDeploymentByName } from "./playground-deployments";

// Opens the upstream stream for one column: a registered model through the completion core,
// or a routing group through the router (lib/server/routing.ts, once it exists).

export interface OpenedColumn {
  stream: CompletionStream;
  /** Model that served (groups), known once the stream is open. */
  servedBy: string | null;
  /** Routing trace, read after the stream ends (groups only). */
  trace: () => RoutingTraceView | null;
}

export function groupsAvailable(): boolean {
  return false;
}

export async function openColumn(db: Db, target: Target, request: ChatRequest, signal: AbortSignal): Promise<OpenedColumn> {
  if (target.type === "group") {
    throw new Error("group columns are not available until the router exists");
  }
  const deployment = await loadDeploymentByName(db, target.name);
  const s = await stream(deployment, request, { signal });
  return { stream: s, servedBy: null, trace: () => null };
}
