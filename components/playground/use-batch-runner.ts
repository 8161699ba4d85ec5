"use client";
import { useQueryClient } from "@tanstack/react-query";
import { useCallback, useEffect, useRef, useState } from "react";
import { apiFetch } from "@/lib/query/fetcher";
import { queryKeys } from "@/lib/query/keys";
import type { BatchDetail } from "@/lib/playground/batch-types";
import type { PublicRun } from "@/lib/playground/types";

// Drives a batch from the browser: a pool of `concurrency` workers, each asking the server to run the next
// prompt that has no finished run. Pause and cancel abort the in-flight prompts (the server discards them);
// resume starts the pool again over whatever is left.

const finished = (run: PublicRun) => run.results.every((r) => r.status !== "pending");

export function useBatchRunner(batchId: string) {
  const qc = useQueryClient();
  const [active, setActive] = useState(false);
  const [errors, setErrors] = useState<string[]>([]);
  const ctrl = useRef<AbortController | null>(null);
  const key = queryKeys.batches.detail(batchId);

  const merge = useCallback(
    (run: PublicRun) =>
      qc.setQueryData<BatchDetail>(key, (old) => {
        if (!old) return old;
        const runs = [...old.runs.filter((r) => r.promptIndex !== run.promptIndex), run].sort((a, b) => (a.promptIndex ?? 0) - (b.promptIndex ?? 0));
        const done = runs.filter(finished).length;
        return { ...old, runs, done, status: done >= old.total ? "done" : "running" };
      }),
    [qc, key],
  );

  const start = useCallback(
    async (concurrency: number) => {
      const batch = qc.getQueryData<BatchDetail>(key);
      if (!batch || ctrl.current) return;
      const ac = new AbortController();
      ctrl.current = ac;
      setActive(true);
      setErrors([]);
      try {
        if (batch.status !== "running") qc.setQueryData(key, await apiFetch<BatchDetail>(`/api/playground/batches/${batchId}`, { method: "PATCH", body: { status: "running" } }));
        const done = new Set(batch.runs.filter(finished).map((r) => r.promptIndex));
        const queue = batch.prompts.map((_, i) => i).filter((i) => !done.has(i));
        const worker = async () => {
          while (queue.length && !ac.signal.aborted) {
            const i = queue.shift()!;
            try {
              merge(await apiFetch<PublicRun>(`/api/playground/batches/${batchId}/prompts/${i}`, { method: "POST", signal: ac.signal }));
            } catch (err) {
              if (ac.signal.aborted) return;
              setErrors((e) => [...e, `Prompt ${i + 1}: ${err instanceof Error ? err.message : "failed"}`]);
            }
          }
        };
        await Promise.all(Array.from({ length: Math.max(1, concurrency) }, worker));
      } catch (err) {
        setErrors((e) => [...e, err instanceof Error ? err.message : "The batch could not start."]);
      } finally {
        if (ctrl.current === ac) ctrl.current = null;
        setActive(false);
        void qc.invalidateQueries({ queryKey: key });
        void qc.invalidateQueries({ queryKey: queryKeys.batches.lists() });
      }
    },
    [qc, key, batchId, merge],
  );

  const halt = useCallback(
    async (status: "paused" | "cancelled") => {
      ctrl.current?.abort();
      ctrl.current = null;
      try {
        qc.setQueryData(key, await apiFetch<BatchDetail>(`/api/playground/batches/${batchId}`, { method: "PATCH", body: { status } }));
      } catch (err) {
        setErrors((e) => [...e, err instanceof Error ? err.message : "Could not stop the batch."]);
      }
    },
    [qc, key, batchId],
  );

  useEffect(() => () => ctrl.current?.abort(), []);

  return { active, errors, start, pause: () => halt("paused"), cancel: () => halt("cancelled") };
}
