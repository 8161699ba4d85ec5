import { describe, expect, it } from "vitest";
import { choose, headroom, lowestTier, pickWeighted, unitCost, type Candidate } from "./select";
import { InMemoryRouterState, isUnanswered, UNANSWERED_FLOOR_MS } from "./state";
import { seededRandom, simMember } from "@/test/router";

const member = (id: string, extra: Parameters<typeof simMember>[3] = {}) => simMember("http://unused", id, {}, extra);
const cand = (id: string, stats: Partial<Candidate["stats"]> = {}, extra: Parameters<typeof simMember>[3] = {}): Candidate => ({
  member: member(id, extra),
  stats: { inFlight: 0, rpmUsed: 0, tpmUsed: 0, circuit: "closed", trialInFlight: false, ...stats },
});

describe("pickWeighted", () => {
  it("maps the random number onto cumulative weights, without mutating the input", () => {
    const items = Object.freeze([{ id: "a", weight: 1 }, { id: "b", weight: 3 }]);
    expect(pickWeighted(items, () => 0)?.id).toBe("a");
    expect(pickWeighted(items, () => 0.24)?.id).toBe("a");
    expect(pickWeighted(items, () => 0.26)?.id).toBe("b");
    expect(pickWeighted(items, () => 0.999999)?.id).toBe("b");
    expect(pickWeighted([], () => 0.5)).toBeUndefined();
  });

  it("is reproducible with a seeded random source", () => {
    const items = [{ weight: 1 }, { weight: 1 }, { weight: 2 }];
    const run = () => Array.from({ length: 20 }, () => items.indexOf(pickWeighted(items, r)!));
    let r = seededRandom(9);
    const first = run();
    r = seededRandom(9);
    expect(run()).toEqual(first);
  });
});

describe("strategies", () => {
  const ctx = { random: () => 0, stream: false };

  it("break ties by weight and never pick outside the lowest score", () => {
    const cs = [cand("a", { inFlight: 1 }), cand("b", { inFlight: 0 }, { weight: 1 }), cand("c", { inFlight: 0 }, { weight: 3 })];
    expect(choose("least-busy", cs, { random: () => 0.5, stream: false })?.member.id).toBe("c");
    expect(choose("least-busy", cs, { random: () => 0.1, stream: false })?.member.id).toBe("b");
  });

  it("latency-based tries unmeasured members first and uses TTFT for streams", () => {
    const cs = [cand("a", { latencyMs: 100, ttftMs: 80 }), cand("b", { latencyMs: 300, ttftMs: 10 })];
    expect(choose("latency-based-routing", cs, ctx)?.member.id).toBe("a");
    expect(choose("latency-based-routing", cs, { ...ctx, stream: true })?.member.id).toBe("b");
    expect(choose("latency-based-routing", [...cs, cand("new")], ctx)?.member.id).toBe("new");
  });

  it("cost-based uses custom pricing, then the price table; unknown prices sort last", () => {
    const priced = cand("priced", {}, { deployment: { provider: "openai", model: "gpt-4o", baseModel: "gpt-4o", pricing: undefined } });
    const cheap = cand("cheap", {}, { deployment: { pricing: { inputPerMTok: 0.1, outputPerMTok: 0.1 } } });
    const unknown = cand("unknown", {}, { deployment: { provider: "ollama", model: "llama3", baseModel: undefined } });
    expect(unitCost(priced.member.deployment)).toBe(12.5);
    expect(unitCost(unknown.member.deployment)).toBe(Infinity);
    expect(choose("cost-based-routing", [unknown, priced, cheap], ctx)?.member.id).toBe("cheap");
    expect(choose("cost-based-routing", [unknown, priced], ctx)?.member.id).toBe("priced");
  });

  it("usage-based takes the tighter of rpm and tpm headroom", () => {
    const a = cand("a", { rpmUsed: 10, tpmUsed: 900 }, { rpm: 100, tpm: 1000 });
    const b = cand("b", { rpmUsed: 50 }, { rpm: 100 });
    expect(headroom(a.member, a.stats)).toBeCloseTo(0.1);
    expect(choose("usage-based-routing", [a, b], ctx)?.member.id).toBe("b");
  });

  it("lowestTier keeps only the lowest order present", () => {
    expect(lowestTier([cand("x", {}, { order: 2 }), cand("y", {}, { order: 1 }), cand("z", {}, { order: 1 })]).map((c) => c.member.id)).toEqual(["y", "z"]);
  });
});

