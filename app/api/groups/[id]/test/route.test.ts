import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createRouter, InMemoryRouterState } from "@/lib/completion/router";
import { startSimulator, type RunningSimulator } from "@/lib/simulator";
import { seedIfEmpty } from "@/lib/models/server/seed";
import { groupHealthView } from "@/lib/groups/server/console";
import { apiRequest, routeParams, useTestDb } from "@/test/db";
import { POST as createGroup } from "../../route";
import { GET as health } from "../health/route";
import { POST } from "./route";

const { db } = useTestDb();
let sim: RunningSimulator;
let base: string;
let tuned: string;

beforeAll(async () => {
  sim = await startSimulator({ port: 0, quiet: true });
  process.env.SIMULATOR_URL = sim.url;
  await seedIfEmpty(db);
  base = (await db.model.findUniqueOrThrow({ where: { name: "sim-8b-base" } })).id;
  tuned = (await db.model.findUniqueOrThrow({ where: { name: "sim-8b-support-ft" } })).id;
  // Fast simulators keep the suite quick.
  for (const id of [base, tuned]) await db.model.update({ where: { id }, data: { simulatorJson: JSON.stringify({ latencyMs: 5, ttftMs: 1, tokensPerSecond: 5000 }) } });
});
afterAll(() => sim.close());

const send = (id: string, body: unknown) => POST(apiRequest(`/api/groups/${id}/test`, { body }), routeParams({ id }));

async function group(body: Record<string, unknown>) {
  const res = await createGroup(apiRequest("/api/groups", { body }));
  expect(res.status).toBe(201);
  return (await res.json()) as { id: string; name: string };
}

describe("POST /api/groups/{id}/test", () => {
  it("refuses an unauthenticated call, an empty prompt and too many at once", async () => {
    const g = await db.routingGroup.findUniqueOrThrow({ where: { name: "support-assistant" } });
    expect((await POST(apiRequest(`/api/groups/${g.id}/test`, { body: { prompt: "hi" }, auth: "none" }), routeParams({ id: g.id }))).status).toBe(401);
    const empty = await send(g.id, { prompt: "  " });
    expect(empty.status).toBe(400);
    expect((await empty.json()).error.fields.prompt).toBeDefined();
    const many = await send(g.id, { prompt: "hi", count: 21 });
    expect((await many.json()).error.fields.count[0]).toMatch(/At most 20/);
    expect((await send(g.id, { prompt: "hi", extra: 1 })).status).toBe(400);
  });

  it("is 404 for an unknown group", async () => {
    expect((await send("nope", { prompt: "hi" })).status).toBe(404);
  });

  it("answers with the trace of every call and how the load spread", async () => {
    const g = await db.routingGroup.findUniqueOrThrow({ where: { name: "support-assistant" } });
    const res = await send(g.id, { prompt: "Hello there", count: 6, maxTokens: 8 });
    expect(res.status).toBe(200);
    const out = await res.json();
    expect(out.group).toBe("support-assistant");
    expect(out.calls).toHaveLength(6);
    for (const c of out.calls) {
      expect(c.ok).toBe(true);
      expect(c.answer).toBeTruthy();
      expect(c.trace.attempts[0]).toMatchObject({ ok: true, status: 200 });
      expect(["sim-8b-base", "sim-8b-support-ft"]).toContain(c.trace.servedBy.memberName);
    }
    expect(Object.values(out.servedBy as Record<string, number>).reduce((a, b) => a + b, 0)).toBe(6);
    expect(await db.requestLog.count({ where: { groupName: "support-assistant", source: "test" } })).toBeGreaterThanOrEqual(6);
  });

  it("shows the fallback and the cooldown when every member fails, and health reports the cooldown", async () => {
    const failing = await db.model.create({
      data: { name: "sim-failing", provider: "simulator", modelId: "tb-sim-8b", kind: "base", baseModel: "tb-sim-8b", simulatorJson: JSON.stringify({ failure: "server_error", latencyMs: 1 }) },
    });
    await group({ name: "backup", members: [{ modelId: tuned }] });
    const g = await group({ name: "primary", members: [{ modelId: failing.id }], allowedFails: 1, retries: 0, cooldownSeconds: 60, fallbacks: ["backup"] });
    const out = await (await send(g.id, { prompt: "hi" })).json();
    const [call] = out.calls;
    expect(call.ok).toBe(true);
    expect(call.trace.fallbacks).toEqual(["backup"]);
    expect(call.trace.attempts[0]).toMatchObject({ group: "primary", memberName: "sim-failing", ok: false, cooldownStarted: true });
    expect(call.trace.attempts[0].errorKind).toBeTruthy();
    expect(call.trace.servedBy).toMatchObject({ group: "backup", memberName: "sim-8b-support-ft" });

    const res = await health(apiRequest(`/api/groups/${g.id}/health`), routeParams({ id: g.id }));
    expect(res.status).toBe(200);
    const h = await res.json();
    expect(h.members).toEqual([expect.objectContaining({ modelName: "sim-failing", coolingDown: true, inFlight: 0 })]);
    expect(h.members[0].cooldownRemainingSeconds).toBeGreaterThan(50);
  });

  it("reports no member at all as a failed call with its trace, not a 500", async () => {
    const off = await group({ name: "all-off", members: [{ modelId: base, enabled: false }] });
    const res = await send(off.id, { prompt: "hi" });
    expect(res.status).toBe(200);
    const [call] = (await res.json()).calls;
    expect(call.ok).toBe(false);
    expect(call.error.kind).toBeTruthy();
    expect(call.trace.skipped[0]).toMatchObject({ reason: "disabled" });
  });
});

