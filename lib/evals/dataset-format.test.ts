import { describe, expect, it } from "vitest";
import { parseDataset, toCsv, toJsonl } from "./dataset-format";

describe("dataset import", () => {
  it("reads OpenAI fine-tuning JSONL: the trained answer becomes the reference", () => {
    const text = [
      JSON.stringify({ messages: [{ role: "system", content: "Be brief." }, { role: "user", content: "Hi" }, { role: "assistant", content: "Hello!", weight: 1 }] }),
      "",
      JSON.stringify({ prompt: "Reset {{device}}", variables: { device: "router" }, reference: "Unplug it", tags: ["net"] }),
    ].join("\n");
    const out = parseDataset("jsonl", text);
    expect(out.ok && out.cases).toEqual([
      { messages: [{ role: "system", content: "Be brief." }, { role: "user", content: "Hi" }], variables: {}, reference: "Hello!", tags: [] },
      { messages: [{ role: "user", content: "Reset {{device}}" }], variables: { device: "router" }, reference: "Unplug it", tags: ["net"] },
    ]);
  });

  it("keeps the held-out tail of a training file", () => {
    const lines = Array.from({ length: 10 }, (_, i) => JSON.stringify({ prompt: `q${i}` })).join("\n");
    const out = parseDataset("jsonl", lines, 20);
    expect(out.ok && out.cases.map((c) => c.messages[0].content)).toEqual(["q8", "q9"]);
  });

  it("names the line and field of every bad row and imports nothing", () => {
    const text = [JSON.stringify({ prompt: "ok" }), "{not json", JSON.stringify({ messages: [{ role: "robot", content: "x" }] }), JSON.stringify({ prompt: "  " })].join("\n");
    const out = parseDataset("jsonl", text);
    expect(out.ok).toBe(false);
    if (!out.ok) expect(out.issues).toEqual([{ line: 2, field: "row", message: "Not valid JSON" }]);
    const out2 = parseDataset("jsonl", [JSON.stringify({ prompt: "ok" }), JSON.stringify({ messages: [{ role: "robot", content: "x" }] }), JSON.stringify({ prompt: "  " })].join("\n"));
    expect(out2.ok).toBe(false);
    if (!out2.ok) {
      expect(out2.issues.map((i) => `${i.line}:${i.field}`)).toEqual(expect.arrayContaining(["2:messages.0.role", "3:messages"]));
    }
  });

  it("reads CSV with reference, tags and variables, and round-trips through export", () => {
    const csv = 'prompt,reference,tags,city\n"Weather in {{city}}, today?",Sunny,a|b,Paris\n';
    const out = parseDataset("csv", csv);
    expect(out.ok && out.cases[0]).toEqual({ messages: [{ role: "user", content: "Weather in {{city}}, today?" }], variables: { city: "Paris" }, reference: "Sunny", tags: ["a", "b"] });
    if (!out.ok) return;
    const again = parseDataset("csv", toCsv(out.cases));
    expect(again.ok && again.cases).toEqual(out.cases);
    const j = parseDataset("jsonl", toJsonl(out.cases));
    expect(j.ok && j.cases).toEqual(out.cases);
  });

  it("refuses a CSV without a prompt column", () => {
    const out = parseDataset("csv", "question\nhi\n");
    expect(out.ok).toBe(false);
    if (!out.ok) expect(out.issues[0]).toMatchObject({ line: 1, field: "prompt" });
  });
});
