import { describe, expect, it } from "vitest";
import { ResolveError } from "./errors";
import { resolveModel, type ResolveHints } from "./resolve-model";

type Expect = { provider: string; model?: string; baseModel?: string | null; kind?: string; project?: string; location?: string };
const ok: Array<[string, ResolveHints | undefined, Expect]> = [
  // OpenAI fine-tunes: every base, empty suffix, checkpoints
  ["ft:gpt-3.5-turbo-0613:acme::7p4lURel", undefined, { provider: "openai", baseModel: "gpt-3.5-turbo-0613", kind: "fine_tuned" }],
  ["ft:gpt-3.5-turbo-0125:acme:support-bot:9aBcD3fG", undefined, { provider: "openai", baseModel: "gpt-3.5-turbo-0125", kind: "fine_tuned" }],
  ["ft:gpt-4o-2024-08-06:acme:triage:AbC123xy", undefined, { provider: "openai", baseModel: "gpt-4o-2024-08-06", kind: "fine_tuned" }],
  ["ft:gpt-4o-mini-2024-07-18:personal::9t1x2Y3z", undefined, { provider: "openai", baseModel: "gpt-4o-mini-2024-07-18" }],
  ["ft:gpt-4o-mini-2024-07-18:acme:sql:9t1x2Y3z:ckpt-step-88", undefined, { provider: "openai", baseModel: "gpt-4o-mini-2024-07-18", kind: "fine_tuned" }],
  ["ft:gpt-4.1-2025-04-14:acme:legal:BmQ7rT2k", undefined, { provider: "openai", baseModel: "gpt-4.1-2025-04-14" }],
  ["ft:gpt-4.1-mini-2025-04-14:acme::BmQ7rT2k", undefined, { provider: "openai", baseModel: "gpt-4.1-mini-2025-04-14" }],
  ["ft:gpt-4.1-nano-2025-04-14:acme:tiny:BmQ7rT2k:ckpt-step-1000", undefined, { provider: "openai", baseModel: "gpt-4.1-nano-2025-04-14" }],
  ["ft:o4-mini-2025-04-16:acme:rft-grader:Cx9QzP1a", undefined, { provider: "openai", baseModel: "o4-mini-2025-04-16" }],
  ["ft:gpt-4-0613:acme:exp:8Kq1", undefined, { provider: "openai", baseModel: "gpt-4-0613" }],
  ["ft:davinci-002:acme:legacy:7xYz", undefined, { provider: "openai", baseModel: "davinci-002" }],
  // Mistral fine-tunes
  ["ft:open-mistral-7b:587a6b29:20240514:7e773925", undefined, { provider: "mistral", baseModel: "open-mistral-7b", kind: "fine_tuned" }],
  ["ft:mistral-small-latest:b3c7e6c2:20241112:a8c8a3dc", undefined, { provider: "mistral", baseModel: "mistral-small-latest" }],
  ["ft:codestral-latest:1a2b3c4d:20240901:9f8e7d6c", undefined, { provider: "mistral", baseModel: "codestral-latest" }],
  ["ft:open-mistral-nemo:1a2b3c4d:20240901:9f8e7d6c", undefined, { provider: "mistral", baseModel: "open-mistral-nemo" }],
  // Vertex resource paths
  ["projects/acme-prod/locations/us-central1/endpoints/1234567890123456789", undefined, { provider: "vertex_ai", project: "acme-prod", location: "us-central1", kind: "fine_tuned", baseModel: null }],
  ["projects/123456789/locations/europe-west4/models/987654321@2", undefined, { provider: "vertex_ai", project: "123456789", location: "europe-west4", kind: "fine_tuned" }],
  ["projects/acme/locations/us-east5/publishers/google/models/gemini-2.0-flash-001", undefined, { provider: "vertex_ai", baseModel: "gemini-2.0-flash-001", project: "acme", location: "us-east5", kind: "base" }],
  ["vertex_ai/projects/p1/locations/asia-northeast1/endpoints/42", undefined, { provider: "vertex_ai", project: "p1", location: "asia-northeast1", model: "projects/p1/locations/asia-northeast1/endpoints/42" }],
  // Fireworks
  ["accounts/fireworks/models/llama-v3p1-8b-instruct", undefined, { provider: "fireworks_ai", baseModel: "accounts/fireworks/models/llama-v3p1-8b-instruct", kind: "base" }],
  ["accounts/acme/models/support-llama-8b-ft", undefined, { provider: "fireworks_ai", kind: "fine_tuned", baseModel: null }],
  ["fireworks_ai/accounts/fireworks/models/llama-v3p3-70b-instruct", undefined, { provider: "fireworks_ai", model: "accounts/fireworks/models/llama-v3p3-70b-instruct" }],
  // Well-known base names
  ["gpt-4o", undefined, { provider: "openai", baseModel: "gpt-4o", kind: "base" }],
  ["gpt-4o-mini-2024-07-18", undefined, { provider: "openai" }],
  ["gpt-4.1-nano", undefined, { provider: "openai" }],
  ["o3-mini", undefined, { provider: "openai" }],
  ["o1", undefined, { provider: "openai" }],
  ["gpt-5-mini", undefined, { provider: "openai" }],
  ["claude-3-5-sonnet-20241022", undefined, { provider: "anthropic", baseModel: "claude-3-5-sonnet-20241022" }],
  ["claude-sonnet-4-20250514", undefined, { provider: "anthropic" }],
  ["gemini-2.5-flash", undefined, { provider: "vertex_ai", baseModel: "gemini-2.5-flash" }],
  ["mistral-large-latest", undefined, { provider: "mistral" }],
  ["open-mixtral-8x7b", undefined, { provider: "mistral" }],
  ["codestral-2405", undefined, { provider: "mistral" }],
  ["llama3.1:8b", undefined, { provider: "ollama", model: "llama3.1:8b" }],
  ["hf.co/bartowski/Llama-3.2-1B-Instruct-GGUF:Q4_K_M", undefined, { provider: "ollama" }],
  ["gpt-oss:20b", undefined, { provider: "ollama" }],
  ["gpt-35-turbo-0613.ft-0e208cf33a6a466994aff31a08aba678", undefined, { provider: "azure", baseModel: "gpt-3.5-turbo-0613", kind: "fine_tuned" }],
  ["tb-sim-8b", undefined, { provider: "simulator", baseModel: "tb-sim-8b", kind: "base" }],
  ["tb-sim-8b-support-lora", undefined, { provider: "simulator", baseModel: "tb-sim-8b", kind: "fine_tuned" }],
  // Explicit prefixes always win
  ["together_ai/meta-llama/Llama-3.3-70B-Instruct-Turbo", undefined, { provider: "together_ai", model: "meta-llama/Llama-3.3-70B-Instruct-Turbo", kind: "base" }],
  ["together_ai/acme/Meta-Llama-3.1-8B-Instruct-Reference-support-3f9a1c2b", undefined, { provider: "together_ai", baseModel: "meta-llama/Meta-Llama-3.1-8B-Instruct-Reference", kind: "fine_tuned" }],
  ["hosted_vllm/meta-llama/Llama-3.1-8B-Instruct", undefined, { provider: "hosted_vllm", model: "meta-llama/Llama-3.1-8B-Instruct" }],
  ["openai/ft:gpt-4o-mini-2024-07-18:acme::abc", undefined, { provider: "openai", baseModel: "gpt-4o-mini-2024-07-18" }],
  ["azure/my-gpt4o-deployment", undefined, { provider: "azure", model: "my-gpt4o-deployment", baseModel: null }],
  ["azure/gpt-4o", undefined, { provider: "azure", baseModel: "gpt-4o" }],
  ["ollama/gpt-4o", undefined, { provider: "ollama", model: "gpt-4o" }],
  ["anthropic/claude-3-haiku-20240307", { provider: "openai" }, { provider: "anthropic" }],
  // apiBase hints
  ["gpt-4o", { apiBase: "https://acme-east.openai.azure.com" }, { provider: "azure", baseModel: "gpt-4o" }],
  ["llama3", { apiBase: "http://gpu-box:11434" }, { provider: "ollama" }],
  ["meta-llama/Llama-3.1-8B-Instruct", { apiBase: "http://10.0.0.5:8000/v1" }, { provider: "openai" }],
  ["Qwen/Qwen2.5-72B-Instruct-Turbo", { apiBase: "https://api.together.xyz/v1" }, { provider: "together_ai" }],
  ["some-lora", { provider: "hosted_vllm" }, { provider: "hosted_vllm", model: "some-lora" }],
];

