import "server-only";
import { Prisma } from "@/lib/generated/prisma/client";
import type { Db } from "@/lib/server/db";

// The gateway's request-log writer: rows are queued in memory and written in batches, so a call never waits
// on the database. A crash loses at most one flush interval of rows. One multi-row INSERT per batch rather than
// createMany: Prisma's query compiler spends about a millisecond per row compiling createMany (measured with
// 500-row batches), which at gateway rates costs more CPU than the calls themselves. Prisma.sql keeps the
// placeholders right for SQLite and PostgreSQL alike.

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
/** 500 rows × 21 columns stays under SQLite's 32,766 bound parameters. */
const MAX_BATCH = 500;

const COLUMNS = [
  "id", "createdAt", "source", "apiKeyId", "groupName", "modelId", "modelName", "provider", "status", "ok", "stream",
  "latencyMs", "ttftMs", "tokensIn", "tokensOut", "costUsd", "errorKind", "attempts", "fallbacks", "promptJson", "responseText",
] as const satisfies ReadonlyArray<keyof GatewayLogRow | "source">;
const COLUMN_LIST = Prisma.raw(COLUMNS.map((c) => `"${c}"`).join(", "));
const MAX_TEXT = 100_000;

function values(r: GatewayLogRow): Prisma.Sql {
  const row: Record<(typeof COLUMNS)[number], unknown> = {
    ...r,
    source: "gateway",
    promptJson: r.promptJson?.slice(0, MAX_TEXT) ?? null,
    responseText: r.responseText?.slice(0, MAX_TEXT) ?? null,
  };
  return Prisma.sql`(${Prisma.join(COLUMNS.map((c) => row[c]))})`;
}
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
        await db.$executeRaw`INSERT INTO "RequestLog" (${COLUMN_LIST}) VALUES ${Prisma.join(batch.map(values))}`;
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
