"use client";
import { useState } from "react";
import type { EvalRunDetail } from "@/lib/evals/types";
import { useVoteEvalCase } from "@/lib/query/evals";

// Every case with each target's answer; filter to the cases where the scorers or the judge's orders disagree.

const PAGE = 50;

export function EvalCases({ run }: { run: EvalRunDetail }) {
  const [onlyDisagreements, setOnly] = useState(false);
  const [limit, setLimit] = useState(PAGE);
  const vote = useVoteEvalCase(run.id);
  const rows = onlyDisagreements ? run.cases.filter((c) => c.disagreement) : run.cases;
  return (
    <section aria-label="Cases" className="space-y-2">
      <div className="flex items-center justify-between">
        <h2 className="text-base font-semibold">Cases</h2>
        <label className="flex items-center gap-2 text-sm">
          <input type="checkbox" checked={onlyDisagreements} onChange={(e) => setOnly(e.target.checked)} />
          Only disagreements ({run.cases.filter((c) => c.disagreement).length})
        </label>
      </div>
      <div className="overflow-x-auto rounded-lg border border-zinc-200 bg-white dark:border-zinc-800 dark:bg-zinc-900">
        <table className="w-full text-sm">
          <thead className="bg-zinc-50 text-left text-xs text-zinc-500 dark:bg-zinc-800/50">
            <tr>
              <th className="px-3 py-2 font-medium">#</th>
              <th className="px-3 py-2 font-medium">Prompt / reference</th>
              {run.targets.map((t, i) => (
                <th key={i} className="px-3 py-2 font-medium">
                  {t.name}
                </th>
              ))}
              <th className="px-3 py-2 font-medium">Your vote</th>
            </tr>
          </thead>
          <tbody className="divide-y divide-zinc-200 align-top dark:divide-zinc-800">
            {rows.slice(0, limit).map((c) => (
              <tr key={c.caseIndex}>
                <td className="px-3 py-2 tabular-nums text-zinc-500">{c.caseIndex + 1}</td>
                <td className="max-w-xs px-3 py-2">
                  <p className="line-clamp-3">{c.prompt}</p>
                  {c.reference ? <p className="mt-1 line-clamp-2 text-xs text-zinc-500">Reference: {c.reference}</p> : null}
                </td>
                {c.answers.map((a, i) => (
                  <td key={i} className="max-w-xs px-3 py-2">
                    {a === null ? (
                      <span className="text-xs text-zinc-400">pending</span>
                    ) : a.error ? (
                      <span className="text-xs text-red-600">{a.error}</span>
                    ) : (
                      <>
                        <p className="line-clamp-4 whitespace-pre-wrap text-xs">{a.output}</p>
                        <p className="mt-1 text-xs text-zinc-500">
                          {a.scored ? `${a.passed}/${a.scored} passed · ` : ""}
                          {a.latencyMs} ms{c.outcomes[i] ? ` · ${c.outcomes[i]}` : ""}
                        </p>
                      </>
                    )}
                  </td>
                ))}
                <td className="px-3 py-2">
                  <select
                    aria-label={`Best answer for case ${c.caseIndex + 1}`}
                    className="rounded border border-zinc-300 bg-white px-1 py-0.5 text-xs dark:border-zinc-700 dark:bg-zinc-900"
                    value={c.vote === null ? "" : String(c.vote)}
                    disabled={vote.isPending}
                    onChange={(e) => vote.mutate({ caseIndex: c.caseIndex, winner: e.target.value === "" ? null : Number(e.target.value) })}
                  >
                    <option value="">—</option>
                    {run.targets.map((t, i) => (
                      <option key={i} value={i}>
                        {t.name}
                      </option>
                    ))}
                    <option value="-1">Tie</option>
                  </select>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {rows.length > limit ? (
        <button type="button" className="text-sm font-medium text-indigo-700 underline dark:text-indigo-300" onClick={() => setLimit((l) => l + PAGE)}>
          Show more ({rows.length - limit} left)
        </button>
      ) : null}
    </section>
  );
}
