// Hostile requests through the whole stack (the gateway and route handlers on loopback, a real SQLite file, real upstreams):
// a 1 MB prompt without a space leaves /api/health answering, a custom header's value never comes back from an
// upstream's error, and a request nested too deep to serialise is the caller's 400 with no member cooled down.
import { createServer, request as httpRequest, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { apiRequest, routeParams, useTestDb, TEST_MASTER_KEY } from "@/test/db";
import { useSimulator } from "@/test/simulator";
import { getEncoding } from "@/lib/completion/bpe";
import { GET as health } from "@/app/api/health/route";
import { POST as createModel } from "@/app/api/models/route";
import { POST as testModel } from "@/app/api/models/[id]/test/route";
import { flushRequestLog } from "@/lib/usage/server/request-log";
import { busyClock } from "@/test/stall";
import { invalidateGatewayConfig } from "./config";
import { startGatewayServer, type GatewayServer } from "@/test/gateway-server";

const { db } = useTestDb();
const HEADER_SECRET = "tenant-secret-7f3a9c1e5b";
let server: GatewayServer;
let echo: Server;
let echoUrl: string;

useSimulator();

beforeAll(async () => {
  // An upstream whose errors quote the request's headers back.
  echo = createServer((req, res) => {
    req.resume();
    req.on("end", () => {
      res.writeHead(400, { "content-type": "application/json" });
      res.end(JSON.stringify({ error: { message: `bad request, headers: ${JSON.stringify(req.headers)}`, type: "invalid_request_error" } }));
    });
  });
  await new Promise<void>((resolve) => echo.listen(0, "127.0.0.1", resolve));
  echoUrl = `http://127.0.0.1:${(echo.address() as AddressInfo).port}/v1`;

  const sim8k = await db.model.create({ data: { name: "sim-8k", provider: "simulator", modelId: "tb-sim-8b", baseModel: "tb-sim-8b", simulatorJson: JSON.stringify({ latencyMs: 0, ttftMs: 0 }) } });
  // A window that holds 1 MB, so the prompt reaches the (in-process) simulator, which counts it itself.
  await db.model.create({ data: { name: "sim-roomy", provider: "simulator", modelId: "tb-sim-8b", contextWindow: 2_000_000, simulatorJson: JSON.stringify({ latencyMs: 0 }) } });
  await db.routingGroup.create({ data: { name: "strict", retries: 2, allowedFails: 1, cooldownSeconds: 60, members: { create: [{ modelId: sim8k.id }] } } });
  const created = await createModel(
    apiRequest("/api/models", { body: { name: "echo-openai", provider: "openai", model: "gpt-4o-mini", apiBase: echoUrl, apiKey: "sk-echo-key-1234567890", headers: { "x-tenant-secret": HEADER_SECRET } } }),
  );
  expect(created.status).toBe(201);
  invalidateGatewayConfig();
  server = await startGatewayServer(db, { "/api/health": health });
  getEncoding("o200k_base"); // one-time table load, not part of any request
  getEncoding("cl100k_base");
  // Warm every path once (module loading, config cache, JIT), so the measured calls time the prompt alone.
  for (const model of ["strict", "sim-roomy"]) expect((await post(JSON.stringify({ model, messages: [{ role: "user", content: "Hi" }] }))).status).toBe(200);
  // And once with a long prompt: its garbage makes the collector move the tables loaded above (hundreds of
  // thousands of strings) out of the young generation now, a one-off pause that would otherwise land in the
  // measured call.
  expect((await post(JSON.stringify({ model: "strict", messages: [{ role: "user", content: "A ".repeat(100_000) }] }))).status).toBe(400);
  expect((await fetch(`${server.url}/api/health`)).status).toBe(200);
});

afterAll(async () => {
  await server?.close();
  await new Promise<void>((resolve) => echo?.close(() => resolve()));
});

function post(body: string) {
  return fetch(`${server.url}/v1/chat/completions`, { method: "POST", headers: { authorization: `Bearer ${TEST_MASTER_KEY}`, "content-type": "application/json" }, body });
}

/**
 * One call over node:http. The stall tests send their megabyte and poll with it rather than fetch: the client
 * shares the server's process here, and fetch's web streams copy and re-buffer a body, work (and garbage) that
 * would be counted against the server.
 */
function rawCall(method: "GET" | "POST", path: string, body?: Buffer): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const headers = body ? { authorization: `Bearer ${TEST_MASTER_KEY}`, "content-type": "application/json", "content-length": body.length } : {};
    const req = httpRequest(`${server.url}${path}`, { method, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString() }));
      res.on("error", reject);
    });
    req.on("error", reject);
    req.end(body);
  });
}

