"use client";
import Link from "next/link";
import { ErrorState, LoadingState, PageHeader } from "@/components/ui/states";
import { useRun } from "@/lib/query/playground";
import { ColumnOutput, resultProps } from "./column-output";
import { CompareTools } from "./compare-tools";

// A saved run at its stable link: prompt, every column's output and metrics, votes, diff, judge, export, rerun.

const linkClass = "rounded-md border border-zinc-300 px-3 py-1.5 text-sm font-medium hover:bg-zinc-100 dark:border-zinc-700 dark:hover:bg-zinc-800";

export function RunDetail({ id }: { id: string }) {
  const run = useRun(id);
  if (run.isPending) return <LoadingState label="Loading the run…" />;
  if (run.isError) return <ErrorState error={run.error} onRetry={() => run.refetch()} />;
  const r = run.data;
  const prompt = r.messages.at(-1)?.content ?? "";
  return (
    <div className="space-y-6">
      <PageHeader
        title={r.title || "Playground run"}
        description={`Run ${r.id} · ${new Date(r.createdAt).toLocaleString()}${r.batchId ? " · part of a batch" : ""}`}
        actions={
          <>
            <Link className={linkClass} href={`/playground?from=${r.id}`}>
              Open in composer
            </Link>
            <Link className={`${linkClass} border-indigo-600 bg-indigo-600 text-white hover:bg-indigo-500 dark:hover:bg-indigo-500`} href={`/playground?from=${r.id}&rerun=1`}>
              Rerun
            </Link>
          </>
        }
      />
      <section aria-label="Saved prompt" className="space-y-2 rounded-lg border border-zinc-200 bg-white p-4 text-sm dark:border-zinc-800 dark:bg-zinc-900">
        {r.systemPrompt ? (
          <p>
            <span className="font-medium">System:</span> <span className="whitespace-pre-wrap">{r.systemPrompt}</span>
          </p>
        ) : null}
        {r.messages.map((m, i) => (
          <p key={i}>
            <span className="font-medium capitalize">{m.role}:</span> <span className="whitespace-pre-wrap">{m.content}</span>
          </p>
        ))}
        {Object.keys(r.variables).length ? (
          <p className="text-xs text-zinc-500">
            Variables: {Object.entries(r.variables).map(([k, v]) => `${k} = ${v}`).join(", ")}
          </p>
        ) : null}
        {!prompt ? <p className="text-zinc-500">No prompt.</p> : null}
      </section>
      <div className={`grid gap-3 ${r.results.length === 2 ? "md:grid-cols-2" : "md:grid-cols-2 xl:grid-cols-3"}`}>
        {r.results.map((res) => (
          <ColumnOutput key={res.column} index={res.column} title={res.target.name} subtitle={res.target.type === "group" ? "routing group" : Object.entries(res.params).map(([k, v]) => `${k}=${JSON.stringify(v)}`).join(" ") || "default parameters"} highlight={r.voteColumn === res.column} {...resultProps(res)} />
        ))}
      </div>
      <CompareTools run={r} showLink={false} />
    </div>
  );
}
