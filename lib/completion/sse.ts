import { CompletionError } from "./errors";
import { RawChunk } from "./raw-chunk";
import type { ChatCompletionChunk } from "./types";

/** A stream whose chunks come grouped by the network read that carried them (CompletionStream, RoutedStream). */
export interface BatchedChunks {
  batches(): AsyncIterator<ChatCompletionChunk[]>;
}

/**
 * `data: {chunk}\n\n` for each chunk of a batch, as one string: one write per batch, not per token. A passed-through
 * chunk is written as the upstream's text (with its model renamed, if it was), not re-encoded.
 */
export function sseEvents(chunks: readonly unknown[]): string {
  let out = "";
  for (const c of chunks) out += c instanceof RawChunk ? c.sse() : `data: ${JSON.stringify(c)}\n\n`;
  return out;
}

/**
 * Re-encode chunks as OpenAI-style SSE (`data: {chunk}` … `data: [DONE]`). A failure after the
 * first chunk becomes a final `data: {"error":…}` event, never a silent truncation.
 */
export function chunksToSSE(source: BatchedChunks): ReadableStream<Uint8Array> {
  const it = source.batches();
  const enc = new TextEncoder();
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        const next = await it.next();
        if (next.done) {
          controller.enqueue(enc.encode("data: [DONE]\n\n"));
          controller.close();
        } else {
          controller.enqueue(enc.encode(sseEvents(next.value)));
        }
      } catch (err) {
        const error =
          err instanceof CompletionError
            ? { message: err.message, type: err.kind, code: err.code ?? null, hint: err.hint }
            : { message: "stream failed", type: "stream_interrupted", code: null };
        controller.enqueue(enc.encode(sseEvents([{ error }])));
        controller.close();
      }
    },
    async cancel() {
      await it.return?.(undefined);
    },
  });
}
