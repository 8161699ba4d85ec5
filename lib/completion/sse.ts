import { CompletionError } from "./errors";
import type { ChatCompletionChunk } from "./types";

/**
 * Re-encode chunks as OpenAI-style SSE (`data: {chunk}` … `data: [DONE]`). A failure after the
 * first chunk becomes a final `data: {"error":…}` event, never a silent truncation.
 */
export function chunksToSSE(chunks: AsyncIterable<ChatCompletionChunk>): ReadableStream<Uint8Array> {
  const it = chunks[Symbol.asyncIterator]();
  const enc = new TextEncoder();
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        const next = await it.next();
        if (next.done) {
          controller.enqueue(enc.encode("data: [DONE]\n\n"));
          controller.close();
        } else {
          controller.enqueue(enc.encode(`data: ${JSON.stringify(next.value)}\n\n`));
        }
      } catch (err) {
        const error =
          err instanceof CompletionError
            ? { message: err.message, type: err.kind, code: err.code ?? null, hint: err.hint }
            : { message: "stream failed", type: "stream_interrupted", code: null };
        controller.enqueue(enc.encode(`data: ${JSON.stringify({ error })}\n\n`));
        controller.close();
      }
    },
    async cancel() {
      await it.return?.(undefined);
    },
  });
}
