// The gateway's batched request log on a real SQLite file: rows written through the writer's own connection
// must read back through Prisma exactly as rows Prisma wrote, and a database busy with another connection's
// transaction must delay the batch, not lose it.
import path from "node:path";
import { describe, expect, it, vi } from "vitest";
import { databaseUrlOf } from "@/lib/server/db";
import { useTestDb } from "@/test/db";
import { MAX_BATCH, flushRequestLog, newRequestId, queueRequestLog, type QueuedLogEntry } from "./request-log";
import { MAX_TEXT } from "./log-row";
import { logWriterPragma, sqliteLogSink } from "./request-log-sink";

const { db } = useTestDb();

function entry(over: Partial<QueuedLogEntry> = {}): QueuedLogEntry {
  return {
    id: `req_${crypto.randomUUID().replaceAll("-", "")}`,
    createdAt: new Date(),
    source: "gateway",
    groupName: "support-assistant",
    modelName: "sim-8b-base",
    provider: "simulator",
    status: 200,
    ok: true,
    stream: false,
    latencyMs: 12.6,
    ttftMs: null,
    tokensIn: 20,
    tokensOut: 16,
    costUsd: 0.0000123,
    attempts: 1,
    fallbacks: 0,
    ...over,
  };
}

describe("batched request log", () => {
  it("stores rows that Prisma reads back with their types, filters and order intact", async () => {
    const t0 = new Date(Date.now() - 60_000);
    const first = entry({ createdAt: t0, stream: true, ttftMs: 3.4, promptJson: "x".repeat(MAX_TEXT + 10) });
    const second = entry({ createdAt: new Date(t0.getTime() + 1), ok: false, status: 502, errorKind: "upstream_unavailable", latencyMs: -1, costUsd: null });
    queueRequestLog(db, second);
    queueRequestLog(db, first);
    await flushRequestLog();

    const rows = await db.requestLog.findMany({ where: { id: { in: [first.id, second.id] }, createdAt: { gte: t0 } }, orderBy: { createdAt: "asc" } });
    expect(rows.map((r) => r.id)).toEqual([first.id, second.id]);
    expect(rows[0]).toMatchObject({ createdAt: t0, stream: true, ok: true, ttftMs: 3, latencyMs: 13, costUsd: 0.0000123, apiKeyId: null, responseText: null });
    expect(rows[0].promptJson).toHaveLength(MAX_TEXT);
    expect(rows[1]).toMatchObject({ ok: false, status: 502, errorKind: "upstream_unavailable", latencyMs: 0, costUsd: null });
    // A range that excludes them finds neither: the stored times compare like Prisma's own.
    expect(await db.requestLog.count({ where: { id: { in: [first.id, second.id] }, createdAt: { gt: new Date(t0.getTime() + 1) } } })).toBe(0);
  });

  it("stores every column in its place: a row with a distinct value in each reads back field for field", async () => {
    const key = await db.apiKey.create({ data: { name: "log-columns", keyHash: `hash-${crypto.randomUUID()}`, keyLast4: "cols" } });
    const primary = entry();
    const row = entry({
      createdAt: new Date(Date.now() - 5_000),
      source: "shadow",
      apiKeyId: key.id,
      groupName: "group-g",
      modelId: "model-id-m",
      modelName: "model-m",
      provider: "provider-p",
      status: 429,
      ok: false,
      stream: true,
      latencyMs: 41,
      ttftMs: 7,
      tokensIn: 101,
      tokensOut: 202,
      costUsd: 0.5,
      errorKind: "rate_limited",
      attempts: 3,
      fallbacks: 2,
      promptJson: '[{"role":"user","content":"p"}]',
      responseText: "response-r",
      shadowOf: primary.id,
    });
    queueRequestLog(db, primary);
    queueRequestLog(db, row);
    await flushRequestLog();
    const stored = await db.requestLog.findUniqueOrThrow({ where: { id: row.id } });
    expect(stored).toEqual(row);
  });

  it("keeps the batch while another connection's transaction holds the database, and writes it after", async () => {
    const row = entry();
    await db.$transaction(async (tx) => {
      await tx.setting.upsert({ where: { key: "log-busy-test" }, create: { key: "log-busy-test", value: "1" }, update: { value: "2" } });
      queueRequestLog(db, row);
      await flushRequestLog(); // SQLITE_BUSY on the writer's connection: the rows go back in the queue
      expect(await tx.requestLog.count({ where: { id: row.id } })).toBe(0);
    });
    await flushRequestLog();
    expect(await db.requestLog.count({ where: { id: row.id } })).toBe(1);
  });
});

