import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { Client } from "pg";
import { E2E_MASTER_KEY } from "@/playwright.config";
import { expect, test } from "./fixtures";

// Two instances on one PostgreSQL database and one Redis, as docs/deploy.md runs them: a write on A takes effect
// on B within a second. Each run gets its own database and Redis namespace. These tests start their own servers.

const PG = process.env.E2E_PG_URL ?? "postgresql://postgres@127.0.0.1:5432/test";
const REDIS = process.env.E2E_REDIS_URL ?? "redis://127.0.0.1:6379";
const auth = { authorization: `Bearer ${E2E_MASTER_KEY}`, "content-type": "application/json" };
const run = `tb_e2e_${process.pid}_${Date.now().toString(36)}`;
const database = PG.replace(/\/[^/]*$/, `/${run}`);

let A = "";
let B = "";
const servers: ChildProcess[] = [];

function env(name: string): NodeJS.ProcessEnv {
  const dataDir = path.resolve("data", `${run}-${name}`);
  fs.mkdirSync(dataDir, { recursive: true });
  return {
    ...process.env,
    DATABASE_URL: database,
    REDIS_URL: REDIS,
    REDIS_PREFIX: `${run}:`,
    MASTER_KEY: E2E_MASTER_KEY,
    ENCRYPTION_KEY: "e2e-shared-encryption-key-0001",
    DATA_DIR: dataDir,
    INSTANCE_ID: name,
    TSX_TSCONFIG_PATH: "tsconfig.server.json",
  };
}