describe("InMemoryRouterState", () => {
  const policy = { allowedFails: 2, windowMs: 10_000, cooldownMs: 5_000 };
  const fail = (s: InMemoryRouterState, at: number, startedAt = at, trial?: number) => s.end("m", at, { result: "failure", startedAt, trial, policy, errorKind: "timeout" });
  const succeed = (s: InMemoryRouterState, id: string, at: number, latencyMs?: number) => s.end(id, at, { result: "success", startedAt: at, latencyMs });

  it("opens the circuit after allowedFails inside the window only", () => {
    const s = new InMemoryRouterState();
    s.begin("m", 0);
    expect(fail(s, 0)).toEqual({});
    s.begin("m", 11_000);
    expect(fail(s, 11_000)).toEqual({}); // the first one left the window
    s.begin("m", 12_000);
    expect(fail(s, 12_000)).toEqual({ cooldownUntil: 17_000 });
    expect(s.snapshot("m", 12_000)).toMatchObject({ circuit: "open", cooldownRemainingSeconds: 5, recentFailures: 2 });
    expect(s.begin("m", 16_999)).toEqual({ admitted: false, reason: "cooling_down" });
    expect(s.load(["m"], 16_999)[0]).toMatchObject({ circuit: "open", cooldownUntil: 17_000 });
    expect(s.load(["m"], 17_000)[0]).toMatchObject({ circuit: "half_open", cooldownUntil: undefined, trialInFlight: false });
  });

  it("after a cooldown admits one trial: its failure reopens the circuit at once, its answer closes it", () => {
    const s = new InMemoryRouterState();
    for (const t of [0, 1]) {
      s.begin("m", t);
      fail(s, t);
    }
    const trial = s.begin("m", 5_001);
    expect(trial).toEqual({ admitted: true, trial: expect.any(Number) });
    expect(s.begin("m", 5_002)).toEqual({ admitted: false, reason: "recovering" });
    expect(s.snapshot("m", 5_002)).toMatchObject({ circuit: "half_open", trialInFlight: true, inFlight: 1 });
    const token = trial.admitted ? trial.trial : undefined;
    expect(fail(s, 6_000, 5_001, token)).toEqual({ cooldownUntil: 11_000 }); // one failure is enough

    const second = s.begin("m", 11_000);
    expect(second).toMatchObject({ admitted: true, trial: expect.any(Number) });
    s.end("m", 11_100, { result: "success", startedAt: 11_000, trial: second.admitted ? second.trial : undefined, latencyMs: 100 });
    expect(s.load(["m"], 11_100)[0]).toMatchObject({ circuit: "closed", trialInFlight: false });
    expect([s.begin("m", 11_100), s.begin("m", 11_100)]).toEqual([{ admitted: true }, { admitted: true }]);
  });

  it("frees the trial when it ends saying nothing about the member, so the next call is the trial", () => {
    const s = new InMemoryRouterState();
    for (const t of [0, 1]) {
      s.begin("m", t);
      fail(s, t);
    }
    const trial = s.begin("m", 6_000);
    s.end("m", 6_010, { result: "neutral", startedAt: 6_000, trial: trial.admitted ? trial.trial : undefined });
    expect(s.load(["m"], 6_010)[0]).toMatchObject({ circuit: "half_open", trialInFlight: false });
    expect(s.begin("m", 6_020)).toMatchObject({ admitted: true, trial: expect.any(Number) });
  });

  it("does not let attempts caught in a cooldown (a hang's backlog) start the next one", () => {
    const s = new InMemoryRouterState();
    for (let i = 0; i < 4; i++) s.begin("m", 0);
    expect(fail(s, 1_000, 0)).toEqual({});
    expect(fail(s, 1_000, 0)).toEqual({ cooldownUntil: 6_000 });
    expect(fail(s, 1_001, 0)).toEqual({});
    const trial = s.begin("m", 6_000);
    s.end("m", 6_100, { result: "success", startedAt: 6_000, trial: trial.admitted ? trial.trial : undefined });
    expect(fail(s, 6_200, 0)).toEqual({}); // the last of the backlog, after the member recovered
    s.begin("m", 6_300);
    expect(fail(s, 6_400, 6_300)).toEqual({});
    s.begin("m", 6_500);
    expect(fail(s, 6_600, 6_500)).toEqual({ cooldownUntil: 11_600 });
  });

  it("enforces the in-flight ceiling", () => {
    const s = new InMemoryRouterState();
    const rule = { maxInFlight: 2 };
    expect([s.begin("m", 0, rule), s.begin("m", 0, rule), s.begin("m", 0, rule)]).toEqual([{ admitted: true }, { admitted: true }, { admitted: false, reason: "at_capacity" }]);
    s.end("m", 1, { result: "neutral", startedAt: 0 });
    expect(s.begin("m", 1, rule)).toEqual({ admitted: true });
  });

  it("holds a member that has not answered to its share of its peers' in-flight attempts", () => {
    const s = new InMemoryRouterState();
    const peers = ["h", "a", "b"];
    const rule = { maxInFlight: 100, share: { fraction: 1 / 3, peers } };
    expect(s.begin("h", 0, rule)).toEqual({ admitted: true }); // nothing in flight: nothing to hold
    expect(s.begin("h", 0, rule)).toEqual({ admitted: false, reason: "unanswered" }); // 1 of 1 already
    s.begin("a", 0, rule);
    s.begin("b", 0, rule);
    expect(s.begin("h", 0, rule)).toEqual({ admitted: true }); // its share of 4 is 2
    expect(s.begin("h", 0, rule)).toEqual({ admitted: false, reason: "unanswered" });
    // A member that answers is not held, however much it has in flight.
    succeed(s, "a", 10, 40);
    for (let i = 0; i < 5; i++) expect(s.begin("a", 20, rule)).toEqual({ admitted: true });
  });

  it("gives an unanswered member that has failed one attempt at a time, unless it has no peers", () => {
    const s = new InMemoryRouterState();
    const rule = { maxInFlight: 100, share: { fraction: 1 / 2, peers: ["h", "a"] } };
    for (let i = 0; i < 3; i++) s.begin("h", 0);
    for (let i = 0; i < 9; i++) s.begin("a", 0);
    expect(s.begin("h", 0, rule)).toEqual({ admitted: true }); // 3 of 12: under its half
    s.end("h", 10, { result: "failure", startedAt: 0, policy: { ...policy, allowedFails: 10 }, errorKind: "timeout" });
    expect(s.begin("h", 20, rule)).toEqual({ admitted: false, reason: "unanswered" });
    expect(s.begin("h", 20, { maxInFlight: 100, share: { fraction: 1, peers: ["h"] } })).toEqual({ admitted: true });
  });

  it("calls a member unanswered once it is silent for twice its usual latency over its attempts in flight, and never under the floor", () => {
    const stats = { inFlight: 1, rpmUsed: 0, tpmUsed: 0, circuit: "closed" as const, trialInFlight: false };
    expect(isUnanswered({ ...stats, inFlight: 0 }, 0)).toBe(false);
    expect(isUnanswered(stats, 0)).toBe(true); // never answered
    const answered = { ...stats, lastAnswerAt: 1_000, busySince: 500, latencyMs: 400 };
    expect(isUnanswered(answered, 1_800)).toBe(false);
    expect(isUnanswered(answered, 1_801)).toBe(true);
    expect(isUnanswered({ ...answered, inFlight: 4 }, 1_200)).toBe(false); // 4 in flight: one due every 100 ms
    expect(isUnanswered({ ...answered, inFlight: 4 }, 1_201)).toBe(true);
    expect(isUnanswered({ ...answered, latencyMs: 10 }, 1_000 + UNANSWERED_FLOOR_MS)).toBe(false);
    expect(isUnanswered({ ...answered, latencyMs: 10, busySince: 2_000 }, 2_100)).toBe(false); // busy again only since 2,000
  });

  it("keeps moving averages, in-flight counts and per-minute usage", () => {
    const s = new InMemoryRouterState();
    s.begin("m", 0);
    s.begin("m", 0);
    s.begin("m", 0);
    s.end("m", 0, { result: "success", startedAt: 0, latencyMs: 100, tokens: 50 });
    s.end("m", 0, { result: "success", startedAt: 0, latencyMs: 200, tokens: 50 });
    expect(s.load(["m"], 1)[0]).toMatchObject({ inFlight: 1, latencyMs: 130, rpmUsed: 3, tpmUsed: 100, lastAnswerAt: 0 });
    expect(s.load(["m"], 60_000)[0]).toMatchObject({ rpmUsed: 0, tpmUsed: 0 });
  });
});
