// Migrate, check the encryption key, seed an empty database, and make sure the master key exists; run before
// server.ts. Several instances may run it at once on one database: they take turns migrating, one seeds.
import { createDb } from "@/lib/server/db";
import { EncryptionKeyMismatchError, verifyEncryptionKey } from "@/lib/server/encryption-check";
import { readEnv } from "@/lib/server/env";
import { migrateDeploy } from "@/lib/server/migrate";
import { getMasterKey, secureDataDir } from "@/lib/server/secrets";
import { seedIfEmpty } from "@/lib/models/server/seed";

async function main() {
  const env = readEnv();
  secureDataDir();
  migrateDeploy(env.DATABASE_URL);
  const db = createDb(env.DATABASE_URL);
  try {
    await verifyEncryptionKey(db);
    const { seeded } = await seedIfEmpty(db);
    console.info(`[tunebench] Database ready${seeded ? " (seeded with examples)" : ""}.`);
  } finally {
    await db.$disconnect();
  }
  const master = getMasterKey();
  console.info(
    master.source === "env"
      ? "[tunebench] Sign in with the MASTER_KEY from your environment."
      : `[tunebench] Sign in with the master key stored in ${master.file}`,
  );
}

main().catch((err) => {
  if (err instanceof EncryptionKeyMismatchError) console.error(`[tunebench] ${err.message}`);
  else console.error("[tunebench] Database preparation failed:", err instanceof Error ? err.message : err);
  process.exit(1);
});
