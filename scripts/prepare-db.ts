// Migrate, seed an empty database, and make sure the master key exists; run before `next start`.
import { createDb } from "@/lib/server/db";
import { readEnv } from "@/lib/server/env";
import { migrateDeploy } from "@/lib/server/migrate";
import { getMasterKey, secureDataDir } from "@/lib/server/secrets";
import { seedIfEmpty } from "@/lib/server/seed";

async function main() {
  const env = readEnv();
  secureDataDir();
  migrateDeploy(env.DATABASE_URL);
  const db = createDb(env.DATABASE_URL);
  const { seeded } = await seedIfEmpty(db);
  await db.$disconnect();
  const master = getMasterKey();
  console.info(`[tunebench] Database ready${seeded ? " (seeded with examples)" : ""}.`);
  console.info(
    master.source === "env"
      ? "[tunebench] Sign in with the MASTER_KEY from your environment."
      : `[tunebench] Sign in with the master key stored in ${master.file}`,
  );
}

main().catch((err) => {
  console.error("[tunebench] Database preparation failed:", err instanceof Error ? err.message : err);
  process.exit(1);
});
