"use client";
import dynamic from "next/dynamic";
import { useMemo, useState } from "react";
import { Select } from "@/components/ui/field";
import { formatMs, formatUsd } from "@/lib/playground/metrics";
import { summarize, type WinSource } from "@/lib/playground/stats";
import type { BatchDetail } from "@/lib/playground/batch-types";

// recharts only loads when there is something to chart.
const BatchCharts = dynamic(() => import("./batch-charts"), {
  ssr: false,
  loading: () => <div role="status" aria-label="Loading charts" className="h-72 rounded-lg border border-dashed border-zinc-200 dark:border-zinc-800" />,
});

// Per-model summary: win rate with a 95% Wilson interval (from votes or the judge), latency, TTFT, cost, errors.

const pct = (v: number | null | undefined) => (v === null || v === undefined ? "—" : `${Math.round(v * 100)}%`);

export function BatchSummary({ batch }: { batch: BatchDetail }) {
  const [source, setSource] = useState<WinSource>("votes");
  const rows = useMemo(() => summarize(batch.runs, batch.targets, source), [batch.runs, batch.targets, source]);
  return (
    <section aria-labelledby="batch-summary" className="space-y-3">
      <div className="flex flex-wrap items-end justify-between gap-3">
        <h2 id="batch-summary" className="text-base font-semibold">
          Summary
        </h2>
        <div className="space-y-1">
          <label htmlFor="win-source" className="block text-xs font-medium text-zinc-700 dark:text-zinc-300">
            Win rate from
          </label>
          <Select id="win-source" className="w-40 py-1 text-xs" value={source} onChange={(e) => setSource(e.target.value as WinSource)}>
            <option value="votes">Votes</option>
            <option value="judge">Judge verdicts</option>
          </Select>
        </div>
      </div>
      <div className="overflow-x-auto rounded-lg border border-zinc-200 dark:border-zinc-800">
        <table className="min-w-full divide-y divide-zinc-200 text-sm dark:divide-zinc-800">
          <caption className="sr-only">Summary per model</caption>
          <thead className="bg-zinc-50 text-left text-xs font-medium text-zinc-600 dark:bg-zinc-900 dark:text-zinc-400">
            <tr>
              {["Model", "Requests", "Win rate (95% CI)", "p50 latency", "p95 latency", "p50 TTFT", "Cost / 1k requests", "Error rate"].map((h) => (
                <th key={h} scope="col" className="px-3 py-2">
                  {h}
                </th>
              ))}
            </tr>
          </thead>
          <tbody className="divide-y divide-zinc-200 bg-white font-mono text-xs tabular-nums dark:divide-zinc-800 dark:bg-zinc-950">
            {rows.map((r) => (
              <tr key={r.column}>
                <th scope="row" className="px-3 py-2 text-left font-sans text-sm font-medium">
                  {r.label}
                </th>
                <td className="px-3 py-2">{r.requests}</td>
                <td className="px-3 py-2">{r.winRate ? `${pct(r.winRate.rate)} (${pct(r.winRate.low)}–${pct(r.winRate.high)}), n=${r.decisions}` : `— (no ${source === "votes" ? "votes" : "verdicts"} yet)`}</td>
                <td className="px-3 py-2">{formatMs(r.p50LatencyMs)}</td>
                <td className="px-3 py-2">{formatMs(r.p95LatencyMs)}</td>
                <td className="px-3 py-2">{formatMs(r.p50TtftMs)}</td>
                <td className="px-3 py-2">{formatUsd(r.costPer1k)}</td>
                <td className="px-3 py-2">{pct(r.errorRate)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {batch.runs.length ? (
        <BatchCharts rows={rows} decisionsLabel={source === "votes" ? "votes" : "judge verdicts"} />
      ) : (
        <p className="text-sm text-zinc-500">Charts appear once prompts have run.</p>
      )}
    </section>
  );
}
