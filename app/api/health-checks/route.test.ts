// Background health checks over real HTTP to the simulator, on a real SQLite file: settings with optimistic
// concurrency, "check now", the scheduler's timing, and what the group's health view shows afterwards.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSimulator, type RunningSimulator } from "@/lib/simulator";
import { seedIfEmpty } from "@/lib/models/server/seed";
import { groupHealthView } from "@/lib/groups/server/console";
import { healthCheckTick, resetHealthCheckScheduler } from "@/lib/groups/server/health-checks";
import { apiRequest, useTestDb } from "@/test/db";
import { POST as run } from "./run/route";
import { GET, PUT } from "./route";

const { db } = useTestDb();
let sim: RunningSimulator;
let groupId: string;

beforeAll(async () => {
  sim = await startSimulator({ port: 0, quiet: true });
  process.env.SIMULATOR_URL = sim.url;
  await seedIfEmpty(db);
  const fast = await db.model.create({ data: { name: "hc-fast", provider: "simulator", modelId: "tb-sim-8b", baseModel: "tb-sim-8b", simulatorJson: JSON.stringify({ latencyMs: 0, ttftMs: 0 }) } });
  const broken = await db.model.create({ data: { name: "hc-broken", provider: "simulator", modelId: "tb-sim-8b", baseModel: "tb-sim-8b", simulatorJson: JSON.stringify({ failure: "server_error" }) } });
  const off = await db.model.create({ data: { name: "hc-disabled", provider: "simulator", modelId: "tb-sim-8b", simulatorJson: JSON.stringify({ latencyMs: 0 }) } });
  const g = await db.routingGroup.create({
    data: { name: "hc-group", members: { create: [{ modelId: fast.id }, { modelId: broken.id }, { modelId: off.id, enabled: false }] } },
  });
  groupId = g.id;
});
afterAll(() => sim.close());

const put = (body: unknown) => PUT(apiRequest("/api/health-checks", { method: "PUT", body }));

describe("health-check settings", () => {
  it("start off, save with the loaded version, and refuse a stale save with the current settings", async () => {
    const first = await (await GET(apiRequest("/api/health-checks"))).json();
    expect(first).toMatchObject({ enabled: false, intervalSeconds: 300, version: 0 });

    const saved = await put({ enabled: true, intervalSeconds: 60, version: 0 });
    expect(saved.status).toBe(200);
    expect(await saved.json()).toMatchObject({ enabled: true, intervalSeconds: 60, version: 1 });

    const stale = await put({ enabled: false, intervalSeconds: 30, version: 0 });
    expect(stale.status).toBe(409);
    const body = await stale.json();
    expect(body.error.code).toBe("version_conflict");
    expect(body.error.current).toMatchObject({ enabled: true, intervalSeconds: 60, version: 1 });
    expect(await (await GET(apiRequest("/api/health-checks"))).json()).toMatchObject({ enabled: true, intervalSeconds: 60, version: 1 });
  });

  it("name the field of a bad interval and change nothing", async () => {
    for (const intervalSeconds of [5, 1.5, "60", 100_000]) {
      const res = await put({ enabled: true, intervalSeconds, version: 1 });
      expect(res.status).toBe(400);
      expect(Object.keys((await res.json()).error.fields)).toEqual(["intervalSeconds"]);
    }
    expect((await put({ enabled: true, intervalSeconds: 60, version: 1, extra: 1 })).status).toBe(400);
    expect(await (await GET(apiRequest("/api/health-checks"))).json()).toMatchObject({ intervalSeconds: 60, version: 1 });
    expect((await PUT(apiRequest("/api/health-checks", { method: "PUT", body: { enabled: true, intervalSeconds: 60, version: 1 }, auth: "none" }))).status).toBe(401);
  });
});

describe("checking", () => {
  it("checks a group's enabled members now, logs each check, and the health view shows it apart from traffic", async () => {
    const res = await run(apiRequest("/api/health-checks/run", { body: { groupId } }));
    expect(res.status).toBe(200);
    const out = await res.json();
    expect(out.results.map((r: { modelName: string }) => r.modelName)).toEqual(["hc-broken", "hc-fast"]);
    const [broken, fast] = out.results;
    expect(fast).toMatchObject({ ok: true, status: 200, errorKind: null });
    expect(broken).toMatchObject({ ok: false, status: 500, errorKind: "upstream_unavailable" });

    const rows = await db.requestLog.findMany({ where: { source: "health", modelName: { in: ["hc-fast", "hc-broken"] } } });
    expect(rows).toHaveLength(2);
    expect(rows.find((r) => r.modelName === "hc-fast")).toMatchObject({ ok: true, tokensOut: 1 });

    const view = await groupHealthView(db, groupId);
    const byName = Object.fromEntries(view.members.map((m) => [m.modelName, m]));
    expect(byName["hc-fast"].lastCheck).toMatchObject({ ok: true, errorKind: null });
    expect(byName["hc-broken"].lastCheck).toMatchObject({ ok: false, errorKind: "upstream_unavailable" });
    expect(byName["hc-disabled"].lastCheck).toBeNull();
    // Checks are not traffic: the success rate still has no requests to count.
    expect(byName["hc-broken"]).toMatchObject({ requests: 0, successRate: null });
  });

  it("is 404 for an unknown group and 400 for a bad body", async () => {
    expect((await run(apiRequest("/api/health-checks/run", { body: { groupId: "nope" } }))).status).toBe(404);
    expect((await run(apiRequest("/api/health-checks/run", { body: { group: "x" } }))).status).toBe(400);
  });

  it("runs on schedule only while on, once per interval", async () => {
    await resetHealthCheckScheduler(db);
    const count = () => db.requestLog.count({ where: { source: "health", modelName: "hc-fast" } });
    const before = await count();
    const t0 = Date.now();
    expect(await healthCheckTick(db, t0)).not.toBeNull(); // on (saved above, every 60 s): runs at once
    expect(await healthCheckTick(db, t0 + 30_000)).toBeNull();
    expect(await healthCheckTick(db, t0 + 60_000)).not.toBeNull();
    expect(await count()).toBe(before + 2);

    const current = await (await GET(apiRequest("/api/health-checks"))).json();
    expect(current.lastCheckAt).not.toBeNull();
    await put({ enabled: false, intervalSeconds: 60, version: current.version });
    expect(await healthCheckTick(db, t0 + 10 * 60_000)).toBeNull();
    expect(await count()).toBe(before + 2);
  });
});
