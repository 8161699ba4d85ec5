// Token counting with js-tiktoken: exact for OpenAI models, an estimate (cl100k) for everything else.
import { Tiktoken } from "js-tiktoken/lite";
import cl100k_base from "js-tiktoken/ranks/cl100k_base";
import o200k_base from "js-tiktoken/ranks/o200k_base";
import type { ChatMessage } from "./types";

let o200k: Tiktoken | undefined;
let cl100k: Tiktoken | undefined;

const O200K_MODELS = /^(gpt-4o|gpt-4\.1|gpt-5|chatgpt-4o|o[1345](-|$)|gpt-oss)/;
const CL100K_OPENAI = /^(gpt-4|gpt-3\.5|gpt-35)/;

function encoderFor(model: string): { enc: Tiktoken; exact: boolean } {
  const id = model.replace(/^ft:/, "");
  if (O200K_MODELS.test(id)) return { enc: (o200k ??= new Tiktoken(o200k_base)), exact: true };
  return { enc: (cl100k ??= new Tiktoken(cl100k_base)), exact: CL100K_OPENAI.test(id) };
}

/** Whether counts for this model are exact (OpenAI tokenizers) or an estimate. */
export function isExactTokenizer(model: string): boolean {
  return encoderFor(model).exact;
}

export function countTextTokens(text: string, model: string): number {
  if (!text) return 0;
  return encoderFor(model).enc.encode(text, "all").length;
}

export function messageText(content: ChatMessage["content"]): string {
  if (content == null) return "";
  return typeof content === "string" ? content : content.map((p) => p.text).join("");
}

/** Prompt tokens as OpenAI counts them: 3 per message, 1 per name, 3 to prime the reply. */
export function countPromptTokens(messages: ReadonlyArray<ChatMessage>, model: string): number {
  const { enc } = encoderFor(model);
  let total = 3;
  for (const m of messages) {
    total += 3;
    const text = messageText(m.content);
    if (text) total += enc.encode(text, "all").length;
    if ("name" in m && m.name) total += 1;
    if (m.role === "assistant" && m.tool_calls) {
      for (const call of m.tool_calls) total += enc.encode(call.function.name + call.function.arguments, "all").length + 3;
    }
  }
  return total;
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
