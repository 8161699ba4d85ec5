import { describe, expect, it } from "vitest";
import { CompletionError, errorFromStatus, parseRetryAfter, scrubSecrets } from "./errors";
import { estimateCost, getContextWindow, PRICE_TABLE_VERSION } from "./pricing";
import { countPromptTokens, countTextTokens, isExactTokenizer } from "./tokens";

const M = { prompt_tokens: 1_000_000, completion_tokens: 1_000_000 };

describe("estimateCost", () => {
  it.each([
    ["gpt-4o-mini-2024-07-18", false, 0.75],
    ["gpt-4o-mini-2024-07-18", true, 1.5],
    ["gpt-4o-2024-08-06", true, 18.75],
    ["gpt-3.5-turbo-0125", true, 9],
    ["gpt-4.1-nano-2025-04-14", true, 1],
    ["gpt-4o", false, 12.5],
  ])("openai %s fine-tuned=%s → $%s", (baseModel, fineTuned, usd) => {
    const c = estimateCost({ provider: "openai", baseModel, fineTuned, usage: M });
    expect(c.costUsd).toBeCloseTo(usd, 9);
    expect(c.priceVersion).toBe(PRICE_TABLE_VERSION);
  });

  it("never prices an unknown fine-tune at zero", () => {
    const mistral = estimateCost({ provider: "mistral", baseModel: "open-mistral-7b", fineTuned: true, usage: M });
    expect(mistral).toMatchObject({ costUsd: null, note: expect.stringMatching(/fine-tuned inference price .* unknown/) });
    const o3 = estimateCost({ provider: "openai", baseModel: "o3", fineTuned: true, usage: M });
    expect(o3.costUsd).toBeNull();
  });

  it("returns null with a reason for unknown, self-hosted and base-less models", () => {
    expect(estimateCost({ provider: "openai", baseModel: "gpt-9", usage: M })).toMatchObject({ costUsd: null, note: expect.stringMatching(/no price/) });
    expect(estimateCost({ provider: "ollama", baseModel: "llama3.1:8b", usage: M })).toMatchObject({ costUsd: null, note: expect.stringMatching(/self-hosted/) });
    expect(estimateCost({ provider: "vertex_ai", usage: M })).toMatchObject({ costUsd: null, note: expect.stringMatching(/base model unknown/) });
  });

  it("custom pricing overrides the table; fine-tunes billed as base where the provider does", () => {
    expect(estimateCost({ provider: "ollama", usage: M, pricing: { inputPerMTok: 0.1, outputPerMTok: 0.2 } }).costUsd).toBeCloseTo(0.3, 9);
    expect(estimateCost({ provider: "fireworks_ai", baseModel: "accounts/fireworks/models/llama-v3p1-8b-instruct", fineTuned: true, usage: M }).costUsd).toBeCloseTo(0.4, 9);
    expect(estimateCost({ provider: "anthropic", baseModel: "claude-sonnet-4-5-20250929", usage: M }).costUsd).toBeCloseTo(18, 9);
  });
});

describe("context windows and tokens", () => {
  it.each([
    ["gpt-4o-2024-08-06", 128_000],
    ["gpt-4.1-mini", 1_047_576],
    ["gpt-3.5-turbo-0613", 16_385],
    ["gpt-35-turbo", 16_385],
    ["claude-3-5-sonnet-20241022", 200_000],
    ["gemini-2.0-flash-001", 1_048_576],
    ["open-mistral-7b", 32_768],
    ["tb-sim-8b", 8_192],
  ])("%s → %i", (model, window) => expect(getContextWindow(model)).toBe(window));

  it("unknown model → undefined", () => expect(getContextWindow("my-lora")).toBeUndefined());

  it("counts with tiktoken: exact for OpenAI, estimate otherwise", () => {
    expect(countTextTokens("Hello, world!", "gpt-4o")).toBe(4);
    expect(countPromptTokens([{ role: "user", content: "Hello, world!" }], "gpt-4o")).toBe(10);
    expect(isExactTokenizer("gpt-4o-mini")).toBe(true);
    expect(isExactTokenizer("claude-3-5-sonnet")).toBe(false);
  });
});

describe("errors", () => {
  it("scrubs keys, bearer tokens, query secrets and private keys", () => {
    const raw =
      "Incorrect API key provided: sk-proj-abcdef123456789. Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.abc " +
      "url https://x.googleapis.com/v1/m?key=AIzaSyA1234567890abcdefghijklmnopq&alt=sse -----BEGIN PRIVATE KEY-----\nMIIB\n-----END PRIVATE KEY----- custom-secret-value";
    const out = scrubSecrets(raw, ["custom-secret-value"]);
    for (const secret of ["sk-proj-abcdef123456789", "eyJhbGciOiJIUzI1NiJ9", "AIzaSyA", "MIIB", "custom-secret-value"]) {
      expect(out).not.toContain(secret);
    }
    expect(new CompletionError("authentication", raw).message).not.toContain("sk-proj-abcdef");
  });

  it("parses retry-after in seconds, milliseconds and HTTP dates", () => {
    expect(parseRetryAfter(new Headers({ "retry-after": "2" }))).toBe(2000);
    expect(parseRetryAfter(new Headers({ "retry-after-ms": "150" }))).toBe(150);
    const now = Date.parse("2025-01-01T00:00:00Z");
    expect(parseRetryAfter(new Headers({ "retry-after": "Wed, 01 Jan 2025 00:00:05 GMT" }), now)).toBe(5000);
    expect(parseRetryAfter(new Headers())).toBeUndefined();
  });

  it("maps status codes to kinds", () => {
    const kinds = [400, 401, 403, 404, 408, 413, 429, 500, 502, 503, 504, 529].map((s) => errorFromStatus(s, "x", { provider: "openai" }).kind);
    expect(kinds).toEqual([
      "bad_request",
      "authentication",
      "permission",
      "not_found",
      "timeout",
      "context_window_exceeded",
      "rate_limit",
      "upstream_unavailable",
      "upstream_unavailable",
      "upstream_unavailable",
      "upstream_unavailable",
      "upstream_unavailable",
    ]);
  });
});
