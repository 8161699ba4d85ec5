import { describe, expect, it } from "vitest";
import { percentile, summarize } from "./stats";
import type { PublicResult, PublicRun } from "./types";

function result(column: number, status: PublicResult["status"], latencyMs: number, ttftMs: number, costUsd: number | null): PublicResult {
  return {
    column,
    target: { type: "model", name: `m${column}` },
    params: {},
    output: "",
    status,
    error: status === "error" ? { kind: "rate_limit", message: "x", hint: null } : null,
    metrics: { ttftMs, latencyMs, tokensIn: 10, tokensOut: 20, tokensPerSecond: 10, costUsd },
    servedBy: null,
    trace: null,
  };
}

type RunLike = Pick<PublicRun, "results" | "voteColumn" | "verdicts">;
const run = (voteColumn: number | null, results: PublicResult[], verdicts: RunLike["verdicts"] = []): RunLike => ({ voteColumn, results, verdicts });
const verdict = (a: number, b: number, winner: number) => ({ id: "v", judgeModel: "j", rubric: "r", columnA: a, columnB: b, winner, reason: "", createdAt: "" });

describe("percentile", () => {
  it("interpolates linearly", () => {
    expect(percentile([1, 2, 3, 4], 0.5)).toBe(2.5);
    expect(percentile([10, 20, 30, 40, 50], 0.95)).toBeCloseTo(48);
    expect(percentile([7], 0.95)).toBe(7);
    expect(percentile([], 0.5)).toBeNull();
  });
});

describe("summarize", () => {
  const runs = [
    run(0, [result(0, "done", 100, 10, 0.001), result(1, "done", 200, 20, 0.002)]),
    run(1, [result(0, "done", 300, 30, 0.001), result(1, "error", 0, 0, null)]),
    run(-1, [result(0, "done", 500, 50, 0.001), result(1, "done", 400, 40, 0.004)]),
    run(null, [result(0, "pending", 0, 0, null), result(1, "stopped", 0, 0, null)]),
  ];

  it("computes latency percentiles, ttft, cost per 1k and error rate over finished results", () => {
    const [a, b] = summarize(runs, ["base", "ft"]);
    expect(a.requests).toBe(3);
    expect(a.p50LatencyMs).toBe(300);
    expect(a.p50TtftMs).toBe(30);
    expect(a.costPer1k).toBeCloseTo(1);
    expect(a.errorRate).toBe(0);
    expect(b.requests).toBe(4);
    expect(b.errors).toBe(1);
    expect(b.errorRate).toBe(0.25);
    expect(b.costPer1k).toBeCloseTo(3);
  });

  it("counts votes with ties as half a win and a Wilson interval", () => {
    const [a, b] = summarize(runs, ["base", "ft"]);
    expect(a.decisions).toBe(3);
    expect(a.wins).toBe(1.5);
    expect(b.wins).toBe(1.5);
    expect(a.winRate!.rate).toBe(0.5);
    expect(a.winRate!.low).toBeLessThan(0.5);
    expect(a.winRate!.high).toBeGreaterThan(0.5);
  });

  it("uses pairwise judge verdicts when asked", () => {
    const judged = [run(null, [], [verdict(0, 1, 1), verdict(0, 1, 1), verdict(0, 1, -1)])];
    const [a, b] = summarize(judged, ["base", "ft"], "judge");
    expect(b.decisions).toBe(3);
    expect(b.wins).toBe(2.5);
    expect(a.wins).toBe(0.5);
  });

  it("has no win rate without decisions", () => {
    expect(summarize([run(null, [])], ["x"])[0].winRate).toBeNull();
  });
});
