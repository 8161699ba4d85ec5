"use client";
import { Bar, BarChart, CartesianGrid, ErrorBar, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import type { ColumnSummary } from "@/lib/playground/stats";

// Win rate with its confidence interval, and latency percentiles, per model. Loaded on demand (charts.tsx):
// recharts is the heaviest library on the page. No animation: a vote or a finished prompt updates the bars
// in place, and an animation would replay from zero on every update.

const figure = "rounded-lg border border-zinc-200 bg-white p-3 dark:border-zinc-800 dark:bg-zinc-900";

export default function BatchCharts({ rows, decisionsLabel }: { rows: ColumnSummary[]; decisionsLabel: string }) {
  const decided = rows.some((r) => r.winRate);
  const win = rows.map((r) => ({
    label: r.label,
    rate: r.winRate ? Math.round(r.winRate.rate * 1000) / 10 : 0,
    ci: r.winRate ? [Math.round((r.winRate.rate - r.winRate.low) * 1000) / 10, Math.round((r.winRate.high - r.winRate.rate) * 1000) / 10] : [0, 0],
  }));
  const latency = rows.map((r) => ({ label: r.label, "p50 latency": r.p50LatencyMs ?? 0, "p95 latency": r.p95LatencyMs ?? 0, "p50 TTFT": r.p50TtftMs ?? 0 }));
  return (
    <div className="grid gap-4 lg:grid-cols-2">
      <figure className={figure}>
        <figcaption className="mb-2 text-sm font-medium">Win rate (%) with 95% Wilson interval</figcaption>
        {decided ? (
          <div className="h-56 text-xs" role="img" aria-label={`Win rates: ${win.map((w) => `${w.label} ${w.rate}%`).join(", ")}`}>
            <ResponsiveContainer width="100%" height="100%">
              <BarChart data={win}>
                <CartesianGrid strokeDasharray="3 3" stroke="currentColor" strokeOpacity={0.15} />
                <XAxis dataKey="label" stroke="currentColor" />
                <YAxis domain={[0, 100]} stroke="currentColor" />
                <Tooltip isAnimationActive={false} />
                <Bar dataKey="rate" name="Win rate %" fill="#4f46e5" isAnimationActive={false}>
                  <ErrorBar dataKey="ci" width={6} stroke="#f59e0b" isAnimationActive={false} />
                </Bar>
              </BarChart>
            </ResponsiveContainer>
          </div>
        ) : (
          <p className="flex h-56 items-center justify-center text-center text-sm text-zinc-500">No {decisionsLabel} yet.</p>
        )}
      </figure>
      <figure className={figure}>
        <figcaption className="mb-2 text-sm font-medium">Latency (ms)</figcaption>
        <div className="h-56 text-xs" role="img" aria-label={`Latency: ${latency.map((l) => `${l.label} p50 ${l["p50 latency"]} ms`).join(", ")}`}>
          <ResponsiveContainer width="100%" height="100%">
            <BarChart data={latency}>
              <CartesianGrid strokeDasharray="3 3" stroke="currentColor" strokeOpacity={0.15} />
              <XAxis dataKey="label" stroke="currentColor" />
              <YAxis stroke="currentColor" />
              <Tooltip isAnimationActive={false} />
              <Legend />
              <Bar dataKey="p50 TTFT" fill="#10b981" isAnimationActive={false} />
              <Bar dataKey="p50 latency" fill="#6366f1" isAnimationActive={false} />
              <Bar dataKey="p95 latency" fill="#a5b4fc" isAnimationActive={false} />
            </BarChart>
          </ResponsiveContainer>
        </div>
      </figure>
    </div>
  );
}
