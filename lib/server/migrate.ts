import { execFileSync } from "node:child_process";
import path from "node:path";
import { readEnv } from "./env";
import { preparePrivateSqliteFile } from "./private-files";

export const isPostgresUrl = (url: string) => /^postgres(ql)?:\/\//.test(url);

/** Prisma CLI arguments and environment for the database behind `databaseUrl` (SQLite or PostgreSQL). */
export function prismaCli(databaseUrl: string, args: string[], cwd = process.cwd()): string {
  const bin = path.join(cwd, "node_modules", ".bin", "prisma");
  const pg = isPostgresUrl(databaseUrl);
  return execFileSync(bin, pg ? [...args, "--config", "prisma.pg.config.ts"] : args, {
    cwd,
    env: {
      ...process.env,
      ...(pg ? { PG_DATABASE_URL: databaseUrl } : { DATABASE_URL: databaseUrl }),
      PRISMA_HIDE_UPDATE_MESSAGE: "1",
    },
    stdio: ["ignore", "pipe", "pipe"],
    encoding: "utf8",
  });
}

/** Prisma's migration lock on PostgreSQL is given up after 10 s with P1002, while another instance migrates. */
export function isMigrationLockTimeout(err: unknown): boolean {
  const e = err as { stdout?: unknown; stderr?: unknown; message?: unknown };
  const text = [e.stdout, e.stderr, e.message].filter((s) => typeof s === "string").join("\n");
  // Prisma words it several ways ("…timed out trying to acquire a postgres advisory lock", or a bare
  // "Error: P1002"); the code alone says the server was reached and a wait timed out, which is worth a retry here.
  return /(?:^|[^\w])P1002\b/.test(text.replace(/\x1b\[[0-9;]*m/g, ""));
}

export interface MigrateOptions {
  cwd?: string;
  /** How long to keep waiting for another instance's migration in total (default 180 s). */
  waitMs?: number;
  log?: (line: string) => void;
}

// A blocking sleep: migrateDeploy runs once at startup, before anything else in the process needs the loop.
function sleepSync(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/**
 * Applies pending migrations with the Prisma CLI (JS engine; prisma.config.ts or prisma.pg.config.ts).
 * Instances started together on one PostgreSQL database take turns: the others retry with backoff while
 * the first holds the migration lock, then find nothing left to apply.
 */
export function migrateDeploy(databaseUrl: string, opts: MigrateOptions = {}): void {
  const { cwd = process.cwd(), waitMs = 180_000, log = (line: string) => console.info(line) } = opts;
  // SQLite creates the file but not its directory (a fresh clone has no data/), and would create it world-readable.
  if (databaseUrl.startsWith("file:")) {
    const file = path.resolve(cwd, databaseUrl.slice("file:".length));
    preparePrivateSqliteFile(file, { tightenDir: path.dirname(file) === path.resolve(cwd, readEnv().DATA_DIR) });
  }
  const started = Date.now();
  for (let attempt = 1; ; attempt++) {
    try {
      prismaCli(databaseUrl, ["migrate", "deploy"], cwd);
      return;
    } catch (err) {
      const waited = Date.now() - started;
      if (!isMigrationLockTimeout(err) || waited >= waitMs) throw err;
      const backoff = Math.min(500 * 2 ** (attempt - 1), 5_000);
      log(`[tunebench] Another instance is migrating the database (its migration lock is held); waiting for it — ${Math.round(waited / 1000)} s so far, up to ${Math.round(waitMs / 1000)} s.`);
      sleepSync(backoff);
    }
  }
}
