import { describe, expect, it } from "vitest";
import { detectFormat, parseCsv, parsePromptSet } from "./batch-parse";

describe("parsePromptSet", () => {
  it("reads pasted lines, skipping blanks", () => {
    expect(parsePromptSet("one\n\n two \nthree")).toEqual({
      prompts: [
        { prompt: "one", variables: {} },
        { prompt: "two", variables: {} },
        { prompt: "three", variables: {} },
      ],
      errors: [],
    });
  });

  it("reads CSV with a prompt column and variables from the other columns", () => {
    const text = 'prompt,name,order\n"Hello {{name}}, where is ""{{order}}""?",Ada,42\n"multi\nline",Bob,7\n';
    expect(detectFormat(text)).toBe("csv");
    const { prompts, errors } = parsePromptSet(text);
    expect(errors).toEqual([]);
    expect(prompts).toEqual([
      { prompt: 'Hello {{name}}, where is "{{order}}"?', variables: { name: "Ada", order: "42" } },
      { prompt: "multi\nline", variables: { name: "Bob", order: "7" } },
    ]);
  });

  it("reports a CSV without a prompt column", () => {
    expect(parsePromptSet("text,x\na,b", "csv").errors[0]).toMatch(/prompt/);
  });

  it("reads JSONL with nested or flat variables and names bad lines", () => {
    const text = '{"prompt":"Hi {{a}}","variables":{"a":"1"}}\n{"prompt":"Yo {{b}}","b":2}\nnot json\n{"nope":1}';
    expect(detectFormat(text)).toBe("jsonl");
    const { prompts, errors } = parsePromptSet(text);
    expect(prompts).toEqual([
      { prompt: "Hi {{a}}", variables: { a: "1" } },
      { prompt: "Yo {{b}}", variables: { b: "2" } },
    ]);
    expect(errors).toEqual(["Line 3: not valid JSON", 'Line 4: needs a "prompt" string']);
  });

  it("parses CRLF CSV", () => {
    expect(parseCsv("a,b\r\n1,2\r\n")).toEqual([["a", "b"], ["1", "2"]]);
  });
});
