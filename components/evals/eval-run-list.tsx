"use client";
import Link from "next/link";
import { EmptyState, ErrorState, LoadingState } from "@/components/ui/states";
import { useEvalRuns } from "@/lib/query/evals";
import { ProgressBar, StatusBadge } from "./progress";

export function EvalRunList() {
  const runs = useEvalRuns();
  if (runs.isPending) return <LoadingState label="Loading eval runs…" />;
  if (runs.isError) return <ErrorState error={runs.error} onRetry={() => runs.refetch()} />;
  if (!runs.data.items.length)
    return (
      <EmptyState title="No eval runs yet">
        Import a dataset, then run it against a base model and its fine-tune. Runs execute on the server: you can close the page.
      </EmptyState>
    );
  return (
    <ul aria-label="Eval runs" className="divide-y divide-zinc-200 rounded-lg border border-zinc-200 bg-white dark:divide-zinc-800 dark:border-zinc-800 dark:bg-zinc-900">
      {runs.data.items.map((r) => (
        <li key={r.id} className="grid gap-2 px-4 py-3 sm:grid-cols-[1fr_18rem] sm:items-center">
          <div className="min-w-0">
            <div className="flex items-center gap-2">
              <Link href={`/evals/${r.id}`} className="font-medium text-indigo-700 hover:underline dark:text-indigo-300">
                {r.name}
              </Link>
              <StatusBadge status={r.status} />
            </div>
            <p className="truncate text-xs text-zinc-500">
              {r.dataset.name} v{r.dataset.version} · {r.targets.map((t) => t.name).join(" vs ")} · {new Date(r.createdAt).toLocaleString()}
            </p>
          </div>
          <ProgressBar progress={r.progress} label={`Progress of ${r.name}`} />
        </li>
      ))}
    </ul>
  );
}
