import fs from "node:fs";
import path from "node:path";
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaClient } from "@/lib/generated/prisma/client";
import { readEnv } from "./env";

// Not marked "server-only": the seed and bench scripts share this client from plain Node.

export type Db = PrismaClient;

export function createDb(url = readEnv().DATABASE_URL): Db {
  if (url.startsWith("postgres")) {
    // Loaded lazily so SQLite installs never touch pg.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { PrismaPg } = require("@prisma/adapter-pg") as typeof import("@prisma/adapter-pg");
    return new PrismaClient({ adapter: new PrismaPg({ connectionString: url }) });
  }
  const file = url.replace(/^file:/, "");
  if (file !== ":memory:") fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  return new PrismaClient({ adapter: new PrismaBetterSQLite3({ url }) });
}

const globalForDb = globalThis as unknown as { __tunebenchDb?: Db };

/** One client per process (survives dev hot reloads). */
export function getDb(): Db {
  globalForDb.__tunebenchDb ??= createDb();
  return globalForDb.__tunebenchDb;
}
