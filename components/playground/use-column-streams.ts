"use client";
import { createParser } from "eventsource-parser";
import { useCallback, useEffect, useRef, useState } from "react";
import type { PublicResult, PublicRun, StreamEvent } from "@/lib/playground/types";

// Streams every column of a saved run in parallel, one request and one AbortController per column.
// Not a useQuery: a stream is a long-lived, cancellable action, not cached data.

export type LiveStatus = "waiting" | "streaming" | "done" | "stopped" | "error";

export interface LiveColumn {
  status: LiveStatus;
  output: string;
  ttftMs: number | null;
  /** The persisted result, once the server has it. */
  result: PublicResult | null;
  /** Transport failure (the server never answered for this column). */
  failure: string | null;
}

const initial = (): LiveColumn => ({ status: "waiting", output: "", ttftMs: null, result: null, failure: null });

async function readError(res: Response): Promise<string> {
  try {
    const body = (await res.json()) as { error?: { message?: string } };
    return body.error?.message ?? `The server answered ${res.status}.`;
  } catch {
    return `The server answered ${res.status}.`;
  }
}

export function useColumnStreams(onSettled?: (runId: string) => void) {
  const [columns, setColumns] = useState<LiveColumn[]>([]);
  const [runId, setRunId] = useState<string | null>(null);
  const controllers = useRef<Array<AbortController | null>>([]);
  const settledRef = useRef(onSettled);
  useEffect(() => {
    settledRef.current = onSettled;
  });

  const patch = useCallback((i: number, fn: (c: LiveColumn) => LiveColumn) => {
    setColumns((prev) => prev.map((c, j) => (j === i ? fn(c) : c)));
  }, []);

  const streamOne = useCallback(
    async (id: string, i: number, ctrl: AbortController) => {
      try {
        const res = await fetch(`/api/playground/runs/${id}/columns/${i}/stream`, { method: "POST", signal: ctrl.signal, credentials: "same-origin" });
        if (!res.ok || !res.body) {
          const message = await readError(res);
          patch(i, (c) => ({ ...c, status: "error", failure: message }));
          return;
        }
        patch(i, (c) => ({ ...c, status: "streaming" }));
        const parser = createParser({
          onEvent: (e) => {
            const ev = JSON.parse(e.data) as StreamEvent;
            if (ev.type === "delta") patch(i, (c) => ({ ...c, output: c.output + ev.text }));
            else if (ev.type === "first_token") patch(i, (c) => ({ ...c, ttftMs: ev.ttftMs }));
            else patch(i, (c) => ({ ...c, status: ev.result.status === "error" ? "error" : ev.result.status === "stopped" ? "stopped" : "done", output: ev.result.output, result: ev.result }));
          },
        });
        const reader = res.body.getReader();
        const decoder = new TextDecoder();
        for (;;) {
          const { done, value } = await reader.read();
          if (done) break;
          parser.feed(decoder.decode(value, { stream: true }));
        }
        patch(i, (c) => (c.status === "streaming" ? { ...c, status: "error", failure: "The stream ended without a result." } : c));
      } catch (err) {
        if (ctrl.signal.aborted) patch(i, (c) => ({ ...c, status: "stopped" }));
        else patch(i, (c) => ({ ...c, status: "error", failure: err instanceof Error ? err.message : "The connection failed." }));
      } finally {
        controllers.current[i] = null;
      }
    },
    [patch],
  );

  const start = useCallback(
    (run: PublicRun) => {
      controllers.current.forEach((c) => c?.abort());
      const n = run.results.length;
      setRunId(run.id);
      setColumns(Array.from({ length: n }, initial));
      controllers.current = Array.from({ length: n }, () => new AbortController());
      const all = run.results.map((_, i) => streamOne(run.id, i, controllers.current[i]!));
      void Promise.allSettled(all).then(() => settledRef.current?.(run.id));
    },
    [streamOne],
  );

  const stop = useCallback((i: number) => controllers.current[i]?.abort(), []);
  const stopAll = useCallback(() => controllers.current.forEach((c) => c?.abort()), []);
  const running = columns.some((c) => c.status === "waiting" || c.status === "streaming");

  // Leaving the page stops every column (the server saves them as stopped).
  useEffect(() => () => controllers.current.forEach((c) => c?.abort()), []);

  return { runId, columns, running, start, stop, stopAll };
}
