import { describe, expect, it } from "vitest";
import { bradleyTerry, buildReport, judgeOutcome, signTest, verdictOf, type ResultLike } from "./stats";

describe("signTest", () => {
  it("matches the exact binomial", () => {
    expect(signTest(0, 0)).toBe(1);
    expect(signTest(5, 5)).toBe(1);
    // 9 of 10: 2 × (1 + 10) / 1024
    expect(signTest(9, 1)).toBeCloseTo(22 / 1024, 10);
    expect(signTest(1, 9)).toBeCloseTo(22 / 1024, 10);
    // 10 of 10: 2 / 1024
    expect(signTest(10, 0)).toBeCloseTo(2 / 1024, 10);
    expect(signTest(600, 400)).toBeLessThan(1e-9);
  });
  it("names a verdict only below 0.05", () => {
    expect(verdictOf(9, 1, signTest(9, 1))).toBe("better");
    expect(verdictOf(1, 9, signTest(1, 9))).toBe("worse");
    expect(verdictOf(6, 4, signTest(6, 4))).toBe("no_difference");
    expect(verdictOf(0, 0, 1)).toBe("no_data");
  });
});

describe("judgeOutcome", () => {
  it("cancels position bias across the two orderings", () => {
    expect(judgeOutcome(["target", "target"])).toBe("win");
    expect(judgeOutcome(["target", "baseline"])).toBe("tie");
    expect(judgeOutcome(["tie", "baseline"])).toBe("loss");
    expect(judgeOutcome(["error", "target"])).toBe("win");
    expect(judgeOutcome(["error"])).toBeNull();
  });
});

describe("buildReport", () => {
  const r = (caseIndex: number, target: number, pass: boolean, extra: Partial<{ ok: boolean; latencyMs: number; costUsd: number }> = {}): ResultLike => ({
    caseIndex,
    target,
    ok: extra.ok ?? true,
    latencyMs: extra.latencyMs ?? 100 + caseIndex,
    ttftMs: 10,
    tokensIn: 5,
    tokensOut: 20,
    costUsd: extra.costUsd ?? 0.001,
    scores: extra.ok === false ? {} : { "0:contains": { pass, score: pass ? 1 : 0 } },
  });
  it("counts wins, ties and failed calls against the baseline", () => {
    const results = [
      r(0, 0, false), r(0, 1, true), // win
      r(1, 0, true), r(1, 1, true), // tie
      r(2, 0, true), r(2, 1, false), // loss
      r(3, 0, false, { ok: false }), r(3, 1, true), // a failed baseline call loses
    ];
    const [base, ft] = buildReport({ labels: ["base", "ft"], baseline: 0, scorerIds: ["0:contains"], caseCount: 4, results, judgements: null });
    expect(base.vsBaseline).toBeNull();
    expect(base.errors).toBe(1);
    expect(base.scorers[0]).toMatchObject({ passed: 2, scored: 4 });
    expect(ft.vsBaseline).toMatchObject({ source: "scorers", wins: 2, losses: 1, ties: 1, decisions: 4 });
    expect(ft.vsBaseline!.winRate!.rate).toBeCloseTo(2.5 / 4);
    expect(ft.costPer1kCases).toBeCloseTo(1);
    expect(ft.p50LatencyMs).toBeCloseTo(101.5);
  });
});

describe("bradleyTerry", () => {
  it("ranks a consistent winner first and sums to 1", () => {
    const pairs = [
      ...Array.from({ length: 8 }, () => ({ a: 0, b: 1, outcome: "win" as const })),
      ...Array.from({ length: 2 }, () => ({ a: 0, b: 1, outcome: "loss" as const })),
      ...Array.from({ length: 6 }, () => ({ a: 1, b: 2, outcome: "win" as const })),
      ...Array.from({ length: 4 }, () => ({ a: 1, b: 2, outcome: "loss" as const })),
    ];
    const s = bradleyTerry(3, pairs) as number[];
    expect(s[0]).toBeGreaterThan(s[1]);
    expect(s[1]).toBeGreaterThan(s[2]);
    expect(s.reduce((a, b) => a + b, 0)).toBeCloseTo(1);
    // Two equal players: equal strengths.
    const even = bradleyTerry(2, [{ a: 0, b: 1, outcome: "win" }, { a: 0, b: 1, outcome: "loss" }]) as number[];
    expect(even[0]).toBeCloseTo(even[1]);
    expect(bradleyTerry(3, [{ a: 0, b: 1, outcome: "tie" }])[2]).toBeNull();
  });
});
