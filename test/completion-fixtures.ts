// OpenAI-shaped bodies for adapter tests.
import type { ChatCompletionChunk } from "@/lib/completion/types";

export function openAICompletion(content: string, usage = { prompt_tokens: 12, completion_tokens: 5, total_tokens: 17 }) {
  return {
    id: "chatcmpl-1",
    object: "chat.completion",
    created: 1_700_000_000,
    model: "upstream-model",
    choices: [{ index: 0, message: { role: "assistant", content }, finish_reason: "stop" }],
    usage,
  };
}

export function openAIChunk(delta: Record<string, unknown>, finish: string | null = null) {
  return { id: "chatcmpl-2", object: "chat.completion.chunk", created: 1_700_000_000, model: "upstream-model", choices: [{ index: 0, delta, finish_reason: finish }] };
}

export const openAIUsageChunk = (prompt = 12, completion = 2) => ({
  id: "chatcmpl-2",
  object: "chat.completion.chunk",
  created: 1_700_000_000,
  model: "upstream-model",
  choices: [],
  usage: { prompt_tokens: prompt, completion_tokens: completion, total_tokens: prompt + completion },
});

/** Iterate a stream to the end, returning the chunks and the concatenated text. */
export async function drain(stream: AsyncIterable<ChatCompletionChunk>) {
  const chunks: ChatCompletionChunk[] = [];
  let text = "";
  for await (const c of stream) {
    chunks.push(c);
    text += c.choices[0]?.delta.content ?? "";
  }
  return { chunks, text };
}

export async function caught(p: Promise<unknown>): Promise<unknown> {
  try {
    await p;
  } catch (e) {
    return e;
  }
  throw new Error("expected a rejection");
}
