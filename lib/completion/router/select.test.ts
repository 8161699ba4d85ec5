import { describe, expect, it } from "vitest";
import { choose, headroom, lowestTier, pickWeighted, unitCost, type Candidate } from "./select";
import { InMemoryRouterState } from "./state";
import { seededRandom, simMember } from "./testing";

const member = (id: string, extra: Parameters<typeof simMember>[3] = {}) => simMember("http://unused", id, {}, extra);
const cand = (id: string, stats: Partial<Candidate["stats"]> = {}, extra: Parameters<typeof simMember>[3] = {}): Candidate => ({
  member: member(id, extra),
  stats: { inFlight: 0, rpmUsed: 0, tpmUsed: 0, ...stats },
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

  it("cools down after allowedFails inside the window only, and counts afresh after a cooldown", () => {
    const s = new InMemoryRouterState();
    expect(s.recordFailure("m", 0, policy)).toEqual({});
    expect(s.recordFailure("m", 11_000, policy)).toEqual({}); // the first one left the window
    expect(s.recordFailure("m", 12_000, policy)).toEqual({ cooldownUntil: 17_000 });
    expect(s.snapshot("m", 12_000)).toMatchObject({ cooldownRemainingSeconds: 5, recentFailures: 2 });
    expect(s.load(["m"], 16_999)[0].cooldownUntil).toBe(17_000);
    expect(s.load(["m"], 17_000)[0].cooldownUntil).toBeUndefined();
    expect(s.recordFailure("m", 17_500, policy)).toEqual({}); // failures before the cooldown don't count again
    expect(s.recordFailure("m", 18_000, policy)).toEqual({ cooldownUntil: 23_000 });
  });

  it("keeps moving averages, in-flight counts and per-minute usage", () => {
    const s = new InMemoryRouterState();
    s.begin("m", 0);
    s.begin("m", 0);
    s.end("m");
    s.recordSuccess("m", { latencyMs: 100, tokens: 50 }, 0);
    s.recordSuccess("m", { latencyMs: 200, tokens: 50 }, 0);
    expect(s.load(["m"], 1)[0]).toMatchObject({ inFlight: 1, latencyMs: 130, rpmUsed: 2, tpmUsed: 100 });
    expect(s.load(["m"], 60_000)[0]).toMatchObject({ rpmUsed: 0, tpmUsed: 0 });
  });
});
