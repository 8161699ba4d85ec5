import type { ColumnMetrics } from "./types";

// Column metrics from what the completion core reports.

export function tokensPerSecond(tokensOut: number | null, latencyMs: number | null, ttftMs: number | null): number | null {
  if (!tokensOut || latencyMs === null) return null;
  const genMs = latencyMs - (ttftMs ?? 0);
  // A one-chunk answer has no generation phase to measure: fall back to the whole call.
  const ms = genMs > 0 ? genMs : latencyMs;
  return ms > 0 ? Math.round((tokensOut / ms) * 1000 * 10) / 10 : null;
}

export function buildMetrics(m: Omit<ColumnMetrics, "tokensPerSecond">): ColumnMetrics {
  return { ...m, tokensPerSecond: tokensPerSecond(m.tokensOut, m.latencyMs, m.ttftMs) };
}

export function formatMs(ms: number | null | undefined): string {
  if (ms === null || ms === undefined) return "—";
  return ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${Math.round(ms)} ms`;
}

export function formatUsd(usd: number | null | undefined): string {
  if (usd === null || usd === undefined) return "—";
  if (usd === 0) return "$0";
  return usd < 0.01 ? `$${usd.toPrecision(2)}` : `$${usd.toFixed(4)}`;
}
