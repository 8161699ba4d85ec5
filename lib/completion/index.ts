// Public API of the completion core. Plain TypeScript: nothing from next/* or Prisma, usable from scripts.
export { checkChatRequest, complete, stream } from "./core";
export { CompletionStream } from "./stream";
export { isUsageChunk } from "./raw-chunk";
export { Cancellation, type CancelSignal } from "./cancel";
export {
  CompletionError,
  ResolveError,
  ERROR_KINDS,
  HTTP_STATUS_FOR_KIND,
  scrubSecrets,
  type CompletionErrorKind,
  type ResolveField,
} from "./errors";
export { resolveModel, type ResolvedModel, type ResolveHints } from "./resolve-model";
export {
  estimateCost,
  getContextWindow,
  lookupModel,
  PRICE_TABLE_VERSION,
  PRICE_SOURCES,
  type CostEstimate,
  type CostInput,
} from "./pricing";
export { countPromptTokens, countTextTokens, isExactTokenizer } from "./tokens";
export { clearVertexTokenCache } from "./providers/vertex-auth";
export { readSecret, DEFAULT_KEY_ENV } from "./credentials";
export {
  PROVIDER_IDS,
  isProviderId,
  chatRequestSchema,
  type ProviderId,
  type Deployment,
  type SimulatorBehavior,
  type ChatRequest,
  type ChatMessage,
  type ChatCompletion,
  type ChatCompletionChunk,
  type CompletionResult,
  type CompletionMeta,
  type StreamMeta,
  type CallOptions,
  type FinishReason,
  type Usage,
} from "./types";
