// Shadow traffic through /v1 with the official openai client: the simulator as upstream (a candidate that
// hangs or fails 500), a real SQLite file, and the pairs read back from the request log.
import OpenAI from "openai";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { apiRequest, routeParams, useTestDb, TEST_MASTER_KEY } from "@/test/db";
import { startSimulator, type RunningSimulator } from "@/lib/simulator";
import { GET as getShadow, PUT as putShadow } from "@/app/api/groups/[id]/shadow/route";
import { GET as getComparison } from "@/app/api/groups/[id]/shadow/comparison/route";
import { POST as createKey } from "@/app/api/keys/route";
import { flushRequestLog } from "@/lib/usage/server/request-log";
import { listRequests, usageReport } from "@/lib/usage/server/usage";
import { RequestListQuerySchema, UsageQuerySchema } from "@/lib/usage/schema";
import { droppedShadowCalls, setShadowRandom, settleShadowCalls } from "@/lib/shadow/server/shadow";
import type { ShadowComparison, ShadowConfigView } from "@/lib/shadow/schema";
import { invalidateGatewayConfig } from "./config";
import { startGatewayServer, type GatewayServer } from "@/test/gateway-server";
import type { CreatedApiKey } from "@/lib/keys/schema";

const { db } = useTestDb();
let sim: RunningSimulator;
let server: GatewayServer;
let groupId = "";
let logKey = "";

const client = (apiKey = TEST_MASTER_KEY) => new OpenAI({ apiKey, baseURL: `${server.url}/v1`, maxRetries: 0 });

async function setShadow(candidates: Array<Record<string, unknown>>): Promise<ShadowConfigView> {
  const current = (await (await getShadow(apiRequest(`/api/groups/${groupId}/shadow`), routeParams({ id: groupId }))).json()) as ShadowConfigView;
  const res = await putShadow(apiRequest(`/api/groups/${groupId}/shadow`, { method: "PUT", body: { version: current.version, candidates } }), routeParams({ id: groupId }));
  expect(res.status).toBe(200);
  invalidateGatewayConfig();
  return (await res.json()) as ShadowConfigView;
}

async function ask(n: number, opts: { stream?: boolean; key?: string } = {}): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < n; i++) {
    if (opts.stream) {
      const { data, response } = await client(opts.key).chat.completions.create({ model: "shadowed", messages: [{ role: "user", content: `stream ${i}` }], stream: true }).withResponse();
      for await (const chunk of data) void chunk;
      ids.push(response.headers.get("x-request-id")!);
    } else {
      const { response } = await client(opts.key).chat.completions.create({ model: "shadowed", messages: [{ role: "user", content: `question ${i}` }], max_tokens: 20 }).withResponse();
      ids.push(response.headers.get("x-request-id")!);
    }
  }
  return ids;
}

async function shadowRows() {
  await settleShadowCalls();
  await flushRequestLog();
  return db.requestLog.findMany({ where: { source: "shadow" }, orderBy: { createdAt: "asc" } });
}

beforeAll(async () => {
  sim = await startSimulator({ port: 0, host: "127.0.0.1", quiet: true });
  process.env.SIMULATOR_URL = sim.url;
  const mk = (name: string, behaviour: Record<string, unknown>, modelId = "tb-sim-8b") =>
    db.model.create({ data: { name, provider: "simulator", modelId, baseModel: "tb-sim-8b", inputPricePerMTok: 1, outputPricePerMTok: 2, simulatorJson: JSON.stringify(behaviour) } });
  const prod = await mk("prod-sim", { latencyMs: 0, ttftMs: 0 });
  await mk("cand-ok", { latencyMs: 0, ttftMs: 0 }, "ft:tb-sim-8b:acme:support:sim01");
  await mk("cand-hang", { failure: "hang" });
  await mk("cand-500", { failure: "server_error" });
  groupId = (await db.routingGroup.create({ data: { name: "shadowed", members: { create: [{ modelId: prod.id }] } } })).id;
  const res = await createKey(apiRequest("/api/keys", { body: { name: "logs", logPrompts: true } }));
  logKey = ((await res.json()) as CreatedApiKey).key;
  server = await startGatewayServer(db);
});

afterAll(async () => {
  await settleShadowCalls();
  await server?.close();
  await sim?.close();
});

beforeEach(async () => {
  await settleShadowCalls();
  await flushRequestLog();
  await db.requestLog.deleteMany({});
  setShadowRandom(Math.random);
});

