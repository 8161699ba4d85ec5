import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import type { PublicGroup } from "@/lib/groups/schema";
import type { PublicModel } from "@/lib/models/schema";
import { fromEnvRef, parseLiteLlmConfig, toEnvRef } from "./config";
import { exportLiteLlmConfig } from "./export";
import { planImport } from "./plan";

function plan(yaml: string) {
  const p = parseLiteLlmConfig(yaml);
  if (!p.ok) throw new Error(JSON.stringify(p.issues));
  return planImport(p.config, p.lineOf);
}

describe("parseLiteLlmConfig", () => {
  it.each([
    ["a syntax error", "model_list:\n  - model_name: a\n   bad: [\n", 3],
    ["a duplicate key", "model_list: []\nmodel_list: []\n", 2],
    ["a wrong type, at its line", "model_list: []\nrouter_settings:\n  timeout: soon\n", 3],
  ])("reports %s with its line", (_l, yaml, line) => {
    const p = parseLiteLlmConfig(yaml);
    expect(p.ok).toBe(false);
    if (!p.ok) expect(p.issues[0].line).toBe(line);
  });

  it("names a missing model_list and a non-mapping file", () => {
    const p = parseLiteLlmConfig("router_settings: {}\n");
    expect(!p.ok && p.issues[0]).toMatchObject({ field: "model_list", reason: "model_list is required" });
    expect(parseLiteLlmConfig("just text").ok).toBe(false);
  });

  it("names an alias with no anchor, and a circular alias, with their lines", () => {
    const unresolved = parseLiteLlmConfig("model_list:\n  - model_name: a\n    litellm_params: *nope\n");
    expect(!unresolved.ok && unresolved.issues).toEqual([expect.objectContaining({ line: 3, reason: expect.stringMatching(/alias \*nope refers to no anchor/) })]);
    const circular = parseLiteLlmConfig("model_list: &loop [*loop]\n");
    expect(!circular.ok && circular.issues[0]).toMatchObject({ line: 1, reason: expect.stringMatching(/\*loop .*circular/) });
  });

  it("refuses an alias bomb quickly instead of expanding it", () => {
    const levels = ["a: &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]"];
    for (let i = 1; i < 9; i++) levels.push(`l${i}: &l${i} [${Array(9).fill(`*l${i - 1}`).join(", ")}]`);
    const p = parseLiteLlmConfig(`${levels.join("\n")}\nmodel_list: *l8\n`);
    expect(!p.ok && p.issues[0].reason).toMatch(/Too many alias expansions .*alias bomb/);
  });

  it("names text that is not valid Unicode (an unpaired surrogate escape) with its field and line", () => {
    const p = parseLiteLlmConfig('model_list:\n  - model_name: "bad\\ud800"\n    litellm_params: { model: openai/gpt-4o }\n');
    expect(!p.ok && p.issues[0]).toMatchObject({ field: "model_list.0.model_name", line: 2, reason: expect.stringMatching(/unpaired surrogate/) });
  });

  it("still expands a few ordinary aliases", () => {
    const p = parseLiteLlmConfig("shared: &p { model: openai/gpt-4o }\nmodel_list:\n  - { model_name: a, litellm_params: *p }\n  - { model_name: b, litellm_params: *p }\n");
    expect(p.ok && p.config.model_list).toEqual([
      { model_name: "a", litellm_params: { model: "openai/gpt-4o" } },
      { model_name: "b", litellm_params: { model: "openai/gpt-4o" } },
    ]);
  });

  it("maps os.environ references both ways", () => {
    expect(toEnvRef("os.environ/OPENAI_API_KEY")).toBe("env:OPENAI_API_KEY");
    expect(toEnvRef("sk-literal")).toBe("sk-literal");
    expect(fromEnvRef("env:X_KEY")).toBe("os.environ/X_KEY");
  });
});

