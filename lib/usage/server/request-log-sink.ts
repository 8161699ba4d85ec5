import "server-only";
import Database from "better-sqlite3";
import { Prisma } from "@/lib/generated/prisma/client";
import { databaseUrlOf, type Db } from "@/lib/server/db";
import { normaliseLogEntry, type QueuedLogEntry } from "./log-row";

// Where batched request-log rows go. Each call through the gateway adds a row, so the write path is the
// gateway's: measured per 500-row batch on the embedded SQLite file, Prisma's raw multi-row INSERT costs
// about 30 ms of CPU (its query compiler and argument mapping, ~60 µs a row) and createMany far more, against
// about 3.5 ms for better-sqlite3's prepared INSERT in one transaction. So a SQLite file gets its own
// connection for this one statement; PostgreSQL (and in-memory SQLite, which a second connection cannot
// see) keep the multi-row INSERT through Prisma.

const COLUMNS = [
  "id", "createdAt", "source", "apiKeyId", "groupName", "modelId", "modelName", "provider", "status", "ok", "stream",
  "latencyMs", "ttftMs", "tokensIn", "tokensOut", "costUsd", "errorKind", "attempts", "fallbacks", "promptJson", "responseText", "shadowOf",
] as const satisfies ReadonlyArray<keyof QueuedLogEntry>;
const COLUMN_LIST = COLUMNS.map((c) => `"${c}"`).join(", ");

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

/** Stored as Prisma stores them in SQLite: DateTime as ISO text with an explicit offset, booleans as 0/1. */
function sqliteValue(v: unknown): unknown {
  if (v instanceof Date) return v.toISOString().replace("Z", "+00:00");
  if (typeof v === "boolean") return v ? 1 : 0;
  return v ?? null;
}

class SqliteSink implements LogSink {
  private insertAll: ((rows: QueuedLogEntry[]) => void) | undefined;
  conn: Database.Database | undefined;

  constructor(private readonly file: string) {}

  async write(rows: QueuedLogEntry[]): Promise<void> {
    this.insertAll ??= this.open();
    this.insertAll(rows);
  }

  isBusy(err: unknown): boolean {
    return (err as { code?: unknown })?.code === "SQLITE_BUSY";
  }

  private open(): (rows: QueuedLogEntry[]) => void {
    // timeout 0: better-sqlite3 waits synchronously, which would block the event loop that the other
    // connection's open transaction needs in order to finish. A busy database is retried on the next flush.
    const conn = (this.conn = new Database(this.file, { timeout: 0 }));
    conn.pragma("synchronous = NORMAL"); // no disk sync per batch; the file is in WAL mode (enableWriteAheadLog in db.ts)
    const insert = conn.prepare(`INSERT INTO "RequestLog" (${COLUMN_LIST}) VALUES (${COLUMNS.map(() => "?").join(", ")}) ON CONFLICT DO NOTHING`);
    return conn.transaction((rows: QueuedLogEntry[]) => {
      // One argument array for the whole batch, filled in place: this runs for every gateway call.
      const args: unknown[] = new Array(COLUMNS.length);
      for (const r of rows) {
        const row = normaliseLogEntry(r);
        for (let i = 0; i < COLUMNS.length; i++) args[i] = sqliteValue(row[COLUMNS[i]]);
        insert.run(args);
      }
    });
  }
}

const sinks = new WeakMap<Db, LogSink>();

/** Tests: a pragma's value on the log writer's own SQLite connection (undefined before its first write). */
export function logWriterPragma(db: Db, name: string): unknown {
  const sink = sinks.get(db);
  return sink instanceof SqliteSink ? sink.conn?.pragma(name, { simple: true }) : undefined;
}

export function logSinkFor(db: Db): LogSink {
  let sink = sinks.get(db);
  if (!sink) {
    const url = databaseUrlOf(db);
    const file = url?.startsWith("file:") ? url.slice("file:".length) : undefined;
    sink = file && file !== ":memory:" ? new SqliteSink(file) : new PrismaSink(db);
    sinks.set(db, sink);
  }
  return sink;
}
