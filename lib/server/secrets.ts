import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { dataDir, readEnv } from "./env";
import { ensurePrivateDir, tightenPrivateFile } from "./private-files";

// Master key and encryption key: from the environment, or generated once into the
// data directory (mode 600) so a fresh install needs no configuration.

const KEY_FILES = ["master.key", "encryption.key"] as const;

/** On start: the data folder 0700 and any key file in it 0600, including ones written before these modes were enforced. */
export function secureDataDir(): string {
  const dir = dataDir();
  ensurePrivateDir(dir, { tightenExisting: true });
  // The ignore comment: Turbopack would otherwise trace the whole project for this runtime path.
  for (const name of KEY_FILES) tightenPrivateFile(path.join(/*turbopackIgnore: true*/ dir, name));
  return dir;
}

function readOrCreateKeyFile(name: string, make: () => string): { value: string; file: string; created: boolean } {
  const dir = dataDir();
  const file = path.join(dir, name);
  ensurePrivateDir(dir, { tightenExisting: true });
  if (fs.existsSync(file)) {
    tightenPrivateFile(file);
    return { value: fs.readFileSync(file, "utf8").trim(), file, created: false };
  }
  const value = make();
  try {
    fs.writeFileSync(file, value + "\n", { mode: 0o600, flag: "wx" });
    return { value, file, created: true };
  } catch (err) {
    // Another process won the race: use its key.
    if ((err as NodeJS.ErrnoException).code === "EEXIST") return readOrCreateKeyFile(name, make);
    throw err;
  }
}

export interface MasterKeyInfo {
  key: string;
  source: "env" | "file";
  file?: string;
  created: boolean;
}

let masterCache: MasterKeyInfo | undefined;

export function getMasterKey(): MasterKeyInfo {
  if (masterCache) return masterCache;
  const env = readEnv();
  if (env.MASTER_KEY) masterCache = { key: env.MASTER_KEY, source: "env", created: false };
  else {
    const f = readOrCreateKeyFile(KEY_FILES[0], () => `sk-tb-${crypto.randomBytes(24).toString("base64url")}`);
    masterCache = { key: f.value, source: "file", file: f.file, created: f.created };
    if (f.created) console.info(`[tunebench] Generated a master key in ${f.file} (mode 600). Use it to sign in.`);
  }
  return masterCache;
}

export interface EncryptionKeyInfo {
  key: Buffer;
  source: "env" | "file";
  file?: string;
}

let encKeyCache: EncryptionKeyInfo | undefined;

/** Where this instance's encryption key comes from: ENCRYPTION_KEY, or a random key kept in the data directory. */
export function getEncryptionKeyInfo(): EncryptionKeyInfo {
  if (encKeyCache) return encKeyCache;
  const env = readEnv();
  const aesKey = (material: string) => crypto.createHash("sha256").update(material).digest();
  if (env.ENCRYPTION_KEY) encKeyCache = { key: aesKey(env.ENCRYPTION_KEY), source: "env" };
  else {
    const f = readOrCreateKeyFile(KEY_FILES[1], () => crypto.randomBytes(32).toString("base64"));
    encKeyCache = { key: aesKey(f.value), source: "file", file: f.file };
  }
  return encKeyCache;
}

/** 32-byte AES key: ENCRYPTION_KEY hashed, or a random key kept in the data directory. */
export function getEncryptionKey(): Buffer {
  return getEncryptionKeyInfo().key;
}

/** For tests that switch data directories within one process. */
export function resetKeyCaches(): void {
  masterCache = undefined;
  encKeyCache = undefined;
}
