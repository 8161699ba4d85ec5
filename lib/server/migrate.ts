import { execFileSync } from "node:child_process";
import path from "node:path";

/** Applies pending migrations with the Prisma CLI (JS engine, see prisma.config.ts). */
export function migrateDeploy(databaseUrl: string, cwd = process.cwd()): void {
  const bin = path.join(cwd, "node_modules", ".bin", "prisma");
  execFileSync(bin, ["migrate", "deploy"], {
    cwd,
    env: { ...process.env, DATABASE_URL: databaseUrl, PRISMA_HIDE_UPDATE_MESSAGE: "1" },
    stdio: ["ignore", "pipe", "pipe"],
  });
}
