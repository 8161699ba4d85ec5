"use client";
import { useSearchParams } from "next/navigation";
import { useEffect, useRef, useState } from "react";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/field";
import { ErrorState, LoadingState, PageHeader } from "@/components/ui/states";
import { useBatch } from "@/lib/query/playground";
import { BatchJudge } from "./batch-judge";
import { BatchResultsTable } from "./batch-results-table";
import { BatchSummary } from "./batch-summary";
import { useBatchRunner } from "./use-batch-runner";

// One batch: progress bar and controls (start, pause, cancel, resume, concurrency), results table and summary.

const TONE = { pending: "neutral", running: "indigo", paused: "amber", cancelled: "red", done: "green" } as const;

export function BatchView({ id }: { id: string }) {
  const batch = useBatch(id);
  const runner = useBatchRunner(id);
  const search = useSearchParams();
  const [concurrency, setConcurrency] = useState<number | null>(null);
  const autoStarted = useRef(false);

  useEffect(() => {
    if (search.get("start") === "1" && batch.data && batch.data.status === "pending" && !autoStarted.current) {
      autoStarted.current = true;
      void runner.start(batch.data.concurrency);
    }
  }, [search, batch.data, runner]);

  if (batch.isPending) return <LoadingState label="Loading the batch…" />;
  if (batch.isError) return <ErrorState error={batch.error} onRetry={() => batch.refetch()} />;
  const b = batch.data;
  const pct = b.total ? Math.round((b.done / b.total) * 100) : 0;
  const limit = concurrency ?? b.concurrency;
  const status = runner.active ? "running" : b.status === "running" ? "paused" : b.status;
  return (
    <div className="space-y-6">
      <PageHeader
        title={b.name}
        description={`${b.total} prompts × ${b.targets.length} columns: ${b.targets.join(", ")}`}
        actions={
          <>
            <a className="text-sm text-indigo-600 hover:underline dark:text-indigo-400" href={`/api/playground/batches/${b.id}/export?format=csv`} download>
              Export CSV
            </a>
            <a className="text-sm text-indigo-600 hover:underline dark:text-indigo-400" href={`/api/playground/batches/${b.id}/export?format=json`} download>
              Export JSON
            </a>
          </>
        }
      />
      <section aria-label="Progress" className="space-y-3 rounded-lg border border-zinc-200 bg-white p-4 dark:border-zinc-800 dark:bg-zinc-900">
        <div className="flex flex-wrap items-center justify-between gap-3">
          <div className="flex items-center gap-2 text-sm">
            <Badge tone={TONE[status]}>{status}</Badge>
            <span>
              {b.done} of {b.total} prompts done
            </span>
          </div>
          <div className="flex flex-wrap items-end gap-2">
            <div className="w-28 space-y-1">
              <label htmlFor="batch-run-concurrency" className="block text-xs font-medium text-zinc-700 dark:text-zinc-300">
                Concurrency
              </label>
              <Input id="batch-run-concurrency" type="number" min={1} max={16} value={limit} disabled={runner.active} onChange={(e) => setConcurrency(Math.min(16, Math.max(1, Number(e.target.value) || 1)))} />
            </div>
            {runner.active ? (
              <>
                <Button variant="secondary" onClick={() => void runner.pause()}>
                  Pause
                </Button>
                <Button variant="danger" onClick={() => void runner.cancel()}>
                  Cancel
                </Button>
              </>
            ) : b.status !== "done" ? (
              <Button onClick={() => void runner.start(limit)}>{b.status === "pending" ? "Start" : "Resume"}</Button>
            ) : null}
          </div>
        </div>
        <div role="progressbar" aria-label="Batch progress" aria-valuemin={0} aria-valuemax={b.total} aria-valuenow={b.done} aria-valuetext={`${b.done} of ${b.total}`} className="h-2 overflow-hidden rounded-full bg-zinc-200 dark:bg-zinc-800">
          <div className="h-full bg-indigo-600 transition-all" style={{ width: `${pct}%` }} />
        </div>
        {runner.errors.length ? (
          <ul role="alert" className="list-disc pl-5 text-xs text-red-700 dark:text-red-400">
            {runner.errors.slice(-5).map((e, i) => (
              <li key={i}>{e}</li>
            ))}
          </ul>
        ) : null}
      </section>
      <BatchSummary batch={b} />
      <BatchJudge batch={b} />
      <BatchResultsTable batch={b} />
    </div>
  );
}
