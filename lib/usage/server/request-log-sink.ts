import "server-only";
import { createRequire } from "node:module";
import path from "node:path";
import { Worker } from "node:worker_threads";
import { Prisma } from "@/lib/generated/prisma/client";
import { databaseUrlOf, type Db } from "@/lib/server/db";
import { processWide } from "@/lib/server/process-wide";
import { normaliseLogEntry, normalisedFields, type QueuedLogEntry } from "./log-row";

// Where batched request-log rows go. Each call through the gateway adds a row, so the write path is the
// gateway's: measured per 500-row batch on the embedded SQLite file, Prisma's raw multi-row INSERT costs
// about 30 ms of CPU (its query compiler and argument mapping, ~60 µs a row) and createMany far more, against
// about 3.5 ms for better-sqlite3's prepared INSERT in one transaction. So a SQLite file gets its own
// connection for this one statement, on a thread of its own (SqliteWorkerSink); PostgreSQL (and in-memory
// SQLite, which a second connection cannot see) keep the multi-row INSERT through Prisma.

/** The INSERT's columns; sqliteValues writes a row's values in this order. */
const COLUMNS = [
  "id", "createdAt", "source", "apiKeyId", "groupName", "modelId", "modelName", "provider", "status", "ok", "stream",
  "latencyMs", "ttftMs", "tokensIn", "tokensOut", "costUsd", "errorKind", "attempts", "fallbacks", "promptJson", "responseText", "shadowOf",
] as const satisfies ReadonlyArray<keyof QueuedLogEntry>;
const COLUMN_LIST = COLUMNS.map((c) => `"${c}"`).join(", ");
const INSERT_SQL = `INSERT INTO "RequestLog" (${COLUMN_LIST}) VALUES (${COLUMNS.map(() => "?").join(", ")}) ON CONFLICT DO NOTHING`;

export interface LogSink {
  /** Writes every row or none; throws on failure. A row whose id is already stored is skipped (a retried batch). */
  write(rows: QueuedLogEntry[]): Promise<void>;
  /** The database was busy (another connection's transaction): try the same rows again later. */
  isBusy(err: unknown): boolean;
}

class PrismaSink implements LogSink {
  constructor(private readonly db: Db) {}

  async write(rows: QueuedLogEntry[]): Promise<void> {
    // Prisma.sql keeps the placeholders right for SQLite and PostgreSQL alike.
    const values = rows.map((r) => {
      const row = normaliseLogEntry(r);
      return Prisma.sql`(${Prisma.join(COLUMNS.map((c) => row[c] ?? null))})`;
    });
    await this.db.$executeRaw`INSERT INTO "RequestLog" (${Prisma.raw(COLUMN_LIST)}) VALUES ${Prisma.join(values)} ON CONFLICT DO NOTHING`;
  }

  isBusy(): boolean {
    return false;
  }
}

/**
 * The rows' normalised values, column by column and row after row: one array of plain values to send. Dates go as
 * epoch milliseconds; the writer thread stores them, and booleans, as Prisma does (WRITER_SOURCE `stored`), so
 * formatting them costs the gateway's thread nothing. Each value is read by its name, in COLUMNS' order: read by a
 * computed key (`r[c]` over the column list), on rows of several shapes, each read is a megamorphic lookup.
 */
function sqliteValues(rows: QueuedLogEntry[]): unknown[] {
  const values: unknown[] = new Array(rows.length * COLUMNS.length);
  let at = 0;
  for (const r of rows) {
    const n = normalisedFields(r);
    values[at++] = r.id;
    values[at++] = r.createdAt.getTime();
    values[at++] = r.source;
    values[at++] = r.apiKeyId;
    values[at++] = r.groupName;
    values[at++] = r.modelId;
    values[at++] = r.modelName;
    values[at++] = r.provider;
    values[at++] = r.status;
    values[at++] = r.ok;
    values[at++] = r.stream;
    values[at++] = n.latencyMs;
    values[at++] = n.ttftMs;
    values[at++] = r.tokensIn;
    values[at++] = r.tokensOut;
    values[at++] = r.costUsd;
    values[at++] = r.errorKind;
    values[at++] = r.attempts;
    values[at++] = r.fallbacks;
    values[at++] = n.promptJson;
    values[at++] = n.responseText;
    values[at++] = r.shadowOf;
  }
  return values;
}

/** The columns sent as epoch milliseconds (sqliteValues), by position in a row. */
const DATE_COLUMNS: number[] = [COLUMNS.indexOf("createdAt")];

/**
 * The SQLite writer, on its own thread. better-sqlite3 writes synchronously: on the gateway's thread a batch of 100
 * rows held every call for 1–3 ms (five index updates and a foreign-key lookup a row, a WAL checkpoint now and
 * then). Here the gateway's thread only copies the values: about 25 µs less of its CPU per call through a group at
 * 50 connections. Plain CommonJS, evaluated as the worker's script, so no bundle has to find a file for it.
 */
