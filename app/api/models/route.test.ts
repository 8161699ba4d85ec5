import { describe, expect, it } from "vitest";
import { apiRequest, useTestDb } from "@/test/db";
import { seedIfEmpty } from "@/lib/models/server/seed";
import { GET, POST } from "./route";
import { POST as signIn } from "../auth/signin/route";

const { db } = useTestDb();

describe("/api/models", () => {
  it("refuses an unauthenticated list with the error envelope", async () => {
    const res = await GET(apiRequest("/api/models", { auth: "none" }));
    expect(res.status).toBe(401);
    expect(await res.json()).toEqual({ error: { code: "unauthenticated", message: expect.any(String) } });
  });

  it("refuses a wrong bearer key", async () => {
    const res = await GET(apiRequest("/api/models", { auth: "sk-wrong" }));
    expect(res.status).toBe(401);
  });

  it("lists the seeded models with the master key and never a secret", async () => {
    await seedIfEmpty(db);
    await POST(apiRequest("/api/models", { body: { name: "with-inline-key", provider: "openai", model: "gpt-4o", apiKey: "sk-live-supersecret-9876" } }));
    const res = await GET(apiRequest("/api/models?pageSize=100"));
    expect(res.status).toBe(200);
    const text = await res.text();
    const page = JSON.parse(text);
    expect(page.total).toBe(7);
    expect(page.items.map((m: { name: string }) => m.name)).toContain("support-bot-v3");
    expect(text).not.toContain("supersecret");
    expect(text).not.toMatch(/SecretEnc|headersEnc/);
    const inline = page.items.find((m: { name: string }) => m.name === "with-inline-key");
    expect(inline.secret).toEqual({ source: "inline", last4: "9876", envRef: null });
    const stored = await db.model.findUniqueOrThrow({ where: { name: "with-inline-key" } });
    expect(stored.inlineSecretEnc).toBeTruthy();
    expect(stored.inlineSecretEnc).not.toContain("supersecret");
  });

  it("rejects a bad body with field errors and writes nothing", async () => {
    const before = await db.model.count();
    const res = await POST(apiRequest("/api/models", { body: { name: 42 } }));
    expect(res.status).toBe(400);
    const body = await res.json();
    expect(body.error.code).toBe("validation_failed");
    expect(body.error.fields.name).toBeDefined();
    expect(body.error.fields.model).toBeDefined();
    expect(await db.model.count()).toBe(before);
  });

  it("refuses text that is not valid Unicode (an unpaired surrogate) as a 400 naming the field", async () => {
    const before = await db.model.count();
    const res = await POST(apiRequest("/api/models", { body: '{"name":"bad\\ud800","model":"gpt-4o"}' }));
    expect(res.status).toBe(400);
    const { error } = await res.json();
    expect(error.fields.name[0]).toMatch(/unpaired surrogate/);
    expect(await db.model.count()).toBe(before);
  });

  it("rejects malformed JSON as a 400, not a 500", async () => {
    const res = await POST(apiRequest("/api/models", { body: "{not json" }));
    expect(res.status).toBe(400);
    expect((await res.json()).error.code).toBe("invalid_json");
  });

  it("requires Azure's api base and base model, naming the fields", async () => {
    const res = await POST(apiRequest("/api/models", { body: { name: "az", provider: "azure", model: "my-deployment" } }));
    expect(res.status).toBe(400);
    const { error } = await res.json();
    expect(Object.keys(error.fields).sort()).toEqual(["apiBase", "baseModel"]);
  });

  it("creates a model (201) and refuses a duplicate name (409)", async () => {
    const input = { name: "ft-sql", model: "ft:gpt-4o-mini-2024-07-18:acme:sql:AbC123", tags: ["sql"] };
    const created = await POST(apiRequest("/api/models", { body: input }));
    expect(created.status).toBe(201);
    const model = await created.json();
    expect(model).toMatchObject({ tags: ["sql"], provider: "openai", model: input.model, modelId: input.model, baseModel: "gpt-4o-mini-2024-07-18", kind: "fine_tuned" });
    const dup = await POST(apiRequest("/api/models", { body: input }));
    expect(dup.status).toBe(409);
    expect((await dup.json()).error.fields.name).toBeDefined();
  });

  it("filters by provider, kind and tag, and paginates", async () => {
    const sims = await (await GET(apiRequest("/api/models?provider=simulator"))).json();
    expect(sims.items.map((m: { name: string }) => m.name).sort()).toEqual(["sim-8b-base", "sim-8b-support-ft"]);
    const tuned = await (await GET(apiRequest("/api/models?kind=fine_tuned&tag=support"))).json();
    expect(tuned.items.map((m: { name: string }) => m.name).sort()).toEqual(["sim-8b-support-ft", "support-bot-v3"]);
    const page2 = await (await GET(apiRequest("/api/models?pageSize=3&page=2&sort=name"))).json();
    expect(page2.items).toHaveLength(3);
    expect(page2.page).toBe(2);
  });

  it("accepts the session cookie, and refuses a cookie mutation from another origin", async () => {
    const signed = await signIn(apiRequest("/api/auth/signin", { auth: "none", body: { masterKey: "sk-test-master-key-0001" }, headers: { origin: "http://localhost:3000" } }));
    expect(signed.status).toBe(200);
    const cookie = signed.headers.get("set-cookie")!;
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Lax/);
    const session = cookie.split(";")[0];
    const list = await GET(apiRequest("/api/models", { auth: "none", headers: { cookie: session } }));
    expect(list.status).toBe(200);
    const evil = await POST(apiRequest("/api/models", { auth: "none", headers: { cookie: session, origin: "https://evil.example" }, body: { name: "x", provider: "openai", model: "gpt-4o" } }));
    expect(evil.status).toBe(403);
    const same = await POST(apiRequest("/api/models", { auth: "none", headers: { cookie: session, origin: "http://localhost:3000", host: "localhost:3000" }, body: { name: "x", provider: "openai", model: "gpt-4o" } }));
    expect(same.status).toBe(201);
  });

  it("refuses a wrong master key at sign-in, naming the field", async () => {
    const res = await signIn(apiRequest("/api/auth/signin", { auth: "none", body: { masterKey: "nope" }, headers: { origin: "http://localhost:3000" } }));
    expect(res.status).toBe(401);
    expect((await res.json()).error.fields.masterKey).toBeDefined();
  });

  it("detects the provider from the model id and the api base, and names the field when it cannot", async () => {
    const vertex = await POST(apiRequest("/api/models", { body: { name: "vx", model: "projects/p1/locations/europe-west4/endpoints/123", baseModel: "gemini-2.0-flash-001" } }));
    expect(vertex.status).toBe(201);
    expect(await vertex.json()).toMatchObject({ provider: "vertex_ai", project: "p1", location: "europe-west4", kind: "fine_tuned" });
    const generic = await POST(apiRequest("/api/models", { body: { name: "gen", model: "my-lora", apiBase: "http://127.0.0.1:9/v1/" } }));
    expect(generic.status).toBe(201);
    expect(await generic.json()).toMatchObject({ provider: "openai", apiBase: "http://127.0.0.1:9/v1", baseModel: "my-lora" });
    const prefixed = await POST(apiRequest("/api/models", { body: { name: "pref", model: "hosted_vllm/llama-sql-lora", apiBase: "http://gpu:8000/v1", kind: "fine_tuned", baseModel: "llama-3.1-8b" } }));
    expect(await prefixed.json()).toMatchObject({ provider: "hosted_vllm", model: "llama-sql-lora" });
    const unknown = await POST(apiRequest("/api/models", { body: { name: "u", model: "something-odd" } }));
    expect(unknown.status).toBe(400);
    expect((await unknown.json()).error.fields.provider[0]).toMatch(/prefix the id/);
    const malformed = await POST(apiRequest("/api/models", { body: { name: "m", model: "ft:gpt-4o-mini" } }));
    expect((await malformed.json()).error.fields.model).toBeDefined();
  });

  it("rejects unknown keys by name, a key with a credential, and a bad env reference", async () => {
    const legacy = await POST(apiRequest("/api/models", { body: { name: "l", modelId: "gpt-4o" } }));
    expect(legacy.status).toBe(400);
    expect(JSON.stringify((await legacy.json()).error.fields)).toMatch(/modelId/);
    const cred = await db.credential.create({ data: { name: "c1", provider: "openai", envRef: "env:OPENAI_API_KEY" } });
    const both = await POST(apiRequest("/api/models", { body: { name: "b", model: "gpt-4o", credentialId: cred.id, apiKey: "sk-abcdefgh" } }));
    expect((await both.json()).error.fields.apiKey).toBeDefined();
    const env = await POST(apiRequest("/api/models", { body: { name: "e", model: "gpt-4o", apiKey: "env:lower" } }));
    expect((await env.json()).error.fields.apiKey).toBeDefined();
    const okEnv = await POST(apiRequest("/api/models", { body: { name: "e2", model: "gpt-4o", apiKey: "env:OPENAI_API_KEY" } }));
    expect((await okEnv.json()).secret).toEqual({ source: "env", last4: null, envRef: "env:OPENAI_API_KEY" });
    const missingCred = await POST(apiRequest("/api/models", { body: { name: "mc", model: "gpt-4o", credentialId: "nope" } }));
    expect((await missingCred.json()).error.fields.credentialId).toBeDefined();
  });

  it("rejects an unbounded page size and an unknown sort", async () => {
    expect((await GET(apiRequest("/api/models?pageSize=100000"))).status).toBe(400);
    expect((await GET(apiRequest("/api/models?sort=secret"))).status).toBe(400);
  });
});
