"use client";
import { useState } from "react";
import { Badge } from "@/components/ui/badge";
import { Input } from "@/components/ui/field";
import { EmptyState, ErrorState, LoadingState } from "@/components/ui/states";
import { PROVIDER_LABELS, type ProviderId } from "@/lib/models/providers";
import { useModels } from "@/lib/query/models";

export function ModelList() {
  const [q, setQ] = useState("");
  const models = useModels(q ? { q } : {});

  return (
    <div className="space-y-4">
      <div className="max-w-sm">
        <label htmlFor="model-search" className="sr-only">
          Search models
        </label>
        <Input id="model-search" type="search" placeholder="Search by name or model id" value={q} onChange={(e) => setQ(e.target.value)} />
      </div>
      {models.isPending ? (
        <LoadingState label="Loading models…" />
      ) : models.isError ? (
        <ErrorState error={models.error} onRetry={() => models.refetch()} />
      ) : models.data.items.length === 0 ? (
        <EmptyState title={q ? "No models match your search" : "No models registered yet"}>
          {q
            ? "Try another name or provider identifier."
            : "Register a fine-tuned model under its provider id (for example ft:gpt-4o-mini-2024-07-18:org:suffix:id), or import it from your fine-tuning jobs."}
        </EmptyState>
      ) : (
        <div className="overflow-x-auto rounded-lg border border-zinc-200 bg-white dark:border-zinc-800 dark:bg-zinc-900">
          <table className="w-full text-left text-sm">
            <thead className="border-b border-zinc-200 text-xs uppercase tracking-wide text-zinc-500 dark:border-zinc-800">
              <tr>
                <th scope="col" className="px-4 py-2">Name</th>
                <th scope="col" className="px-4 py-2">Provider</th>
                <th scope="col" className="px-4 py-2">Kind</th>
                <th scope="col" className="px-4 py-2">Model id</th>
                <th scope="col" className="px-4 py-2">Base model</th>
              </tr>
            </thead>
            <tbody>
              {models.data.items.map((m) => (
                <tr key={m.id} className="border-b border-zinc-100 last:border-0 dark:border-zinc-800">
                  <td className="px-4 py-2 font-medium">{m.name}</td>
                  <td className="px-4 py-2">
                    {m.provider === "simulator" ? (
                      <Badge tone="amber">Simulator</Badge>
                    ) : (
                      PROVIDER_LABELS[m.provider as ProviderId] ?? m.provider
                    )}
                  </td>
                  <td className="px-4 py-2">
                    <Badge tone={m.kind === "fine_tuned" ? "indigo" : "neutral"}>{m.kind === "fine_tuned" ? "fine-tuned" : "base"}</Badge>
                  </td>
                  <td className="max-w-xs truncate px-4 py-2 font-mono text-xs" title={m.modelId}>
                    {m.modelId}
                  </td>
                  <td className="px-4 py-2 font-mono text-xs">{m.baseModel ?? "—"}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <p className="px-4 py-2 text-xs text-zinc-500">{models.data.total} registered</p>
        </div>
      )}
    </div>
  );
}