describe("planImport", () => {
  it("groups entries by model_name, shares one deployment across groups, and applies router_settings", () => {
    const p = plan(`
model_list:
  - { model_name: a, litellm_params: { model: openai/gpt-4o, weight: 2, order: 1, rpm: 10 } }
  - { model_name: b, litellm_params: { model: openai/gpt-4o } }
  - { model_name: b, litellm_params: { model: openai/gpt-4o, api_base: "https://proxy.example/v1" }, model_info: { id: proxied } }
router_settings: { routing_strategy: least-busy, num_retries: 1, timeout: 2.5, cooldown_time: 5, default_max_parallel_requests: 12 }
litellm_settings: { content_policy_fallbacks: [{ a: [b] }] }
`);
    expect(p.groups.map((g) => [g.name, g.members.length])).toEqual([["a", 1], ["b", 2]]);
    expect(p.groups[0].members[0]).toMatchObject({ weight: 2, order: 1, rpm: 10, enabled: true });
    expect(p.groups[0].members[0].model).toBe(p.groups[1].members[0].model);
    expect(p.groups[1].members[1].model.input).toMatchObject({ name: "proxied", apiBase: "https://proxy.example/v1" });
    expect(p.groups[0].settings).toMatchObject({ strategy: "least-busy", retries: 1, timeoutMs: 2500, cooldownSeconds: 5, maxInFlight: 12, contentPolicyFallbacks: ["b"], fallbacks: [] });
  });

  it("keeps a bad entry's problem on its group only, with the line", () => {
    const p = plan("model_list:\n  - model_name: ok\n    litellm_params: { model: openai/gpt-4o }\n  - model_name: bad\n    litellm_params: { weight: -1 }\n");
    expect(p.groups[0].problems).toEqual([]);
    expect(p.groups[1].problems.join()).toMatch(/^line 5: model_list\.1\.litellm_params\.model/);
  });

  it("notes what it does not import", () => {
    const p = plan("model_list:\n  - { model_name: a, litellm_params: { model: openai/gpt-4o, temperature: 0 } }\nrouter_settings: { routing_strategy: magic, redis_host: r }\nlitellm_settings: { fallbacks: [{ ghost: [a] }] }\n");
    expect(p.skipped.map((s) => s.field)).toEqual(["routing_strategy", "router_settings.redis_host", "model_list.0.litellm_params.temperature", "litellm_settings.fallbacks.0"]);
  });
});

describe("exportLiteLlmConfig", () => {
  const model = (over: Partial<PublicModel>): PublicModel => ({ id: "m1", name: "ft", provider: "openai", model: "ft:gpt-4o-mini:acme::x1", apiBase: null, apiVersion: null, project: null, location: null, secret: { source: "env", last4: null, envRef: "env:OPENAI_API_KEY" }, ...over }) as PublicModel;
  const group: PublicGroup = {
    id: "g1", name: "chat", description: "d", strategy: "simple-shuffle", retries: 2, timeoutMs: 30000, firstByteTimeoutMs: 8000, streamTtftTimeoutMs: 10000,
    maxInFlight: 40, allowedFails: 3, cooldownWindowSeconds: 60, cooldownSeconds: 30, maxAttempts: 6, deadlineMs: 45000, fallbacks: ["backup"], contextWindowFallbacks: [], contentPolicyFallbacks: [],
    usedAsFallbackBy: [], version: 1, createdAt: "", updatedAt: "",
    members: [
      { modelId: "m1", modelName: "ft", provider: "openai", kind: "fine_tuned", baseModel: "gpt-4o-mini", weight: 20, order: 0, rpm: null, tpm: 1000, enabled: true },
      { modelId: "m2", modelName: "secret", provider: "openai", kind: "base", baseModel: null, weight: 80, order: 1, rpm: null, tpm: null, enabled: false },
    ],
  };

  it("writes model_list, settings and fallbacks, and never a secret", () => {
    const out = exportLiteLlmConfig([group], new Map([["m1", model({})], ["m2", model({ id: "m2", name: "secret", model: "gpt-4o", secret: { source: "inline", last4: "abcd", envRef: null } })]]));
    const cfg = parse(out.yaml);
    expect(cfg.model_list[0]).toEqual({ model_name: "chat", litellm_params: { model: "openai/ft:gpt-4o-mini:acme::x1", api_key: "os.environ/OPENAI_API_KEY", tpm: 1000, weight: 20 }, model_info: { id: "ft", base_model: "gpt-4o-mini" } });
    expect(cfg.model_list[1].litellm_params).toEqual({ model: "openai/gpt-4o", weight: 80, order: 1 });
    expect(cfg.model_list[1].model_info.tunebench_enabled).toBe(false);
    expect(cfg.litellm_settings).toEqual({ fallbacks: [{ chat: ["backup"] }] });
    expect(cfg.tunebench_groups.chat).toMatchObject({ description: "d", timeout: 30, first_byte_timeout: 8, stream_timeout: 10, max_attempts: 6, deadline: 45 });
    expect(cfg.router_settings).toMatchObject({ timeout: 30, default_max_parallel_requests: 40 });
    expect(out.withoutKey).toEqual(["secret"]);
    expect(out.yaml).toContain("# Keys not exported");
    expect(out.yaml).not.toContain("abcd");

    // And back: the plan reproduces the group.
    const p = plan(out.yaml);
    expect(p.groups[0].members.map((m) => [m.weight, m.order, m.tpm, m.enabled])).toEqual([[20, 0, 1000, true], [80, 1, null, false]]);
    expect(p.groups[0].settings).toMatchObject({ description: "d", strategy: "simple-shuffle", retries: 2, timeoutMs: 30000, firstByteTimeoutMs: 8000, streamTtftTimeoutMs: 10000, maxInFlight: 40, cooldownWindowSeconds: 60, maxAttempts: 6, deadlineMs: 45000, fallbacks: ["backup"] });
  });
});
