"use client";
import { Bar, BarChart, CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import type { UsageReport } from "@/lib/usage/schema";
import { formatMs, formatUsd } from "@/components/keys/format";

// Four small charts over the same time axis. Colours read in both themes; axes use currentColor.
// Bars rather than areas: buckets are discrete, and one busy bucket would otherwise draw as a spike.

const PALETTE = ["#6366f1", "#10b981", "#f59e0b", "#ef4444", "#06b6d4", "#a855f7", "#84cc16", "#ec4899"];
const MAX_SERIES = 6;
const OTHER = "other";

function tick(t: number, bucketMs: number): string {
  const d = new Date(t);
  return bucketMs >= 86_400_000
    ? d.toLocaleDateString(undefined, { month: "short", day: "numeric" })
    : bucketMs >= 6 * 3_600_000
      ? d.toLocaleString(undefined, { month: "short", day: "numeric", hour: "2-digit" })
      : d.toLocaleTimeString(undefined, { hour: "2-digit", minute: "2-digit" });
}

/** Compact axis labels: "750ms", "1.5s". */
const axisMs = (v: number) => (v >= 1000 ? `${+(v / 1000).toFixed(1)}s` : `${Math.round(v)}ms`);

type Row = Record<string, number | string | null>;

type Metric = "requests" | "costUsd" | "errors";

function rows(report: UsageReport, metric: Metric, names: string[]): Row[] {
  const shown = new Set(names);
  return report.points.map((p) => {
    const row: Row = { t: p.t };
    for (const n of names) row[n] = 0;
    for (const [name, s] of Object.entries(p.byName)) {
      const key = shown.has(name) ? name : OTHER;
      row[key] = ((row[key] as number) ?? 0) + s[metric];
    }
    return row;
  });
}

function ChartCard({ title, children, summary }: { title: string; summary: string; children: React.ReactElement }) {
  return (
    <figure className="rounded-lg border border-zinc-200 bg-white p-4 dark:border-zinc-800 dark:bg-zinc-900">
      <figcaption className="mb-2 flex items-baseline justify-between">
        <span className="text-sm font-medium">{title}</span>
        <span className="text-xs text-zinc-500">{summary}</span>
      </figcaption>
      <div className="h-52 text-zinc-500">
        <ResponsiveContainer width="100%" height="100%">
          {children}
        </ResponsiveContainer>
      </div>
    </figure>
  );
}

const tooltipProps = {
  contentStyle: { background: "#18181b", border: "none", borderRadius: 6, color: "#f4f4f5", fontSize: 12 },
  labelStyle: { color: "#d4d4d8" },
} as const;

export function UsageCharts({ report }: { report: UsageReport }) {
  const top = report.names.slice(0, MAX_SERIES);
  const names = report.names.length > MAX_SERIES ? [...top, OTHER] : top;
  const color = (i: number) => PALETTE[i % PALETTE.length];
  const x = { dataKey: "t", tickFormatter: (t: number) => tick(t, report.bucketMs), stroke: "currentColor", fontSize: 11, minTickGap: 24 } as const;
  const y = { stroke: "currentColor", fontSize: 11, width: 56 } as const;
  const label = (t: unknown) => tick(Number(t), report.bucketMs);
  const latency = report.points.map((p) => ({ t: p.t, p50: p.total.p50Ms, p95: p.total.p95Ms }));
  // One series per name, stacked per bucket. A call, not a component: recharts reads the chart's own children.
  const stacked = (metric: Metric, yAxis: { allowDecimals?: boolean; tickFormatter?: (v: number) => string }, format?: (v: unknown) => string) => (
    <BarChart data={rows(report, metric, names)}>
      <CartesianGrid strokeOpacity={0.15} vertical={false} />
      <XAxis {...x} />
      <YAxis {...y} {...yAxis} />
      <Tooltip {...tooltipProps} labelFormatter={label} formatter={format} />
      <Legend wrapperStyle={{ fontSize: 11 }} />
      {names.map((n, i) => (
        <Bar key={n} dataKey={n} stackId={metric} fill={color(i)} isAnimationActive={false} />
      ))}
    </BarChart>
  );

  return (
    <div className="grid gap-4 lg:grid-cols-2">
      <ChartCard title="Requests" summary={`${report.total.requests.toLocaleString()} total`}>
        {stacked("requests", { allowDecimals: false })}
      </ChartCard>
      <ChartCard title="Cost (USD)" summary={formatUsd(report.total.costUsd)}>
        {stacked("costUsd", { tickFormatter: (v: number) => formatUsd(v) }, (v) => formatUsd(Number(v)))}
      </ChartCard>
      <ChartCard title="Latency (successful calls)" summary={`p50 ${formatMs(report.total.p50Ms)} · p95 ${formatMs(report.total.p95Ms)}`}>
        <LineChart data={latency}>
          <CartesianGrid strokeOpacity={0.15} vertical={false} />
          <XAxis {...x} />
          <YAxis {...y} tickFormatter={axisMs} />
          <Tooltip {...tooltipProps} labelFormatter={label} formatter={(v) => formatMs(v === null ? null : Number(v))} />
          <Legend wrapperStyle={{ fontSize: 11 }} />
          <Line dataKey="p50" name="p50" stroke={PALETTE[0]} dot={{ r: 2 }} connectNulls isAnimationActive={false} />
          <Line dataKey="p95" name="p95" stroke={PALETTE[2]} dot={{ r: 2 }} connectNulls isAnimationActive={false} />
        </LineChart>
      </ChartCard>
      <ChartCard title="Errors" summary={`${report.total.errors.toLocaleString()} total`}>
        {stacked("errors", { allowDecimals: false })}
      </ChartCard>
    </div>
  );
}
