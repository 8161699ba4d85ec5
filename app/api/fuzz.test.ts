// Every mutation route under app/api (found on disk, so a new route is fuzzed too) gets FUZZ_CASES malformed
// bodies and route ids, called in-process on a real SQLite file with the simulator as the upstream.
// Wanted: no 500, no hang, every refusal in the error envelope, and no row changed by a refused request.
// Replay a run with FUZZ_SEED=<seed> (and FUZZ_CASES=<n>); the seed is in every failure message.
import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seededRandom } from "@/test/router";
import { createApiKey } from "@/lib/keys/server/api-keys";
import { seedIfEmpty } from "@/lib/models/server/seed";
import { isSessionActive, startSession } from "@/lib/server/session";
import { startSimulator, type RunningSimulator } from "@/lib/simulator";
import { DbWatch } from "@/test/db-watch";
import { Fuzzer } from "@/test/fuzz";
import { FuzzLedger, type FuzzOutcome } from "@/test/fuzz-run";
import { apiRequest, routeParams, TEST_MASTER_KEY, useTestDb } from "@/test/db";

const SEED = Number(process.env.FUZZ_SEED ?? 14_2026);
const CASES = Number(process.env.FUZZ_CASES ?? 1000);
const MUTATIONS = ["POST", "PUT", "PATCH", "DELETE"] as const;
type Method = (typeof MUTATIONS)[number];
type Handler = (req: Request, ctx: { params: Promise<Record<string, string>> }) => Promise<Response>;

const { db, url } = useTestDb();
const ORIGIN = "http://localhost:3000";

interface Route {
  key: string;
  method: Method;
  template: string;
  handler: Handler;
}

/** Every POST/PUT/PATCH/DELETE export of app/api/**\/route.ts, except the gateway (lib/gateway/fuzz.test.ts). */
async function mutationRoutes(): Promise<Route[]> {
  const root = path.resolve(__dirname);
  const files = (fs.readdirSync(root, { recursive: true }) as string[]).filter((f) => f.endsWith(`${path.sep}route.ts`) || f === "route.ts");
  const routes: Route[] = [];
  for (const file of files.sort()) {
    const template = `/api/${path.dirname(file).split(path.sep).join("/")}`;
    if (template.startsWith("/api/v1/")) continue;
    const mod = (await import(path.join(root, file))) as Partial<Record<Method, Handler>>;
    for (const method of MUTATIONS) {
      const handler = mod[method];
      if (handler) routes.push({ key: `${method} ${template}`, method, template, handler });
    }
  }
  // Deletes last, so the records they remove are still there for the other routes.
  return routes.sort((a, b) => Number(a.method === "DELETE") - Number(b.method === "DELETE"));
}

const ROUTES = await mutationRoutes();
/** FUZZ_ONLY="PATCH /api/models" replays the routes whose key contains it. */
const FUZZED = ROUTES.filter((r) => r.key.includes(process.env.FUZZ_ONLY ?? ""));

let sim: RunningSimulator;
let watch: DbWatch;
let session: string | undefined;
const fx = { fastModel: "fz-fast", group: "fz-group", datasetId: "" };

const modelBody = () => ({
  name: "fz-model", description: "fuzz", provider: "simulator", model: "tb-sim-8b", kind: "base", baseModel: "tb-sim-8b", tags: ["fuzz", "a"],
  apiBase: null, headers: { "X-Team": "fuzz" }, inputPricePerMTok: 1, outputPricePerMTok: 2, contextWindow: 8192, ftEpochs: 1, ftTrainedTokens: 10,
  ftCreatedAt: "2026-01-01T00:00:00Z", simulator: { latencyMs: 0, ttftMs: 0, tokensPerSecond: 100_000 },
});
const column = (n = 0) => ({ target: { type: "model", name: fx.fastModel }, params: { temperature: 0.2, top_p: 1, max_tokens: 8, seed: n, stop: ["\n\n"], response_format: "text" } });

