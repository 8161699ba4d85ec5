// Canonical request/response shapes: OpenAI Chat Completions, which every adapter translates to and from.
import { z } from "zod";
import type { CancelSignal } from "./cancel";
import type { SimulatorBehavior } from "./simulator-behavior";

export { PROVIDER_IDS, isProviderId, type ProviderId } from "./provider-ids";
import type { ProviderId } from "./provider-ids";

export type { SimulatorBehavior } from "./simulator-behavior";

/** What adapters read from a response's headers (a `Headers` object fits too). */
export interface HeaderReader {
  get(name: string): string | null;
}

/** A registered model, already loaded from the DB with secrets decrypted. */
export interface Deployment {
  id?: string;
  name?: string;
  provider: ProviderId;
  model: string;
  baseModel?: string;
  kind?: "base" | "fine_tuned";
  apiBase?: string;
  /** Literal key, or "env:NAME" to read process.env.NAME at call time. */
  apiKey?: string;
  apiVersion?: string;
  azureDeployment?: string;
  project?: string;
  location?: string;
  /** Service-account key file contents (or "env:NAME"). */
  serviceAccountJson?: string;
  headers?: Record<string, string>;
  pricing?: { inputPerMTok: number; outputPerMTok: number };
  contextWindow?: number;
  simulator?: SimulatorBehavior;
}

const textPart = z.object({ type: z.literal("text"), text: z.string() }).strict();
const content = z.union([z.string(), z.array(textPart)]);
const toolCall = z
  .object({
    id: z.string(),
    type: z.literal("function"),
    function: z.object({ name: z.string(), arguments: z.string() }).strict(),
  })
  .strict();

export const messageSchema = z.discriminatedUnion("role", [
  z.object({ role: z.literal("system"), content, name: z.string().optional() }).strict(),
  z.object({ role: z.literal("developer"), content, name: z.string().optional() }).strict(),
  z.object({ role: z.literal("user"), content, name: z.string().optional() }).strict(),
  z
    .object({
      role: z.literal("assistant"),
      content: content.nullable().optional(),
      name: z.string().optional(),
      tool_calls: z.array(toolCall).optional(),
    })
    .strict(),
  z.object({ role: z.literal("tool"), content, tool_call_id: z.string() }).strict(),
]);

/** Deeper JSON (tool parameters, response schemas) is refused: far past any real schema, and well short of
 *  the depth at which serialising the upstream request would overflow the stack. */
export const MAX_JSON_DEPTH = 100;

/** Whether `value` nests objects or arrays deeper than `max`; iterative, so a hostile depth cannot overflow the stack. */
export function nestsDeeperThan(value: unknown, max: number): boolean {
  const stack: Array<[unknown, number]> = [[value, 1]];
  while (stack.length) {
    const [v, depth] = stack.pop()!;
    if (v === null || typeof v !== "object") continue;
    if (depth > max) return true;
    for (const child of Object.values(v)) if (child !== null && typeof child === "object") stack.push([child, depth + 1]);
  }
  return false;
}

const jsonObject = z
  .record(z.string(), z.unknown())
  .refine((v) => !nestsDeeperThan(v, MAX_JSON_DEPTH), `nested more than ${MAX_JSON_DEPTH} levels deep`);