describe("GET /api/groups/{id}/health", () => {
  it("joins router state with the group's own requests in the log: success rate and p50 per member", async () => {
    const router = createRouter({ state: new InMemoryRouterState() });
    const g = await db.routingGroup.findUniqueOrThrow({ where: { name: "support-assistant" } });
    const now = Date.now();
    await db.requestLog.createMany({
      data: [
        { source: "gateway", modelId: base, groupName: g.name, status: 200, ok: true, latencyMs: 100, createdAt: new Date(now - 1000) },
        { source: "gateway", modelId: base, groupName: g.name, status: 500, ok: false, latencyMs: 900, createdAt: new Date(now - 1000) },
        { source: "gateway", modelId: base, groupName: g.name, status: 200, ok: true, latencyMs: 300, createdAt: new Date(now - 1000) },
        { source: "gateway", modelId: base, groupName: g.name, status: 200, ok: true, latencyMs: 50, createdAt: new Date(now - 3_600_000) },
        // The member's traffic from elsewhere is not this group's.
        { source: "playground", modelId: base, groupName: null, status: 500, ok: false, latencyMs: 10, createdAt: new Date(now - 1000) },
        { source: "gateway", modelId: base, groupName: "another-group", status: 200, ok: true, latencyMs: 10, createdAt: new Date(now - 1000) },
        { source: "test", modelId: base, groupName: null, status: 200, ok: true, latencyMs: 10, createdAt: new Date(now - 1000) },
      ],
    });
    await db.requestLog.deleteMany({ where: { source: "test" } });
    const h = await groupHealthView(db, g.id, { router, now });
    const b = h.members.find((m) => m.modelId === base)!;
    expect(b).toMatchObject({ requests: 3, p50Ms: 100, coolingDown: false, cooldownRemainingSeconds: 0, inFlight: 0 });
    expect(b.successRate).toBeCloseTo(2 / 3);
    expect(h.members.find((m) => m.modelId === tuned)).toMatchObject({ requests: 0, successRate: null, p50Ms: null });
    expect((await health(apiRequest("/api/groups/nope/health"), routeParams({ id: "nope" }))).status).toBe(404);
  });
});

describe("fallback checks the editor relies on", () => {
  it("refuses an empty fallback group (no enabled member), naming it", async () => {
    await group({ name: "empty-fb", members: [{ modelId: base, enabled: false }] });
    const res = await createGroup(apiRequest("/api/groups", { body: { name: "uses-empty", members: [{ modelId: base }], contextWindowFallbacks: ["empty-fb"] } }));
    expect(res.status).toBe(400);
    expect((await res.json()).error.fields["contextWindowFallbacks.0"]).toEqual(['Fallback group "empty-fb" is empty: it has no enabled member']);
  });
});
