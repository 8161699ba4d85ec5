"use client";
import Link from "next/link";
import { Badge } from "@/components/ui/badge";
import { EmptyState, ErrorState, LoadingState } from "@/components/ui/states";
import { useBatches } from "@/lib/query/playground";

const TONE = { pending: "neutral", running: "indigo", paused: "amber", cancelled: "red", done: "green" } as const;

export function BatchList() {
  const batches = useBatches();
  if (batches.isPending) return <LoadingState label="Loading batches…" />;
  if (batches.isError) return <ErrorState error={batches.error} onRetry={() => batches.refetch()} />;
  if (!batches.data.items.length) return <EmptyState title="No batches yet">Create one below: paste prompts or load a CSV or JSONL file.</EmptyState>;
  return (
    <ul className="divide-y divide-zinc-200 rounded-lg border border-zinc-200 bg-white dark:divide-zinc-800 dark:border-zinc-800 dark:bg-zinc-900">
      {batches.data.items.map((b) => (
        <li key={b.id} className="flex flex-wrap items-center justify-between gap-3 px-4 py-3">
          <div className="min-w-0">
            <Link href={`/playground/batches/${b.id}`} className="font-medium text-indigo-700 hover:underline dark:text-indigo-300">
              {b.name}
            </Link>
            <p className="truncate text-xs text-zinc-500">
              {new Date(b.createdAt).toLocaleString()} · {b.targets.join(" vs ")}
            </p>
          </div>
          <div className="flex items-center gap-2 text-xs">
            <span>
              {b.done}/{b.total}
            </span>
            <Badge tone={TONE[b.status]}>{b.status}</Badge>
          </div>
        </li>
      ))}
    </ul>
  );
}
