import "server-only";
import type { Db } from "./db";
import { logSinkFor, normaliseLogEntry } from "./request-log-sink";

// One RequestLog row per call through the core (gateway, playground, test panel). Writing a log must never
// fail the call it describes, so errors are reported on the server and swallowed.
// Two ways in: `writeRequestLog` awaits one row (dashboard calls, where the caller wants the row), and
// `queueRequestLog` batches rows for the gateway's hot path, so a call never waits on the database.

export type RequestSource = "gateway" | "playground" | "test" | "health";

export interface RequestLogEntry {
  source: RequestSource;
  apiKeyId?: string | null;
  groupName?: string | null;
  /** Registered model that served, or the last one tried. */
  modelId?: string | null;
  modelName?: string | null;
  provider?: string | null;
  status: number;
  ok: boolean;
  stream: boolean;
  latencyMs: number;
  ttftMs?: number | null;
  tokensIn?: number | null;
  tokensOut?: number | null;
  costUsd?: number | null;
  errorKind?: string | null;
  attempts: number;
  fallbacks: number;
  promptJson?: string | null;
  responseText?: string | null;
}

export async function writeRequestLog(db: Db, entry: RequestLogEntry): Promise<string | undefined> {
  try {
    const row = await db.requestLog.create({ data: normaliseLogEntry(entry), select: { id: true } });
    return row.id;
  } catch (err) {
    console.error("[tunebench] could not write the request log:", err instanceof Error ? err.message : "unknown error");
    return undefined;
  }
}

/**
 * `req_` + the time in base 36 + randomness: ids sort by time, so the log's primary-key index grows at its
 * end. Random ids landed all over the index: on a 270,000-row log, 36–42 µs an insert against 9–11 µs.
 */
export function newRequestId(now = Date.now()): string {
  return `req_${now.toString(36).padStart(9, "0")}${crypto.randomUUID().replaceAll("-", "").slice(0, 20)}`;
}

/** A row for the batch writer: its id and time are fixed when the call ends, not when the batch is written. */
export type QueuedLogEntry = RequestLogEntry & { id: string; createdAt: Date };

// Batches are written about once a second, or as soon as MAX_BATCH rows wait (request-log-sink.ts says
// how). A crash loses at most one flush interval of rows.
const FLUSH_MS = 1_000;
/** 500 rows × 21 columns stays under SQLite's 32,766 bound parameters (the multi-row INSERT). */
const MAX_BATCH = 500;

/** Beyond this the oldest rows are dropped rather than growing without bound while the DB is down. */
const MAX_QUEUED = 20_000;

const queue: QueuedLogEntry[] = [];
let timer: NodeJS.Timeout | undefined;
let target: Db | undefined;
let flushing: Promise<void> | undefined;

export function queueRequestLog(db: Db, row: QueuedLogEntry): void {
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
  const sink = logSinkFor(target);
  flushing = (async () => {
    while (queue.length) {
      const batch = queue.splice(0, MAX_BATCH);
      try {
        await sink.write(batch);
      } catch (err) {
        if (sink.isBusy(err)) {
          queue.unshift(...batch);
          timer ??= setTimeout(() => void flushRequestLog(), FLUSH_MS);
          timer.unref?.();
          return;
        }
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
