import "server-only";
import { complete, stream, type ChatRequest, type CompletionResult, type CompletionStream } from "@/lib/completion";
import type { Target } from "./config";
import { GatewayError } from "./errors";

// One call to a target: a registered model goes straight to the completion core; a routing group goes
// through the router. Both report the same small trace for the response headers and the request log.

export interface DispatchTrace {
  group: string | null;
  /** The registered model that served, or the last one tried. */
  member: { id: string | null; name: string; provider: string } | null;
  attempts: number;
  fallbacks: number;
}

export type Dispatched =
  | { kind: "result"; result: CompletionResult; trace: DispatchTrace }
  | { kind: "stream"; stream: CompletionStream; trace: DispatchTrace };

/** Thrown with the trace so far, so a failed call is still logged against the member that failed. */
export class DispatchError extends Error {
  constructor(
    readonly cause: unknown,
    readonly trace: DispatchTrace,
  ) {
    super("dispatch failed");
    this.name = "DispatchError";
  }
}

export interface DispatchOptions {
  stream: boolean;
  signal?: AbortSignal;
  apiKeyId: string | null;
}

export async function dispatch(target: Target, request: ChatRequest, opts: DispatchOptions): Promise<Dispatched> {
  if (target.kind === "model") {
    const d = target.model.deployment;
    const trace: DispatchTrace = {
      group: null,
      member: { id: target.model.id, name: target.model.name, provider: d.provider },
      attempts: 1,
      fallbacks: 0,
    };
    try {
      if (opts.stream) return { kind: "stream", stream: await stream(d, request, { signal: opts.signal }), trace };
      return { kind: "result", result: await complete(d, request, { signal: opts.signal }), trace };
    } catch (err) {
      throw new DispatchError(err, trace);
    }
  }
  throw new DispatchError(
    new GatewayError(503, "service_unavailable_error", `Routing group '${target.name}' cannot be served yet: the router is not available.`, "router_unavailable"),
    { group: target.name, member: null, attempts: 0, fallbacks: 0 },
  );
}
