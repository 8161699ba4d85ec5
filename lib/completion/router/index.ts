// Public API of the router: plain TypeScript on top of the completion core (no Next, no Prisma).
export { createRouter, abortableSleep, type Router, type RouterDeps } from "./router";
export {
  InMemoryRouterState,
  EMA_ALPHA,
  admit,
  isUnanswered,
  failedSinceAnswer,
  type RouterState,
  type MemberStats,
  type MemberSnapshot,
  type CooldownPolicy,
  type Circuit,
  type AdmissionRule,
  type Admission,
  type AttemptEnd,
  type SharedCircuit,
} from "./state";
export { pickWeighted, choose, headroom, unitCost, lowestTier, type Candidate, type Random } from "./select";
export { pickMember, type PickInput, type PickResult } from "./pick";
export { RouterError, servedOrLast, type RouteTrace, type TraceAttempt, type TraceSkip, type SkipReason, type RouterErrorKind } from "./trace";
export { RoutedStream } from "./stream";
export { backoffMs, type AttemptLimits } from "./engine";
export {
  ROUTING_STRATEGIES,
  GROUP_DEFAULTS,
  type RoutingStrategy,
  type RouterGroup,
  type RouterMember,
  type RouteOptions,
  type CompleteFn,
  type StreamFn,
} from "./types";
