"use client";
import Link from "next/link";
import { EmptyState, ErrorState, LoadingState } from "@/components/ui/states";
import { useDatasets } from "@/lib/query/evals";
import { Table, Td, Tr } from "@/components/ui/table";

export function DatasetList() {
  const datasets = useDatasets();
  if (datasets.isPending) return <LoadingState label="Loading datasets…" />;
  if (datasets.isError) return <ErrorState error={datasets.error} onRetry={() => datasets.refetch()} />;
  if (!datasets.data.items.length) return <EmptyState title="No datasets yet">Import a JSONL or CSV file below: each row is one test case.</EmptyState>;
  return (
    <Table look="sheet" columns={["Dataset", "Cases", "Version", "Export"]}>
      {datasets.data.items.map((d) => (
        <Tr key={d.id}>
          <Td>
            <Link href={`/evals/datasets/${d.id}`} className="font-medium text-indigo-700 hover:underline dark:text-indigo-300">
              {d.name}
            </Link>
            {d.description ? <p className="text-xs text-zinc-500">{d.description}</p> : null}
          </Td>
          <Td className="tabular-nums">{d.caseCount}</Td>
          <Td>v{d.latestVersion}</Td>
          <Td className="space-x-2 text-xs">
            <a className="text-indigo-700 hover:underline dark:text-indigo-300" href={`/api/datasets/${d.id}/export?format=jsonl`} aria-label={`Export ${d.name} as JSONL`}>
              JSONL
            </a>
            <a className="text-indigo-700 hover:underline dark:text-indigo-300" href={`/api/datasets/${d.id}/export?format=csv`} aria-label={`Export ${d.name} as CSV`}>
              CSV
            </a>
          </Td>
        </Tr>
      ))}
    </Table>
  );
}
