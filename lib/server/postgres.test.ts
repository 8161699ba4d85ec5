import fs from "node:fs";
import { Client } from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PG_MIGRATIONS, PG_SCHEMA, SQLITE_SCHEMA, pgSchemaFrom } from "../../scripts/sync-pg-schema";
import { createDb, type Db } from "./db";
import { migrateDeploy, prismaCli } from "./migrate";
import { listModels } from "./models";
import { seedIfEmpty } from "./seed";
import { flushRequestLog, newRequestId, queueRequestLog, type QueuedLogEntry } from "./request-log";

// PostgreSQL is the option for teams that outgrow one machine; CI has one at 127.0.0.1:5432.
const ADMIN_URL = process.env.PG_ADMIN_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";
const database = `tunebench_test_${crypto.randomUUID().replaceAll("-", "").slice(0, 12)}`;
const url = ADMIN_URL.replace(/\/[^/]*$/, `/${database}`);

async function admin(sql: string) {
  const client = new Client({ connectionString: ADMIN_URL });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

describe("PostgreSQL schema", () => {
  it("is generated from the SQLite schema and up to date", () => {
    expect(fs.readFileSync(PG_SCHEMA, "utf8")).toBe(pgSchemaFrom(fs.readFileSync(SQLITE_SCHEMA, "utf8")));
  });

  it("has migrations that produce exactly that schema (run npm run db:sync-pg when this fails)", () => {
    const sql = prismaCli(ADMIN_URL, ["migrate", "diff", "--from-migrations", PG_MIGRATIONS, "--to-schema-datamodel", PG_SCHEMA, "--script"]);
    expect(sql).not.toMatch(/^(CREATE|ALTER|DROP)/m);
  }, 120_000);
});

describe("PostgreSQL database", () => {
  let db: Db;
  beforeAll(async () => {
    await admin(`CREATE DATABASE "${database}"`);
    migrateDeploy(url);
    db = createDb(url);
  }, 120_000);
  afterAll(async () => {
    await db?.$disconnect();
    await admin(`DROP DATABASE IF EXISTS "${database}"`);
  });

  it("migrates, seeds and serves the registry like SQLite", async () => {
    expect(await seedIfEmpty(db)).toEqual({ seeded: true });
    expect(await seedIfEmpty(db)).toEqual({ seeded: false });
    const page = await listModels(db, { provider: "simulator", sort: "name", order: "asc", page: 1, pageSize: 25 });
    expect(page.items.map((m) => m.name)).toEqual(["sim-8b-base", "sim-8b-support-ft"]);
    const group = await db.routingGroup.findUniqueOrThrow({ where: { name: "support-assistant" }, include: { members: true } });
    expect(group.members.map((m) => m.weight).sort()).toEqual([20, 80]);
  });

  it("writes the gateway's batched request-log rows (one multi-row INSERT through Prisma)", async () => {
    const t0 = Date.now() - 1000;
    const rows: QueuedLogEntry[] = [0, 1].map((i) => ({
      id: newRequestId(t0 + i),
      createdAt: new Date(t0 + i),
      source: "gateway",
      modelName: "sim-8b-base",
      status: 200,
      ok: true,
      stream: i === 1,
      latencyMs: 4.6,
      ttftMs: i === 1 ? 2.2 : null,
      costUsd: 0.5,
      attempts: 1,
      fallbacks: 0,
    }));
    for (const r of rows) queueRequestLog(db, r);
    await flushRequestLog();
    const back = await db.requestLog.findMany({ where: { createdAt: { gte: new Date(t0) } }, orderBy: { createdAt: "asc" } });
    expect(back.map((r) => r.id)).toEqual(rows.map((r) => r.id));
    expect(back[1]).toMatchObject({ stream: true, ok: true, ttftMs: 2, latencyMs: 5, costUsd: 0.5, apiKeyId: null });
  });
});
