import path from "node:path";
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import Database from "better-sqlite3";
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
  if (file === ":memory:") return new PrismaClient({ adapter: new PrismaBetterSQLite3({ url }) });
  preparePrivateSqliteFile(file, { tightenDir: path.dirname(path.resolve(file)) === dataDir() });
  enableWriteAheadLog(file);
  const db = new PrismaClient({ adapter: new PrismaBetterSQLite3({ url }) });
  // Per connection, so for Prisma's too (its adapter keeps one); see enableWriteAheadLog. Queued before any query.
  void db.$queryRawUnsafe("PRAGMA synchronous = NORMAL").catch(() => undefined);
  return db;
}

/**
 * SQLite runs in the server's own thread: better-sqlite3, under Prisma's adapter and the request-log writer,
 * is synchronous, so every commit's disk work stalls the event loop for every request in flight. In the
 * default rollback-journal mode with synchronous=FULL a commit creates, syncs and deletes a journal and syncs
 * the database (10–40 ms each on this machine's disk, 100 ms and more under load). In write-ahead-log mode
 * with synchronous=NORMAL a commit appends to the log without a sync, and only checkpoints sync; SQLite
 * documents this pair as safe from corruption (a power cut may lose the last commits, never the file).
 * WAL is a property of the file, set once here; synchronous is per connection, set by each opener (it is
 * already NORMAL under WAL in better-sqlite3's build; set anyway, so no other build can make commits sync).
 */
export function enableWriteAheadLog(file: string): void {
  const conn = new Database(file, { timeout: 0 });
  try {
    conn.pragma("journal_mode = WAL");
  } catch {
    // Another connection holds the file (an instance starting beside this one): it sets the mode, or did.
  } finally {
    conn.close();
  }
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
