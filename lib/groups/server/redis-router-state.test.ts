// Two instances' router states on one real Redis (127.0.0.1:6379, a namespace per run). Their messages go straight
// from one to the other here, in place of the cluster bus; e2e/scale-out.spec.ts runs the same through the real bus.
import Redis from "ioredis";
import { afterAll, describe, expect, it } from "vitest";
import type { CooldownPolicy } from "@/lib/completion/router";
import { RedisRouterState, type RouterMessage } from "./redis-router-state";

const REDIS_URL = process.env.TEST_REDIS_URL ?? "redis://127.0.0.1:6379";
const prefix = `tb-test-${process.pid}-${Date.now().toString(36)}:`;
const states: RedisRouterState[] = [];

function pair(): [RedisRouterState, RedisRouterState] {
  const peers: { a?: RedisRouterState; b?: RedisRouterState } = {};
  const a = new RedisRouterState(new Redis(REDIS_URL), prefix, "A", (m: RouterMessage) => peers.b?.receive(m));
  const b = new RedisRouterState(new Redis(REDIS_URL), prefix, "B", (m: RouterMessage) => peers.a?.receive(m));
  Object.assign(peers, { a, b });
  states.push(a, b);
  return [a, b];
}

afterAll(async () => {
  const admin = new Redis(REDIS_URL);
  const keys = await admin.keys(`${prefix}*`);
  if (keys.length) await admin.del(...keys);
  await admin.quit();
  await Promise.all(states.map((s) => s.stop()));
});

const policy: CooldownPolicy = { allowedFails: 2, windowMs: 60_000, cooldownMs: 1_000 };
const fail = (s: RedisRouterState, id: string, now: number, trial?: number) => s.end(id, now, { result: "failure", startedAt: now, policy, errorKind: "upstream_unavailable", trial });

describe("RedisRouterState", () => {
  it("counts failures on every instance towards one cooldown, and every instance honours it", async () => {
    const [a, b] = pair();
    const now = Date.now();
    await a.begin("m1", now);
    expect(await fail(a, "m1", now)).toEqual({});
    await b.begin("m1", now + 1);
    const opened = await fail(b, "m1", now + 1);
    expect(opened.cooldownUntil).toBe(now + 1 + 1_000);
    for (const s of [a, b]) {
      expect(s.load(["m1"], now + 2)[0]).toMatchObject({ circuit: "open", cooldownUntil: now + 1_001 });
      expect(await s.begin("m1", now + 2)).toEqual({ admitted: false, reason: "cooling_down" });
    }
    const snap = await a.snapshot("m1", now + 2);
    expect(snap).toMatchObject({ recentFailures: 2, openedBy: "B" });
  });

  it("sends one half-open trial for the whole cluster, and its answer closes the circuit everywhere", async () => {
    const [a, b] = pair();
    const now = Date.now();
    for (const s of [a, b]) {
      await s.begin("m2", now);
      await fail(s, "m2", now);
    }
    const later = now + 1_500; // the cooldown is over
    const trial = await a.begin("m2", later);
    expect(trial).toMatchObject({ admitted: true, trial: expect.any(Number) });
    expect(await b.begin("m2", later)).toEqual({ admitted: false, reason: "recovering" });
    await a.end("m2", later + 10, { result: "success", startedAt: later, trial: (trial as { trial: number }).trial, latencyMs: 10 });
    for (const s of [a, b]) expect(s.load(["m2"], later + 11)[0].circuit).toBe("closed");
    expect(await b.begin("m2", later + 12)).toEqual({ admitted: true });
  });

  it("a failed trial reopens the circuit for both", async () => {
    const [a, b] = pair();
    const now = Date.now();
    for (const s of [a, b]) {
      await s.begin("m3", now);
      await fail(s, "m3", now);
    }
    const later = now + 1_500;
    const trial = (await b.begin("m3", later)) as { trial: number };
    const reopened = await fail(b, "m3", later + 5, trial.trial);
    expect(reopened.cooldownUntil).toBe(later + 5 + 1_000);
    expect(a.load(["m3"], later + 6)[0].circuit).toBe("open");
  });

  it("holds an rpm limit in total across instances", async () => {
    const [a, b] = pair();
    const now = Date.now();
    const rule = { maxInFlight: 100, limits: { rpm: 5 } };
    let admitted = 0;
    for (let i = 0; i < 12; i++) {
      const s = i % 2 ? a : b;
      const r = await s.begin("m4", now, rule);
      if (r.admitted) {
        admitted++;
        await s.end("m4", now, { result: "success", startedAt: now });
      } else expect(r.reason).toBe("rate_limit");
    }
    expect(admitted).toBe(5);
    expect(a.load(["m4"], now)[0].rpmUsed).toBe(5);
  });

  it("shows each instance's in-flight attempts to the others (least-busy) within a broadcast", async () => {
    const [a, b] = pair();
    await a.start();
    await b.start();
    const now = Date.now();
    await a.begin("m5", now);
    await a.begin("m5", now);
    await b.begin("m5", now);
    await new Promise((r) => setTimeout(r, 400));
    expect(b.load(["m5"], Date.now())[0]).toMatchObject({ inFlight: 1, clusterInFlight: 3 });
    const snap = await b.snapshot("m5", Date.now());
    expect(snap.instances).toEqual(expect.arrayContaining([expect.objectContaining({ instance: "A", inFlight: 2 }), expect.objectContaining({ instance: "B", inFlight: 1 })]));
  });
});
