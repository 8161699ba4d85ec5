// Guarded rollout over real traffic: the gateway with the official openai client, the simulator upstream whose
// failure setting is switched through the models API, a real SQLite file, and the scheduler's tick called directly.
import OpenAI from "openai";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { apiRequest, routeParams, useTestDb, TEST_MASTER_KEY } from "@/test/db";
import { startSimulator, type RunningSimulator } from "@/lib/simulator";
import { GET as listRolloutsRoute, POST as startRolloutRoute } from "@/app/api/groups/[id]/rollouts/route";
import { POST as cancelRoute } from "@/app/api/groups/[id]/rollouts/[rolloutId]/cancel/route";
import { PATCH as patchModel } from "@/app/api/models/[id]/route";
import { startGatewayServer, type GatewayServer } from "@/test/gateway-server";
import { invalidateGatewayConfig } from "@/lib/gateway/config";
import { flushRequestLog } from "@/lib/usage/server/request-log";
import { claimRolloutLease, membersAt, rolloutTick } from "./rollouts";
import type { RolloutView } from "@/lib/shadow/schema";

const { db } = useTestDb();
let sim: RunningSimulator;
let server: GatewayServer;
let groupId = "";
let prodId = "";
let candId = "";

const client = () => new OpenAI({ apiKey: TEST_MASTER_KEY, baseURL: `${server.url}/v1`, maxRetries: 0 });

async function traffic(n: number): Promise<void> {
  for (let i = 0; i < n; i++) await client().chat.completions.create({ model: "rolling", messages: [{ role: "user", content: `q${i}` }], max_tokens: 10 });
  await flushRequestLog();
}

async function start(body: unknown): Promise<Response> {
  return startRolloutRoute(apiRequest(`/api/groups/${groupId}/rollouts`, { body }), routeParams({ id: groupId }));
}

async function current(): Promise<RolloutView> {
  const list = (await (await listRolloutsRoute(apiRequest(`/api/groups/${groupId}/rollouts`), routeParams({ id: groupId }))).json()) as RolloutView[];
  return list[0];
}

async function setFailure(failure: string): Promise<void> {
  const m = await db.model.findUniqueOrThrow({ where: { id: candId } });
  const res = await patchModel(apiRequest(`/api/models/${candId}`, { method: "PATCH", body: { version: m.version, simulator: { latencyMs: 0, ttftMs: 0, failure } } }), routeParams({ id: candId }));
  expect(res.status).toBe(200);
}

const members = () => db.groupMember.findMany({ where: { groupId }, orderBy: { modelId: "asc" } });
// Lease holder "t": each tick in these tests is the one instance.
const tick = (now?: number) => rolloutTick(db, { owner: "t", now });

beforeAll(async () => {
  sim = await startSimulator({ port: 0, host: "127.0.0.1", quiet: true });
  process.env.SIMULATOR_URL = sim.url;
  const mk = (name: string) => db.model.create({ data: { name, provider: "simulator", modelId: "tb-sim-8b", baseModel: "tb-sim-8b", simulatorJson: JSON.stringify({ latencyMs: 0, ttftMs: 0 }) } });
  prodId = (await mk("prod-r")).id;
  candId = (await mk("cand-r")).id;
  groupId = (await db.routingGroup.create({ data: { name: "rolling", retries: 3, allowedFails: 1000, members: { create: [{ modelId: prodId, weight: 3 }] } } })).id;
  server = await startGatewayServer(db);
});

afterAll(async () => {
  await server?.close();
  await sim?.close();
});

beforeEach(async () => {
  await db.groupRollout.deleteMany({});
  await db.groupMember.deleteMany({ where: { groupId } });
  await db.groupMember.create({ data: { groupId, modelId: prodId, weight: 3 } });
  await db.setting.deleteMany({ where: { key: "rollouts.lease" } });
  await setFailure("none");
  invalidateGatewayConfig();
});

describe("membersAt", () => {
  const prev = [{ modelId: "p", weight: 3, order: 0, rpm: null, tpm: null, enabled: true }];
  it("gives the candidate its percent of the weight, and disables the others at 100%", () => {
    expect(membersAt(prev, "c", 25).find((m) => m.modelId === "c")?.weight).toBeCloseTo(1);
    expect(membersAt(prev, "c", 50).find((m) => m.modelId === "c")?.weight).toBeCloseTo(3);
    const full = membersAt(prev, "c", 100);
    expect(full.find((m) => m.modelId === "p")).toMatchObject({ enabled: false, weight: 3 });
    expect(full.find((m) => m.modelId === "c")).toMatchObject({ enabled: true });
  });
});

