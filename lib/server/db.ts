import path from "node:path";
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaClient } from "@/lib/generated/prisma/client";
import { PrismaClient as PgPrismaClient } from "@/lib/generated/prisma-pg/client";
import { dataDir, readEnv } from "./env";
import { preparePrivateSqliteFile } from "./private-files";
import { processWide } from "./process-wide";

// Not marked "server-only": the seed and bench scripts share this client from plain Node.

export type Db = PrismaClient;

const urls = new WeakMap<Db, string>();

/** The URL a client was created with (request-log-sink.ts opens its own connection to a SQLite file). */
export function databaseUrlOf(db: Db): string | undefined {
  return urls.get(db);
}

export function createDb(url = readEnv().DATABASE_URL): Db {
  const db = connect(url);
  urls.set(db, url);
  return db;
}

function connect(url: string): Db {
  if (/^postgres(ql)?:\/\//.test(url)) {
    // adapter-pg loads lazily so SQLite installs never touch pg. The PostgreSQL client is generated from
    // prisma/postgres/schema.prisma, which scripts/sync-pg-schema.ts keeps model-for-model identical,
    // so it has the same API as the SQLite client's type.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { PrismaPg } = require("@prisma/adapter-pg") as typeof import("@prisma/adapter-pg");
    return new PgPrismaClient({ adapter: new PrismaPg({ connectionString: url }) }) as unknown as PrismaClient;
  }
  const file = url.replace(/^file:/, "");
  if (file !== ":memory:") preparePrivateSqliteFile(file, { tightenDir: path.dirname(path.resolve(file)) === dataDir() });
  return new PrismaClient({ adapter: new PrismaBetterSQLite3({ url }) });
}

/** True for a client on PostgreSQL. Read from the client itself: the custom server and Next's bundle load
 * separate copies of the generated client classes, so `instanceof` cannot tell. */
export function isPostgres(db: Db): boolean {
  return (db as unknown as { _activeProvider?: string })._activeProvider === "postgresql";
}

/**
 * A case-insensitive `contains` filter on both engines. SQLite's LIKE ignores ASCII case already, and its
 * client rejects `mode`; PostgreSQL's LIKE is case-sensitive unless `mode: "insensitive"` makes it ILIKE.
 */
export function containsText(db: Db, text: string): { contains: string } {
  return isPostgres(db) ? ({ contains: text, mode: "insensitive" } as { contains: string }) : { contains: text };
}

/** One client per process, shared by the gateway and the dashboard (and dev hot reloads). */
export function getDb(): Db {
  return processWide("db", () => createDb());
}