const WRITER_SOURCE = `
const { parentPort, workerData } = require("node:worker_threads");
const Database = require(workerData.driver);
const n = workerData.columns;
let conn;
let insertAll;
function open() {
  // timeout 0: a busy database (another connection's transaction) is reported at once and retried on a later flush.
  conn = new Database(workerData.file, { timeout: 0 });
  conn.pragma("synchronous = NORMAL"); // no disk sync per batch; the file is in WAL mode (enableWriteAheadLog in db.ts)
  const insert = conn.prepare(workerData.sql);
  insertAll = conn.transaction((values) => {
    const args = new Array(n);
    for (let at = 0; at < values.length; at += n) {
      for (let i = 0; i < n; i++) args[i] = stored(values[at + i], i);
      insert.run(args);
    }
  });
}
const dates = new Set(workerData.dateColumns);
// As Prisma stores them in SQLite: DateTime as ISO text with an explicit offset, booleans as 0/1.
function stored(v, column) {
  if (v === undefined || v === null) return null;
  if (typeof v === "boolean") return v ? 1 : 0;
  if (typeof v === "number" && dates.has(column)) return new Date(v).toISOString().replace("Z", "+00:00");
  return v;
}
parentPort.on("message", (m) => {
  if (m.close) {
    conn?.close();
    process.exit(0);
  }
  try {
    if (!insertAll) open();
    const value = m.pragma ? conn.pragma(m.pragma, { simple: true }) : insertAll(m.values);
    parentPort.postMessage({ id: m.id, ok: true, value });
  } catch (err) {
    parentPort.postMessage({ id: m.id, ok: false, code: err?.code, message: String(err?.message ?? err) });
  }
});
`;

/** A writer thread left idle this long is stopped; the next batch starts another. */
const WRITER_IDLE_MS = 30_000;

class SqliteWorkerSink implements LogSink {
  private worker: Worker | undefined;
  private readonly pending = new Map<number, { resolve: (value: unknown) => void; reject: (err: Error) => void }>();
  private nextId = 0;
  private idle: NodeJS.Timeout | undefined;
  /** Set when a writer thread failed before it ever answered: the rows go through Prisma from then on. */
  private fallback: PrismaSink | undefined;

  constructor(
    private readonly db: Db,
    private readonly file: string,
    private readonly driver: string,
  ) {}

  async write(rows: QueuedLogEntry[]): Promise<void> {
    if (this.fallback) return this.fallback.write(rows);
    await this.call({ values: sqliteValues(rows) });
  }

  isBusy(err: unknown): boolean {
    return (err as { code?: unknown })?.code === "SQLITE_BUSY";
  }

  /** A pragma's value on the writer's connection (opened if it is not yet). */
  pragma(name: string): Promise<unknown> {
    return this.call({ pragma: name });
  }

  private call(message: { values: unknown[] } | { pragma: string }): Promise<unknown> {
    const worker = (this.worker ??= this.start());
    clearTimeout(this.idle);
    const id = ++this.nextId;
    // Referenced while an answer is awaited (shutdown's last flush must not be cut off), not while idle.
    if (this.pending.size === 0) worker.ref();
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      worker.postMessage({ id, ...message });
    });
  }

  private start(): Worker {
    let answered = false;
    const worker = new Worker(WRITER_SOURCE, {
      eval: true,
      workerData: { driver: this.driver, file: this.file, columns: COLUMNS.length, dateColumns: DATE_COLUMNS, sql: INSERT_SQL },
    });
    worker.on("message", (m: { id: number; ok: boolean; value?: unknown; code?: string; message?: string }) => {
      answered = true;
      const waiting = this.pending.get(m.id);
      if (!waiting) return;
      this.pending.delete(m.id);
      if (m.ok) waiting.resolve(m.value);
      else waiting.reject(Object.assign(new Error(m.message), { code: m.code }));
      if (this.pending.size === 0) this.settle(worker);
    });
    // The thread itself failed: every write in flight fails with it (the queue retries those rows), and the next
    // starts a new one. One that failed before it ever answered (it could not load the driver, say) would fail
    // again, so the rows go through Prisma instead.
    const gone = (err: Error) => {
      if (this.worker === worker) this.worker = undefined;
      for (const { reject } of this.pending.values()) reject(err);
      this.pending.clear();
    };
    worker.on("error", (err) => {
      if (!answered && !this.fallback) {
        this.fallback = new PrismaSink(this.db);
        console.error("[tunebench] the request-log writer thread could not start; writing the log through Prisma instead:", err.message);
      }
      gone(err);
    });
    worker.on("exit", (code) => gone(new Error(`the request-log writer stopped (exit code ${code})`)));
    return worker;
  }

  /** Nothing awaited: the thread no longer keeps the process alive, and is stopped if it stays idle. */
  private settle(worker: Worker): void {
    worker.unref();
    this.idle = setTimeout(() => {
      if (this.worker !== worker || this.pending.size) return;
      this.worker = undefined;
      worker.postMessage({ close: true });
    }, WRITER_IDLE_MS);
    this.idle.unref();
  }
}

/** better-sqlite3's entry file, as the app resolves it from its own directory; undefined if it cannot be found. */
function sqliteDriver(): string | undefined {
  try {
    return createRequire(path.join(process.cwd(), "package.json")).resolve("better-sqlite3");
  } catch {
    return undefined;
  }
}

// One writer per database in the process, whichever module copy (the server's or Next's bundle) flushes.
const sinks = processWide("requestLogSinks", () => new WeakMap<Db, LogSink>());

/** Tests: a pragma's value on the log writer's own SQLite connection (undefined for a database written through Prisma). */
export async function logWriterPragma(db: Db, name: string): Promise<unknown> {
  const sink = logSinkFor(db);
  return sink instanceof SqliteWorkerSink ? sink.pragma(name) : undefined;
}

/** Tests: the SQLite file's writer, with the driver loaded from `driver` (a path that cannot load tries the fallback). */
export function sqliteLogSink(db: Db, file: string, driver: string): LogSink {
  return new SqliteWorkerSink(db, file, driver);
}

export function logSinkFor(db: Db): LogSink {
  let sink = sinks.get(db);
  if (!sink) {
    const url = databaseUrlOf(db);
    const file = url?.startsWith("file:") ? url.slice("file:".length) : undefined;
    const driver = file && file !== ":memory:" ? sqliteDriver() : undefined;
    sink = file && driver ? new SqliteWorkerSink(db, file, driver) : new PrismaSink(db);
    sinks.set(db, sink);
  }
  return sink;
}