describe("guarded rollout", () => {
  it("refuses bad steps with a 400 naming the field, and a second running rollout with a 409", async () => {
    const bad = await start({ modelId: "cand-r", steps: [{ percent: 50, holdRequests: 1 }, { percent: 20, holdRequests: 1 }] });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(await bad.json())).toContain("steps");
    const noHold = await start({ modelId: "cand-r", steps: [{ percent: 50 }] });
    expect(noHold.status).toBe(400);
    expect((await start({ modelId: "cand-r", steps: [{ percent: 50, holdRequests: 2 }] })).status).toBe(201);
    expect((await start({ modelId: "cand-r", steps: [{ percent: 50, holdRequests: 2 }] })).status).toBe(409);
  });

  it("steps through its percentages as the holds are met, and completes at 100%", async () => {
    const version = (await db.routingGroup.findUniqueOrThrow({ where: { id: groupId } })).version;
    const res = await start({ modelId: "cand-r", steps: [{ percent: 50, holdRequests: 3 }, { percent: 100, holdRequests: 2 }], guards: { maxErrorRate: 0.5, minRequests: 3 } });
    expect(res.status).toBe(201);
    expect((await db.routingGroup.findUniqueOrThrow({ where: { id: groupId } })).version).toBe(version + 1);
    expect((await members()).find((m) => m.modelId === candId)?.weight).toBeCloseTo(3);
    await tick();
    expect((await current()).stepIndex).toBe(0); // no traffic yet: the hold is not met
    await traffic(30);
    await tick();
    const stepped = await current();
    expect(stepped.stepIndex).toBe(1);
    expect(stepped.history.map((h) => h.event)).toEqual(["started", "stepped"]);
    expect((await members()).find((m) => m.modelId === prodId)?.enabled).toBe(false);
    await traffic(3);
    await tick();
    const done = await current();
    expect(done.status).toBe("completed");
    expect(done.history.at(-1)?.event).toBe("completed");
  });

  it("rolls back at once when the candidate starts failing, restoring the members and recording why", async () => {
    await start({ modelId: "cand-r", steps: [{ percent: 50, holdSeconds: 3600 }, { percent: 100, holdSeconds: 3600 }], guards: { maxErrorRate: 0.2, minRequests: 3 } });
    await traffic(6);
    await tick();
    expect((await current()).status).toBe("running");
    await setFailure("server_error");
    invalidateGatewayConfig();
    // The router retries each failed candidate attempt on production: clients see no error at all.
    await traffic(12);
    await tick();
    const r = await current();
    expect(r.status).toBe("rolled_back");
    expect(r.reason).toMatch(/Error rate .* above the 20\.0% guard/);
    expect(r.history.at(-1)).toMatchObject({ event: "rolled_back" });
    expect((await members()).map((m) => ({ modelId: m.modelId, weight: m.weight, enabled: m.enabled }))).toEqual([{ modelId: prodId, weight: 3, enabled: true }]);
  });

  it("a cancel restores the members too", async () => {
    const r = (await (await start({ modelId: "cand-r", steps: [{ percent: 10, holdSeconds: 60 }] })).json()) as RolloutView;
    const res = await cancelRoute(apiRequest(`/api/groups/${groupId}/rollouts/${r.id}/cancel`, { method: "POST" }), routeParams({ id: groupId, rolloutId: r.id }));
    expect(res.status).toBe(200);
    expect(((await res.json()) as RolloutView).status).toBe("cancelled");
    expect((await members()).map((m) => m.modelId)).toEqual([prodId]);
  });

  it("runs on one instance at a time: the lease holder steps, others wait until it expires", async () => {
    const now = Date.now();
    expect(await claimRolloutLease(db, 10_000, now, "a")).toBe(true);
    const both = await Promise.all([claimRolloutLease(db, 10_000, now + 1, "b"), claimRolloutLease(db, 10_000, now + 1, "c")]);
    expect(both).toEqual([false, false]);
    expect(await claimRolloutLease(db, 10_000, now + 2, "a")).toBe(true); // the holder renews
    expect(await claimRolloutLease(db, 10_000, now + 20_000, "b")).toBe(true); // expired: taken over
    expect(await rolloutTick(db, { owner: "a", now: now + 20_001 })).toBe(false);
  });

  it("ends as cancelled when its group is deleted, and follows a rename", async () => {
    const other = await db.routingGroup.create({ data: { name: "short-lived", members: { create: [{ modelId: prodId }] } } });
    const res = await startRolloutRoute(apiRequest(`/api/groups/${other.id}/rollouts`, { body: { modelId: "cand-r", steps: [{ percent: 50, holdSeconds: 60 }] } }), routeParams({ id: other.id }));
    expect(res.status).toBe(201);
    const started = (await res.json()) as RolloutView;
    await db.routingGroup.update({ where: { id: other.id }, data: { name: "renamed" } });
    await tick();
    expect((await db.groupRollout.findUniqueOrThrow({ where: { id: started.id } })).groupName).toBe("renamed");
    await db.routingGroup.delete({ where: { id: other.id } });
    await tick();
    expect(await db.groupRollout.findUniqueOrThrow({ where: { id: started.id } })).toMatchObject({ status: "cancelled", reason: "The routing group was deleted" });
  });

  it("survives a restart: the state is in the database and the next tick carries on", async () => {
    await start({ modelId: "cand-r", steps: [{ percent: 50, holdSeconds: 1 }, { percent: 100, holdSeconds: 1 }] });
    // A fresh process knows nothing in memory; the tick reads the rollout from the database.
    delete (globalThis as Record<symbol, unknown>)[Symbol.for("tunebench.rolloutRuntime")];
    await tick(Date.now() + 1_500);
    expect((await current()).stepIndex).toBe(1);
  });
});