export const chatRequestSchema = z
  .object({
    /** Ignored: the deployment decides the model. Accepted so OpenAI-shaped bodies pass through. */
    model: z.string().optional(),
    messages: z.array(messageSchema).min(1),
    temperature: z.number().min(0).max(2).optional(),
    top_p: z.number().min(0).max(1).optional(),
    max_tokens: z.number().int().positive().optional(),
    max_completion_tokens: z.number().int().positive().optional(),
    stop: z.union([z.string(), z.array(z.string()).max(16)]).optional(),
    seed: z.number().int().optional(),
    response_format: z
      .discriminatedUnion("type", [
        z.object({ type: z.literal("text") }).strict(),
        z.object({ type: z.literal("json_object") }).strict(),
        z
          .object({
            type: z.literal("json_schema"),
            json_schema: z
              .object({
                name: z.string(),
                description: z.string().optional(),
                schema: jsonObject.optional(),
                strict: z.boolean().nullable().optional(),
              })
              .strict(),
          })
          .strict(),
      ])
      .optional(),
    tools: z
      .array(
        z
          .object({
            type: z.literal("function"),
            function: z
              .object({
                name: z.string(),
                description: z.string().optional(),
                parameters: jsonObject.optional(),
                strict: z.boolean().nullable().optional(),
              })
              .strict(),
          })
          .strict(),
      )
      .optional(),
    tool_choice: z
      .union([
        z.enum(["none", "auto", "required"]),
        z.object({ type: z.literal("function"), function: z.object({ name: z.string() }).strict() }).strict(),
      ])
      .optional(),
    /** Handled by the core: `complete()` vs `stream()` decides. */
    stream: z.boolean().optional(),
    stream_options: z.object({ include_usage: z.boolean().optional() }).strict().optional(),
  })
  .strict();

export type ChatRequest = z.input<typeof chatRequestSchema>;
export type ChatMessage = z.infer<typeof messageSchema>;
export type ToolCall = z.infer<typeof toolCall>;
/** Request parameters an adapter may or may not support (everything but messages and the handled ones). */
export type ChatParam = Exclude<keyof ChatRequest, "messages" | "model" | "stream" | "stream_options">;

export type FinishReason = "stop" | "length" | "tool_calls" | "content_filter" | "function_call";

export interface Usage {
  prompt_tokens: number;
  completion_tokens: number;
  total_tokens: number;
}

export interface ChatCompletion {
  id: string;
  object: "chat.completion";
  created: number;
  model: string;
  choices: Array<{
    index: number;
    message: { role: "assistant"; content: string | null; tool_calls?: ToolCall[]; refusal?: string | null };
    finish_reason: FinishReason | null;
    logprobs?: null;
  }>;
  usage?: Usage;
  system_fingerprint?: string | null;
}

export interface ChunkToolCallDelta {
  index: number;
  id?: string;
  type?: "function";
  function?: { name?: string; arguments?: string };
}

export interface ChatCompletionChunk {
  id: string;
  object: "chat.completion.chunk";
  created: number;
  model: string;
  choices: Array<{
    index: number;
    delta: { role?: "assistant"; content?: string | null; tool_calls?: ChunkToolCallDelta[]; refusal?: string | null };
    finish_reason: FinishReason | null;
  }>;
  usage?: Usage | null;
}

export interface CompletionMeta {
  provider: ProviderId;
  /** Provider-side model id actually called. */
  model: string;
  baseModel?: string;
  deploymentId?: string;
  deploymentName?: string;
  /** URL called, without secrets. */
  endpoint: string;
  latencyMs: number;
  costUsd: number | null;
  costNote?: string;
  /** True when usage was counted with the tokenizer because the provider sent none. */
  usageEstimated?: boolean;
}

export type CompletionResult = ChatCompletion & { usage: Usage; meta: CompletionMeta };

export interface StreamMeta extends Omit<CompletionMeta, "latencyMs" | "costUsd"> {
  /** Milliseconds from send to the first content chunk; undefined until then. */
  ttftMs?: number;
  /** Filled when the stream ends. */
  latencyMs?: number;
  usage?: Usage;
  costUsd?: number | null;
  finishReason?: FinishReason | null;
  done: boolean;
}

export interface CallOptions {
  signal?: CancelSignal;
  /** complete(): whole request. stream(): until the response headers, then the longest silence between events. */
  timeoutMs?: number;
  /**
   * Until the response headers arrive, when shorter than timeoutMs: gives up on a server that accepted the
   * request but does not answer. Most servers send a plain call's headers with the finished answer.
   */
  firstByteTimeoutMs?: number;
  /**
   * stream(): keep content events that are already in OpenAI's shape as the upstream's text (RawChunk), for a
   * consumer that writes them out again (the gateway). They read as ordinary chunks, parsed on first access.
   */
  passthrough?: boolean;
}
