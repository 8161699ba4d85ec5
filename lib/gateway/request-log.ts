import "server-only";
import type { Db } from "@/lib/server/db";

// The gateway's request-log writer: rows are queued in memory and written in batches (createMany),
// so a call never waits on the database. A crash loses at most one flush interval of rows.

export interface GatewayLogRow {
  id: string;
  createdAt: Date;
  apiKeyId: string | null;
  groupName: string | null;
  modelId: string | null;
  modelName: string | null;
  provider: string | null;
  status: number;
  ok: boolean;
  stream: boolean;
  latencyMs: number;
  ttftMs: number | null;
  tokensIn: number | null;
  tokensOut: number | null;
  costUsd: number | null;
  errorKind: string | null;
  attempts: number;
  fallbacks: number;
  promptJson: string | null;
  responseText: string | null;
}

const FLUSH_MS = 1_000;
const MAX_BATCH = 500;
/** Beyond this the oldest rows are dropped rather than growing without bound while the DB is down. */
const MAX_QUEUED = 20_000;

const queue: GatewayLogRow[] = [];
let timer: NodeJS.Timeout | undefined;
let target: Db | undefined;
let flushing: Promise<void> | undefined;

export function logRequest(db: Db, row: GatewayLogRow): void {
  target = db;
  queue.push(row);
  if (queue.length > MAX_QUEUED) queue.splice(0, queue.length - MAX_QUEUED);
  if (queue.length >= MAX_BATCH) void flushRequestLog();
  else if (!timer) {
    timer = setTimeout(() => void flushRequestLog(), FLUSH_MS);
    timer.unref?.();
  }
}

/** Writes everything queued. Tests and shutdown call it; otherwise the timer does. */
export async function flushRequestLog(): Promise<void> {
  if (timer) clearTimeout(timer);
  timer = undefined;
  if (flushing) await flushing;
  if (!target || queue.length === 0) return;
  const db = target;
  flushing = (async () => {
    while (queue.length) {
      const batch = queue.splice(0, MAX_BATCH);
      try {
        await db.requestLog.createMany({ data: batch.map((r) => ({ ...r, source: "gateway" })) });
      } catch (err) {
        console.error(`[tunebench] could not write ${batch.length} request-log rows:`, err instanceof Error ? err.message : "unknown error");
        return;
      }
    }
  })();
  try {
    await flushing;
  } finally {
    flushing = undefined;
  }
}
