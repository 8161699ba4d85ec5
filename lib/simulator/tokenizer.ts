// Token counting with o200k_base. Building the encoder takes most of a second, so there is one per process.
import { Tiktoken } from "js-tiktoken/lite";
import o200kBase from "js-tiktoken/ranks/o200k_base";

let encoder: Tiktoken | undefined;

export function getEncoder(): Tiktoken {
  encoder ??= new Tiktoken(o200kBase);
  return encoder;
}

export function countTokens(text: string): number {
  return text.length === 0 ? 0 : getEncoder().encode(text).length;
}

export interface CountableMessage {
  role: string;
  content: string;
  name?: string;
}

/** OpenAI's accounting: 3 tokens per message, 1 more for a name, 3 to prime the reply. */
export function countPromptTokens(messages: readonly CountableMessage[], toolsJson?: string): number {
  let total = 3;
  for (const message of messages) {
    total += 3 + countTokens(message.role) + countTokens(message.content);
    if (message.name) total += 1 + countTokens(message.name);
  }
  if (toolsJson) total += countTokens(toolsJson);
  return total;
}

/** Keeps at most `maxTokens` tokens; drops a trailing partial character a cut may leave. */
export function truncateToTokens(text: string, maxTokens: number): { text: string; tokens: number; truncated: boolean } {
  const tokens = getEncoder().encode(text);
  if (tokens.length <= maxTokens) return { text, tokens: tokens.length, truncated: false };
  const kept = tokens.slice(0, maxTokens);
  return { text: getEncoder().decode(kept).replace(/\uFFFD+$/, ""), tokens: kept.length, truncated: true };
}
