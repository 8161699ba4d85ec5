// Starting instances on one PostgreSQL database, as `npm start` does (prepare-db, then server.ts), in real
// processes: two at once on an empty database both come up (one migrates while the other waits, one seeds),
// and an instance whose encryption key differs from the database's refuses to start, naming ENCRYPTION_KEY.
import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { Client } from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { createDb } from "@/lib/server/db";
import { seedIfEmpty } from "@/lib/models/server/seed";
import { usePgTestDb } from "@/test/pg-db";

const root = path.resolve(__dirname, "..");
const tsx = path.join(root, "node_modules", ".bin", "tsx");
const SHARED = { ENCRYPTION_KEY: "shared-encryption-key-for-every-instance", MASTER_KEY: "sk-test-master-key-0001" };
/** The key Prisma's `migrate deploy` takes pg_advisory_lock on (prisma/prisma-engines, schema-engine). */
const PRISMA_MIGRATION_LOCK = 72707369;

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

interface Instance {
  exited: Promise<{ code: number | null; out: string; err: string }>;
  /** Resolves once the instance has printed a line matching `pattern`. */
  printed(pattern: RegExp): Promise<void>;
}

/** One instance's start step in its own process and data directory. */
function start(url: string, args: string[], env: Record<string, string | undefined>): Instance {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "tunebench-instance-"));
  dirs.push(dataDir);
  const child = spawn(tsx, args, {
    cwd: root,
    env: { ...process.env, NODE_ENV: "production", DATABASE_URL: url, DATA_DIR: dataDir, ENCRYPTION_KEY: undefined, MASTER_KEY: undefined, SIMULATOR_DISABLED: "1", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  let err = "";
  const waiters: Array<{ pattern: RegExp; resolve: () => void }> = [];
  const check = () => {
    for (const w of waiters.splice(0)) {
      if (w.pattern.test(out + err)) w.resolve();
      else waiters.push(w);
    }
  };
  child.stdout.on("data", (d: Buffer) => ((out += d), check()));
  child.stderr.on("data", (d: Buffer) => ((err += d), check()));
  return {
    exited: new Promise((resolve) => child.on("exit", (code) => resolve({ code, out, err }))),
    printed: (pattern) =>
      new Promise((resolve) => {
        waiters.push({ pattern, resolve });
        check();
      }),
  };
}

const prepareDb = (url: string, env: Record<string, string | undefined> = SHARED) => start(url, ["scripts/prepare-db.ts"], env);

describe("two instances started at once on an empty PostgreSQL database", () => {
  const pg = usePgTestDb({ migrate: false });

  it("both start cleanly: migrated once, seeded once, one encryption key recorded", async () => {
    const [a, b] = await Promise.all([prepareDb(pg.url).exited, prepareDb(pg.url).exited]);
    expect([a.code, b.code], a.err + b.err).toEqual([0, 0]);
    expect([a.out, b.out].filter((o) => o.includes("(seeded with examples)"))).toHaveLength(1);

    const migrations = fs.readdirSync(path.join(root, "prisma/postgres/migrations")).filter((d) => /^\d{14}_/.test(d));
    const applied = await pg.db.$queryRawUnsafe<Array<{ migration_name: string; finished: boolean; rolled_back: boolean }>>(
      `SELECT migration_name, finished_at IS NOT NULL AS finished, rolled_back_at IS NOT NULL AS rolled_back FROM _prisma_migrations ORDER BY migration_name`,
    );
    expect(applied).toEqual(migrations.sort().map((migration_name) => ({ migration_name, finished: true, rolled_back: false })));
    expect(await pg.db.model.count()).toBe(6);
    expect(await pg.db.routingGroup.count()).toBe(1);
    expect(await pg.db.setting.count({ where: { key: "encryptionCheck" } })).toBe(1);
  }, 240_000);

  it("a third instance with another ENCRYPTION_KEY refuses to start, naming it", async () => {
    const c = await prepareDb(pg.url, { ...SHARED, ENCRYPTION_KEY: "a-different-key-on-instance-c" }).exited;
    expect(c.code).toBe(1);
    expect(c.err).toMatch(/Refusing to start: this instance's encryption key cannot decrypt the secrets in this database/);
    expect(c.err).toContain("uses the ENCRYPTION_KEY from its environment");
    expect(c.err).not.toContain("a-different-key-on-instance-c");
  }, 120_000);

  it("the server itself refuses to start when the key is missing and it would generate its own", async () => {
    const s = start(pg.url, ["server.ts", "-p", "0"], { MASTER_KEY: SHARED.MASTER_KEY, TSX_TSCONFIG_PATH: "tsconfig.server.json" });
    const { code, out, err } = await s.exited;
    expect(code).toBe(1);
    expect(err).toMatch(/Refusing to start: .*no ENCRYPTION_KEY set, so it uses the key it generated in .*encryption\.key/);
    expect(out).not.toContain("Ready on");
  }, 120_000);
});

describe("an instance starting while another one migrates", () => {
  const pg = usePgTestDb({ migrate: false });

  it("waits for the migration lock with a log line, then finishes once the lock is released", async () => {
    const holder = new Client({ connectionString: pg.url });
    await holder.connect();
    try {
      await holder.query("SELECT pg_advisory_lock($1)", [PRISMA_MIGRATION_LOCK]);
      const instance = prepareDb(pg.url);
      await instance.printed(/Another instance is migrating the database/);
      await holder.query("SELECT pg_advisory_unlock($1)", [PRISMA_MIGRATION_LOCK]);
      const { code, out, err } = await instance.exited;
      expect(code, err).toBe(0);
      expect(out).toContain("Database ready (seeded with examples)");
    } finally {
      await holder.end();
    }
    expect(await pg.db.model.count()).toBe(6);
  }, 240_000);
});

describe("two instances seeding one empty database at the same moment", () => {
  const pg = usePgTestDb();

  it("leave exactly one seed and neither fails", async () => {
    const other = createDb(pg.url);
    try {
      const results = await Promise.all([seedIfEmpty(pg.db), seedIfEmpty(other)]);
      expect(results.filter((r) => r.seeded)).toHaveLength(1);
    } finally {
      await other.$disconnect();
    }
    expect(await pg.db.model.count()).toBe(6);
    expect(await pg.db.routingGroup.count()).toBe(1);
  });
});
