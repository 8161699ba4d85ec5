import fs from "node:fs";
import { describe, expect, it } from "vitest";
import { PG_MIGRATIONS, PG_SCHEMA, SQLITE_SCHEMA, pgSchemaFrom } from "@/scripts/sync-pg-schema";
import { PG_ADMIN_URL, usePgTestDb } from "@/test/pg-db";
import { prismaCli } from "./migrate";
import { listModels } from "@/lib/models/server/models";
import { seedIfEmpty } from "@/lib/models/server/seed";
import { flushRequestLog, newRequestId, queueRequestLog, type QueuedLogEntry } from "@/lib/usage/server/request-log";

describe("PostgreSQL schema", () => {
  it("is generated from the SQLite schema and up to date", () => {
    expect(fs.readFileSync(PG_SCHEMA, "utf8")).toBe(pgSchemaFrom(fs.readFileSync(SQLITE_SCHEMA, "utf8")));
  });

  it("has migrations that produce exactly that schema (run npm run db:sync-pg when this fails)", () => {
    const sql = prismaCli(PG_ADMIN_URL, ["migrate", "diff", "--from-migrations", PG_MIGRATIONS, "--to-schema-datamodel", PG_SCHEMA, "--script"]);
    expect(sql).not.toMatch(/^(CREATE|ALTER|DROP)/m);
  }, 120_000);
});

describe("PostgreSQL database", () => {
  const pg = usePgTestDb();

  it("migrates, seeds and serves the registry like SQLite", async () => {
    expect(await seedIfEmpty(pg.db)).toEqual({ seeded: true });
    expect(await seedIfEmpty(pg.db)).toEqual({ seeded: false });
    const page = await listModels(pg.db, { provider: "simulator", sort: "name", order: "asc", page: 1, pageSize: 25 });
    expect(page.items.map((m) => m.name)).toEqual(["sim-8b-base", "sim-8b-support-ft"]);
    const group = await pg.db.routingGroup.findUniqueOrThrow({ where: { name: "support-assistant" }, include: { members: true } });
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
    for (const r of rows) queueRequestLog(pg.db, r);
    await flushRequestLog();
    const back = await pg.db.requestLog.findMany({ where: { createdAt: { gte: new Date(t0) } }, orderBy: { createdAt: "asc" } });
    expect(back.map((r) => r.id)).toEqual(rows.map((r) => r.id));
    expect(back[1]).toMatchObject({ stream: true, ok: true, ttftMs: 2, latencyMs: 5, costUsd: 0.5, apiKeyId: null });
  });
});