async function up(url: string): Promise<void> {
  for (let i = 0; i < 360; i++) {
    try {
      if ((await fetch(`${url}/api/health`)).ok) return;
    } catch {
      /* not yet */
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`${url} did not start`);
}

test.beforeAll(async ({}, testInfo) => {
  test.setTimeout(180_000);
  const admin = new Client({ connectionString: PG });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${run}"`);
  await admin.end();
  // Both instances start at once on the empty database, as `npm start` does: migrate, seed, serve. One migrates
  // and seeds while the other waits for it (lib/server/migrate.ts), and neither dies.
  const base = 3900 + (testInfo.workerIndex % 10) * 10;
  for (const [name, port] of [["A", base], ["B", base + 1]] as const) {
    const script = `npx tsx scripts/prepare-db.ts && exec node dist/server.mjs -p ${port}`;
    const server = spawn("bash", ["-c", script], { env: env(name), stdio: ["ignore", "ignore", "inherit"] });
    server.once("exit", (code) => code && console.error(`instance ${name} exited with ${code}`));
    servers.push(server);
  }
  A = `http://localhost:${base}`;
  B = `http://localhost:${base + 1}`;
  await Promise.all([up(A), up(B)]);
  // One seed between them, not two.
  const models = (await api(A, "GET", "/api/models?q=sim-8b-base")).body as unknown as { items: Array<{ name: string }> };
  expect(models.items.filter((m) => m.name === "sim-8b-base")).toHaveLength(1);
});

test.afterAll(async () => {
  await Promise.all(servers.map((s) => new Promise((r) => (s.once("exit", r), s.kill("SIGTERM")))));
  const admin = new Client({ connectionString: PG });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS "${run}" WITH (FORCE)`);
  await admin.end();
  for (const name of ["A", "B"]) fs.rmSync(path.resolve("data", `${run}-${name}`), { recursive: true, force: true });
});

async function api(base: string, method: string, url: string, body?: unknown) {
  const res = await fetch(`${base}${url}`, { method, headers: auth, body: body === undefined ? undefined : JSON.stringify(body) });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> & { id: string; version: number } };
}

const chat = (base: string, key: string, model: string) =>
  fetch(`${base}/v1/chat/completions`, { method: "POST", headers: { "content-type": "application/json", authorization: `Bearer ${key}` }, body: JSON.stringify({ model, messages: [{ role: "user", content: "hi" }], max_tokens: 4 }) });

/** Milliseconds until `check` holds on B, polled every 20 ms, giving up after 5 s. */
async function until(check: () => Promise<boolean>): Promise<number> {
  const started = performance.now();
  while (performance.now() - started < 5_000) {
    if (await check()) return performance.now() - started;
    await new Promise((r) => setTimeout(r, 20));
  }
  return Infinity;
}

test("a key revoked on A is refused by B within 1 s", async () => {
  const lags: number[] = [];
  for (let i = 0; i < 5; i++) {
    const created = await api(A, "POST", "/api/keys", { name: `k${i}` });
    expect(created.status).toBe(201);
    const key = created.body.key as string;
    expect((await chat(B, key, "sim-8b-base")).status).toBe(200); // B has it cached now
    expect((await api(A, "DELETE", `/api/keys/${created.body.id}`)).status).toBe(200);
    lags.push(await until(async () => (await chat(B, key, "sim-8b-base")).status === 401));
  }
  console.info(`revocation A→B: ${lags.map((l) => `${Math.round(l)} ms`).join(", ")}`);
  expect(Math.max(...lags)).toBeLessThan(1_000);
});

test("a group edited on A routes on B within 1 s", async () => {
  const fast = (name: string) => api(A, "POST", "/api/models", { name, model: "tb-sim-8b", provider: "simulator", simulator: { latencyMs: 0, ttftMs: 0 } });
  const one = (await fast("edit-one")).body.id;
  const two = (await fast("edit-two")).body.id;
  let group = (await api(A, "POST", "/api/groups", { name: "edited", members: [{ modelId: one }] })).body;
  const servedBy = async () => (await chat(B, E2E_MASTER_KEY, "edited")).headers.get("x-tunebench-served-by");
  expect(await servedBy()).toBe("edit-one");
  const lags: number[] = [];
  for (let i = 0; i < 6; i++) {
    const [to, name] = i % 2 === 0 ? [two, "edit-two"] : [one, "edit-one"];
    const patched = await api(A, "PATCH", `/api/groups/${group.id}`, { version: group.version, members: [{ modelId: to }] });
    expect(patched.status).toBe(200);
    group = patched.body;
    lags.push(await until(async () => (await servedBy()) === name));
  }
  console.info(`group edit A→B: ${lags.map((l) => `${Math.round(l)} ms`).join(", ")}`);
  expect(Math.max(...lags)).toBeLessThan(1_000);

  // A deleted model stops serving on B as quickly.
  const gone = (await fast("deleted-soon")).body;
  expect((await chat(B, E2E_MASTER_KEY, "deleted-soon")).status).toBe(200);
  expect((await api(A, "DELETE", `/api/models/${gone.id}`)).status).toBe(200);
  expect(await until(async () => (await chat(B, E2E_MASTER_KEY, "deleted-soon")).status === 404)).toBeLessThan(1_000);
});

test("a cooldown caused on A is honoured by B, whose health view shows it and which instance opened it", async () => {
  const model = (await api(A, "POST", "/api/models", { name: "shared-500", model: "tb-sim-8b", provider: "simulator", simulator: { failure: "server_error", latencyMs: 0 } })).body;
  const group = (await api(A, "POST", "/api/groups", { name: "shared-cooldown", members: [{ modelId: model.id }], allowedFails: 1, retries: 0, cooldownSeconds: 120 })).body;
  expect((await chat(A, E2E_MASTER_KEY, "shared-cooldown")).status).toBe(502);

  const onB = await chat(B, E2E_MASTER_KEY, "shared-cooldown");
  expect(onB.status).toBe(503);
  expect(((await onB.json()) as { error: { code: string } }).error.code).toBe("cooling_down");
  const health = (await api(B, "GET", `/api/groups/${group.id}/health`)).body as unknown as { members: Array<Record<string, unknown>> };
  expect(health.members[0]).toMatchObject({ modelName: "shared-500", coolingDown: true, openedBy: "A" });
});

test("an rpm limit of N holds in total across instances", async () => {
  const model = (await api(A, "POST", "/api/models", { name: "rpm-sim", model: "tb-sim-8b", provider: "simulator", simulator: { latencyMs: 0, ttftMs: 0 } })).body;
  expect((await api(A, "POST", "/api/groups", { name: "rpm-four", members: [{ modelId: model.id, rpm: 4 }], retries: 0 })).status).toBe(201);
  const statuses: number[] = [];
  for (let i = 0; i < 10; i++) statuses.push((await chat(i % 2 ? A : B, E2E_MASTER_KEY, "rpm-four")).status);
  expect(statuses.filter((s) => s === 200)).toHaveLength(4);
  expect(statuses.filter((s) => s === 503)).toHaveLength(6);
});
