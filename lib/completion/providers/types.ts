// The four parts every provider module has: build the request, parse a response, parse a stream event, map an error.
import type { HeaderReader } from "../http";
import type { CompletionError } from "../errors";
import type { RawChunk } from "../raw-chunk";
import type { ResolvedModel } from "../resolve-model";
import type {
  ChatCompletion,
  ChatCompletionChunk,
  ChatParam,
  ChatRequest,
  Deployment,
  FinishReason,
  ProviderId,
  Usage,
} from "../types";

export interface AdapterContext {
  deployment: Deployment;
  resolved: ResolvedModel;
  /** Provider-side model id (prefix stripped). */
  model: string;
  /** Secrets in play: the deployment's configured ones, plus what the adapter resolves (add them here); the core
   *  cuts them from every error and URL. */
  secrets: string[];
  signal: AbortSignal;
}

export interface HttpRequest {
  url: string;
  headers: Record<string, string>;
  body: unknown;
}

export interface StreamEvent {
  event?: string;
  data: string;
}

export interface StreamStep {
  chunks: ChatCompletionChunk[];
  usage?: Usage;
  finishReason?: FinishReason;
  /** The provider's terminal event ([DONE], message_stop). */
  done?: boolean;
}

/** Stateful per stream (Anthropic spreads id and usage over several events). Throws CompletionError on an error event. */
export type StreamParser = (event: StreamEvent) => StreamStep;

export interface ProviderAdapter {
  id: ProviderId;
  /** Optional request parameters this provider accepts; any other one is rejected by name. */
  supports: ReadonlySet<ChatParam>;
  /** Synchronous where nothing has to be fetched first (a token exchange): the core then awaits nothing. */
  buildRequest(ctx: AdapterContext, req: ChatRequest, stream: boolean): HttpRequest | Promise<HttpRequest>;
  parseResponse(json: unknown, ctx: AdapterContext): ChatCompletion;
  createStreamParser(ctx: AdapterContext): StreamParser;
  /**
   * For stream() with `passthrough`: keeps an event that needs no normalising as its text (RawChunk), or
   * answers undefined to have it parsed. Providers whose stream is already OpenAI's have it.
   */
  createPassthrough?(ctx: AdapterContext): (event: StreamEvent) => RawChunk | undefined;
  mapError(status: number, bodyText: string, headers: HeaderReader, ctx: AdapterContext): CompletionError;
}

export const ALL_PARAMS: ReadonlySet<ChatParam> = new Set<ChatParam>([
  "temperature",
  "top_p",
  "max_tokens",
  "max_completion_tokens",
  "stop",
  "seed",
  "response_format",
  "tools",
  "tool_choice",
]);

export function paramsExcept(...excluded: ChatParam[]): ReadonlySet<ChatParam> {
  return new Set([...ALL_PARAMS].filter((p) => !excluded.includes(p)));
}
