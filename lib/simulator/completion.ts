// From a validated request to the completion's content, finish reason and usage. Pure apart from the
// cached tokenizer, so the plain and streamed endpoints report exactly the same thing.
import { composeAnswer, jsonAnswer, valueFromSchema } from "./answer";
import { messageText, type ChatRequest } from "./chat-request";
import { countPromptTokens, countTokens, truncateToTokens } from "./tokenizer";

export type FinishReason = "stop" | "length" | "tool_calls";

export interface ToolCall {
  id: string;
  type: "function";
  function: { name: string; arguments: string };
}

export interface Usage {
  prompt_tokens: number;
  completion_tokens: number;
  total_tokens: number;
  prompt_tokens_details: { cached_tokens: number; audio_tokens: number };
  completion_tokens_details: { reasoning_tokens: number; audio_tokens: number; accepted_prediction_tokens: number; rejected_prediction_tokens: number };
}

export interface Completion {
  content: string | null;
  toolCalls?: ToolCall[];
  finishReason: FinishReason;
  usage: Usage;
}

/** Context windows of the models the simulator pretends to serve. */
export function contextWindowFor(model: string): number {
  return model.toLowerCase().includes("sim") ? 8192 : 128_000;
}

export function plainMessages(request: ChatRequest): { role: string; content: string; name?: string }[] {
  return request.messages.map((m) => {
    const calls = m.role === "assistant" && m.tool_calls ? JSON.stringify(m.tool_calls) : "";
    const name = "name" in m ? m.name : undefined;
    return { role: m.role, content: messageText(m.content) + calls, ...(name ? { name } : {}) };
  });
}

export function promptTokensFor(request: ChatRequest): Promise<number> {
  return countPromptTokens(plainMessages(request), request.tools?.length ? JSON.stringify(request.tools) : undefined);
}

function makeUsage(promptTokens: number, completionTokens: number): Usage {
  return {
    prompt_tokens: promptTokens,
    completion_tokens: completionTokens,
    total_tokens: promptTokens + completionTokens,
    prompt_tokens_details: { cached_tokens: 0, audio_tokens: 0 },
    completion_tokens_details: { reasoning_tokens: 0, audio_tokens: 0, accepted_prediction_tokens: 0, rejected_prediction_tokens: 0 },
  };
}

function cutAtStop(text: string, stop: string | string[] | null | undefined): string {
  const sequences = (typeof stop === "string" ? [stop] : (stop ?? [])).filter((s) => s.length > 0);
  let end = text.length;
  for (const sequence of sequences) {
    const at = text.indexOf(sequence);
    if (at !== -1 && at < end) end = at;
  }
  return text.slice(0, end);
}

function toHex(random: () => number, length: number): string {
  let out = "";
  while (out.length < length) out += Math.floor(random() * 0x10000).toString(16).padStart(4, "0");
  return out.slice(0, length);
}

export function buildCompletion(request: ChatRequest, promptTokens: number): Completion {
  const answer = composeAnswer({ model: request.model, messages: plainMessages(request), seed: request.seed });

  const choice = request.tool_choice;
  const tools = request.tools ?? [];
  if (choice === "required" || (typeof choice === "object" && choice !== null)) {
    const tool =
      typeof choice === "object" && choice !== null
        ? tools.find((t) => t.function.name === choice.function.name)!
        : tools[Math.floor(answer.random() * tools.length)];
    const args = JSON.stringify(valueFromSchema(tool.function.parameters ?? { type: "object", properties: {} }, answer));
    const call: ToolCall = { id: `call_${toHex(answer.random, 24)}`, type: "function", function: { name: tool.function.name, arguments: args } };
    return {
      content: null,
      toolCalls: [call],
      finishReason: "tool_calls",
      usage: makeUsage(promptTokens, countTokens(call.function.name) + countTokens(args) + 3),
    };
  }

  const format = request.response_format;
  const full =
    format?.type === "json_object" ? jsonAnswer(answer) : format?.type === "json_schema" ? jsonAnswer(answer, format.json_schema.schema) : answer.text;
  const stopped = cutAtStop(full, request.stop);
  const maxTokens = request.max_completion_tokens ?? request.max_tokens;
  if (maxTokens == null) return { content: stopped, finishReason: "stop", usage: makeUsage(promptTokens, countTokens(stopped)) };
  const cut = truncateToTokens(stopped, maxTokens);
  return { content: cut.text, finishReason: cut.truncated ? "length" : "stop", usage: makeUsage(promptTokens, cut.tokens) };
}

export interface PreparedCompletion {
  promptTokens: number;
  completion: Completion;
}

// Answers are deterministic, so a benchmark that repeats one request pays for tokenizing it once.
const CACHE_ENTRIES = 256;
const CACHE_MAX_KEY_CHARS = 64 * 1024;
const cache = new Map<string, PreparedCompletion>();

/**
 * Prompt tokens and the completion for a request, cached by everything that affects them. Treat as read-only.
 * `key` is any text that determines the request, such as the body it was parsed from (it saves encoding the request
 * again); by default, the request without its stream fields.
 */
export async function prepareCompletion(request: ChatRequest, key = JSON.stringify({ ...request, stream: undefined, stream_options: undefined })): Promise<PreparedCompletion> {
  const hit = cache.get(key);
  if (hit) {
    cache.delete(key);
    cache.set(key, hit);
    return hit;
  }
  const promptTokens = await promptTokensFor(request);
  const prepared = { promptTokens, completion: buildCompletion(request, promptTokens) };
  if (key.length <= CACHE_MAX_KEY_CHARS) {
    cache.set(key, prepared);
    if (cache.size > CACHE_ENTRIES) cache.delete(cache.keys().next().value!);
  }
  return prepared;
}
