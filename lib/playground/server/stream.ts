import "server-only";
import type { StreamEvent } from "@/lib/playground/types";
import type { Db } from "@/lib/server/db";
import { assertColumn, getRunColumn } from "./runs";
import { executeColumn } from "./exec";
import { takePreparedColumn } from "./prepared";
import { ApiError } from "@/lib/server/api-error";

// One column as Server-Sent Events: `delta` text pieces, `first_token`, then `done` or `error` with the
// persisted result. Closing the connection (the column's Stop button) aborts the upstream call, and the
// column is saved as stopped with what it had so far.

const encoder = new TextEncoder();
const sse = (event: StreamEvent) => encoder.encode(`event: ${event.type}\ndata: ${JSON.stringify(event)}\n\n`);

export async function columnStreamResponse(db: Db, runId: string, column: number, requestSignal: AbortSignal): Promise<Response> {
  const prepared = takePreparedColumn(runId, column);
  const run = prepared?.run ?? (await getRunColumn(db, runId, column));
  const result = assertColumn(run, column);
  if (result.status !== "pending") throw new ApiError("conflict", `Column ${column + 1} has already run; rerun the prompt to run it again.`);

  const abort = new AbortController();
  const onAbort = () => abort.abort(new DOMException("stopped", "AbortError"));
  requestSignal.addEventListener("abort", onAbort, { once: true });
  let closed = false;

  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      const send = (event: StreamEvent) => {
        if (closed) return;
        try {
          controller.enqueue(sse(event));
        } catch {
          closed = true;
        }
      };
      // Not awaited: the column runs (and is persisted) whether or not anyone is still reading.
      const finish = () => {
        requestSignal.removeEventListener("abort", onAbort);
        if (closed) return;
        closed = true;
        try {
          controller.close();
        } catch {
          /* already closed by the reader */
        }
      };
      void executeColumn(db, run, column, abort.signal, {
        onDelta: (text) => send({ type: "delta", text }),
        onFirstToken: (ttftMs) => send({ type: "first_token", ttftMs }),
        deployment: prepared?.deployment,
        // The answer is saved: tell the client and close now; the usage log row is written after.
        onSaved: (final) => {
          send({ type: final.status === "error" ? "error" : "done", result: final });
          finish();
        },
      })
        .catch((err: unknown) => {
          console.error("[tunebench] playground stream failed:", err instanceof Error ? err.message : err);
        })
        .finally(finish);
    },
    cancel() {
      closed = true;
      onAbort();
    },
  });

  return new Response(body, {
    headers: {
      "content-type": "text/event-stream; charset=utf-8",
      "cache-control": "no-cache, no-transform",
      "x-accel-buffering": "no",
    },
  });
}
