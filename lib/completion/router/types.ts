// Router configuration and call options. Plain data: the server layer builds it from the DB, tests build it by hand.
import type { CancelSignal } from "../cancel";
import type { CompletionStream } from "../stream";
import type { CallOptions, ChatRequest, CompletionResult, Deployment } from "../types";

/** LiteLLM's strategy names. */
export const ROUTING_STRATEGIES = [
  "simple-shuffle",
  "least-busy",
  "latency-based-routing",
  "cost-based-routing",
  "usage-based-routing",
] as const;
export type RoutingStrategy = (typeof ROUTING_STRATEGIES)[number];

export interface RouterMember {
  /** Router-state key: the registered model's id, so a deployment's health is shared by every group using it. */
  id: string;
  name: string;
  deployment: Deployment;
  /** Relative share within its tier; > 0. */
  weight: number;
  /** Priority tier: lower tiers are tried first; a higher tier only when every lower one is unavailable. */
  order: number;
  rpm?: number;
  tpm?: number;
  enabled: boolean;
}

export interface RouterGroup {
  id?: string;
  name: string;
  strategy: RoutingStrategy;
  members: RouterMember[];
  /** Retries within this group after the first attempt (so `retries + 1` attempts at most). */
  retries: number;
  /** Per attempt: whole request for plain calls; until the response headers, then the longest silence, for streams. */
  timeoutMs: number;
  /**
   * Per attempt: until the response headers. Catches a member that accepted the request and hangs long before
   * timeoutMs; most servers send a plain call's headers with the finished answer, so it bounds that answer too.
   */
  firstByteTimeoutMs: number;
  /** Streams: from sending to the first content chunk. */
  streamTtftTimeoutMs: number;
  /** Ceiling on one member's attempts in flight (across every group using it); a member at it is skipped. */
  maxInFlight: number;
  allowedFails: number;
  cooldownWindowSeconds: number;
  cooldownSeconds: number;
  /** Cap on attempts over the whole call, fallbacks included (the primary group's value applies). */
  maxAttempts: number;
  /**
   * Whole call, retries, waits and fallbacks included (the primary group's value applies): no attempt starts
   * after it and each attempt's timeouts are cut to what is left. For streams, until the first token.
   */
  deadlineMs: number;
  /** Tried in order once this group is exhausted by retryable errors. */
  fallbacks: RouterGroup[];
  /** Used only when every attempt ended in context_window_exceeded. */
  contextWindowFallbacks: RouterGroup[];
  /** Used only on content_policy errors. */
  contentPolicyFallbacks: RouterGroup[];
}

export const GROUP_DEFAULTS = {
  strategy: "simple-shuffle",
  retries: 2,
  timeoutMs: 30_000,
  firstByteTimeoutMs: 10_000,
  streamTtftTimeoutMs: 10_000,
  maxInFlight: 100,
  allowedFails: 3,
  cooldownWindowSeconds: 60,
  cooldownSeconds: 30,
  maxAttempts: 6,
  deadlineMs: 60_000,
} as const satisfies Partial<RouterGroup>;

export type CompleteFn = (d: Deployment, req: ChatRequest, opts: CallOptions) => Promise<CompletionResult>;
export type StreamFn = (d: Deployment, req: ChatRequest, opts: CallOptions) => Promise<CompletionStream>;

export interface RouteOptions {
  signal?: CancelSignal;
  /** routeStream(): see CallOptions.passthrough. */
  passthrough?: boolean;
}
