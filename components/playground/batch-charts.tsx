"use client";
import { Bar, BarChart, CartesianGrid, ErrorBar, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import type { ColumnSummary } from "@/lib/playground/stats";

// Win rate with its confidence interval, and latency percentiles, per model.

export function BatchCharts({ rows }: { rows: ColumnSummary[] }) {
  const win = rows.map((r) => ({
    label: r.label,
    rate: r.winRate ? Math.round(r.winRate.rate * 1000) / 10 : 0,
    ci: r.winRate ? [Math.round((r.winRate.rate - r.winRate.low) * 1000) / 10, Math.round((r.winRate.high - r.winRate.rate) * 1000) / 10] : [0, 0],
  }));
  const latency = rows.map((r) => ({ label: r.label, "p50 latency": r.p50LatencyMs ?? 0, "p95 latency": r.p95LatencyMs ?? 0, "p50 TTFT": r.p50TtftMs ?? 0 }));
  return (
    <div className="grid gap-4 lg:grid-cols-2">
      <figure className="rounded-lg border border-zinc-200 bg-white p-3 dark:border-zinc-800 dark:bg-zinc-900">
        <figcaption className="mb-2 text-sm font-medium">Win rate (%) with 95% Wilson interval</figcaption>
        <div className="h-56 text-xs" role="img" aria-label={`Win rates: ${win.map((w) => `${w.label} ${w.rate}%`).join(", ")}`}>
          <ResponsiveContainer width="100%" height="100%">
            <BarChart data={win}>
              <CartesianGrid strokeDasharray="3 3" stroke="currentColor" strokeOpacity={0.15} />
              <XAxis dataKey="label" stroke="currentColor" />
              <YAxis domain={[0, 100]} stroke="currentColor" />
              <Tooltip />
              <Bar dataKey="rate" name="Win rate %" fill="#4f46e5">
                <ErrorBar dataKey="ci" width={6} stroke="#f59e0b" />
              </Bar>
            </BarChart>
          </ResponsiveContainer>
        </div>
      </figure>
      <figure className="rounded-lg border border-zinc-200 bg-white p-3 dark:border-zinc-800 dark:bg-zinc-900">
        <figcaption className="mb-2 text-sm font-medium">Latency (ms)</figcaption>
        <div className="h-56 text-xs" role="img" aria-label={`Latency: ${latency.map((l) => `${l.label} p50 ${l["p50 latency"]} ms`).join(", ")}`}>
          <ResponsiveContainer width="100%" height="100%">
            <BarChart data={latency}>
              <CartesianGrid strokeDasharray="3 3" stroke="currentColor" strokeOpacity={0.15} />
              <XAxis dataKey="label" stroke="currentColor" />
              <YAxis stroke="currentColor" />
              <Tooltip />
              <Legend />
              <Bar dataKey="p50 TTFT" fill="#10b981" />
              <Bar dataKey="p50 latency" fill="#6366f1" />
              <Bar dataKey="p95 latency" fill="#a5b4fc" />
            </BarChart>
          </ResponsiveContainer>
        </div>
      </figure>
    </div>
  );
}
