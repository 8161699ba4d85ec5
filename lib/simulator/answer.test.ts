import { describe, expect, it } from "vitest";
import { composeAnswer, extractKeywords, isFineTunedModel, styleForModel } from "./answer";
import { countTokens } from "./tokenizer";

const prompt = (content: string) => [{ role: "user", content }];

describe("styleForModel", () => {
  it.each([
    ["tb-sim-8b", "base"],
    ["gpt-4o-mini-2024-07-18", "base"],
    ["ft:gpt-4o-mini-2024-07-18:acme:support-bot:9KxT2qLm", "support"],
    ["ft:gpt-3.5-turbo-0125:acme::8AbCdEf1", "tuned"],
    ["tb-sim-8b-sql-lora", "sql"],
    ["tb-sim-8b-support-lora", "support"],
    ["my-model:ft-1234", "tuned"],
    ["llama-3-8b-LoRA-legal", "tuned"],
  ])("%s → %s", (model, style) => {
    expect(styleForModel(model)).toBe(style);
    expect(isFineTunedModel(model)).toBe(style !== "base");
  });
});

describe("composeAnswer", () => {
  const messages = prompt("How should we evaluate retrieval quality for the billing assistant?");

  it("is a pure function of model, messages and seed", () => {
    const a = composeAnswer({ model: "tb-sim-8b", messages, seed: 1 });
    expect(composeAnswer({ model: "tb-sim-8b", messages, seed: 1 }).text).toBe(a.text);
    expect(composeAnswer({ model: "tb-sim-8b", messages, seed: 2 }).text).not.toBe(a.text);
    expect(composeAnswer({ model: "tb-sim-70b", messages, seed: 1 }).text).not.toBe(a.text);
    expect(composeAnswer({ model: "tb-sim-8b", messages: prompt("Something else entirely"), seed: 1 }).text).not.toBe(a.text);
  });

  it("echoes key words of the last user message", () => {
    expect(extractKeywords("How should we evaluate retrieval quality?")).toEqual(["evaluate", "retrieval", "quality"]);
    const answer = composeAnswer({ model: "tb-sim-8b", messages, seed: 3 });
    expect(answer.text).toMatch(/evaluate|retrieval|quality|billing/);
  });

  it("skips over-long words, which a quadratic trim would take minutes over", () => {
    const hostile = `a${"'".repeat(500_000)}x`;
    expect(extractKeywords(`${hostile} evaluate retrieval`)).toEqual(["evaluate", "retrieval"]);
  });

  it("answers base models at length and fine-tunes tersely, in a different voice", () => {
    for (let seed = 0; seed < 20; seed++) {
      const base = composeAnswer({ model: "tb-sim-8b", messages, seed }).text;
      const tuned = composeAnswer({ model: "ft:gpt-4o-mini-2024-07-18:acme:triage:Ck2mP8sQ", messages, seed }).text;
      const baseTokens = countTokens(base);
      const tunedTokens = countTokens(tuned);
      expect(baseTokens).toBeGreaterThanOrEqual(60);
      expect(baseTokens).toBeLessThanOrEqual(140);
      expect(tunedTokens).toBeGreaterThanOrEqual(25);
      expect(tunedTokens).toBeLessThan(baseTokens);
      expect(tuned).toMatch(/^(Answer|Summary|Result|Decision|Finding):/);
      expect(base).not.toMatch(/^(Answer|Summary|Result|Decision|Finding):/);
    }
  });

  it("falls back to a neutral topic when the prompt has no key words", () => {
    expect(composeAnswer({ model: "tb-sim-8b", messages: prompt("hi"), seed: 0 }).text).toContain("this request");
  });
});
