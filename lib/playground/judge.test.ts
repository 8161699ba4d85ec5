import { describe, expect, it } from "vitest";
import { buildJudgeMessages, parseJudgeReply } from "./judge";

describe("judge", () => {
  it("puts the rubric, prompt and both answers in the request", () => {
    const msgs = buildJudgeMessages("be concise", "What is 2+2?", { column: 0, output: "4" }, { column: 2, output: "four" });
    expect(msgs[1].content).toContain("be concise");
    expect(msgs[1].content).toContain("[Answer B]\nfour");
  });

  it.each([
    ['{"winner":"A","reason":"shorter"}', 0, "shorter"],
    ['Sure! {"winner": "b", "reason": "more accurate"} hope that helps', 2, "more accurate"],
    ['{"winner":"tie","reason":"same"}', -1, "same"],
  ])("maps %s to a column", (text, winner, reason) => {
    expect(parseJudgeReply(text, 0, 2)).toEqual({ winner, reason });
  });

  it("reads a plain-text winner and refuses to guess otherwise", () => {
    expect(parseJudgeReply("Winner: B because it is right", 0, 2)?.winner).toBe(2);
    expect(parseJudgeReply("I cannot decide", 0, 2)).toBeNull();
  });
});
