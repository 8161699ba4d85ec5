// Token counting: exact for OpenAI models, an estimate (cl100k) for everything else. Prompts come from users,
// so counting must never hold the event loop: the encoder is linear (bpe.ts), the async counters give the loop
// a turn every few milliseconds, and a count can stop as soon as it passes the limit that matters.
import { getEncoding, sumInSlices, sumNow, type BpeEncoding, type EncodingName, type TokenCount } from "./bpe";
import type { CancelSignal } from "./cancel";
import type { ChatMessage } from "./types";

const O200K_MODELS = /^(gpt-4o|gpt-4\.1|gpt-5|chatgpt-4o|o[1345](-|$)|gpt-oss)/;
const CL100K_OPENAI = /^(gpt-4|gpt-3\.5|gpt-35)/;

export function tokenizerFor(model: string): { encoding: EncodingName; exact: boolean } {
  const id = model.replace(/^ft:/, "");
  if (O200K_MODELS.test(id)) return { encoding: "o200k_base", exact: true };
  return { encoding: "cl100k_base", exact: CL100K_OPENAI.test(id) };
}

/** Whether counts for this model are exact (OpenAI tokenizers) or an estimate. */
export function isExactTokenizer(model: string): boolean {
  return tokenizerFor(model).exact;
}

export function messageText(content: ChatMessage["content"]): string {
  if (content == null) return "";
  return typeof content === "string" ? content : content.map((p) => p.text).join("");
}

/** Prompt tokens as OpenAI counts them (3 per message, 1 per name, 3 to prime the reply), a stretch at a time. */
function* promptStretches(enc: BpeEncoding, messages: ReadonlyArray<ChatMessage>): Generator<number> {
  yield 3;
  for (const m of messages) {
    yield "name" in m && m.name ? 4 : 3;
    yield* enc.counts(messageText(m.content));
    if (m.role === "assistant" && m.tool_calls) {
      for (const call of m.tool_calls) {
        yield 3;
        yield* enc.counts(call.function.name + call.function.arguments);
      }
    }
  }
}

export type { TokenCount };

export function countTextTokens(text: string, model: string): number {
  return sumNow(getEncoding(tokenizerFor(model).encoding).counts(text), Infinity).tokens;
}

export function countTextTokensAsync(text: string, model: string, signal?: CancelSignal): Promise<number> {
  return sumInSlices(getEncoding(tokenizerFor(model).encoding).counts(text), Infinity, signal).then((c) => c.tokens);
}

export function countPromptTokens(messages: ReadonlyArray<ChatMessage>, model: string): number {
  return sumNow(promptStretches(getEncoding(tokenizerFor(model).encoding), messages), Infinity).tokens;
}

// Counts per messages array and encoding: the router's context check, the core's pre-check on every attempt
// and the usage estimate all count the same prompt. Requests are not mutated once sent, so the array is the key.
const promptCounts = new WeakMap<ReadonlyArray<ChatMessage>, Map<EncodingName, TokenCount>>();

function remember(messages: ReadonlyArray<ChatMessage>, encoding: EncodingName, count: TokenCount): TokenCount {
  let byEncoding = promptCounts.get(messages);
  if (!byEncoding) promptCounts.set(messages, (byEncoding = new Map()));
  const known = byEncoding.get(encoding);
  if (!known?.complete && (count.complete || !known || count.tokens > known.tokens)) byEncoding.set(encoding, count);
  return count;
}

/** A remembered count that answers "more than `limit`?", if there is one. */
export function knownPromptTokens(messages: ReadonlyArray<ChatMessage>, model: string, limit = Infinity): TokenCount | undefined {
  const known = promptCounts.get(messages)?.get(tokenizerFor(model).encoding);
  return known && (known.complete || known.tokens > limit) ? known : undefined;
}

/** Prompt tokens up to `limit`, synchronously: for short prompts, or where a count must not wait. */
export function countPromptTokensNow(messages: ReadonlyArray<ChatMessage>, model: string, limit = Infinity): TokenCount {
  const known = knownPromptTokens(messages, model, limit);
  if (known) return known;
  const { encoding } = tokenizerFor(model);
  return remember(messages, encoding, sumNow(promptStretches(getEncoding(encoding), messages), limit));
}

/**
 * Prompt tokens up to `limit`, counted in slices with event-loop turns between them; stops once past the limit,
 * so a prompt far over a small context window costs about the window, not the prompt.
 */
export async function countPromptTokensAsync(
  messages: ReadonlyArray<ChatMessage>,
  model: string,
  limit = Infinity,
  signal?: CancelSignal,
): Promise<TokenCount> {
  const known = knownPromptTokens(messages, model, limit);
  if (known) return known;
  const { encoding } = tokenizerFor(model);
  return remember(messages, encoding, await sumInSlices(promptStretches(getEncoding(encoding), messages), limit, signal));
}

/**
 * Upper bound without tokenizing: a BPE token covers at least one UTF-8 byte, so the byte count
 * (plus per-message overhead) bounds the token count. Lets the pre-check skip tokenizing short prompts.
 */
export function promptTokenUpperBound(messages: ReadonlyArray<ChatMessage>): number {
  let total = 3;
  for (const m of messages) {
    total += 4 + Buffer.byteLength(messageText(m.content));
    if (m.role === "assistant" && m.tool_calls) {
      for (const call of m.tool_calls) total += 3 + Buffer.byteLength(call.function.name + call.function.arguments);
    }
  }
  return total;
}
