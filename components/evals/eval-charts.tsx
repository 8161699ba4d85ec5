"use client";
import { Bar, BarChart, CartesianGrid, ErrorBar, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import type { TargetReport } from "@/lib/evals/stats";

// Loaded with next/dynamic from eval-run-view.tsx, so recharts stays out of the page's first bundle.

export default function EvalCharts({ report }: { report: TargetReport[] }) {
  const win = report
    .filter((t) => t.vsBaseline?.winRate)
    .map((t) => {
      const w = t.vsBaseline!.winRate!;
      return { label: t.label, rate: Math.round(w.rate * 1000) / 10, ci: [Math.round((w.rate - w.low) * 1000) / 10, Math.round((w.high - w.rate) * 1000) / 10] };
    });
  const latency = report.map((t) => ({ label: t.label, "p50 TTFT": t.p50TtftMs ?? 0, "p50 latency": t.p50LatencyMs ?? 0, "p95 latency": t.p95LatencyMs ?? 0 }));
  return (
    <div className="grid gap-4 lg:grid-cols-2">
      <figure className="rounded-lg border border-zinc-200 bg-white p-3 dark:border-zinc-800 dark:bg-zinc-900">
        <figcaption className="mb-2 text-sm font-medium">Win rate vs baseline (%) with 95% Wilson interval</figcaption>
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
