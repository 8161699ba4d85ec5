import type { PublicRun } from "./types";

// A saved run as a download: JSON is the run as the API returns it; CSV is one row per column.

const CSV_COLUMNS = [
  "run_id",
  "created_at",
  "column",
  "target_type",
  "target",
  "served_by",
  "status",
  "winner",
  "ttft_ms",
  "latency_ms",
  "tokens_in",
  "tokens_out",
  "tokens_per_second",
  "cost_usd",
  "error_kind",
  "error_message",
  "params",
  "prompt",
  "output",
] as const;

export function csvCell(value: unknown): string {
  if (value === null || value === undefined) return "";
  let s = typeof value === "string" ? value : typeof value === "object" ? JSON.stringify(value) : String(value);
  // Spreadsheet formula injection: a leading = + - @ would be evaluated.
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function lastUserPrompt(run: Pick<PublicRun, "messages">): string {
  return [...run.messages].reverse().find((m) => m.role === "user")?.content ?? "";
}

export function runsToCsv(runs: PublicRun[]): string {
  const lines = [CSV_COLUMNS.join(",")];
  for (const run of runs) {
    for (const r of run.results) {
      const winner = run.voteColumn === null ? "" : run.voteColumn === -1 ? "tie" : run.voteColumn === r.column ? "yes" : "no";
      const row = [
        run.id,
        run.createdAt,
        r.column,
        r.target.type,
        r.target.name,
        r.servedBy,
        r.status,
        winner,
        r.metrics.ttftMs,
        r.metrics.latencyMs,
        r.metrics.tokensIn,
        r.metrics.tokensOut,
        r.metrics.tokensPerSecond,
        r.metrics.costUsd,
        r.error?.kind,
        r.error?.message,
        r.params,
        lastUserPrompt(run),
        r.output,
      ];
      lines.push(row.map(csvCell).join(","));
    }
  }
  return lines.join("\r\n") + "\r\n";
}
