import { Tiktoken } from "js-tiktoken/lite";
import cl100kBase from "js-tiktoken/ranks/cl100k_base";
import o200kBase from "js-tiktoken/ranks/o200k_base";
import { describe, expect, it } from "vitest";
import { getEncoding, MAX_PIECE_BYTES, sumInSlices, sumNow } from "./bpe";

const reference = { o200k_base: new Tiktoken(o200kBase), cl100k_base: new Tiktoken(cl100kBase) } as const;

/** Seeded, so a failure names a reproducible string. */
function randomTexts(count: number): string[] {
  let state = 12345;
  const random = () => (state = (state * 1103515245 + 12345) % 2147483648) / 2147483648;
  const atoms = ["a", "b", "A", "Z", " ", "  ", "\n", "\t", "\r\n", "é", "ü", "中", "文", "🚀", "ก", "\u0301", "1", "23", ".", ",", "'s", "'T", "!", "/", "—", "<|endoftext|>", "\ud800", "http://x.y/z?q=1"];
  return Array.from({ length: count }, () => {
    let s = "";
    const n = Math.floor(random() * 200);
    for (let i = 0; i < n; i++) s += atoms[Math.floor(random() * atoms.length)];
    return s;
  });
}

const samples = [
  "",
  "Hello, world!",
  "The quick brown fox jumps over the lazy dog. Don't stop; it's 12345 km/h!",
  '{"name":"get_weather","arguments":{"city":"Zürich","unit":"celsius"}}',
  "def f(x):\n    return x ** 2  # squared\n\n\n",
  "中文文本没有空格所以一段话可能很长很长".repeat(20),
  "ภาษาไทยไม่มีช่องว่างระหว่างคำ".repeat(10),
  "🚀🚀🚀 emoji 👩‍👩‍👧‍👦 family",
  "before <|endoftext|> after <|endofprompt|>",
  // Long pieces, where js-tiktoken is slow (and this reference check with it).
  "A".repeat(1200),
  " ".repeat(1000) + "x",
  "\n".repeat(500),
  "!?".repeat(400),
  "1".repeat(1000),
  "ab".repeat(500) + "c",
  ...randomTexts(300),
];

describe("BpeEncoding", () => {
  it.each(["o200k_base", "cl100k_base"] as const)("%s encodes exactly as js-tiktoken does", (name) => {
    const enc = getEncoding(name);
    for (const text of samples) expect(enc.encode(text), JSON.stringify(text.slice(0, 60))).toEqual(reference[name].encode(text, "all"));
  });

  it("decodes what it encodes", () => {
    const enc = getEncoding("o200k_base");
    for (const text of ["héllo wörld 🚀 中文", "plain", "<|endoftext|>"]) expect(enc.decode(enc.encode(text))).toBe(text);
  });

  it("cuts a long unbroken run into stretches, so a caller can stop or yield between them", () => {
    const enc = getEncoding("o200k_base");
    const text = "A".repeat(1_000_000);
    const stretches = [...enc.counts(text)];
    expect(stretches.length).toBeGreaterThan(1_000_000 / (2 * MAX_PIECE_BYTES));
    // A run longer than MAX_PIECE_BYTES is merged in parts: "AAAAAAAA" is one token either way.
    expect(sumNow(stretches, Infinity)).toEqual({ tokens: 125_000, complete: true });
  });

  it("stops counting once past the limit", async () => {
    const enc = getEncoding("cl100k_base");
    const text = " word".repeat(200_000);
    const now = sumNow(enc.counts(text), 1000);
    expect(now.complete).toBe(false);
    expect(now.tokens).toBeGreaterThan(1000);
    expect(now.tokens).toBeLessThan(200_000);
    const sliced = await sumInSlices(enc.counts(text), Infinity);
    expect(sliced).toEqual({ tokens: 200_000, complete: true });
  });

  it("gives up between slices when the caller aborts", async () => {
    const ctrl = new AbortController();
    ctrl.abort(new Error("gone"));
    // The first slice boundary (after SLICE_MS of work) sees the abort.
    await expect(sumInSlices(getEncoding("o200k_base").counts("A".repeat(2_000_000)), Infinity, ctrl.signal)).rejects.toThrow("gone");
  });
});
