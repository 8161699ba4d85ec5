import { describe, expect, it } from "vitest";
import { wilsonInterval } from "./wilson";

describe("wilsonInterval", () => {
  it.each([
    // reference values (R: binom::binom.wilson / prop.test without continuity correction)
    [8, 10, 0.8, 0.4901625, 0.9433178],
    [0, 10, 0, 0, 0.2775328],
    [10, 10, 1, 0.7224672, 1],
    [50, 100, 0.5, 0.4038315, 0.5961685],
  ])("%i of %i → %f [%f, %f]", (k, n, rate, low, high) => {
    const ci = wilsonInterval(k, n);
    expect(ci.rate).toBeCloseTo(rate, 6);
    expect(ci.low).toBeCloseTo(low, 5);
    expect(ci.high).toBeCloseTo(high, 5);
  });

  it("is [0, 1] with no observations", () => {
    expect(wilsonInterval(0, 0)).toEqual({ rate: 0, low: 0, high: 1 });
  });

  it("rejects impossible counts", () => {
    expect(() => wilsonInterval(3, 2)).toThrow(RangeError);
  });
});
