"use client";
import Link from "next/link";
import { EmptyState, ErrorState, LoadingState } from "@/components/ui/states";
import { useDatasets } from "@/lib/query/evals";

export function DatasetList() {
  const datasets = useDatasets();
  if (datasets.isPending) return <LoadingState label="Loading datasets…" />;
  if (datasets.isError) return <ErrorState error={datasets.error} onRetry={() => datasets.refetch()} />;
  if (!datasets.data.items.length) return <EmptyState title="No datasets yet">Import a JSONL or CSV file below: each row is one test case.</EmptyState>;
  return (
    <table className="w-full overflow-hidden rounded-lg border border-zinc-200 bg-white text-sm dark:border-zinc-800 dark:bg-zinc-900">
      <thead className="bg-zinc-50 text-left text-xs text-zinc-500 dark:bg-zinc-800/50">
        <tr>
          <th className="px-4 py-2 font-medium">Dataset</th>
          <th className="px-4 py-2 font-medium">Cases</th>
          <th className="px-4 py-2 font-medium">Version</th>
          <th className="px-4 py-2 font-medium">Export</th>
        </tr>
      </thead>
      <tbody className="divide-y divide-zinc-200 dark:divide-zinc-800">
        {datasets.data.items.map((d) => (
          <tr key={d.id}>
            <td className="px-4 py-2">
              <Link href={`/evals/datasets/${d.id}`} className="font-medium text-indigo-700 hover:underline dark:text-indigo-300">
                {d.name}
              </Link>
              {d.description ? <p className="text-xs text-zinc-500">{d.description}</p> : null}
            </td>
            <td className="px-4 py-2 tabular-nums">{d.caseCount}</td>
            <td className="px-4 py-2">v{d.latestVersion}</td>
            <td className="space-x-2 px-4 py-2 text-xs">
              <a className="text-indigo-700 hover:underline dark:text-indigo-300" href={`/api/datasets/${d.id}/export?format=jsonl`} aria-label={`Export ${d.name} as JSONL`}>
                JSONL
              </a>
              <a className="text-indigo-700 hover:underline dark:text-indigo-300" href={`/api/datasets/${d.id}/export?format=csv`} aria-label={`Export ${d.name} as CSV`}>
                CSV
              </a>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