/** A valid body per route: the fuzzer breaks it. A route without one fails the first test below. */
const EXAMPLES: Record<string, () => unknown> = {
  "POST /api/auth/signin": () => ({ masterKey: TEST_MASTER_KEY }),
  "POST /api/auth/signout": () => ({}),
  "POST /api/bench/empty": () => ({}),
  "POST /api/datasets": () => ({ name: "fz-dataset-new", description: "d", format: "jsonl", content: '{"prompt":"Hi {{who}}","variables":{"who":"you"},"reference":"Hello"}\n', holdoutPercent: 100 }),
  "DELETE /api/datasets/[id]": () => ({}),
  "POST /api/datasets/[id]/versions": () => ({ cases: [{ messages: [{ role: "user", content: "Hi" }], variables: {}, reference: "Hello", tags: ["a"] }] }),
  "POST /api/evals": () => ({
    name: "fz-eval", datasetId: fx.datasetId, targets: [{ type: "model", name: fx.fastModel }, { type: "model", name: "sim-8b-base" }],
    baseline: 0, scorers: [{ kind: "contains", value: "a" }], judge: null, params: { max_tokens: 8 }, concurrency: 2,
  }),
  "PATCH /api/evals/[id]": () => ({ action: "pause" }),
  "DELETE /api/evals/[id]": () => ({}),
  "PUT /api/evals/[id]/votes": () => ({ caseIndex: 0, winner: 1 }),
  "POST /api/credentials": () => ({ name: "fz-cred-new", provider: "openai", apiKey: "sk-fuzz-12345678", apiBase: "http://127.0.0.1:9/v1" }),
  "PATCH /api/credentials/[id]": () => ({ version: 1, name: "fz-cred-renamed", apiKey: "env:FUZZ_KEY", apiBase: null }),
  "DELETE /api/credentials/[id]": () => ({}),
  "POST /api/groups": () => ({
    name: "fz-group-new", description: "d", strategy: "simple-shuffle", retries: 0, timeoutMs: 2000, streamTtftTimeoutMs: 1000, allowedFails: 3,
    cooldownWindowSeconds: 60, cooldownSeconds: 5, maxAttempts: 2, fallbacks: [], contextWindowFallbacks: [], contentPolicyFallbacks: [],
    members: [{ modelId: fx.fastModel, weight: 2, order: 0, rpm: 100, tpm: null, enabled: true }],
  }),
  "PATCH /api/groups/[id]": () => ({ version: 1, name: "fz-group-renamed", description: null, strategy: "least-busy", members: [{ modelId: fx.fastModel, weight: 1 }], timeoutMs: 3000, fallbacks: [] }),
  "DELETE /api/groups/[id]": () => ({}),
  "POST /api/groups/[id]/test": () => ({ prompt: "Say hi", count: 1, maxTokens: 8 }),
  "PUT /api/groups/[id]/shadow": () => ({ version: 1, candidates: [{ modelId: fx.fastModel, sampleRate: 10 }], judge: null }),
  "POST /api/groups/[id]/rollouts": () => ({ modelId: fx.fastModel, steps: [{ percent: 10, holdSeconds: 60 }], guards: { maxErrorRate: 0.1 } }),
  "POST /api/groups/[id]/rollouts/[rolloutId]/cancel": () => ({}),
  "POST /api/groups/import": () => ({ yaml: "model_list:\n  - model_name: fz-imported\n    litellm_params: { model: openai/gpt-4o, api_key: os.environ/OPENAI_API_KEY }\nrouter_settings: { num_retries: 1 }\n" }),
  "PUT /api/health-checks": () => ({ enabled: false, intervalSeconds: 60, version: 0 }),
  "POST /api/health-checks/run": () => ({ groupId: "fz-group" }),
  "POST /api/keys": () => ({ name: "fz-key-new", allowed: [fx.group], expiresAt: "2099-01-01T00:00:00Z", logPrompts: false }),
  "DELETE /api/keys/[id]": () => ({}),
  "POST /api/models": modelBody,
  "PATCH /api/models/[id]": () => ({ ...modelBody(), name: "fz-model-renamed", version: 1 }),
  "DELETE /api/models/[id]": () => ({}),
  "POST /api/models/[id]/test": () => ({}),
  "POST /api/models/[id]/test-edits": () => ({ version: 1, description: "edit", simulator: { latencyMs: 0 } }),
  "POST /api/models/import": () => ({ items: [{ ...modelBody(), name: "fz-imported-model" }] }),
  "POST /api/models/import/discover": () => ({ apiBase: `${sim.url}/v1`, provider: "hosted_vllm", apiKey: "sk-any" }),
  "POST /api/models/import/jobs": () => ({ apiBase: `${sim.url}/v1`, apiKey: "sk-any" }),
  "POST /api/models/test": () => ({ name: "draft", provider: "simulator", model: "tb-sim-8b", simulator: { latencyMs: 0, ttftMs: 0 } }),
  "POST /api/playground/runs": () => ({ title: "fz", systemPrompt: "Be brief.", messages: [{ role: "user", content: "Hi {{who}}" }], variables: { who: "you" }, columns: [column(0), column(1)] }),
  "PATCH /api/playground/runs/[id]": () => ({ voteColumn: 0 }),
  "DELETE /api/playground/runs/[id]": () => ({}),
  "POST /api/playground/runs/[id]/judge": () => ({ judgeModel: fx.fastModel, rubric: "Which is shorter?", columnA: 0, columnB: 1 }),
  "POST /api/playground/runs/[id]/columns/[n]/stream": () => ({}),
};

