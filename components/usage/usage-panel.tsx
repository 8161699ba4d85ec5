"use client";
import { useState } from "react";
import { Field, Select } from "@/components/ui/field";
import { EmptyState, QueryView } from "@/components/ui/states";
import { Table, Td, Tr } from "@/components/ui/table";
import { USAGE_RANGES, type UsageQuery, type UsageRange } from "@/lib/usage/schema";
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
      <QueryView
        query={usage}
        loading="Loading usage…"
        isEmpty={(d) => d.total.requests === 0}
        empty={
          <EmptyState title="No gateway requests in this period">
            Calls to <code className="font-mono">/v1/chat/completions</code> appear here within a few seconds.
          </EmptyState>
        }
      >
        {(d) => (
          <>
            <UsageCharts report={d} />
            {d.truncated ? <p className="text-xs text-amber-700 dark:text-amber-300">Only the most recent 200,000 requests of this period are counted.</p> : null}
            <Table
              caption={`Usage per ${by}`}
              columns={[
                by === "group" ? "Group" : "Model",
                ...["Requests", "Errors", "Tokens in / out", "Cost", "p50", "p95"].map((header) => ({ header, align: "right" as const })),
              ]}
            >
              {d.summary.map((s) => (
                <Tr key={s.name}>
                  <Td className="font-mono text-xs">{s.name}</Td>
                  <Td align="right">{s.requests.toLocaleString()}</Td>
                  <Td align="right">{s.errors ? `${s.errors} (${Math.round((100 * s.errors) / s.requests)}%)` : "0"}</Td>
                  <Td align="right">
                    {s.tokensIn.toLocaleString()} / {s.tokensOut.toLocaleString()}
                  </Td>
                  <Td align="right">{formatUsd(s.costUsd)}</Td>
                  <Td align="right">{formatMs(s.p50Ms)}</Td>
                  <Td align="right">{formatMs(s.p95Ms)}</Td>
                </Tr>
              ))}
            </Table>
          </>
        )}
      </QueryView>
    </div>
  );
}
