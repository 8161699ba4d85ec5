import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { apiRequest, routeParams, useTestDb } from "@/test/db";
import { startSimulator, type RunningSimulator } from "@/lib/simulator";
import { POST as create } from "../../route";
import { POST as testDraft } from "../../test/route";
import { POST } from "./route";

const { db } = useTestDb();
let sim: RunningSimulator;
beforeAll(async () => {
  sim = await startSimulator({ port: 0, quiet: true });
});
afterAll(() => sim.close());

const FT = "ft:gpt-4o-mini-2024-07-18:acme:support-v2:9xYz1AbC";

describe("POST /api/models/{id}/test and /api/models/test", () => {
  it("tests a registered OpenAI fine-tune against an OpenAI-compatible api base, stores and logs the result", async () => {
    const m = await (await create(apiRequest("/api/models", { body: { name: "ft-support", model: FT, apiBase: `${sim.url}/v1`, apiKey: "sk-sim-key-7777" } }))).json();
    const res = await POST(apiRequest(`/api/models/${m.id}/test`, { method: "POST" }), routeParams({ id: m.id }));
    expect(res.status).toBe(200);
    const text = await res.text();
    expect(text).not.toContain("sk-sim-key");
    const result = JSON.parse(text);
    expect(result).toMatchObject({ ok: true, endpoint: `${sim.url}/v1/chat/completions` });
    expect(result.latencyMs).toBeGreaterThanOrEqual(0);
    const row = await db.model.findUniqueOrThrow({ where: { id: m.id } });
    expect(row.lastTestOk).toBe(true);
    expect(row.version).toBe(m.version);
    expect(await db.requestLog.count({ where: { modelId: m.id, source: "test" } })).toBe(1);
  });

  it("maps a failure to its kind and hint (wrong model at the server) and stores it", async () => {
    const m = await (await create(apiRequest("/api/models", { body: { name: "unreachable", model: "gpt-4o", apiBase: "http://127.0.0.1:9/v1" } }))).json();
    const result = await (await POST(apiRequest(`/api/models/${m.id}/test`, { method: "POST" }), routeParams({ id: m.id }))).json();
    expect(result.ok).toBe(false);
    expect(result.error.kind).toBe("upstream_unavailable");
    expect(result.error.hint).toBeTruthy();
    expect(result.endpoint).toBe("http://127.0.0.1:9/v1/chat/completions");
    expect((await db.model.findUniqueOrThrow({ where: { id: m.id } })).lastTestOk).toBe(false);
  });

  it("maps a rejected key to an authentication error with a hint", async () => {
    const m = await (
      await create(apiRequest("/api/models", { body: { name: "sim-rejects", model: "tb-sim-8b", simulator: { failure: "reject_key" } } }))
    ).json();
    process.env.SIMULATOR_URL = sim.url;
    const result = await (await POST(apiRequest(`/api/models/${m.id}/test`, { method: "POST" }), routeParams({ id: m.id }))).json();
    expect(result).toMatchObject({ ok: false, error: { kind: "authentication" } });
  });

  it("tests a draft before saving and writes nothing, even when it fails", async () => {
    const before = await db.model.count();
    const logs = await db.requestLog.count();
    const ok = await (await testDraft(apiRequest("/api/models/test", { body: { model: FT, apiBase: `${sim.url}/v1`, apiKey: "sk-any" } }))).json();
    expect(ok).toMatchObject({ ok: true, endpoint: `${sim.url}/v1/chat/completions` });
    const noKey = await (await testDraft(apiRequest("/api/models/test", { body: { model: FT, apiBase: `${sim.url}/v1` } }))).json();
    expect(noKey).toMatchObject({ ok: false, error: { kind: "authentication", hint: expect.stringMatching(/key/) } });
    const bad = await (await testDraft(apiRequest("/api/models/test", { body: { model: "gpt-4o", apiBase: "http://127.0.0.1:9/v1" } }))).json();
    expect(bad.ok).toBe(false);
    const invalid = await testDraft(apiRequest("/api/models/test", { body: { model: "x", provider: "azure" } }));
    expect(invalid.status).toBe(400);
    expect(await db.model.count()).toBe(before);
    expect(await db.requestLog.count()).toBe(logs);
  });

  it("404s an unknown model", async () => {
    expect((await POST(apiRequest("/api/models/nope/test", { method: "POST" }), routeParams({ id: "nope" }))).status).toBe(404);
  });
});
