"use client";
import Link from "next/link";
import { Badge } from "@/components/ui/badge";
import { Select } from "@/components/ui/field";
import { formatMs } from "@/lib/playground/metrics";
import type { BatchDetail } from "@/lib/playground/batch-types";
import type { PublicRun } from "@/lib/playground/types";
import { useVote } from "@/lib/query/playground";

// Prompts as rows, columns (models) as columns, with a vote per row for win rates.

function RowVote({ run, labels, index }: { run: PublicRun; labels: string[]; index: number }) {
  const vote = useVote(run.id);
  const value = vote.isPending ? vote.variables : run.voteColumn;
  return (
    <div className="space-y-1">
      <label htmlFor={`vote-${run.id}`} className="sr-only">
        Best answer for prompt {index + 1}
      </label>
      <Select id={`vote-${run.id}`} className="min-w-max py-1 text-xs" value={value === null || value === undefined ? "" : String(value)} onChange={(e) => vote.mutate(e.target.value === "" ? null : Number(e.target.value))}>
        <option value="">No vote</option>
        {labels.map((l, i) => (
          <option key={i} value={i}>
            {l}
          </option>
        ))}
        <option value="-1">Tie</option>
      </Select>
    </div>
  );
}

export function BatchResultsTable({ batch }: { batch: BatchDetail }) {
  const byIndex = new Map(batch.runs.map((r) => [r.promptIndex, r]));
  return (
    <section aria-labelledby="batch-results" className="space-y-2">
      <h2 id="batch-results" className="text-base font-semibold">
        Results
      </h2>
      <div className="overflow-x-auto rounded-lg border border-zinc-200 dark:border-zinc-800">
        <table className="min-w-full divide-y divide-zinc-200 text-sm dark:divide-zinc-800">
          <caption className="sr-only">Batch results: prompts by column</caption>
          <thead className="bg-zinc-50 text-left text-xs font-medium text-zinc-600 dark:bg-zinc-900 dark:text-zinc-400">
            <tr>
              <th scope="col" className="px-3 py-2">
                #
              </th>
              <th scope="col" className="px-3 py-2">
                Prompt
              </th>
              {batch.targets.map((t, i) => (
                <th key={i} scope="col" className="px-3 py-2">
                  {t}
                </th>
              ))}
              <th scope="col" className="px-3 py-2">
                Best
              </th>
            </tr>
          </thead>
          <tbody className="divide-y divide-zinc-200 bg-white dark:divide-zinc-800 dark:bg-zinc-950">
            {batch.prompts.map((p, i) => {
              const run = byIndex.get(i);
              return (
                <tr key={i} className="align-top">
                  <td className="px-3 py-2 text-xs text-zinc-500">{run ? <Link className="text-indigo-600 hover:underline dark:text-indigo-400" href={`/playground/runs/${run.id}`}>{i + 1}</Link> : i + 1}</td>
                  <td className="max-w-xs px-3 py-2">
                    <p className="line-clamp-3">{p.prompt}</p>
                  </td>
                  {batch.targets.map((_, c) => {
                    const r = run?.results.find((x) => x.column === c);
                    return (
                      <td key={c} className="max-w-sm px-3 py-2">
                        {!r || r.status === "pending" ? (
                          <span className="text-xs text-zinc-400">{run ? "running…" : "waiting"}</span>
                        ) : r.status === "error" ? (
                          <Badge tone="red">{r.error?.kind ?? "error"}</Badge>
                        ) : (
                          <>
                            <p className="line-clamp-3 text-xs">{r.output}</p>
                            <p className="mt-1 font-mono text-[11px] text-zinc-500">
                              {formatMs(r.metrics.latencyMs)} · TTFT {formatMs(r.metrics.ttftMs)}
                            </p>
                          </>
                        )}
                      </td>
                    );
                  })}
                  <td className="px-3 py-2">{run ? <RowVote run={run} labels={batch.targets} index={i} /> : null}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </section>
  );
}
