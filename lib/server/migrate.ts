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

/** Applies pending migrations with the Prisma CLI (JS engine; prisma.config.ts or prisma.pg.config.ts). */
export function migrateDeploy(databaseUrl: string, cwd = process.cwd()): void {
  // SQLite creates the file but not its directory (a fresh clone has no data/), and would create it world-readable.
  if (databaseUrl.startsWith("file:")) {
    const file = path.resolve(cwd, databaseUrl.slice("file:".length));
    preparePrivateSqliteFile(file, { tightenDir: path.dirname(file) === path.resolve(cwd, readEnv().DATA_DIR) });
  }
  prismaCli(databaseUrl, ["migrate", "deploy"], cwd);
}
