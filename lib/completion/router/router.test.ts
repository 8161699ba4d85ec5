import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSimulator, type RunningSimulator } from "@/lib/simulator";
import type { SimulatorBehavior } from "../types";
import { createRouter, type RouterDeps } from "./router";
import { InMemoryRouterState } from "./state";
import { ask, fakeClock, makeGroup, seededRandom, simMember } from "@/test/router";
import { RouterError } from "./trace";
import { ROUTING_STRATEGIES, type RouterGroup } from "./types";

// Every call here goes over real HTTP to the simulator; only the clock, randomness and sleeping are injected.
let sim: RunningSimulator;
beforeAll(async () => {
  sim = await startSimulator({ port: 0, quiet: true });
});
afterAll(() => sim.close());

const m = (id: string, behavior: SimulatorBehavior = {}, extra: Parameters<typeof simMember>[3] = {}) => simMember(sim.url, id, behavior, extra);

function setup(deps: RouterDeps = {}) {
  const clock = fakeClock();
  const sleeps: number[] = [];
  const router = createRouter({
    now: clock.now,
    random: seededRandom(42),
    sleep: async (ms) => {
      sleeps.push(ms);
      clock.advance(ms);
    },
    ...deps,
  });
  return { router, clock, sleeps };
}

async function routeError(p: Promise<unknown>): Promise<RouterError> {
  try {
    await p;
  } catch (err) {
    if (err instanceof RouterError) return err;
    throw err;
  }
  throw new Error("expected the call to fail");
}

const first = () => 0; // always picks the first candidate

