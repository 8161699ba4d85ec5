import { describe, expect, it } from "vitest";
import { compileScorers, tokenF1 } from "./scorers";
import { ScorerSchema } from "./schema";

const c = { messages: [{ role: "user" as const, content: "q" }], variables: {}, reference: "The cat sat", tags: [] };

describe("scorers", () => {
  it("score each kind", () => {
    const scorers = [
      { kind: "exact" },
      { kind: "contains", value: "CAT" },
      { kind: "regex", value: "^the" },
      { kind: "json" },
      { kind: "json_schema", value: JSON.stringify({ type: "object", required: ["a"], properties: { a: { type: "number" } } }) },
      { kind: "length", min: 3, max: 20 },
      { kind: "similarity", threshold: 0.5 },
    ].map((s) => ScorerSchema.parse(s));
    const score = compileScorers(scorers);
    const text = score("  the  cat SAT ", c);
    expect(Object.fromEntries(Object.entries(text).map(([k, v]) => [k, v.pass]))).toEqual({
      "0:exact": true, "1:contains": true, "2:regex": false, "3:json": false, "4:json_schema": false, "5:length": true, "6:similarity": true,
    });
    const json = score('```json\n{"a": 1}\n```', c);
    expect(json["3:json"].pass).toBe(true);
    expect(json["4:json_schema"].pass).toBe(true);
    expect(score('{"a": "x"}', c)["4:json_schema"].pass).toBe(false);
  });
  it("token F1 is SQuAD-style", () => {
    expect(tokenF1("the cat", "the cat sat")).toBeCloseTo(0.8);
    expect(tokenF1("", "x")).toBe(0);
  });
  it("rejects bad configs by field", () => {
    const bad = ScorerSchema.safeParse({ kind: "regex", value: "(" });
    expect(bad.success).toBe(false);
    expect(bad.error?.issues[0].path).toEqual(["value"]);
    expect(ScorerSchema.safeParse({ kind: "length" }).success).toBe(false);
  });
});
