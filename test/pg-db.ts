import crypto from "node:crypto";
import { Client } from "pg";
import { afterAll, beforeAll } from "vitest";
import { createDb, type Db } from "@/lib/server/db";
import { migrateDeploy } from "@/lib/server/migrate";

// PostgreSQL is the option for teams that outgrow one machine; CI has one at 127.0.0.1:5432.
export const PG_ADMIN_URL = process.env.PG_ADMIN_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";

/** Runs one statement on the admin database (CREATE/DROP DATABASE cannot run inside a transaction). */
export async function pgAdmin(sql: string): Promise<void> {
  const client = new Client({ connectionString: PG_ADMIN_URL });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/** A throwaway database name and its URL; nothing is created yet. */
export function pgTestDatabase(): { name: string; url: string } {
  const name = `tb_test_${crypto.randomUUID().replaceAll("-", "").slice(0, 12)}`;
  return { name, url: PG_ADMIN_URL.replace(/\/[^/]*$/, `/${name}`) };
}

/**
 * A fresh PostgreSQL database for this test file: created and migrated before the file's tests (unless
 * `migrate: false`), dropped after them. `db` is a client on it; `url` opens more (a second instance).
 */
export function usePgTestDb(opts: { migrate?: boolean } = {}): { readonly db: Db; url: string; name: string } {
  const { name, url } = pgTestDatabase();
  let db: Db | undefined;
  beforeAll(async () => {
    await pgAdmin(`CREATE DATABASE "${name}"`);
    if (opts.migrate !== false) migrateDeploy(url);
    db = createDb(url);
  }, 120_000);
  afterAll(async () => {
    await db?.$disconnect();
    await pgAdmin(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  });
  return {
    name,
    url,
    get db() {
      if (!db) throw new Error("usePgTestDb: the database is created in beforeAll");
      return db;
    },
  };
}
