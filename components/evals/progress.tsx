import type { EvalProgress, EvalRunSummary } from "@/lib/evals/types";
import { Badge } from "@/components/ui/badge";

// A run's progress: completion calls, then judge calls, as one bar.

export const STATUS_TONE = { queued: "neutral", running: "indigo", paused: "amber", cancelled: "red", done: "green", failed: "red" } as const;

export function StatusBadge({ status }: { status: EvalRunSummary["status"] }) {
  return <Badge tone={STATUS_TONE[status]}>{status}</Badge>;
}

function eta(seconds: number | null): string {
  if (seconds === null) return "—";
  if (seconds < 60) return `${seconds}s`;
  return `${Math.floor(seconds / 60)}m ${seconds % 60}s`;
}

export function ProgressBar({ progress, label }: { progress: EvalProgress; label: string }) {
  const total = progress.total + progress.judgeTotal;
  const done = progress.done + progress.judgeDone;
  const pct = total ? Math.round((done / total) * 100) : 0;
  return (
    <div className="space-y-1">
      <div role="progressbar" aria-label={label} aria-valuemin={0} aria-valuemax={total} aria-valuenow={done} className="h-2 overflow-hidden rounded bg-zinc-200 dark:bg-zinc-800">
        <div className="h-full bg-indigo-600 transition-all" style={{ width: `${pct}%` }} />
      </div>
      <p className="text-xs text-zinc-600 tabular-nums dark:text-zinc-400">
        {progress.done}/{progress.total} answers
        {progress.judgeTotal ? ` · ${progress.judgeDone}/${progress.judgeTotal} judge calls` : ""} · {progress.errors} errors · ETA {eta(progress.etaSeconds)} · cost so far $
        {progress.costUsd.toFixed(4)}
      </p>
    </div>
  );
}