describe("router over the simulator", () => {
  it("splits 2,000 calls by weight (80/20 within ±3 points)", async () => {
    const { router } = setup({ random: seededRandom(7) });
    const group = makeGroup("canary", [m("base", {}, { weight: 80 }), m("tuned", {}, { weight: 20 })]);
    const counts: Record<string, number> = { base: 0, tuned: 0 };
    for (let batch = 0; batch < 100; batch++) {
      const results = await Promise.all(Array.from({ length: 20 }, () => router.route(group, ask())));
      for (const { trace } of results) counts[trace.servedBy!.memberId]++;
    }
    expect(counts.base + counts.tuned).toBe(2000);
    expect(Math.abs(counts.tuned / 2000 - 0.2)).toBeLessThan(0.03);
  });

  it("fails over to another member on a 500, immediately and with a trace", async () => {
    const { router, sleeps } = setup({ random: first });
    const group = makeGroup("g", [m("broken", { failure: "server_error" }), m("healthy")]);
    const { result, trace } = await router.route(group, ask());
    expect(result.choices[0].message.content).toBeTruthy();
    expect(trace.attempts.map((a) => [a.memberId, a.ok, a.status, a.errorKind])).toEqual([
      ["broken", false, 500, "upstream_unavailable"],
      ["healthy", true, 200, undefined],
    ]);
    expect(trace.servedBy?.memberId).toBe("healthy");
    expect(trace.finished && trace.ok).toBe(true);
    expect(sleeps).toEqual([]);
  });

  it("honours Retry-After on a 429 before retrying the same member, then falls back", async () => {
    const { router, sleeps } = setup();
    const backup = makeGroup("backup", [m("spare")]);
    const group = makeGroup("primary", [m("limited", { failure: "rate_limit", retryAfterSeconds: 2 })], { retries: 1, fallbacks: [backup] });
    const { trace } = await router.route(group, ask());
    expect(sleeps).toEqual([2000]);
    expect(trace.attempts.map((a) => [a.memberId, a.errorKind ?? "ok", a.waitedMs])).toEqual([
      ["limited", "rate_limit", undefined],
      ["limited", "rate_limit", 2000],
      ["spare", "ok", undefined],
    ]);
    expect(trace.fallbacks).toEqual(["backup"]);
    expect(trace.servedBy).toMatchObject({ group: "backup", memberId: "spare" });
  });

  it("backs off exponentially when retrying the only member", async () => {
    const { router, sleeps } = setup({ backoffBaseMs: 100 });
    const group = makeGroup("g", [m("flaky", { failure: "server_error" })], { retries: 3, allowedFails: 10 });
    const err = await routeError(router.route(group, ask()));
    expect(err.kind).toBe("upstream_unavailable");
    expect(err.status).toBe(502);
    expect(sleeps).toEqual([100, 200, 400]);
    expect(err.trace.attempts).toHaveLength(4);
  });

  it("never waits past the group's deadline: a backoff that would overrun it ends the call", async () => {
    const { router, sleeps } = setup({ backoffBaseMs: 300 });
    const group = makeGroup("g", [m("flaky-slow", { failure: "server_error" })], { retries: 3, allowedFails: 10, deadlineMs: 800 });
    const err = await routeError(router.route(group, ask()));
    expect(err.kind).toBe("upstream_unavailable");
    expect(sleeps).toEqual([300]); // the next backoff (600 ms) would end after the 800 ms deadline
    expect(err.trace.attempts).toHaveLength(2);
  });

  it("gives up on a hanging member after timeoutMs and fails over", async () => {
    const { router } = setup({ random: first });
    const group = makeGroup("g", [m("hangs", { failure: "hang" }), m("ok")], { timeoutMs: 1_000 });
    const { trace } = await router.route(group, ask());
    expect(trace.attempts[0]).toMatchObject({ memberId: "hangs", ok: false, errorKind: "timeout" });
    expect(trace.servedBy?.memberId).toBe("ok");
  });

  it("returns non-retryable errors at once, without retries or default fallbacks", async () => {
    const { router } = setup({ random: first });
    const backup = makeGroup("backup", [m("spare")]);
    const group = makeGroup("g", [m("bad-key", { failure: "reject_key" }), m("fine")], { fallbacks: [backup] });
    const err = await routeError(router.route(group, ask()));
    expect(err.kind).toBe("authentication");
    expect(err.status).toBe(502); // the provider refused our credential: not the caller's fault
    expect(err.trace.attempts).toHaveLength(1);
    expect(err.trace.fallbacks).toEqual([]);
  });

  it("uses the context-window list (only) for context-window errors", async () => {
    const { router } = setup();
    const big = makeGroup("big", [m("big-ctx")]);
    const other = makeGroup("other", [m("other")]);
    const withList = makeGroup("g", [m("small", { failure: "context_window" })], { fallbacks: [other], contextWindowFallbacks: [big] });
    const { trace } = await router.route(withList, ask());
    expect(trace.fallbacks).toEqual(["big"]);
    expect(trace.servedBy?.memberId).toBe("big-ctx");

    const without = makeGroup("g2", [m("small2", { failure: "context_window" })], { fallbacks: [other] });
    const err = await routeError(router.route(without, ask()));
    expect(err.kind).toBe("context_window_exceeded");
    expect(err.trace.fallbacks).toEqual([]);
  });

  it("uses the content-policy list for content-policy errors", async () => {
    const { router } = setup();
    const lenient = makeGroup("lenient", [m("lenient-1")]);
    const group = makeGroup("g", [m("strict", { failure: "content_policy" })], { contentPolicyFallbacks: [lenient] });
    const { trace } = await router.route(group, ask());
    expect(trace.attempts.map((a) => a.errorKind ?? "ok")).toEqual(["content_policy", "ok"]);
    expect(trace.fallbacks).toEqual(["lenient"]);
  });

  it("skips members whose context window cannot fit the prompt", async () => {
    const { router } = setup({ random: first });
    const group = makeGroup("g", [m("tiny", {}, { deployment: { contextWindow: 64 } }), m("roomy")]);
    const { trace } = await router.route(group, ask("word ".repeat(200)));
    expect(trace.skipped).toEqual([{ group: "g", memberId: "tiny", memberName: "tiny", reason: "context_window" }]);
    expect(trace.attempts.map((a) => a.memberId)).toEqual(["roomy"]);

    const onlyTiny = makeGroup("t", [m("tiny2", {}, { deployment: { contextWindow: 64 } })]);
    const err = await routeError(router.route(onlyTiny, ask("word ".repeat(200))));
    expect(err.kind).toBe("context_window_exceeded");
    expect(err.trace.attempts).toHaveLength(0);
  });

  it("keeps total attempts bounded by maxAttempts across retries and fallbacks", async () => {
    const { router } = setup();
    const failing = (name: string): RouterGroup =>
      makeGroup(name, [m(`${name}-a`, { failure: "server_error" }), m(`${name}-b`, { failure: "server_error" })], { retries: 3, allowedFails: 100 });
    const c = failing("c");
    const b = { ...failing("b"), fallbacks: [c] };
    const a = { ...failing("a"), fallbacks: [b, c], maxAttempts: 5 };
    const err = await routeError(router.route(a, ask()));
    expect(err.trace.attempts).toHaveLength(5);
    expect(err.message).toMatch(/gave up after 5 attempts/);
    expect(err.trace.fallbacks).toEqual(["b"]);
  });

  it("cools a member down after allowedFails within the window, and releases it after cooldownSeconds", async () => {
    const { router, clock } = setup({ random: first });
    const group = makeGroup("g", [m("sick", { failure: "server_error" }), m("well")], { allowedFails: 2, cooldownWindowSeconds: 60, cooldownSeconds: 30 });
    const r1 = await router.route(group, ask());
    expect(r1.trace.attempts.map((a) => a.memberId)).toEqual(["sick", "well"]);
    const r2 = await router.route(group, ask());
    expect(r2.trace.attempts[0]).toMatchObject({ memberId: "sick", cooldownStarted: true });
    const r3 = await router.route(group, ask());
    expect(r3.trace.attempts.map((a) => a.memberId)).toEqual(["well"]);
    expect(r3.trace.skipped).toEqual([{ group: "g", memberId: "sick", memberName: "sick", reason: "cooling_down" }]);
    expect((await router.state.snapshot("sick", clock.now())).cooldownRemainingSeconds).toBe(30);
    clock.advance(30_001);
    // Half-open: one trial; it fails, so the member cools down again at once (one failure is enough).
    const r4 = await router.route(group, ask());
    expect(r4.trace.attempts.map((a) => [a.memberId, a.cooldownStarted])).toEqual([
      ["sick", true],
      ["well", undefined],
    ]);
    expect((await router.state.snapshot("sick", clock.now())).circuit).toBe("open");
  });

  it("says when every member is cooling down, and when the first returns", async () => {
    const { router, clock } = setup();
    const group = makeGroup("solo", [m("down", { failure: "server_error" })], { retries: 0, allowedFails: 1, cooldownSeconds: 45 });
    await routeError(router.route(group, ask()));
    clock.advance(5_000);
    const err = await routeError(router.route(group, ask()));
    expect(err.kind).toBe("cooling_down");
    expect(err.status).toBe(503);
    expect(err.message).toMatch(/every member of group "solo" is cooling down.*the first \(down\) returns in 40s/);
    expect(err.retryAfterMs).toBe(40_000);
    expect(err.trace.attempts).toHaveLength(0);
  });

  it("tries lower priority tiers first", async () => {
    const { router } = setup();
    const group = makeGroup("g", [m("tier1", {}, { order: 1, weight: 1000 }), m("tier0-broken", { failure: "server_error" }, { order: 0 })]);
    const { trace } = await router.route(group, ask());
    expect(trace.attempts.map((a) => a.memberId)).toEqual(["tier0-broken", "tier1"]);
  });

  it("stops when the caller aborts", async () => {
    const { router } = setup();
    const group = makeGroup("g", [m("slow", { latencyMs: 5_000 })]);
    const ctrl = new AbortController();
    setTimeout(() => ctrl.abort(new Error("client went away")), 50);
    await expect(router.route(group, ask(), { signal: ctrl.signal })).rejects.toThrow("client went away");
    expect(router.state.snapshot("slow", Date.now())).toMatchObject({ inFlight: 0, recentFailures: 0 });
  });
});

