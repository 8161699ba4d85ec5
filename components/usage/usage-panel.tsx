"use client";
import { useState } from "react";
import { Field, Select } from "@/components/ui/field";
import { EmptyState, ErrorState, LoadingState } from "@/components/ui/states";
import { USAGE_RANGES, type UsageQuery, type UsageRange } from "@/lib/gateway/usage-schema";
import { useUsage } from "@/lib/query/usage";
import { formatMs, formatUsd } from "@/components/keys/format";
import dynamic from "next/dynamic";

// recharts loads with the charts, not with the Keys page.
const UsageCharts = dynamic(() => import("./usage-charts").then((m) => m.UsageCharts), {
  ssr: false,
  loading: () => <div role="status" aria-label="Loading charts" className="h-96 rounded-lg border border-dashed border-zinc-200 dark:border-zinc-800" />,
});

const RANGE_LABELS: Record<UsageRange, string> = { "1h": "Last hour", "24h": "Last 24 hours", "7d": "Last 7 days", "30d": "Last 30 days" };

export function UsagePanel() {
  const [range, setRange] = useState<UsageRange>("24h");
  const [by, setBy] = useState<UsageQuery["by"]>("model");
  const usage = useUsage({ range, by });

  return (
    <div className="space-y-4">
      <div className="flex flex-wrap gap-4">
        <Field label="Period" htmlFor="usage-range" className="w-48">
          <Select id="usage-range" value={range} onChange={(e) => setRange(e.target.value as UsageRange)}>
            {(Object.keys(USAGE_RANGES) as UsageRange[]).map((r) => (
              <option key={r} value={r}>
                {RANGE_LABELS[r]}
              </option>
            ))}
          </Select>
        </Field>
        <Field label="Break down by" htmlFor="usage-by" className="w-48">
          <Select id="usage-by" value={by} onChange={(e) => setBy(e.target.value as UsageQuery["by"])}>
            <option value="model">Model that served</option>
            <option value="group">Routing group</option>
          </Select>
        </Field>
      </div>
      {usage.isPending ? (
        <LoadingState label="Loading usage…" />
      ) : usage.isError ? (
        <ErrorState error={usage.error} onRetry={() => usage.refetch()} />
      ) : usage.data.total.requests === 0 ? (
        <EmptyState title="No gateway requests in this period">
          Calls to <code className="font-mono">/v1/chat/completions</code> appear here within a few seconds.
        </EmptyState>
      ) : (
        <>
          <UsageCharts report={usage.data} />
          {usage.data.truncated ? <p className="text-xs text-amber-700 dark:text-amber-300">Only the most recent 200,000 requests of this period are counted.</p> : null}
          <div className="overflow-x-auto rounded-lg border border-zinc-200 bg-white dark:border-zinc-800 dark:bg-zinc-900">
            <table className="w-full text-left text-sm">
              <caption className="sr-only">Usage per {by}</caption>
              <thead className="border-b border-zinc-200 text-xs uppercase tracking-wide text-zinc-500 dark:border-zinc-800">
                <tr>
                  <th scope="col" className="px-4 py-2">{by === "group" ? "Group" : "Model"}</th>
                  <th scope="col" className="px-4 py-2 text-right">Requests</th>
                  <th scope="col" className="px-4 py-2 text-right">Errors</th>
                  <th scope="col" className="px-4 py-2 text-right">Tokens in / out</th>
                  <th scope="col" className="px-4 py-2 text-right">Cost</th>
                  <th scope="col" className="px-4 py-2 text-right">p50</th>
                  <th scope="col" className="px-4 py-2 text-right">p95</th>
                </tr>
              </thead>
              <tbody>
                {usage.data.summary.map((s) => (
                  <tr key={s.name} className="border-b border-zinc-100 last:border-0 dark:border-zinc-800">
                    <td className="px-4 py-2 font-mono text-xs">{s.name}</td>
                    <td className="px-4 py-2 text-right tabular-nums">{s.requests.toLocaleString()}</td>
                    <td className="px-4 py-2 text-right tabular-nums">{s.errors ? `${s.errors} (${Math.round((100 * s.errors) / s.requests)}%)` : "0"}</td>
                    <td className="px-4 py-2 text-right tabular-nums">
                      {s.tokensIn.toLocaleString()} / {s.tokensOut.toLocaleString()}
                    </td>
                    <td className="px-4 py-2 text-right tabular-nums">{formatUsd(s.costUsd)}</td>
                    <td className="px-4 py-2 text-right tabular-nums">{formatMs(s.p50Ms)}</td>
                    <td className="px-4 py-2 text-right tabular-nums">{formatMs(s.p95Ms)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
    </div>
  );
}
