import type { ColumnParams, Target, Turn } from "./schema";

// What the playground API returns. Plain data, shared by server and client.

export interface ColumnMetrics {
  ttftMs: number | null;
  latencyMs: number | null;
  tokensIn: number | null;
  tokensOut: number | null;
  /** Output tokens per second after the first token. */
  tokensPerSecond: number | null;
  costUsd: number | null;
}

export interface RoutingTraceView {
  servedBy: string | null;
  attempts: Array<{ model: string; ok: boolean; errorKind?: string | null; latencyMs?: number | null; group?: string | null }>;
  fallbacks: string[];
}

export type ColumnStatus = "pending" | "done" | "stopped" | "error";

export interface PublicResult {
  column: number;
  target: Target;
  params: ColumnParams;
  output: string;
  status: ColumnStatus;
  error: { kind: string; message: string; hint: string | null } | null;
  metrics: ColumnMetrics;
  servedBy: string | null;
  trace: RoutingTraceView | null;
}

export interface PublicVerdict {
  id: string;
  judgeModel: string;
  rubric: string;
  columnA: number;
  columnB: number;
  winner: number;
  reason: string;
  createdAt: string;
}

export interface PublicRun {
  id: string;
  title: string | null;
  systemPrompt: string;
  messages: Turn[];
  variables: Record<string, string>;
  voteColumn: number | null;
  batchId: string | null;
  promptIndex: number | null;
  version: number;
  createdAt: string;
  results: PublicResult[];
  verdicts: PublicVerdict[];
}

export interface RunSummaryRow {
  id: string;
  title: string | null;
  preview: string;
  targets: string[];
  voteColumn: number | null;
  errors: number;
  createdAt: string;
}

export interface Paged<T> {
  items: T[];
  total: number;
  page: number;
  pageSize: number;
}

export interface TargetOption {
  type: "model" | "group";
  name: string;
  provider?: string;
  kind?: "base" | "fine_tuned";
  baseModel?: string | null;
  description?: string | null;
}

export interface TargetCatalog {
  /** Models grouped by their base model (a base first, then its fine-tunes). */
  families: Array<{ base: string; models: TargetOption[] }>;
  groups: TargetOption[];
}

/** Server-sent events of POST /api/playground/runs/{id}/columns/{n}/stream. */
export type StreamEvent =
  | { type: "delta"; text: string }
  | { type: "first_token"; ttftMs: number }
  | { type: "done"; result: PublicResult }
  | { type: "error"; result: PublicResult };
