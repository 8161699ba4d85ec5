"use client";
import { useState } from "react";
import { Field, Select } from "@/components/ui/field";
import { EmptyState, ErrorState, LoadingState } from "@/components/ui/states";
import type { EvalRunSummary } from "@/lib/evals/types";
import { useCompareEvalRuns, useEvalRuns } from "@/lib/query/evals";
import { Table, Td, Tr } from "@/components/ui/table";

// Did the new fine-tune improve on the last one? Pick a target in an older run (A) and one in a newer run (B)
// on the same dataset version; cases are paired and compared by the scorers both runs share.

const pct = (v: number) => `${(v * 100).toFixed(1)}%`;

function RunPicker({ side, runs, run, target, onRun, onTarget }: { side: "A" | "B"; runs: EvalRunSummary[]; run: string; target: number; onRun: (id: string) => void; onTarget: (t: number) => void }) {
  const chosen = runs.find((r) => r.id === run);
  return (
    <fieldset className="grid gap-3 rounded-lg border border-zinc-200 p-3 dark:border-zinc-800 sm:grid-cols-2">
      <legend className="px-1 text-sm font-medium">{side === "A" ? "A: the earlier run" : "B: the new run"}</legend>
      <Field label={`Run ${side}`} htmlFor={`cmp-${side}-run`}>
        <Select id={`cmp-${side}-run`} value={run} onChange={(e) => onRun(e.target.value)}>
          <option value="">Choose a run…</option>
          {runs.map((r) => (
            <option key={r.id} value={r.id}>
              {r.name} ({r.dataset.name} v{r.dataset.version})
            </option>
          ))}
        </Select>
      </Field>
      <Field label={`Target ${side}`} htmlFor={`cmp-${side}-target`}>
        <Select id={`cmp-${side}-target`} value={target} onChange={(e) => onTarget(Number(e.target.value))} disabled={!chosen}>
          {chosen?.targets.map((t, i) => (
            <option key={i} value={i}>
              {t.name}
            </option>
          ))}
        </Select>
      </Field>
    </fieldset>
  );
}

export function EvalCompare() {
  const runs = useEvalRuns();
  const [a, setA] = useState({ run: "", target: 1 });
  const [b, setB] = useState({ run: "", target: 1 });
  const query = a.run && b.run ? { a: a.run, aTarget: a.target, b: b.run, bTarget: b.target } : null;
  const result = useCompareEvalRuns(query);
  if (runs.isPending) return <LoadingState label="Loading eval runs…" />;
  if (runs.isError) return <ErrorState error={runs.error} onRetry={() => runs.refetch()} />;
  const done = runs.data.items.filter((r) => r.status === "done");
  if (done.length < 2) return <EmptyState title="Two finished runs needed">Run the same dataset against your last fine-tune and the new one, then compare them here.</EmptyState>;
  const c = result.data?.comparison;
  return (
    <div className="space-y-4">
      <div className="grid gap-4 lg:grid-cols-2">
        <RunPicker side="A" runs={done} run={a.run} target={a.target} onRun={(run) => setA({ run, target: 1 })} onTarget={(target) => setA((x) => ({ ...x, target }))} />
        <RunPicker side="B" runs={done} run={b.run} target={b.target} onRun={(run) => setB({ run, target: 1 })} onTarget={(target) => setB((x) => ({ ...x, target }))} />
      </div>
      {!query ? null : result.isPending ? (
        <LoadingState label="Comparing…" />
      ) : result.isError ? (
        <ErrorState error={result.error} />
      ) : c ? (
        <section aria-label="Comparison" className="space-y-3 rounded-lg border border-zinc-200 bg-white p-4 dark:border-zinc-800 dark:bg-zinc-900">
          <h2 className="text-base font-semibold">
            {result.data.b.target} ({result.data.b.runName}) vs {result.data.a.target} ({result.data.a.runName})
          </h2>
          <p className="text-2xl font-semibold tabular-nums">{c.winRate ? `${pct(c.winRate.rate)} win rate` : "—"}</p>
          <p className="text-sm text-zinc-600 dark:text-zinc-400">
            {c.winRate ? `95% CI ${pct(c.winRate.low)} – ${pct(c.winRate.high)} (Wilson)` : ""} · {c.wins} improved, {c.losses} regressed, {c.ties} unchanged of {result.data.cases} cases
          </p>
          <p className="text-sm font-medium">
            {c.verdict === "better" ? "B is significantly better than A" : c.verdict === "worse" ? "B is significantly worse than A" : c.verdict === "no_difference" ? "No significant difference" : "No case changed"}
            <span className="font-normal text-zinc-500"> · sign test p = {c.pValue.toFixed(4)}</span>
          </p>
          <Table look="inline" bodyClassName="tabular-nums" columns={["Scorer (same settings in both)", "Pass A", "Pass B"]}>
            {result.data.scorers.map((s) => (
              <Tr key={s.label}>
                <Td>{s.label}</Td>
                <Td>{s.a ? pct(s.a.rate) : "—"}</Td>
                <Td>{s.b ? pct(s.b.rate) : "—"}</Td>
              </Tr>
            ))}
          </Table>
        </section>
      ) : null}
    </div>
  );
}
