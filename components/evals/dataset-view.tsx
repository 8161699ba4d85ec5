"use client";
import { useState } from "react";
import { ErrorState, LoadingState, PageHeader } from "@/components/ui/states";
import { Field, Select } from "@/components/ui/field";
import { useDataset } from "@/lib/query/evals";
import { DatasetVersionForm } from "./dataset-version-form";

export function DatasetView({ id }: { id: string }) {
  const [version, setVersion] = useState<number | undefined>(undefined);
  const dataset = useDataset(id, version);
  if (dataset.isPending) return <LoadingState label="Loading dataset…" />;
  if (dataset.isError) return <ErrorState error={dataset.error} onRetry={() => dataset.refetch()} />;
  const d = dataset.data;
  return (
    <div className="space-y-4">
      <PageHeader
        title={d.name}
        description={d.description ?? `${d.caseCount} cases`}
        actions={
          <>
            <a className="self-center text-sm text-indigo-700 hover:underline dark:text-indigo-300" href={`/api/datasets/${d.id}/export?format=jsonl&version=${d.version}`}>
              Export JSONL
            </a>
            <a className="self-center text-sm text-indigo-700 hover:underline dark:text-indigo-300" href={`/api/datasets/${d.id}/export?format=csv&version=${d.version}`}>
              Export CSV
            </a>
          </>
        }
      />
      <Field label="Version" htmlFor="dataset-version" className="max-w-xs">
        <Select id="dataset-version" value={d.version} onChange={(e) => setVersion(Number(e.target.value))}>
          {d.versions.map((v) => (
            <option key={v.number} value={v.number}>
              v{v.number} · {v.caseCount} cases · {new Date(v.createdAt).toLocaleString()}
            </option>
          ))}
        </Select>
      </Field>
      <div className="overflow-x-auto rounded-lg border border-zinc-200 bg-white dark:border-zinc-800 dark:bg-zinc-900">
        <table className="w-full text-sm">
          <thead className="bg-zinc-50 text-left text-xs text-zinc-500 dark:bg-zinc-800/50">
            <tr>
              <th className="px-3 py-2 font-medium">#</th>
              <th className="px-3 py-2 font-medium">Prompt</th>
              <th className="px-3 py-2 font-medium">Reference</th>
              <th className="px-3 py-2 font-medium">Tags</th>
            </tr>
          </thead>
          <tbody className="divide-y divide-zinc-200 align-top dark:divide-zinc-800">
            {d.cases.slice(0, 200).map((c, i) => (
              <tr key={i}>
                <td className="px-3 py-2 text-zinc-500">{i + 1}</td>
                <td className="max-w-md px-3 py-2">
                  <p className="line-clamp-3 whitespace-pre-wrap">{[...c.messages].reverse().find((m) => m.role === "user")?.content}</p>
                </td>
                <td className="max-w-md px-3 py-2 text-zinc-600 dark:text-zinc-400">
                  <p className="line-clamp-3">{c.reference ?? "—"}</p>
                </td>
                <td className="px-3 py-2 text-xs">{c.tags.join(", ")}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {d.cases.length > 200 ? <p className="text-xs text-zinc-500">Showing the first 200 of {d.cases.length} cases; export for the rest.</p> : null}
      <DatasetVersionForm id={d.id} onSaved={setVersion} />
    </div>
  );
}
