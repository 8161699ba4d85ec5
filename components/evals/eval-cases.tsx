"use client";
import { useState } from "react";
import type { EvalRunDetail } from "@/lib/evals/types";
import { useVoteEvalCase } from "@/lib/query/evals";
import { Table, Td, Tr } from "@/components/ui/table";

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
      <Table look="sheet" bodyClassName="align-top" columns={["#", "Prompt / reference", ...run.targets.map((t) => t.name), "Your vote"]}>
        {rows.slice(0, limit).map((c) => (
          <Tr key={c.caseIndex}>
            <Td className="tabular-nums text-zinc-500">{c.caseIndex + 1}</Td>
            <Td className="max-w-xs">
              <p className="line-clamp-3">{c.prompt}</p>
              {c.reference ? <p className="mt-1 line-clamp-2 text-xs text-zinc-500">Reference: {c.reference}</p> : null}
            </Td>
            {c.answers.map((a, i) => (
              <Td key={i} className="max-w-xs">
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
              </Td>
            ))}
            <Td>
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
            </Td>
          </Tr>
        ))}
      </Table>
      {rows.length > limit ? (
        <button type="button" className="text-sm font-medium text-indigo-700 underline dark:text-indigo-300" onClick={() => setLimit((l) => l + PAGE)}>
          Show more ({rows.length - limit} left)
        </button>
      ) : null}
    </section>
  );
}
