import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSimulator, type RunningSimulator } from "@/lib/simulator";
import { createRouter, RouterError } from "@/lib/completion/router";
import { useTestDb } from "@/test/db";
import { GroupCreateSchema, type GroupCreateInput } from "@/lib/groups/schema";
import { createGroup } from "./groups";
import { callGroup, groupHealth, loadRouterGroup } from "./routing";
import { seedIfEmpty } from "@/lib/models/server/seed";

// callGroup end to end: DB group → router → simulator over HTTP → RequestLog row.
const { db } = useTestDb();
let sim: RunningSimulator;
const ids: Record<string, string> = {};

beforeAll(async () => {
  sim = await startSimulator({ port: 0, quiet: true });
  process.env.SIMULATOR_URL = sim.url;
  await seedIfEmpty(db);
  for (const [name, failure] of [["sim-broken", "server_error"], ["sim-cutter", "cut_mid_stream"], ["sim-ok", "none"]] as const) {
    const row = await db.model.create({ data: { name, provider: "simulator", modelId: "tb-sim-8b", baseModel: "tb-sim-8b", simulatorJson: JSON.stringify({ failure }) } });
    ids[name] = row.id;
  }
});
afterAll(() => sim.close());

const group = (input: GroupCreateInput) => createGroup(db, GroupCreateSchema.parse(input));
const quietRouter = () => createRouter({ random: () => 0, sleep: async () => undefined });
const ask = { messages: [{ role: "user" as const, content: "Hello there" }] };

describe("callGroup", () => {
  it("loads a group with its fallbacks (transitively) as router config", async () => {
    await group({ name: "last-resort", members: [{ modelId: "sim-ok" }] });
    await group({ name: "middle", members: [{ modelId: "sim-8b-base" }], fallbacks: ["last-resort"] });
    await group({ name: "front", strategy: "least-busy", members: [{ modelId: "sim-broken", weight: 2, rpm: 10 }], fallbacks: ["middle"], contentPolicyFallbacks: ["last-resort"], firstByteTimeoutMs: 4000, maxInFlight: 8 });
    const g = (await loadRouterGroup(db, "front"))!;
    expect(g).toMatchObject({ strategy: "least-busy", timeoutMs: 30_000, firstByteTimeoutMs: 4000, maxInFlight: 8, deadlineMs: 60_000 });
    expect(g.members[0]).toMatchObject({ id: ids["sim-broken"], name: "sim-broken", weight: 2, rpm: 10, enabled: true, deployment: { provider: "simulator", simulator: { failure: "server_error" } } });
    expect(g.fallbacks.map((f) => f.name)).toEqual(["middle"]);
    expect(g.fallbacks[0].fallbacks[0]).toBe(g.contentPolicyFallbacks[0]);
    expect(await loadRouterGroup(db, "nope")).toBeNull();
  });

  it("routes the seeded canary group and writes a RequestLog row", async () => {
    const { result, trace } = await callGroup("support-assistant", ask, { source: "playground", router: quietRouter(), db });
    expect(result.choices[0].message.content).toBeTruthy();
    expect(trace.servedBy?.memberName).toBe("sim-8b-base");
    const log = await db.requestLog.findFirstOrThrow({ where: { groupName: "support-assistant" } });
    expect(log).toMatchObject({ source: "playground", ok: true, status: 200, modelName: "sim-8b-base", provider: "simulator", attempts: 1, fallbacks: 0, stream: false });
    expect(log.tokensIn).toBeGreaterThan(0);
    expect(log.costUsd).toBeGreaterThan(0);
    expect(log.promptJson).toBeNull();
  });

  it("logs the fallback that served, with the attempt count", async () => {
    const { trace } = await callGroup("front", ask, { source: "gateway", router: quietRouter(), db, logBodies: true });
    expect(trace.fallbacks).toEqual(["middle"]);
    const log = await db.requestLog.findFirstOrThrow({ where: { groupName: "front" }, orderBy: { createdAt: "desc" } });
    expect(log).toMatchObject({ ok: true, attempts: 4, fallbacks: 1, modelName: "sim-8b-base" });
    expect(log.promptJson).toContain("Hello there");
    expect(log.responseText).toBeTruthy();
  });

  it("logs a failure with its error kind, and health shows the cooldown", async () => {
    const created = await group({ name: "doomed", members: [{ modelId: "sim-broken" }], retries: 0, allowedFails: 1, cooldownSeconds: 20 });
    const router = quietRouter();
    const err = await callGroup("doomed", ask, { source: "test", router, db }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RouterError);
    const log = await db.requestLog.findFirstOrThrow({ where: { groupName: "doomed" } });
    expect(log).toMatchObject({ ok: false, status: 502, errorKind: "upstream_unavailable", modelName: "sim-broken", attempts: 1 });
    const health = await groupHealth(created.id, { db, router });
    expect(health.members).toEqual([expect.objectContaining({ modelName: "sim-broken", coolingDown: true, recovering: false, cooldownRemainingSeconds: 20, inFlight: 0, lastErrorKind: "upstream_unavailable" })]);
    // Once the cooldown is over the member is being re-tested: one trial request before full traffic.
    const later = await groupHealth(created.id, { db, router, now: Date.now() + 20_500 });
    expect(later.members).toEqual([expect.objectContaining({ coolingDown: false, recovering: true, cooldownRemainingSeconds: 0 })]);
  });

  it("streams, and writes the log row when the stream ends (a mid-stream cut is logged as a failure)", async () => {
    await group({ name: "streamer", members: [{ modelId: "sim-8b-base" }] });
    const ok = await callGroup("streamer", ask, { source: "playground", stream: true, router: quietRouter(), db });
    for await (const _ of ok.stream);
    await ok.logged;
    expect(await db.requestLog.findFirstOrThrow({ where: { groupName: "streamer" } })).toMatchObject({ ok: true, stream: true, status: 200 });

    await group({ name: "cutter", members: [{ modelId: "sim-cutter" }] });
    const cut = await callGroup("cutter", ask, { source: "playground", stream: true, router: quietRouter(), db });
    await expect(async () => {
      for await (const _ of cut.stream);
    }).rejects.toThrow(/mid-stream/);
    await cut.logged;
    const log = await db.requestLog.findFirstOrThrow({ where: { groupName: "cutter" } });
    expect(log).toMatchObject({ ok: false, stream: true, status: 502, errorKind: "stream_interrupted" });
    expect(log.ttftMs).not.toBeNull();
  });

  it("refuses an unknown group with not_found", async () => {
    await expect(callGroup("ghost", ask, { source: "gateway", db })).rejects.toMatchObject({ code: "not_found" });
  });
});