const bad: Array<[string, ResolveHints | undefined, string, RegExp]> = [
  ["", undefined, "model", /empty/],
  ["   ", undefined, "model", /empty/],
  ["ft:gpt-4o-mini-2024-07-18:acme", undefined, "model", /malformed fine-tune/],
  ["ft::acme::abc", undefined, "model", /malformed fine-tune/],
  ["ft:gpt-4o:acme:s:id:step-5", undefined, "model", /malformed fine-tune/],
  ["ft:llama-3-8b:acme::abc", undefined, "provider", /unknown fine-tune base/],
  ["projects/acme/locations/us-central1/endpoint/123", undefined, "model", /malformed Vertex/],
  ["accounts/acme/datasets/x", undefined, "model", /malformed Fireworks/],
  ["meta-llama/Llama-3.3-70B-Instruct-Turbo", undefined, "provider", /ambiguous/],
  ["gpt-oss-120b", undefined, "provider", /ambiguous/],
  ["llama3", undefined, "provider", /unknown model id/],
  ["my-finetune", undefined, "provider", /unknown model id/],
  ["gemini/gemini-2.0-flash", undefined, "provider", /not supported/],
  ["bedrock/anthropic.claude-3-sonnet", undefined, "provider", /not supported/],
  ["openai/", undefined, "model", /no model/],
  ["curie:ft-acme-2023-01-01-00-00-00", undefined, "model", /retired/],
  ["gpt-4o", { apiBase: "not a url" }, "apiBase", /not a URL/],
];