/** Polls /api/health until `work` settles; returns the slowest answer (busy time, see test/stall.ts). */
async function healthWhile(work: Promise<unknown>): Promise<number> {
  let settled = false;
  void work.finally(() => (settled = true));
  let slowest = 0;
  let polls = 0;
  while (!settled || polls < 3) {
    const took = busyClock();
    const res = await rawCall("GET", "/api/health");
    expect(res.status).toBe(200);
    JSON.parse(res.text);
    slowest = Math.max(slowest, took());
    polls++;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  return slowest;
}

describe("/v1 under hostile requests", () => {
  const huge = "A".repeat(1_000_000);

  it.each([
    ["refused by the router's context check", "strict"],
    ["passed on to the simulator, which counts and refuses it", "sim-roomy"],
  ])("a 1 MB unbroken prompt is %s while /api/health answers within 100 ms", async (_what, model) => {
    const call = rawCall("POST", "/v1/chat/completions", Buffer.from(JSON.stringify({ model, messages: [{ role: "user", content: huge }] })));
    const slowest = await healthWhile(call);
    const res = await call;
    expect(res.status).toBe(400);
    expect((JSON.parse(res.text) as { error: { code: string } }).error.code).toMatch(/context_length_exceeded|context_window/);
    expect(slowest).toBeLessThan(100);
  });

  it("never returns or stores a custom header's value that an upstream quoted back", async () => {
    const res = await post(JSON.stringify({ model: "echo-openai", messages: [{ role: "user", content: "Hi" }] }));
    expect(res.status).toBe(400);
    const text = await res.text();
    expect(text).toContain("x-tenant-secret");
    expect(text).not.toContain(HEADER_SECRET);
    await flushRequestLog();
    const rows = await db.requestLog.findMany({ where: { modelName: "echo-openai" } });
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) expect(JSON.stringify(row)).not.toContain(HEADER_SECRET);

    const model = await db.model.findUniqueOrThrow({ where: { name: "echo-openai" } });
    const tested = await testModel(apiRequest(`/api/models/${model.id}/test`, { body: {} }), routeParams({ id: model.id }));
    expect(JSON.stringify(await tested.json())).not.toContain(HEADER_SECRET);
    const stored = await db.model.findUniqueOrThrow({ where: { id: model.id } });
    expect(stored.lastTestMessage).toContain("[redacted]");
    expect(stored.lastTestMessage).not.toContain(HEADER_SECRET);
  });

  it("answers 400 to tools nested 10,000 deep and cools no member down", async () => {
    const deep = `${'{"type":"object","properties":{"x":'.repeat(10_000)}{"type":"string"}${"}}".repeat(10_000)}`;
    const body = `{"model":"strict","messages":[{"role":"user","content":"Hi"}],"tools":[{"type":"function","function":{"name":"f","parameters":${deep}}}]}`;
    for (let i = 0; i < 3; i++) {
      const res = await post(body);
      expect(res.status).toBe(400);
      expect(JSON.stringify(await res.json())).toMatch(/tools\.0\.function\.parameters/);
    }
    // allowedFails is 1: had any of those counted against the only member, it would now be cooling down.
    const ok = await post(JSON.stringify({ model: "strict", messages: [{ role: "user", content: "Hi" }] }));
    expect(ok.status).toBe(200);
  });
});