describe("a backlog", () => {
  it("is written a batch per turn of the event loop, so other work runs between batches", async () => {
    const rows = Array.from({ length: 2_000 }, () => entry({ groupName: "backlog" }));
    await db.$transaction(async (tx) => {
      await tx.setting.upsert({ where: { key: "log-backlog-test" }, create: { key: "log-backlog-test", value: "1" }, update: { value: "2" } });
      for (const row of rows) queueRequestLog(db, row); // the database is busy: the rows wait in the queue
      await flushRequestLog();
    });
    let turns = 0;
    let ticking = true;
    const tick = () => {
      turns++;
      if (ticking) setImmediate(tick);
    };
    setImmediate(tick);
    await flushRequestLog();
    ticking = false;
    expect(await db.requestLog.count({ where: { groupName: "backlog" } })).toBe(rows.length);
    expect(turns).toBeGreaterThanOrEqual(rows.length / MAX_BATCH - 1); // a turn between each two batches
  });
});

describe("batches", () => {
  it("hold the rows that come while a batch is written until a batch is full or the timer flushes them", async () => {
    queueRequestLog(db, entry({ groupName: "warm-up" }));
    await flushRequestLog(); // the writer's thread is up
    // Only the flush timer is faked: the writer's thread and the database answer as usual.
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
    try {
      const count = () => db.requestLog.count({ where: { groupName: "batched" } });
      for (let i = 0; i < MAX_BATCH; i++) queueRequestLog(db, entry({ groupName: "batched" })); // a full batch: sent at once
      for (let i = 0; i < 30; i++) queueRequestLog(db, entry({ groupName: "batched" })); // while it is written
      while ((await count()) < MAX_BATCH) await new Promise((r) => setImmediate(r));
      for (let turn = 0; turn < 50; turn++) await new Promise((r) => setImmediate(r));
      expect(await count()).toBe(MAX_BATCH);
      for (let i = 0; i < MAX_BATCH - 30; i++) queueRequestLog(db, entry({ groupName: "batched" })); // the next is full
      while ((await count()) < 2 * MAX_BATCH) await new Promise((r) => setImmediate(r));
      queueRequestLog(db, entry({ groupName: "batched" }));
      await vi.advanceTimersByTimeAsync(1_000); // the timer takes what is left
      while ((await count()) < 2 * MAX_BATCH + 1) await new Promise((r) => setImmediate(r));
    } finally {
      vi.useRealTimers();
    }
  });
});

describe("the SQLite file", () => {
  it("is in WAL mode, and Prisma's connection and the log writer's commit without a disk sync", async () => {
    queueRequestLog(db, entry());
    await flushRequestLog(); // opens the writer's connection
    const [mode] = await db.$queryRawUnsafe<Array<{ journal_mode: string }>>("PRAGMA journal_mode");
    expect(mode.journal_mode).toBe("wal");
    const [sync] = await db.$queryRawUnsafe<Array<{ synchronous: bigint | number }>>("PRAGMA synchronous");
    expect(Number(sync.synchronous)).toBe(1); // NORMAL; FULL (2) would sync the disk on every commit
    expect(await logWriterPragma(db, "synchronous")).toBe(1);
  });
});

describe("the writer thread", () => {
  it("hands the rows to Prisma when it cannot start, so a retried batch is not lost", async () => {
    const file = databaseUrlOf(db)!.slice("file:".length);
    const sink = sqliteLogSink(db, file, path.join(path.dirname(file), "no-such-driver.js"));
    const errors = vi.spyOn(console, "error").mockImplementation(() => {});
    try {
      const rows = [entry({ groupName: "writer-fallback" }), entry({ groupName: "writer-fallback", stream: true })];
      // The batch in flight fails with the thread (the queue puts it back and retries it).
      await expect(sink.write(rows)).rejects.toThrow(/no-such-driver/);
      expect(await db.requestLog.count({ where: { groupName: "writer-fallback" } })).toBe(0);
      await sink.write(rows);
      const stored = await db.requestLog.findMany({ where: { groupName: "writer-fallback" }, orderBy: { stream: "asc" } });
      expect(stored.map((r) => [r.id, r.stream])).toEqual(rows.map((r) => [r.id, r.stream]));
      expect(errors).toHaveBeenCalledTimes(1);
      expect(String(errors.mock.calls[0][0])).toContain("writing the log through Prisma instead");
    } finally {
      errors.mockRestore();
    }
  });
});

describe("request ids", () => {
  it("sort by the time they were made, and never repeat", () => {
    const t = Date.UTC(2026, 10, 29, 12);
    const ids = [newRequestId(t + 1000), newRequestId(t), newRequestId(t + 1), newRequestId(t + 86_400_000)];
    expect([...ids].sort()).toEqual([ids[1], ids[2], ids[0], ids[3]]);
    expect(new Set(Array.from({ length: 1000 }, () => newRequestId(t))).size).toBe(1000);
    expect(ids[0]).toMatch(/^req_[0-9a-z]{29}$/);
  });
});
