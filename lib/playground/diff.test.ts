import { describe, expect, it } from "vitest";
import { similarity, wordDiff } from "./diff";

describe("wordDiff", () => {
  it("marks added and removed words", () => {
    const parts = wordDiff("the quick brown fox", "the slow brown fox");
    expect(parts.filter((p) => p.kind === "removed").map((p) => p.value.trim())).toEqual(["quick"]);
    expect(parts.filter((p) => p.kind === "added").map((p) => p.value.trim())).toEqual(["slow"]);
    expect(similarity(parts)).toBeCloseTo(3 / 5);
  });

  it("is fully similar for equal texts", () => {
    expect(similarity(wordDiff("a b", "a b"))).toBe(1);
    expect(similarity(wordDiff("", ""))).toBe(1);
  });
});
