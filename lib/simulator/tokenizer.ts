// Token counting with o200k_base, on the completion core's linear encoder: the simulator runs inside the app's
// process, so a hostile prompt must not hold its event loop (prompts are counted in slices).
import { getEncoding, sumInSlices, type BpeEncoding } from "@/lib/completion/bpe";

export function getEncoder(): BpeEncoding {
  return getEncoding("o200k_base");
}

export function countTokens(text: string): number {
  return text.length === 0 ? 0 : getEncoder().encode(text).length;
}

export interface CountableMessage {
  role: string;
  content: string;
  name?: string;
}

function* promptCounts(messages: readonly CountableMessage[], toolsJson?: string): Generator<number> {
  const enc = getEncoder();
  yield 3;
  for (const message of messages) {
    yield 3;
    yield* enc.counts(message.role);
    yield* enc.counts(message.content);
    if (message.name) {
      yield 1;
      yield* enc.counts(message.name);
    }
  }
  if (toolsJson) yield* enc.counts(toolsJson);
}

/** OpenAI's accounting: 3 tokens per message, 1 more for a name, 3 to prime the reply. */
export async function countPromptTokens(messages: readonly CountableMessage[], toolsJson?: string): Promise<number> {
  return (await sumInSlices(promptCounts(messages, toolsJson), Infinity)).tokens;
}

/** Keeps at most `maxTokens` tokens; drops a trailing partial character a cut may leave. */
export function truncateToTokens(text: string, maxTokens: number): { text: string; tokens: number; truncated: boolean } {
  const tokens = getEncoder().encode(text);
  if (tokens.length <= maxTokens) return { text, tokens: tokens.length, truncated: false };
  const kept = tokens.slice(0, maxTokens);
  return { text: getEncoder().decode(kept).replace(/\uFFFD+$/, ""), tokens: kept.length, truncated: true };
}
