import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, afterEach, beforeAll, expect, it } from "vitest";
import { createDb } from "./db";
import { preparePrivateSqliteFile } from "./private-files";
import { getEncryptionKey, resetKeyCaches, secureDataDir } from "./secrets";

// The data folder holds the database and the keys that decrypt it: nobody but the owner may read either.

const mode = (p: string) => fs.statSync(p).mode & 0o777;
const root = fs.mkdtempSync(path.join(os.tmpdir(), "tunebench-private-"));
const env = { DATA_DIR: process.env.DATA_DIR, DATABASE_URL: process.env.DATABASE_URL, ENCRYPTION_KEY: process.env.ENCRYPTION_KEY };
let umask: number;

beforeAll(() => {
  umask = process.umask(0o022); // the common default, under which files come out 0644
});
afterEach(() => resetKeyCaches());
afterAll(() => {
  process.umask(umask);
  Object.assign(process.env, env);
  for (const [k, v] of Object.entries(env)) if (v === undefined) delete process.env[k];
  fs.rmSync(root, { recursive: true, force: true });
});

function useDataDir(name: string): string {
  const dir = path.join(root, name, "data");
  process.env.DATA_DIR = dir;
  delete process.env.ENCRYPTION_KEY;
  resetKeyCaches();
  return dir;
}

it("creates the data folder 0700 and the database file 0600, and keeps its journal private", async () => {
  const dir = useDataDir("fresh");
  const file = path.join(dir, "app.db");
  const db = createDb(`file:${file}`);
  try {
    await db.$executeRawUnsafe("CREATE TABLE t (x TEXT)");
    await db.$executeRawUnsafe("INSERT INTO t VALUES ('row')");
  } finally {
    await db.$disconnect();
  }
  getEncryptionKey();
  expect(mode(dir)).toBe(0o700);
  expect(mode(file)).toBe(0o600);
  expect(mode(path.join(dir, "encryption.key"))).toBe(0o600);
  for (const f of fs.readdirSync(dir)) expect(mode(path.join(dir, f)) & 0o077, f).toBe(0);
});

it("tightens an install from before: a 0755 folder and 0644 database and keys", async () => {
  const dir = useDataDir("old");
  fs.mkdirSync(dir, { recursive: true, mode: 0o755 });
  const file = path.join(dir, "app.db");
  for (const f of ["app.db", "app.db-journal", "app.db-wal", "encryption.key", "master.key"]) fs.writeFileSync(path.join(dir, f), f === "app.db" ? "" : "k".repeat(32), { mode: 0o644 });
  expect(mode(file)).toBe(0o644);

  secureDataDir();
  expect(mode(dir)).toBe(0o700);
  expect(mode(path.join(dir, "encryption.key"))).toBe(0o600);
  expect(mode(path.join(dir, "master.key"))).toBe(0o600);

  // What createDb does before SQLite opens the file, which may then drop or rewrite the old sidecar files.
  preparePrivateSqliteFile(file);
  for (const f of ["app.db", "app.db-journal", "app.db-wal"]) expect(mode(path.join(dir, f)), f).toBe(0o600);

  fs.chmodSync(dir, 0o755);
  fs.chmodSync(file, 0o644);
  const db = createDb(`file:${file}`);
  await db.$disconnect();
  expect(mode(dir)).toBe(0o700);
  expect(mode(file)).toBe(0o600);
  for (const f of fs.readdirSync(dir)) expect(mode(path.join(dir, f)) & 0o077, f).toBe(0);
});

it("creates the folder of a database outside the data folder 0700, but leaves an existing one's mode alone", async () => {
  useDataDir("elsewhere");
  const shared = path.join(root, "elsewhere", "shared");
  fs.mkdirSync(shared, { recursive: true, mode: 0o755 });
  const db1 = createDb(`file:${path.join(shared, "app.db")}`);
  const db2 = createDb(`file:${path.join(root, "elsewhere", "new", "deeper", "app.db")}`);
  await Promise.all([db1.$disconnect(), db2.$disconnect()]);
  expect(mode(shared)).toBe(0o755);
  expect(mode(path.join(shared, "app.db"))).toBe(0o600);
  expect(mode(path.join(root, "elsewhere", "new"))).toBe(0o700);
  expect(mode(path.join(root, "elsewhere", "new", "deeper"))).toBe(0o700);
});