/** The table behind a route's [id]. */
function idTable(template: string): string {
  const table = [["/api/credentials", "Credential"], ["/api/datasets", "Dataset"], ["/api/evals", "EvalRun"], ["/api/groups", "RoutingGroup"], ["/api/keys", "ApiKey"], ["/api/models", "Model"], ["/api/playground/runs", "PlaygroundRun"]].find(([prefix]) => template.startsWith(`${prefix}/[id]`));
  if (!table) throw new Error(`No table known for the [id] of ${template}: add it to idTable()`);
  return table[1];
}

/** The records the examples name; put back before each route in case a fuzzed DELETE removed them. */
async function ensureFixtures(): Promise<void> {
  const instant = JSON.stringify({ latencyMs: 0, ttftMs: 0, tokensPerSecond: 100_000 });
  await db.model.updateMany({ where: { provider: "simulator" }, data: { simulatorJson: instant } });
  const fast = (await db.model.findUnique({ where: { name: fx.fastModel } })) ?? (await db.model.create({ data: { name: fx.fastModel, provider: "simulator", modelId: "tb-sim-8b", baseModel: "tb-sim-8b", simulatorJson: instant } }));
  if (!(await db.routingGroup.findUnique({ where: { name: fx.group } }))) {
    await db.routingGroup.create({ data: { name: fx.group, timeoutMs: 2000, members: { create: [{ modelId: fast.id }] } } });
  }
  if (!(await db.credential.count())) await db.credential.create({ data: { name: "fz-cred", provider: "openai", envRef: "env:FUZZ_KEY" } });
  if (!(await db.apiKey.count({ where: { revokedAt: null } }))) await createApiKey(db, { name: "fz-key", allowed: null, expiresAt: null, logPrompts: false });
  const call = (key: string, body: unknown) => ROUTES.find((r) => r.key === key)!.handler(apiRequest(key.split(" ")[1], { body }), routeParams({}));
  if (!(await db.playgroundRun.count({ where: { batchId: null } }))) expect((await call("POST /api/playground/runs", EXAMPLES["POST /api/playground/runs"]())).status).toBe(201);
  const dataset = (await db.dataset.findUnique({ where: { name: "fz-dataset" } })) ?? (await db.dataset.create({ data: { name: "fz-dataset", versions: { create: { number: 1, caseCount: 1, casesJson: JSON.stringify([{ messages: [{ role: "user", content: "Hi" }], variables: {}, reference: "Hello", tags: [] }]) } } } }));
  fx.datasetId = dataset.id;
  if (!(await db.evalRun.count())) expect((await call("POST /api/evals", EXAMPLES["POST /api/evals"]())).status).toBe(201);
  // Fuzzing sign-out with the cookie ends its session; the routes after it still get a live one.
  if (!session || !(await isSessionActive(db, session))) session = (await startSession(db)).token;
}

beforeAll(async () => {
  sim = await startSimulator({ port: 0, host: "127.0.0.1", quiet: true });
  process.env.SIMULATOR_URL = sim.url;
  // Durability is not under test here; without an fsync per accepted write the file runs in a third of the time.
  await db.$executeRawUnsafe("PRAGMA synchronous = OFF");
  await seedIfEmpty(db);
  await ensureFixtures();
  watch = new DbWatch(url.replace(/^file:/, ""));
});

afterAll(async () => {
  watch?.close();
  await sim?.close();
});

/** A refusal is the one error envelope, and a 400 says which field. */
function checkEnvelope({ status, body }: FuzzOutcome): string | undefined {
  if (status < 400) return undefined;
  let parsed: { error?: { code?: unknown; message?: unknown; fields?: unknown } };
  try {
    parsed = JSON.parse(body);
  } catch {
    return `${status} without a JSON body: ${body.slice(0, 120)}`;
  }
  const e = parsed.error;
  if (typeof e?.code !== "string" || typeof e.message !== "string") return `${status} outside the error envelope: ${body.slice(0, 120)}`;
  if (e.code === "validation_failed" && (typeof e.fields !== "object" || !e.fields || !Object.keys(e.fields).length)) return `400 naming no field: ${body.slice(0, 200)}`;
  return undefined;
}

