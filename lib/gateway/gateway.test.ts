// The gateway end to end with the official `openai` client: its Node listener served over loopback HTTP,
// the built-in simulator as the upstream, a real SQLite file as the database.
import OpenAI from "openai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { apiRequest, routeParams, useTestDb, TEST_MASTER_KEY } from "@/test/db";
import { seedIfEmpty } from "@/lib/models/server/seed";
import { startSimulator, type RunningSimulator } from "@/lib/simulator";
import { flushLastUsed } from "@/lib/keys/server/api-keys";
import { GET as listKeys, POST as createKey } from "@/app/api/keys/route";
import { DELETE as revokeKey } from "@/app/api/keys/[id]/route";
import { PATCH as patchModel } from "@/app/api/models/[id]/route";
import { invalidateGatewayConfig } from "./config";
import { flushRequestLog } from "@/lib/usage/server/request-log";
import { startGatewayServer, type GatewayServer } from "@/test/gateway-server";
import type { CreatedApiKey } from "@/lib/keys/schema";

const { db } = useTestDb();
let sim: RunningSimulator;
let server: GatewayServer;

const client = (apiKey = TEST_MASTER_KEY) => new OpenAI({ apiKey, baseURL: `${server.url}/v1`, maxRetries: 0 });

async function newKey(body: Record<string, unknown>): Promise<CreatedApiKey> {
  const res = await createKey(apiRequest("/api/keys", { body }));
  expect(res.status).toBe(201);
  return (await res.json()) as CreatedApiKey;
}

beforeAll(async () => {
  sim = await startSimulator({ port: 0, host: "127.0.0.1", quiet: true });
  process.env.SIMULATOR_URL = sim.url;
  await seedIfEmpty(db);
  // Instant simulator models, so the suite does not wait on the seeded ones' realistic latencies.
  await db.model.create({ data: { name: "fast-sim", provider: "simulator", modelId: "tb-sim-8b", baseModel: "tb-sim-8b", inputPricePerMTok: 1, outputPricePerMTok: 2, simulatorJson: JSON.stringify({ latencyMs: 0, ttftMs: 0 }) } });
  await db.model.create({ data: { name: "broken-sim", provider: "simulator", modelId: "tb-sim-8b", baseModel: "tb-sim-8b", simulatorJson: JSON.stringify({ failure: "server_error" }) } });
  const fast = await db.model.findUniqueOrThrow({ where: { name: "fast-sim" } });
  const broken = await db.model.findUniqueOrThrow({ where: { name: "broken-sim" } });
  await db.routingGroup.create({ data: { name: "fast-group", members: { create: [{ modelId: fast.id }] } } });
  // Equal weights, one member always answering 500: the router must retry onto the healthy one.
  await db.routingGroup.create({
    data: { name: "half-broken", retries: 3, allowedFails: 1000, members: { create: [{ modelId: fast.id, weight: 1 }, { modelId: broken.id, weight: 1 }] } },
  });
  await db.model.create({ data: { name: "cut-sim", provider: "simulator", modelId: "tb-sim-8b", baseModel: "tb-sim-8b", simulatorJson: JSON.stringify({ failure: "cut_mid_stream" }) } });
  await db.routingGroup.create({
    data: { name: "all-broken", retries: 0, allowedFails: 1, cooldownSeconds: 30, members: { create: [{ modelId: broken.id }] } },
  });
  invalidateGatewayConfig();
  server = await startGatewayServer(db);
});

afterAll(async () => {
  await server?.close();
  await sim?.close();
});

