import type { Db } from "./db";
import { decryptSecret, encryptSecret } from "./crypto";
import { getEncryptionKeyInfo, type EncryptionKeyInfo } from "./secrets";

// Every instance on one database must encrypt with the same key, or each one reads only the secrets it saved
// itself. The database keeps a value encrypted with the first instance's key; an instance whose key cannot
// open it refuses to start, instead of serving 404s and failing connection tests for every secret it cannot read.
// Not "server-only": scripts/prepare-db.ts runs it from plain Node.

const CHECK_KEY = "encryptionCheck";
const CHECK_PLAIN = "tunebench encryption check v1";

export class EncryptionKeyMismatchError extends Error {
  constructor(info: EncryptionKeyInfo) {
    const mine =
      info.source === "env"
        ? "This instance uses the ENCRYPTION_KEY from its environment."
        : `This instance has no ENCRYPTION_KEY set, so it uses the key it generated in ${info.file}.`;
    super(
      "Refusing to start: this instance's encryption key cannot decrypt the secrets in this database; another instance " +
        "encrypted them with a different key. Set ENCRYPTION_KEY to the same value on every instance that shares the " +
        "database (the first instance's key: its ENCRYPTION_KEY, or the encryption.key file in its data directory when " +
        `it generated one). ${mine}`,
    );
    this.name = "EncryptionKeyMismatchError";
  }
}

function opens(sealed: string, key: Buffer, plain?: string): boolean {
  try {
    const out = decryptSecret(sealed, key);
    return plain === undefined || out === plain;
  } catch {
    return false;
  }
}

/** One stored secret, for a database written before the check value existed (its secrets tell the key). */
async function anyStoredSecret(db: Db): Promise<string | null> {
  const [credential, inline, headers] = await Promise.all([
    db.credential.findFirst({ where: { secretEnc: { not: null } }, select: { secretEnc: true } }),
    db.model.findFirst({ where: { inlineSecretEnc: { not: null } }, select: { inlineSecretEnc: true } }),
    db.model.findFirst({ where: { headersEnc: { not: null } }, select: { headersEnc: true } }),
  ]);
  return credential?.secretEnc ?? inline?.inlineSecretEnc ?? headers?.headersEnc ?? null;
}

/**
 * Checks this instance's key against the database's check value, recording it on the first start ("recorded").
 * Throws EncryptionKeyMismatchError when the key cannot open it. Safe when instances start at once: the
 * first to record wins, and the others are checked against its value.
 */
export async function verifyEncryptionKey(db: Db, info: EncryptionKeyInfo = getEncryptionKeyInfo()): Promise<"verified" | "recorded"> {
  const row = await db.setting.findUnique({ where: { key: CHECK_KEY } });
  if (row) {
    if (opens(row.value, info.key, CHECK_PLAIN)) return "verified";
    throw new EncryptionKeyMismatchError(info);
  }
  const sample = await anyStoredSecret(db);
  if (sample !== null && !opens(sample, info.key)) throw new EncryptionKeyMismatchError(info);
  try {
    await db.setting.create({ data: { key: CHECK_KEY, value: encryptSecret(CHECK_PLAIN, info.key) } });
    return "recorded";
  } catch (err) {
    if ((err as { code?: unknown }).code !== "P2002") throw err;
    // Another instance recorded its key first: this one must match it.
    const theirs = await db.setting.findUniqueOrThrow({ where: { key: CHECK_KEY } });
    if (opens(theirs.value, info.key, CHECK_PLAIN)) return "verified";
    throw new EncryptionKeyMismatchError(info);
  }
}
