import { formatMs, formatUsd } from "@/lib/playground/metrics";
import type { ColumnMetrics, RoutingTraceView } from "@/lib/playground/types";

// The numbers under each column: time to first token, latency, tokens, throughput, cost, and for groups who served.

export function ColumnMetricsView({ metrics, liveTtftMs, servedBy, trace, label }: { metrics: ColumnMetrics | null; liveTtftMs?: number | null; servedBy?: string | null; trace?: RoutingTraceView | null; label: string }) {
  const m = metrics;
  const items: Array<[string, string]> = [
    ["TTFT", formatMs(m?.ttftMs ?? liveTtftMs)],
    ["Latency", formatMs(m?.latencyMs)],
    ["Tokens in", m?.tokensIn?.toString() ?? "—"],
    ["Tokens out", m?.tokensOut?.toString() ?? "—"],
    ["Tokens/s", m?.tokensPerSecond?.toString() ?? "—"],
    ["Cost", formatUsd(m?.costUsd)],
  ];
  return (
    <div className="space-y-1">
      <dl aria-label={`Metrics for ${label}`} className="grid grid-cols-3 gap-x-3 gap-y-1 text-xs">
        {items.map(([k, v]) => (
          <div key={k}>
            <dt className="text-zinc-500">{k}</dt>
            <dd className="font-mono tabular-nums">{v}</dd>
          </div>
        ))}
      </dl>
      {servedBy || trace ? (
        <p className="text-xs text-zinc-600 dark:text-zinc-400">
          Served by <span className="font-medium">{servedBy ?? trace?.servedBy ?? "—"}</span>
          {trace && trace.attempts.length > 1 ? ` after ${trace.attempts.length} attempts` : ""}
          {trace && trace.fallbacks.length ? `; fell back to ${trace.fallbacks.join(" → ")}` : ""}
        </p>
      ) : null}
    </div>
  );
}