function buildRequest(f: Fuzzer, route: Route, params: Record<string, string>, text: string, signal: AbortSignal): Request {
  let pathname = route.template;
  for (const [k, v] of Object.entries(params)) {
    let seg: string;
    try {
      seg = encodeURIComponent(v);
    } catch {
      seg = "%ED%A0%80"; // a lone surrogate has no UTF-8 form
    }
    pathname = pathname.replace(`[${k}]`, seg);
  }
  const query = route.key === "DELETE /api/models/[id]" ? f.pick(["", "?cascade=true", "?cascade=false", "?cascade=%ff", "?cascade=yes&cascade=no", "?__proto__=1"]) : "";
  const headers: Record<string, string> = { "content-type": f.pick(["application/json", "application/json", "application/json", "text/plain", "application/json; charset=utf-16"]) };
  const who = f.random();
  if (who < 0.9) headers.authorization = `Bearer ${TEST_MASTER_KEY}`;
  else if (who < 0.97) Object.assign(headers, { cookie: `tb_session=${session}`, origin: ORIGIN });
  else if (who < 0.98) Object.assign(headers, { cookie: `tb_session=${session}`, origin: "https://evil.example" });
  else if (who < 0.99) headers.cookie = "tb_session=%ff%";
  if (route.key === "POST /api/auth/signin") headers.origin = ORIGIN;
  return new Request(new URL(pathname + query, ORIGIN), { method: route.method, headers, body: text, signal });
}

describe(`fuzzing every mutation route (seed ${SEED}, ${CASES} cases each)`, () => {
  it("has a valid example body for every mutation route", () => {
    expect(ROUTES.length).toBeGreaterThan(20);
    expect(ROUTES.map((r) => r.key).filter((k) => !EXAMPLES[k])).toEqual([]);
  });

  it("would catch a refused request that writes, a 500 and a hang (the harness itself)", async () => {
    const ledger = new FuzzLedger(watch, { timeoutMs: 200, checkBody: checkEnvelope });
    const refuse = () => Response.json({ error: { code: "bad_request", message: "no" } }, { status: 400 });
    await ledger.run({ route: "probe", label: "writes, then refuses", send: async () => (await db.setting.create({ data: { key: "fz-probe", value: "x" } }), refuse()) });
    await ledger.run({ route: "probe", label: "writes and undoes it, then refuses", send: async () => (await db.setting.create({ data: { key: "fz-probe-2", value: "x" } }), await db.setting.delete({ where: { key: "fz-probe-2" } }), refuse()) });
    await ledger.run({ route: "probe", label: "fails", send: async () => Response.json({ error: { code: "internal_error", message: "x" } }, { status: 500 }) });
    await ledger.run({ route: "probe", label: "hangs", send: () => new Promise<Response>(() => undefined) });
    await ledger.run({ route: "probe", label: "plain text", send: async () => new Response("nope", { status: 404 }) });
    expect(ledger.failures.map((f) => [f.label, f.problem])).toEqual([
      ["writes, then refuses", expect.stringMatching(/^refused with 400 but changed rows in Setting/)],
      ["fails", expect.stringMatching(/^500/)],
      ["hangs", expect.stringMatching(/^no response within 200 ms/)],
      ["plain text", expect.stringMatching(/^404 without a JSON body/)],
    ]);
  });

  it.each(FUZZED.map((r) => [r.key, r] as const))("%s: no 500, no hang, no row changed by a refusal", async (_key, route) => {
    await ensureFixtures();
    const f = new Fuzzer(seededRandom(SEED ^ hash(route.key)));
    const ledger = new FuzzLedger(watch, { timeoutMs: 15_000, checkBody: checkEnvelope });
    const example = EXAMPLES[route.key]?.() ?? {};
    const names = [...route.template.matchAll(/\[(\w+)\]/g)].map((m) => m[1]);
    const hasBody = JSON.stringify(example) !== "{}";
    // Routes that act on a real record without reading a body (delete, test, stream) get real ids rarely.
    const pReal = route.method === "DELETE" ? 0.02 : hasBody ? 0.6 : 0.1;
    for (let i = 0; i < CASES; i++) {
      const ids = names.includes("id") ? watch.ids(idTable(route.template)) : [];
      const params = Object.fromEntries(names.map((n) => [n, n === "id" ? f.id(ids, pReal) : f.index(n === "n" ? ["0", "1"] : ["0"])]));
      const body = f.body(example);
      await ledger.run({
        route: route.key,
        label: `case ${i} (seed ${SEED}): ${body.label}; params ${JSON.stringify(params).slice(0, 80)}; body ${body.text.slice(0, 160)}`,
        send: (signal) => route.handler(buildRequest(f, route, params, body.text, signal), routeParams(params)),
      });
    }
    if (process.env.FUZZ_VERBOSE) console.info(ledger.summary(route.key));
    expect(ledger.failures, `${route.key} [${ledger.statusSummary(route.key)}]\n${ledger.report()}`).toEqual([]);
    expect(Object.prototype).not.toHaveProperty("polluted");
    expect(Object.prototype).not.toHaveProperty("isAdmin");
  }, 120_000);
});

function hash(s: string): number {
  let h = 0;
  for (const c of s) h = (Math.imul(h, 31) + c.charCodeAt(0)) | 0;
  return h;
}