describe("strategies over the simulator, under controlled state", () => {
  const members = () => [
    m("a", {}, { deployment: { pricing: { inputPerMTok: 3, outputPerMTok: 3 } }, rpm: 100 }),
    m("b", {}, { deployment: { pricing: { inputPerMTok: 1, outputPerMTok: 1 } }, rpm: 100 }),
    m("c", {}, { deployment: { pricing: { inputPerMTok: 2, outputPerMTok: 2 } }, rpm: 100 }),
  ];

  it("least-busy picks the member with the fewest calls in flight", async () => {
    const state = new InMemoryRouterState();
    const { router, clock } = setup({ state });
    for (const [id, n] of [["a", 2], ["b", 1], ["c", 3]] as const) for (let i = 0; i < n; i++) state.begin(id, clock.now());
    const { trace } = await router.route(makeGroup("g", members(), { strategy: "least-busy" }), ask());
    expect(trace.servedBy?.memberId).toBe("b");
  });

  it("latency-based-routing picks the lowest moving average, and TTFT for streams", async () => {
    const state = new InMemoryRouterState();
    const { router, clock } = setup({ state });
    for (const [id, latencyMs, ttftMs] of [["a", 300, 20], ["b", 100, 90], ["c", 200, 50]] as const) {
      state.begin(id, clock.now());
      state.end(id, clock.now(), { result: "success", startedAt: clock.now(), latencyMs, ttftMs });
    }
    const group = makeGroup("g", members(), { strategy: "latency-based-routing" });
    expect((await router.route(group, ask())).trace.servedBy?.memberId).toBe("b");
    const { stream } = await router.routeStream(group, ask());
    for await (const _ of stream);
    expect((await stream.done).servedBy?.memberId).toBe("a");
  });

  it("cost-based-routing picks the cheapest by the price table", async () => {
    const { router } = setup();
    const { trace } = await router.route(makeGroup("g", members(), { strategy: "cost-based-routing" }), ask());
    expect(trace.servedBy?.memberId).toBe("b");
  });

  it.each(ROUTING_STRATEGIES)("%s honours the in-flight ceiling: a member at maxInFlight is skipped", async (strategy) => {
    const state = new InMemoryRouterState();
    const { router, clock } = setup({ state });
    for (const id of ["a", "b", "a", "b"]) state.begin(id, clock.now());
    const group = makeGroup("g", members(), { strategy, maxInFlight: 2 });
    const { trace } = await router.route(group, ask());
    expect(trace.servedBy?.memberId).toBe("c");
    expect(trace.skipped.map((s) => [s.memberId, s.reason])).toEqual([
      ["a", "at_capacity"],
      ["b", "at_capacity"],
    ]);
    state.begin("c", clock.now());
    state.begin("c", clock.now());
    const err = await routeError(router.route(group, ask()));
    expect(err).toMatchObject({ kind: "no_available_members", status: 503 });
    expect(err.message).toMatch(/in-flight limit/);
  });

  it("usage-based-routing picks the most rpm/tpm headroom, and skips a member at its limit", async () => {
    const state = new InMemoryRouterState();
    const { router, clock } = setup({ state });
    for (const [id, n] of [["a", 10], ["b", 50], ["c", 100]] as const) for (let i = 0; i < n; i++) {
      state.begin(id, clock.now());
      state.end(id, clock.now(), { result: "neutral", startedAt: clock.now() });
    }
    const { trace } = await router.route(makeGroup("g", members(), { strategy: "usage-based-routing" }), ask());
    expect(trace.servedBy?.memberId).toBe("a");
    expect(trace.skipped.map((s) => [s.memberId, s.reason])).toEqual([["c", "rate_limit"]]);
  });
});