describe("gateway with the official openai client", () => {
  it("lists groups and registered models", async () => {
    const list = await client().models.list();
    const ids = list.data.map((m) => m.id);
    expect(ids).toEqual(expect.arrayContaining(["support-assistant", "sim-8b-base", "sim-8b-support-ft", "fast-sim"]));
    expect(list.data.find((m) => m.id === "support-assistant")?.owned_by).toBe("tunebench-group");
  });

  it("answers a plain completion by model name, with the trace in headers", async () => {
    const { data, response } = await client()
      .chat.completions.create({ model: "fast-sim", messages: [{ role: "user", content: "Say hello" }], max_tokens: 20 })
      .withResponse();
    expect(data.object).toBe("chat.completion");
    expect(data.model).toBe("fast-sim");
    expect(data.choices[0].message.content).toBeTruthy();
    expect(data.usage?.total_tokens).toBeGreaterThan(0);
    expect(response.headers.get("x-tunebench-served-by")).toBe("fast-sim");
    expect(response.headers.get("x-tunebench-attempts")).toBe("1");
    expect(Number(response.headers.get("x-tunebench-cost-usd"))).toBeGreaterThan(0);
    expect(Number(response.headers.get("x-tunebench-duration-ms"))).toBeGreaterThanOrEqual(0);
    expect(response.headers.get("x-request-id")).toMatch(/^req_/);
  });

  it("streams a completion, with usage only when asked for", async () => {
    const withUsage = await client().chat.completions.create({ model: "fast-sim", messages: [{ role: "user", content: "Count to five" }], stream: true, stream_options: { include_usage: true } });
    let text = "";
    let usage: OpenAI.CompletionUsage | null | undefined;
    for await (const chunk of withUsage) {
      text += chunk.choices[0]?.delta.content ?? "";
      if (chunk.usage) usage = chunk.usage;
      expect(chunk.model).toBe("fast-sim");
    }
    expect(text.length).toBeGreaterThan(0);
    expect(usage?.completion_tokens).toBeGreaterThan(0);

    const without = await client().chat.completions.create({ model: "fast-sim", messages: [{ role: "user", content: "Count to five" }], stream: true });
    let usageChunks = 0;
    for await (const chunk of without) if (chunk.usage) usageChunks++;
    expect(usageChunks).toBe(0);
  });

  it("answers plain and streamed completions through a routing group", async () => {
    const { data, response } = await client()
      .chat.completions.create({ model: "fast-group", messages: [{ role: "user", content: "Say hello" }] })
      .withResponse();
    expect(data.model).toBe("fast-group");
    expect(data.choices[0].message.content).toBeTruthy();
    expect(response.headers.get("x-tunebench-group")).toBe("fast-group");
    expect(response.headers.get("x-tunebench-served-by")).toBe("fast-sim");
    expect(response.headers.get("x-tunebench-attempts")).toBe("1");
    expect(response.headers.get("x-tunebench-fallbacks")).toBe("0");

    const s = await client().chat.completions.create({ model: "fast-group", messages: [{ role: "user", content: "Count" }], stream: true, stream_options: { include_usage: true } });
    let text = "";
    let usage: OpenAI.CompletionUsage | null | undefined;
    for await (const chunk of s) {
      text += chunk.choices[0]?.delta.content ?? "";
      usage ??= chunk.usage;
    }
    expect(text).toBeTruthy();
    expect(usage?.total_tokens).toBeGreaterThan(0);
  });

  it("answers every request when one member of the group fails hard", async () => {
    const attempts: number[] = [];
    const routes = new Set<string>();
    for (let i = 0; i < 12; i++) {
      const stream = i % 2 === 1;
      const { response } = stream
        ? await client().chat.completions.create({ model: "half-broken", messages: [{ role: "user", content: `q${i}` }], stream: true }).withResponse()
        : await client().chat.completions.create({ model: "half-broken", messages: [{ role: "user", content: `q${i}` }] }).withResponse();
      expect(response.status).toBe(200);
      expect(response.headers.get("x-tunebench-served-by")).toBe("fast-sim");
      attempts.push(Number(response.headers.get("x-tunebench-attempts")));
      routes.add(response.headers.get("x-tunebench-route")!);
    }
    // Some calls went to the broken member first and were retried: the trace says so, attempt by attempt.
    expect(Math.max(...attempts)).toBeGreaterThan(1);
    expect(routes).toContain("fast-sim:ok");
    expect(routes).toContain("broken-sim:upstream_unavailable,fast-sim:ok");
    await flushRequestLog();
    const rows = await db.requestLog.findMany({ where: { groupName: "half-broken" } });
    expect(rows).toHaveLength(12);
    expect(rows.every((r) => r.ok && r.modelName === "fast-sim")).toBe(true);
  });

  it("ends a stream that fails mid-way with an error event the client raises", async () => {
    const s = await client().chat.completions.create({ model: "cut-sim", messages: [{ role: "user", content: "Tell me a long story" }], stream: true });
    let text = "";
    const err = await (async () => {
      for await (const chunk of s) text += chunk.choices[0]?.delta.content ?? "";
    })().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(OpenAI.APIError);
    expect(text.length).toBeGreaterThan(0);
  });

  it("answers 503 with Retry-After once every member of a group is cooling down", async () => {
    const first = await client().chat.completions.create({ model: "all-broken", messages: [{ role: "user", content: "x" }] }).catch((e: unknown) => e);
    expect(first).toMatchObject({ status: 502 });
    const second = (await client().chat.completions.create({ model: "all-broken", messages: [{ role: "user", content: "x" }] }).catch((e: unknown) => e)) as InstanceType<typeof OpenAI.APIError>;
    expect(second).toBeInstanceOf(OpenAI.InternalServerError);
    expect(second.status).toBe(503);
    expect(Number(second.headers?.get("retry-after"))).toBeGreaterThan(0);
  });

  it("is also served under /api/v1", async () => {
    const c = new OpenAI({ apiKey: TEST_MASTER_KEY, baseURL: `${server.url}/api/v1`, maxRetries: 0 });
    const r = await c.chat.completions.create({ model: "fast-sim", messages: [{ role: "user", content: "hi" }] });
    expect(r.choices).toHaveLength(1);
  });

  it("raises AuthenticationError for a bad or missing key", async () => {
    await expect(client("sk-not-a-key").models.list()).rejects.toBeInstanceOf(OpenAI.AuthenticationError);
    await expect(client("tb-not-a-real-key").chat.completions.create({ model: "fast-sim", messages: [{ role: "user", content: "x" }] })).rejects.toMatchObject({
      status: 401,
      code: "invalid_api_key",
      type: "authentication_error",
    });
  });

  it("raises NotFoundError for an unknown model", async () => {
    const err = await client().chat.completions.create({ model: "no-such-model", messages: [{ role: "user", content: "x" }] }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(OpenAI.NotFoundError);
    expect(err).toMatchObject({ code: "model_not_found", param: "model" });
  });

  it("raises BadRequestError for an invalid body, naming the parameter", async () => {
    const empty = await client().chat.completions.create({ model: "fast-sim", messages: [] }).catch((e: unknown) => e);
    expect(empty).toBeInstanceOf(OpenAI.BadRequestError);
    expect(empty).toMatchObject({ param: "messages" });
    const unknown = await client()
      .chat.completions.create({ model: "fast-sim", messages: [{ role: "user", content: "x" }], frobnicate: true } as unknown as OpenAI.ChatCompletionCreateParamsNonStreaming)
      .catch((e: unknown) => e);
    expect(unknown).toBeInstanceOf(OpenAI.BadRequestError);
    expect((unknown as Error).message).toContain("frobnicate");
    const res = await fetch(`${server.url}/v1/chat/completions`, { method: "POST", headers: { authorization: `Bearer ${TEST_MASTER_KEY}`, "content-type": "application/json" }, body: "{nope" });
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({ error: { message: expect.any(String), type: "invalid_request_error", param: null, code: "invalid_json" } });
  });

  it("maps an upstream server error to a 502 in OpenAI's shape", async () => {
    const err = await client().chat.completions.create({ model: "broken-sim", messages: [{ role: "user", content: "x" }] }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(OpenAI.InternalServerError);
    expect(err).toMatchObject({ status: 502, type: "upstream_error" });
  });
});

describe("virtual keys", () => {
  it("creates a key shown once; the list shows only its last 4 characters", async () => {
    const created = await newKey({ name: "ci" });
    expect(created.key).toMatch(/^tb-[A-Za-z0-9_-]{43}$/);
    expect(created.last4).toBe(created.key.slice(-4));
    const text = await (await listKeys(apiRequest("/api/keys"))).text();
    expect(text).toContain('"name":"ci"');
    expect(text).not.toContain(created.key);
    expect(text).not.toMatch(/keyHash/);
    const row = await db.apiKey.findUniqueOrThrow({ where: { id: created.id } });
    expect(row.keyHash).not.toContain(created.key);
  });

  it("works as an API key, and records lastUsedAt in the background", async () => {
    const k = await newKey({ name: "app" });
    const r = await client(k.key).chat.completions.create({ model: "fast-sim", messages: [{ role: "user", content: "hi" }] });
    expect(r.choices[0].message.content).toBeTruthy();
    await flushLastUsed();
    expect((await db.apiKey.findUniqueOrThrow({ where: { id: k.id } })).lastUsedAt).not.toBeNull();
  });

  it("refuses a name outside the allow-list with 403, and lists only allowed names", async () => {
    const k = await newKey({ name: "support only", allowed: ["support-assistant", "fast-sim"] });
    const err = await client(k.key).chat.completions.create({ model: "sim-8b-base", messages: [{ role: "user", content: "x" }] }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(OpenAI.PermissionDeniedError);
    expect(err).toMatchObject({ status: 403, code: "model_not_allowed" });
    const ok = await client(k.key).chat.completions.create({ model: "fast-sim", messages: [{ role: "user", content: "x" }] });
    expect(ok.object).toBe("chat.completion");
    const list = await client(k.key).models.list();
    expect(list.data.map((m) => m.id).sort()).toEqual(["fast-sim", "support-assistant"]);
    await flushRequestLog();
    const refused = await db.requestLog.findFirstOrThrow({ where: { apiKeyId: k.id, status: 403 } });
    expect(refused).toMatchObject({ ok: false, modelName: "sim-8b-base", groupName: null, errorKind: "model_not_allowed", attempts: 0 });
  });

  it("refuses a revoked key and an expired key with 401", async () => {
    const k = await newKey({ name: "to revoke" });
    await client(k.key).models.list();
    const res = await revokeKey(apiRequest(`/api/keys/${k.id}`, { method: "DELETE" }), routeParams({ id: k.id }));
    expect(res.status).toBe(200);
    expect((await res.json()).status).toBe("revoked");
    const err = await client(k.key).models.list().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(OpenAI.AuthenticationError);
    expect((err as Error).message).toContain("revoked");

    const soon = await newKey({ name: "short-lived", expiresAt: new Date(Date.now() + 1500).toISOString() });
    await client(soon.key).models.list();
    await new Promise((r) => setTimeout(r, 1600));
    const expired = await client(soon.key).models.list().catch((e: unknown) => e);
    expect(expired).toBeInstanceOf(OpenAI.AuthenticationError);
    expect((expired as Error).message).toContain("expired");
  });

  it("rejects a bad create body with field errors, and an unknown key id with 404", async () => {
    const bad = await createKey(apiRequest("/api/keys", { body: { name: "", expiresAt: "2001-01-01T00:00:00Z" } }));
    expect(bad.status).toBe(400);
    const { error } = await bad.json();
    expect(Object.keys(error.fields).sort()).toEqual(["expiresAt", "name"]);
    const missing = await revokeKey(apiRequest("/api/keys/nope", { method: "DELETE" }), routeParams({ id: "nope" }));
    expect(missing.status).toBe(404);
  });

  it("refuses the keys API without the master key or session", async () => {
    expect((await listKeys(apiRequest("/api/keys", { auth: "none" }))).status).toBe(401);
  });
});

describe("request log", () => {
  it("logs key, member, status, latency, tokens, cost and error class; prompts only when the key allows", async () => {
    const quiet = await newKey({ name: "quiet" });
    const chatty = await newKey({ name: "chatty", logPrompts: true });
    await client(quiet.key).chat.completions.create({ model: "fast-sim", messages: [{ role: "user", content: "secret plan A" }] });
    const s = await client(chatty.key).chat.completions.create({ model: "fast-sim", messages: [{ role: "user", content: "public plan B" }], stream: true });
    for await (const _ of s) void _;
    await client(quiet.key).chat.completions.create({ model: "broken-sim", messages: [{ role: "user", content: "x" }] }).catch(() => undefined);
    await flushRequestLog();

    const rows = await db.requestLog.findMany({ where: { apiKeyId: { in: [quiet.id, chatty.id] } }, orderBy: { createdAt: "asc" } });
    expect(rows).toHaveLength(3);
    const [plain, streamed, failed] = rows;
    expect(plain).toMatchObject({ source: "gateway", modelName: "fast-sim", provider: "simulator", status: 200, ok: true, stream: false, promptJson: null, responseText: null });
    expect(plain.tokensIn).toBeGreaterThan(0);
    expect(plain.costUsd).toBeGreaterThan(0);
    expect(streamed).toMatchObject({ status: 200, ok: true, stream: true });
    expect(streamed.ttftMs).not.toBeNull();
    expect(streamed.tokensOut).toBeGreaterThan(0);
    expect(streamed.promptJson).toContain("public plan B");
    expect(streamed.responseText).toBeTruthy();
    expect(failed).toMatchObject({ status: 502, ok: false, modelName: "broken-sim", errorKind: "upstream_unavailable" });
  });
});

describe("dashboard edits", () => {
  it("take effect on the very next gateway call, not after a cache expires", async () => {
    const ask = () => client().chat.completions.create({ model: "fast-group", messages: [{ role: "user", content: "Hi" }], max_tokens: 8 });
    await expect(ask()).resolves.toMatchObject({ object: "chat.completion" }); // config now cached
    const fast = await db.model.findUniqueOrThrow({ where: { name: "fast-sim" } });
    const broken = await patchModel(
      apiRequest(`/api/models/${fast.id}`, { method: "PATCH", body: { version: fast.version, simulator: { failure: "rate_limit", retryAfterSeconds: 0 } } }),
      routeParams({ id: fast.id }),
    );
    expect(broken.status).toBe(200);
    await expect(ask()).rejects.toBeInstanceOf(OpenAI.APIError);
    const again = await db.model.findUniqueOrThrow({ where: { name: "fast-sim" } });
    const fixed = await patchModel(
      apiRequest(`/api/models/${fast.id}`, { method: "PATCH", body: { version: again.version, simulator: { latencyMs: 0, ttftMs: 0 } } }),
      routeParams({ id: fast.id }),
    );
    expect(fixed.status).toBe(200);
  });
});
