import { describe, expect, it } from "vitest";
import { ModelCreateSchema, ModelPatchSchema } from "@/lib/models/schema";
import { ApiError } from "@/lib/server/api-error";
import { resolveCreate, ruleErrors } from "./input";

const parse = (body: unknown) => ModelCreateSchema.parse(body);

describe("resolveCreate", () => {
  it("detects provider, base model and kind, keeping explicit values", () => {
    expect(resolveCreate(parse({ name: "a", model: "ft:gpt-4o-mini-2024-07-18:acme:s:1" }))).toMatchObject({
      provider: "openai",
      modelId: "ft:gpt-4o-mini-2024-07-18:acme:s:1",
      baseModel: "gpt-4o-mini-2024-07-18",
      kind: "fine_tuned",
    });
    expect(resolveCreate(parse({ name: "a", model: "gpt-4o", baseModel: "gpt-4o-2024-08-06", kind: "base" })).baseModel).toBe("gpt-4o-2024-08-06");
    expect(resolveCreate(parse({ name: "a", model: "azure/my-deploy", apiBase: "https://x.openai.azure.com" })).provider).toBe("azure");
  });

  it("names the field when the id cannot be resolved, prefixed for import items", () => {
    try {
      resolveCreate(parse({ name: "a", model: "mystery" }), "items.3.");
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(ApiError);
      expect(Object.keys((err as ApiError).fields ?? {})).toEqual(["items.3.provider"]);
    }
  });
});

describe("ruleErrors", () => {
  const base = resolveCreate(parse({ name: "a", model: "gpt-4o" }));
  it("requires Azure's endpoint and base model, Vertex's project and location", () => {
    expect(Object.keys(ruleErrors({ ...base, provider: "azure", baseModel: null }, {})).sort()).toEqual(["apiBase", "baseModel"]);
    expect(Object.keys(ruleErrors({ ...base, provider: "vertex_ai" }, {})).sort()).toEqual(["location", "project"]);
  });
  it("checks the key: env reference shape, not both key and credential, a real service-account JSON", () => {
    expect(ruleErrors(base, { apiKey: "env:bad-name" }).apiKey).toBeDefined();
    expect(ruleErrors({ ...base, credentialId: "c1" }, { apiKey: "sk-1" }).apiKey).toBeDefined();
    const vertex = { ...base, provider: "vertex_ai" as const, project: "p", location: "l" };
    expect(ruleErrors(vertex, { apiKey: "not json" }).apiKey).toBeDefined();
    expect(ruleErrors(vertex, { apiKey: JSON.stringify({ client_email: "a@b", private_key: "k" }) })).toEqual({});
  });
});

describe("ModelPatchSchema", () => {
  it("keeps absent fields absent and turns empty strings into null (a clear)", () => {
    const p = ModelPatchSchema.parse({ version: 2, description: "", baseModel: null });
    expect(p).toEqual({ version: 2, description: null, baseModel: null });
    expect("apiBase" in p).toBe(false);
    expect(ModelPatchSchema.safeParse({ description: "x" }).success).toBe(false);
  });
});
