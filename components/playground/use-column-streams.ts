"use client";
import { createParser } from "eventsource-parser";
import { useCallback, useEffect, useRef, useState, useSyncExternalStore } from "react";
import type { PublicResult, PublicRun, StreamEvent } from "@/lib/playground/types";

// Streams every column of a saved run in parallel, one request and one AbortController per column.
// Not a useQuery: a stream is a long-lived, cancellable action, not cached data.
//
// Where the time goes: with the columns in one React state, every delta of every column re-rendered the
// whole workspace, and six fast columns queue hundreds of renders a second; on a busy machine a column's
// first token then waited behind the others' renders for a quarter of a second or more. Now the columns
// live in a store outside React: each ColumnOutput subscribes to its own column only, a column's first
// text (and every change of status) is shown at once, and later deltas are folded into one render per frame.

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

export class LiveColumns {
  private columns: LiveColumn[] = [];
  private listeners = new Set<() => void>();
  private frame: number | null = null;

  subscribe = (listener: () => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  get = (i: number): LiveColumn | undefined => this.columns[i];

  running = (): boolean => this.columns.some((c) => c.status === "waiting" || c.status === "streaming");

  reset(n: number) {
    this.columns = Array.from({ length: n }, initial);
    this.emit();
  }

  /** `soon`: fold into the next frame's render (a delta after the first); otherwise render now. */
  update(i: number, fn: (c: LiveColumn) => LiveColumn, soon = false) {
    const current = this.columns[i];
    if (!current) return;
    this.columns = this.columns.map((c, j) => (j === i ? fn(c) : c));
    if (!soon) this.emit();
    else if (this.frame === null) this.frame = requestAnimationFrame(() => this.emit());
  }

  private emit() {
    if (this.frame !== null) cancelAnimationFrame(this.frame);
    this.frame = null;
    for (const l of this.listeners) l();
  }
}

/** One column's live state; re-renders only when that column changes. */
export function useLiveColumn(store: LiveColumns, i: number): LiveColumn | undefined {
  return useSyncExternalStore(
    store.subscribe,
    () => store.get(i),
    () => undefined,
  );
}

async function readError(res: Response): Promise<string> {
  try {
    const body = (await res.json()) as { error?: { message?: string } };
    return body.error?.message ?? `The server answered ${res.status}.`;
  } catch {
    return `The server answered ${res.status}.`;
  }
}

export function useColumnStreams(onSettled?: (runId: string) => void) {
  const [store] = useState(() => new LiveColumns());
  const [runId, setRunId] = useState<string | null>(null);
  const controllers = useRef<Array<AbortController | null>>([]);
  const settledRef = useRef(onSettled);
  useEffect(() => {
    settledRef.current = onSettled;
  });
  const running = useSyncExternalStore(store.subscribe, store.running, () => false);

  const streamOne = useCallback(
    async (id: string, i: number, ctrl: AbortController) => {
      const patch = (fn: (c: LiveColumn) => LiveColumn, soon = false) => store.update(i, fn, soon);
      try {
        const res = await fetch(`/api/playground/runs/${id}/columns/${i}/stream`, { method: "POST", signal: ctrl.signal, credentials: "same-origin" });
        if (!res.ok || !res.body) {
          const message = await readError(res);
          patch((c) => ({ ...c, status: "error", failure: message }));
          return;
        }
        patch((c) => ({ ...c, status: "streaming" }));
        const parser = createParser({
          onEvent: (e) => {
            const ev = JSON.parse(e.data) as StreamEvent;
            if (ev.type === "delta") {
              const first = !store.get(i)?.output;
              patch((c) => ({ ...c, output: c.output + ev.text }), !first);
            } else if (ev.type === "first_token") patch((c) => ({ ...c, ttftMs: ev.ttftMs }), true);
            else patch((c) => ({ ...c, status: ev.result.status === "error" ? "error" : ev.result.status === "stopped" ? "stopped" : "done", output: ev.result.output, result: ev.result }));
          },
        });
        const reader = res.body.getReader();
        const decoder = new TextDecoder();
        for (;;) {
          const { done, value } = await reader.read();
          if (done) break;
          parser.feed(decoder.decode(value, { stream: true }));
        }
        patch((c) => (c.status === "streaming" ? { ...c, status: "error", failure: "The stream ended without a result." } : c));
      } catch (err) {
        if (ctrl.signal.aborted) patch((c) => ({ ...c, status: "stopped" }));
        else patch((c) => ({ ...c, status: "error", failure: err instanceof Error ? err.message : "The connection failed." }));
      } finally {
        controllers.current[i] = null;
      }
    },
    [store],
  );

  const start = useCallback(
    (run: PublicRun) => {
      controllers.current.forEach((c) => c?.abort());
      const n = run.results.length;
      store.reset(n);
      setRunId(run.id);
      controllers.current = Array.from({ length: n }, () => new AbortController());
      const all = run.results.map((_, i) => streamOne(run.id, i, controllers.current[i]!));
      void Promise.allSettled(all).then(() => settledRef.current?.(run.id));
    },
    [store, streamOne],
  );

  const stop = useCallback((i: number) => controllers.current[i]?.abort(), []);
  const stopAll = useCallback(() => controllers.current.forEach((c) => c?.abort()), []);

  // Leaving the page stops every column (the server saves them as stopped).
  useEffect(() => () => controllers.current.forEach((c) => c?.abort()), []);

  return { runId, store, running, start, stop, stopAll };
}