describe("shadow candidates", () => {
  it("refuses bad config with a 400 naming the field, and a stale version with a 409", async () => {
    const current = (await (await getShadow(apiRequest(`/api/groups/${groupId}/shadow`), routeParams({ id: groupId }))).json()) as ShadowConfigView;
    const bad = await putShadow(apiRequest(`/api/groups/${groupId}/shadow`, { method: "PUT", body: { version: current.version, candidates: [{ modelId: "cand-ok", sampleRate: 150 }] } }), routeParams({ id: groupId }));
    expect(bad.status).toBe(400);
    expect(JSON.stringify(await bad.json())).toContain("candidates.0.sampleRate");
    const unknown = await putShadow(apiRequest(`/api/groups/${groupId}/shadow`, { method: "PUT", body: { version: current.version, candidates: [{ modelId: "nope", sampleRate: 5 }] } }), routeParams({ id: groupId }));
    expect(unknown.status).toBe(400);
    expect(JSON.stringify(await unknown.json())).toContain("candidates.0.modelId");
    const stale = await putShadow(apiRequest(`/api/groups/${groupId}/shadow`, { method: "PUT", body: { version: current.version - 1 || 999, candidates: [] } }), routeParams({ id: groupId }));
    expect(stale.status).toBe(409);
  });

  it("logs every sampled request as a pair, plain and streamed, with bodies where the key allows", async () => {
    const view = await setShadow([{ modelId: "cand-ok", sampleRate: 100 }]);
    expect(view.candidates[0].modelName).toBe("cand-ok");
    const plain = await ask(5, { key: logKey });
    const streamed = await ask(3, { stream: true });
    const rows = await shadowRows();
    expect(rows.map((r) => r.shadowOf).sort()).toEqual([...plain, ...streamed].sort());
    expect(rows.filter((r) => !r.ok).map((r) => [r.status, r.errorKind, r.stream])).toEqual([]);
    expect(rows.every((r) => r.ok && r.modelName === "cand-ok" && r.groupName === "shadowed" && (r.costUsd ?? 0) > 0)).toBe(true);
    const withBodies = rows.filter((r) => plain.includes(r.shadowOf!));
    expect(withBodies.every((r) => r.responseText && r.promptJson)).toBe(true);
    // The master key stores no bodies: only metrics are kept for those pairs.
    expect(rows.filter((r) => streamed.includes(r.shadowOf!)).every((r) => r.responseText === null && r.stream && r.ttftMs !== null)).toBe(true);
    // Marked as shadow in the request log, and billed in usage beside the calls they mirrored.
    const log = await listRequests(db, RequestListQuerySchema.parse({ pageSize: 100 }));
    expect(log.items.filter((r) => r.source === "shadow").map((r) => r.shadowOf).sort()).toEqual([...plain, ...streamed].sort());
    const usage = await usageReport(db, UsageQuerySchema.parse({ range: "24h", by: "model" }));
    const candidate = usage.summary.find((s) => s.name === "cand-ok");
    expect(candidate?.requests).toBe(8);
    expect(candidate?.costUsd).toBeCloseTo(rows.reduce((a, r) => a + (r.costUsd ?? 0), 0), 10);
  });

  it("a hanging candidate never delays or fails the primary, and is cut at its own timeout", async () => {
    await setShadow([{ modelId: "cand-hang", sampleRate: 100, timeoutMs: 300 }]);
    const started = performance.now();
    const ids = [...(await ask(3)), ...(await ask(2, { stream: true }))];
    // Generous bound: five calls to an instant simulator, far below even one shadow timeout each.
    expect(performance.now() - started).toBeLessThan(1_500);
    const rows = await shadowRows();
    expect(rows.map((r) => r.shadowOf).sort()).toEqual(ids.sort());
    expect(rows.every((r) => !r.ok && r.errorKind === "timeout")).toBe(true);
    const primaries = await db.requestLog.findMany({ where: { id: { in: ids } } });
    expect(primaries.every((r) => r.ok && r.source === "gateway")).toBe(true);
  });

  it("a candidate failing 500 is logged as a failed pair; the primary still answers", async () => {
    await setShadow([{ modelId: "cand-500", sampleRate: 100 }]);
    const ids = await ask(4);
    const rows = await shadowRows();
    expect(rows).toHaveLength(4);
    expect(rows.every((r) => !r.ok && r.status >= 500 && ids.includes(r.shadowOf!))).toBe(true);
  });

  it("samples at the configured rate and drops (and counts) calls over the in-flight cap", async () => {
    await setShadow([{ modelId: "cand-ok", sampleRate: 50 }]);
    let i = 0;
    setShadowRandom(() => (i++ % 2 === 0 ? 0.2 : 0.8)); // every other request is sampled
    await ask(6);
    expect(await shadowRows()).toHaveLength(3);

    await db.requestLog.deleteMany({});
    setShadowRandom(Math.random);
    await setShadow([{ modelId: "cand-hang", sampleRate: 100, timeoutMs: 2_000, maxConcurrent: 1 }]);
    const before = droppedShadowCalls()[(await db.model.findUniqueOrThrow({ where: { name: "cand-hang" } })).id] ?? 0;
    await ask(4);
    const hangId = (await db.model.findUniqueOrThrow({ where: { name: "cand-hang" } })).id;
    expect(droppedShadowCalls()[hangId] - before).toBe(3);
    expect(await shadowRows()).toHaveLength(1);
  });

  it("compares each candidate with production over the pairs", async () => {
    await setShadow([{ modelId: "cand-ok", sampleRate: 100 }, { modelId: "cand-500", sampleRate: 100 }]);
    await ask(4, { key: logKey });
    await shadowRows();
    const res = await getComparison(apiRequest(`/api/groups/${groupId}/shadow/comparison?windowMinutes=60`), routeParams({ id: groupId }));
    expect(res.status).toBe(200);
    const body = (await res.json()) as ShadowComparison;
    const ok = body.candidates.find((c) => c.modelName === "cand-ok")!;
    const bad = body.candidates.find((c) => c.modelName === "cand-500")!;
    expect(ok.pairs).toBe(4);
    expect(ok.production.requests).toBe(4);
    expect(ok.candidate.errorRate).toBe(0);
    expect(ok.candidate.p50Ms).not.toBeNull();
    expect(ok.candidate.costPer1k).toBeGreaterThan(0);
    expect(ok.winRate).toBeNull();
    expect(bad.candidate.errorRate).toBe(1);
    expect(bad.disagreements).toHaveLength(4);
    expect(bad.disagreements[0].candidateError).toBeTruthy();
    expect(bad.disagreements[0].prompt).toMatch(/question/);
    const badQuery = await getComparison(apiRequest(`/api/groups/${groupId}/shadow/comparison?windowMinutes=0`), routeParams({ id: groupId }));
    expect(badQuery.status).toBe(400);
  });
});
