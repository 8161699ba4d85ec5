import { describe, expect, it } from "vitest";
import { extractVariables, fillVariables, missingVariables } from "./variables";

describe("variables", () => {
  it("extracts names once, in order, tolerating spaces", () => {
    expect(extractVariables("Hi {{name}}, about {{ order_id }}", "{{name}} again {{lang}}")).toEqual(["name", "order_id", "lang"]);
  });

  it("fills known values and leaves unknown placeholders visible", () => {
    expect(fillVariables("{{a}} and {{ b }} and {{c}}", { a: "1", b: "$&2" })).toBe("1 and $&2 and {{c}}");
  });

  it("ignores malformed braces", () => {
    expect(extractVariables("{{}} {{1x}} {single}")).toEqual([]);
  });

  it("reports missing and empty values", () => {
    expect(missingVariables(["{{a}} {{b}}"], { a: "x", b: "" })).toEqual(["b"]);
  });
});
