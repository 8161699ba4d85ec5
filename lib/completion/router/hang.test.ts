import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSimulator, type RunningSimulator } from "@/lib/simulator";
import type { SimulatorBehavior } from "../types";
import { createRouter } from "./router";
import { InMemoryRouterState, type AdmissionRule, type Admission } from "./state";
import { ask, makeGroup, simMember } from "@/test/router";
import { RouterError, type RouteTrace } from "./trace";
import { GROUP_DEFAULTS, type RouterGroup } from "./types";

// A member that accepts requests and never answers, over real HTTP to the simulator with the real clock:
// what it costs the group's callers, under load and across its cooldowns.
let sim: RunningSimulator;
beforeAll(async () => {
  sim = await startSimulator({ port: 0, quiet: true });
});
afterAll(() => sim.close());

const m = (id: string, behavior: SimulatorBehavior = {}) => simMember(sim.url, id, behavior);

/** Runs `total` calls (or as many as fit in `forMs`), `concurrency` at a time; each call's wall time and trace (or error). */
async function load(total: number, concurrency: number, call: () => Promise<RouteTrace>, forMs = Infinity) {
  const results: Array<{ ms: number; trace: RouteTrace; error?: RouterError }> = [];
  const until = performance.now() + forMs;
  let next = 0;
  const worker = async () => {
    while (next < total && performance.now() < until) {
      next++;
      const started = performance.now();
      try {
        const trace = await call();
        results.push({ ms: performance.now() - started, trace });
      } catch (err) {
        if (!(err instanceof RouterError)) throw err;
        results.push({ ms: performance.now() - started, trace: err.trace, error: err });
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return results;
}

const paidTimeout = (t: RouteTrace) => t.attempts.some((a) => a.errorKind === "timeout");

/** A real router state that remembers who it admitted, and how busy they were at that moment. */
class WatchedState extends InMemoryRouterState {
  readonly admitted: Array<{ id: string; at: number; trial: boolean; inFlightBefore: number }> = [];
  override begin(id: string, now: number, rule?: AdmissionRule): Admission {
    const inFlightBefore = this.load([id], now)[0].inFlight;
    const a = super.begin(id, now, rule);
    if (a.admitted) this.admitted.push({ id, at: now, trial: a.trial !== undefined, inFlightBefore });
    return a;
  }
}

describe("a hanging member", () => {
  it("with default settings, costs at most 1% of 1,000 calls at concurrency 20 a timeout, and none the full timeout", async () => {
    const state = new WatchedState();
    const router = createRouter({ state });
    // Healthy members answer in 50 ms, so the load overlaps the hanging member's first-byte timeout.
    const group = makeGroup("three", [m("hangs", { failure: "hang" }), m("ok-1", { latencyMs: 50 }), m("ok-2", { latencyMs: 50 })]);
    const results = await load(1000, 20, async () => (await router.route(group, ask())).trace);

    const ms = results.map((r) => r.ms).sort((a, b) => a - b);
    const p99 = ms[Math.ceil(0.99 * ms.length) - 1];
    const timedOut = results.filter((r) => paidTimeout(r.trace));
    const onHang = state.admitted.filter((a) => a.id === "hangs").length;
    console.info(`1,000 calls at 20: ${timedOut.length} paid a timeout, ${onHang} sent to the hanging member, p50 ${Math.round(ms[499])} ms, p99 ${Math.round(p99)} ms, max ${Math.round(ms[999])} ms`);

    expect(results.filter((r) => r.error)).toEqual([]);
    expect(timedOut.length).toBeLessThanOrEqual(10);
    expect(p99).toBeLessThanOrEqual(5_000);
    // Each of those waited for the first-byte timeout, then went to another member; none for the whole timeout.
    for (const r of timedOut) {
      expect(r.trace.attempts.map((a) => [a.memberId, a.errorKind ?? "ok"])).toEqual([["hangs", "timeout"], [expect.stringMatching(/^ok-/), "ok"]]);
    }
    expect(ms[999]).toBeLessThan(GROUP_DEFAULTS.timeoutMs);
    expect(Math.max(...timedOut.flatMap((r) => r.trace.attempts.map((a) => a.latencyMs)))).toBeLessThan(GROUP_DEFAULTS.timeoutMs);
  }, 60_000);

  it("that answered until now and starts hanging under load costs about its share of the calls in flight", async () => {
    const router = createRouter();
    const healthy = makeGroup("three", [m("turns", { latencyMs: 100 }), m("steady-1", { latencyMs: 100 }), m("steady-2", { latencyMs: 100 })], { firstByteTimeoutMs: 2_000 });
    // Same members (router state is per member id); only the first one's upstream now hangs.
    const hanging: RouterGroup = { ...healthy, members: [m("turns", { failure: "hang" }), ...healthy.members.slice(1)] };
    let done = 0;
    const results = await load(600, 20, async () => {
      const { trace } = await router.route(done < 150 ? healthy : hanging, ask());
      done++;
      return trace;
    });
    const timedOut = results.filter((r) => paidTimeout(r.trace)).length;
    expect(results.filter((r) => r.error)).toEqual([]);
    // What it held when it started hanging (about a third of 20), plus the few sent before it looked overdue (8–12
    // here); without the rules it would soon hold all 20 callers until the timeout.
    console.info(`started hanging under load: ${timedOut} of 600 calls paid a timeout`);
    expect(timedOut).toBeGreaterThan(0);
    expect(timedOut).toBeLessThanOrEqual(15);
  }, 30_000);

  it("gets one trial request after each cooldown, alone, and full traffic never", async () => {
    const state = new WatchedState();
    const router = createRouter({ state });
    const group = makeGroup("three", [m("hangs", { failure: "hang" }), m("ok-1", { latencyMs: 20 }), m("ok-2", { latencyMs: 20 })], {
      firstByteTimeoutMs: 1_000,
      cooldownSeconds: 1,
    });
    const results = await load(Infinity, 10, async () => (await router.route(group, ask())).trace, 4_500);

    const onHang = state.admitted.filter((a) => a.id === "hangs");
    const firstTrial = onHang.findIndex((a) => a.trial);
    // Before its first cooldown it held about its share (a third of 10 in flight); after it, only trials, each
    // with nothing else in flight on it: at ~2 s and ~4 s (a cooldown plus a first-byte timeout apart).
    expect(firstTrial).toBeGreaterThan(0);
    expect(firstTrial).toBeLessThanOrEqual(Math.ceil(10 / 3) + 1);
    const trials = onHang.slice(firstTrial);
    expect(trials.every((a) => a.trial && a.inFlightBefore === 0)).toBe(true);
    expect(trials.length).toBeGreaterThanOrEqual(1);
    expect(trials.length).toBeLessThanOrEqual(3);
    expect(results.filter((r) => r.trace.ok).length).toBeGreaterThan(50);
    expect((await router.state.snapshot("hangs", Date.now())).circuit).not.toBe("closed");
  }, 30_000);

  it("with timeoutMs 1500 and a fallback, reaches the fallback after one timeout, without retrying the hanging member", async () => {
    const router = createRouter();
    const backup = makeGroup("backup", [m("spare")]);
    const group = makeGroup("primary", [m("hangs-alone", { failure: "hang" })], { timeoutMs: 1_500, fallbacks: [backup] });
    const started = performance.now();
    const { trace } = await router.route(group, ask());
    const elapsed = performance.now() - started;
    expect(trace.attempts.map((a) => [a.memberId, a.errorKind ?? "ok", a.waitedMs])).toEqual([
      ["hangs-alone", "timeout", undefined],
      ["spare", "ok", undefined],
    ]);
    expect(trace.fallbacks).toEqual(["backup"]);
    expect(elapsed).toBeGreaterThanOrEqual(1_450);
    expect(elapsed).toBeLessThan(3_000); // was 5.3 s: the member was retried twice, with backoff
  }, 15_000);

  it("sends a retry to a different member, and never retries one that timed out", async () => {
    const router = createRouter({ random: () => 0 });
    const group = makeGroup("g", [m("hang-a", { failure: "hang" }), m("hang-b", { failure: "hang" }), m("fine")], { firstByteTimeoutMs: 500 });
    const { trace } = await router.route(group, ask());
    expect(trace.attempts.map((a) => [a.memberId, a.errorKind ?? "ok"])).toEqual([
      ["hang-a", "timeout"],
      ["hang-b", "timeout"],
      ["fine", "ok"],
    ]);

    const alone = makeGroup("alone", [m("hang-c", { failure: "hang" })], { firstByteTimeoutMs: 500, retries: 3 });
    const err = await router.route(alone, ask()).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RouterError);
    expect((err as RouterError).kind).toBe("timeout");
    expect((err as RouterError).trace.attempts).toHaveLength(1);
  }, 15_000);

  it("stops at the group's deadline, cutting the last attempt short", async () => {
    const router = createRouter({ random: () => 0 });
    const backup: RouterGroup = makeGroup("backup", [m("hang-z", { failure: "hang" })]);
    const group = makeGroup("g", [m("hang-x", { failure: "hang" }), m("hang-y", { failure: "hang" })], { timeoutMs: 700, deadlineMs: 1_000, fallbacks: [backup] });
    const err = (await router.route(group, ask()).catch((e: unknown) => e)) as RouterError;
    expect(err).toBeInstanceOf(RouterError);
    expect(err.kind).toBe("timeout");
    expect(err.message).toMatch(/^gave up at the 1000 ms deadline after 2 attempts: no response from .* within \d+ ms/);
    expect(err.trace.attempts.map((a) => a.memberId)).toEqual(["hang-x", "hang-y"]);
    expect(err.trace.attempts[1].latencyMs).toBeLessThan(600); // cut to what was left of the second
    expect(err.trace.totalMs).toBeGreaterThanOrEqual(950);
    expect(err.trace.totalMs).toBeLessThan(2_000);
  }, 15_000);
});
