import type { ColumnConfig } from "./schema";
import type { PublicRun } from "./types";

export type BatchStatus = "pending" | "running" | "paused" | "cancelled" | "done";

export interface BatchSummaryRow {
  id: string;
  name: string;
  status: BatchStatus;
  total: number;
  done: number;
  targets: string[];
  createdAt: string;
}

export interface BatchDetail extends BatchSummaryRow {
  systemPrompt: string;
  concurrency: number;
  columns: ColumnConfig[];
  prompts: Array<{ prompt: string; variables: Record<string, string> }>;
  /** One run per finished (or started) prompt, by promptIndex. */
  runs: PublicRun[];
  version: number;
}
