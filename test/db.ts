import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { afterAll } from "vitest";
import { createDb, type Db } from "@/lib/server/db";
import { resetKeyCaches } from "@/lib/server/secrets";

// Set by global-setup.ts for this run; the fallback is the shared directory.
const TEMPLATE_DIR = process.env.TUNEBENCH_TEST_DIR ?? path.resolve(__dirname, "../../data/test");

/**
 * A fresh, migrated SQLite file for this test file, installed as the app's database
 * (what getDb() returns) with its own data directory for keys. Closed after the file.
 */
export function useTestDb(opts: { masterKey?: string } = {}): { db: Db; url: string; dir: string } {
  const dir = path.join(TEMPLATE_DIR, crypto.randomUUID());
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, "app.db");
  fs.copyFileSync(path.join(TEMPLATE_DIR, "template.db"), file);
  const url = `file:${file}`;
  process.env.DATABASE_URL = url;
  process.env.DATA_DIR = dir;
  process.env.MASTER_KEY = opts.masterKey ?? "sk-test-master-key-0001";
  delete process.env.ENCRYPTION_KEY;
  resetKeyCaches();
  const db = createDb(url);
  (globalThis as unknown as { __tunebenchDb?: Db }).__tunebenchDb = db;
  afterAll(async () => {
    await db.$disconnect();
    fs.rmSync(dir, { recursive: true, force: true });
  });
  return { db, url, dir };
}

export const TEST_MASTER_KEY = "sk-test-master-key-0001";

/** Builds a Request as a route handler receives it. */
export function apiRequest(
  url: string,
  init: { method?: string; body?: unknown; auth?: "master" | "none" | string; headers?: Record<string, string> } = {},
): Request {
  const headers: Record<string, string> = { ...init.headers };
  const auth = init.auth ?? "master";
  if (auth === "master") headers.authorization = `Bearer ${TEST_MASTER_KEY}`;
  else if (auth !== "none") headers.authorization = `Bearer ${auth}`;
  if (init.body !== undefined) headers["content-type"] = "application/json";
  return new Request(new URL(url, "http://localhost:3000"), {
    method: init.method ?? (init.body === undefined ? "GET" : "POST"),
    headers,
    body: init.body === undefined ? undefined : typeof init.body === "string" ? init.body : JSON.stringify(init.body),
  });
}

export function routeParams<T extends Record<string, string>>(params: T) {
  return { params: Promise.resolve(params) };
}
