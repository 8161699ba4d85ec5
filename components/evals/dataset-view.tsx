"use client";
import { useState } from "react";
import { ErrorState, LoadingState, PageHeader } from "@/components/ui/states";
import { Field, Select } from "@/components/ui/field";
import { useDataset } from "@/lib/query/evals";
import { DatasetVersionForm } from "./dataset-version-form";
import { Table, Td, Tr } from "@/components/ui/table";

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
      <Table look="sheet" bodyClassName="align-top" columns={["#", "Prompt", "Reference", "Tags"]}>
        {d.cases.slice(0, 200).map((c, i) => (
          <Tr key={i}>
            <Td className="text-zinc-500">{i + 1}</Td>
            <Td className="max-w-md">
              <p className="line-clamp-3 whitespace-pre-wrap">{[...c.messages].reverse().find((m) => m.role === "user")?.content}</p>
            </Td>
            <Td className="max-w-md text-zinc-600 dark:text-zinc-400">
              <p className="line-clamp-3">{c.reference ?? "—"}</p>
            </Td>
            <Td className="text-xs">{c.tags.join(", ")}</Td>
          </Tr>
        ))}
      </Table>
      {d.cases.length > 200 ? <p className="text-xs text-zinc-500">Showing the first 200 of {d.cases.length} cases; export for the rest.</p> : null}
      <DatasetVersionForm id={d.id} onSaved={setVersion} />
    </div>
  );
}
