import { expect, it } from "vitest";
import { illFormedPath } from "./well-formed";

it("finds an unpaired surrogate in a value or a key, and gives its path", () => {
  expect(illFormedPath({ a: ["ok", "模型 🚀", { b: "x\ud800" }] })).toEqual(["a", 2, "b"]);
  expect(illFormedPath({ ok: { "k\udfff": 1 } })).toEqual(["ok", "k\udfff"]);
  expect(illFormedPath("\ud83d")).toEqual([]);
  expect(illFormedPath({ a: "🚀", b: [1, null, true, "e\u0301"] })).toBeUndefined();
});

it("walks 20,000 levels of nesting without overflowing the stack", () => {
  const deep = JSON.parse('{"a":'.repeat(20_000) + '"\\udc00"' + "}".repeat(20_000));
  expect(illFormedPath(deep)).toHaveLength(20_000);
  expect(illFormedPath(JSON.parse("[".repeat(20_000) + "]".repeat(20_000)))).toBeUndefined();
});
