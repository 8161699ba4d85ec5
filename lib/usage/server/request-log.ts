import "server-only";
import { setImmediate as nextTurn } from "node:timers/promises";
import type { Db } from "@/lib/server/db";
import { logSinkFor } from "./request-log-sink";
import { normaliseLogEntry, type QueuedLogEntry, type RequestLogEntry } from "./log-row";
import { processWide } from "@/lib/server/process-wide";

// One RequestLog row per call through the core (gateway, playground, test panel), built by `logRow`
// (log-row.ts). Writing a log must never fail the call it describes, so errors are reported on the server and
// swallowed. Three ways in: `writeRequestLog` awaits one row (dashboard calls, where the caller wants the row),
// `createRequestLog` is the same write for a caller's own transaction, and `queueRequestLog` batches rows for
// the gateway's hot path, so a call never waits on the database.

export { logRow, type LoggedCall, type LoggedOutcome, type QueuedLogEntry, type RequestLogEntry, type RequestSource } from "./log-row";

/** The row's insert, for a caller that commits it in one transaction with its own write. */
export function createRequestLog(db: Db, entry: RequestLogEntry) {
  return db.requestLog.create({ data: normaliseLogEntry(entry), select: { id: true } });
}

export async function writeRequestLog(db: Db, entry: RequestLogEntry): Promise<string | undefined> {
  try {
    const row = await createRequestLog(db, entry);
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
  // The rest: this process's random prefix and a counter, unique without drawing randomness on every call.
  ids.counter = (ids.counter + 1) % ID_COUNTER_SPAN;
  return `req_${now.toString(36).padStart(9, "0")}${ids.prefix}${ids.counter.toString(36).padStart(8, "0")}`;
}

const ID_COUNTER_SPAN = 36 ** 8;
const ids = processWide("requestIds", () => ({ prefix: crypto.randomUUID().replaceAll("-", "").slice(0, 12), counter: Math.floor(Math.random() * ID_COUNTER_SPAN) }));

// Batches are written about once a second, or as soon as MAX_BATCH rows wait (request-log-sink.ts says
// how). A crash loses at most one flush interval of rows.
const FLUSH_MS = 1_000;
/**
 * Rows per batch, and per turn of the event loop. A SQLite file's batch is written on the writer's own thread (a
 * median of 1.2 ms for 100 rows, 5.4 ms for 500, on a 10,000-row table); the rows are copied to it, and that copy
 * is on the gateway's thread. Small batches also leave sooner: at gateway rates, rows waiting for 500 lived through
 * young-generation collections and were copied into the old generation. Upper bound: the Prisma sink's multi-row
 * INSERT (PostgreSQL, in-memory SQLite) binds 22 parameters a row; SQLite's limit of 32,766 allows 1,489 rows.
 */
export const MAX_BATCH = 100;

/** Beyond this the oldest rows are dropped rather than growing without bound while the DB is down. */
const MAX_QUEUED = 20_000;

interface LogQueue {
  rows: QueuedLogEntry[];
  timer?: NodeJS.Timeout;
  target?: Db;
  flushing?: Promise<void>;
}
// One queue per process, whichever module copy queues a row: shutdown flushes it once (process-wide.ts).
const q = processWide<LogQueue>("requestLogQueue", () => ({ rows: [] }));

export function queueRequestLog(db: Db, row: QueuedLogEntry): void {
  q.target = db;
  q.rows.push(row);
  if (q.rows.length > MAX_QUEUED) q.rows.splice(0, q.rows.length - MAX_QUEUED);
  // A full batch goes at once; a write already running takes the next full batch itself.
  if (q.rows.length >= MAX_BATCH) {
    if (!q.flushing) void writeQueued(false);
  } else armFlushTimer();
}

function armFlushTimer(): void {
  if (q.timer) return;
  q.timer = setTimeout(() => void flushRequestLog(), FLUSH_MS);
  q.timer.unref?.();
}

/** Rows waiting to be written (shutdown reports it). */
export function pendingRequestLogRows(): number {
  return q.rows.length;
}

/** Writes everything queued. Tests and shutdown call it; otherwise the timer does. */
export function flushRequestLog(): Promise<void> {
  return writeQueued(true);
}

/**
 * Writes queued rows a batch per turn of the event loop: `all` of them (the timer, shutdown, tests), or only full
 * batches, leaving the rest for the timer. Rows keep coming while a batch is written; sent on at once, they went
 * a few at a time (8 rows a batch on average at one connection), and each batch costs the writer a transaction
 * and both threads a message.
 */
async function writeQueued(all: boolean): Promise<void> {
  if (all && q.timer) {
    clearTimeout(q.timer);
    q.timer = undefined;
  }
  while (q.flushing) await q.flushing;
  const least = all ? 1 : MAX_BATCH;
  if (!q.target || q.rows.length < least) return;
  const sink = logSinkFor(q.target);
  q.flushing = (async () => {
    for (let first = true; q.rows.length >= least; first = false) {
      // A backlog (up to MAX_QUEUED rows after the database was busy) is sent a batch per turn of the event loop,
      // so requests in flight go on between batches.
      if (!first) await nextTurn();
      const batch = q.rows.splice(0, MAX_BATCH);
      try {
        await sink.write(batch);
      } catch (err) {
        if (sink.isBusy(err)) {
          q.rows.unshift(...batch);
          return; // the timer tries again
        }
        // One bad row must not cost the others: write them one by one and drop only what fails.
        let dropped = 0;
        for (const row of batch) {
          try {
            await sink.write([row]);
          } catch {
            dropped++;
          }
        }
        if (dropped) console.error(`[tunebench] could not write ${dropped} of ${batch.length} request-log rows:`, err instanceof Error ? err.message : "unknown error");
      }
    }
  })();
  try {
    await q.flushing;
  } finally {
    q.flushing = undefined;
    if (q.rows.length) armFlushTimer();
  }
}