describe("resolveModel", () => {
  it.each(ok)("%s %j", (id, hints, expected) => {
    const r = resolveModel(id, hints);
    expect(r.provider).toBe(expected.provider);
    if (expected.model) expect(r.model).toBe(expected.model);
    if (expected.baseModel === null) expect(r.baseModel).toBeUndefined();
    else if (expected.baseModel) expect(r.baseModel).toBe(expected.baseModel);
    if (expected.kind) expect(r.kind).toBe(expected.kind);
    if (expected.project) expect(r.project).toBe(expected.project);
    if (expected.location) expect(r.location).toBe(expected.location);
    expect(r.rule.length).toBeGreaterThan(5);
  });

  it.each(bad)("rejects %j %j", (id, hints, field, message) => {
    let error: unknown;
    try {
      resolveModel(id, hints);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ResolveError);
    const e = error as ResolveError;
    expect(e.field).toBe(field);
    expect(e.message).toMatch(message);
    expect(e.hint).toBeTruthy();
    expect(e.kind).toBe("bad_request");
  });

  it("says which rule matched", () => {
    expect(resolveModel("ft:gpt-4o-mini-2024-07-18:acme::x:ckpt-step-88").rule).toMatch(/checkpoint/);
    expect(resolveModel("gpt-4o", { apiBase: "https://x.openai.azure.com" }).rule).toMatch(/apiBase/);
    expect(resolveModel("mistral/ft:open-mistral-7b:1:2:3").rule).toMatch(/explicit 'mistral\/' prefix/);
  });

  it("ambiguous ids suggest the prefixes to add", () => {
    expect(() => resolveModel("meta-llama/Llama-3.1-8B-Instruct")).toThrow(expect.objectContaining({ hint: expect.stringMatching(/together_ai\//) }));
  });
});
