import { describe, expect, it } from "vitest";
import { apiRequest, useTestDb } from "@/lib/testing/test-db";
import { seedIfEmpty } from "@/lib/server/seed";
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
    await POST(apiRequest("/api/models", { body: { name: "with-inline-key", provider: "openai", modelId: "gpt-4o", secret: "sk-live-supersecret-9876" } }));
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
    expect(body.error.fields.provider).toBeDefined();
    expect(await db.model.count()).toBe(before);
  });

  it("rejects malformed JSON as a 400, not a 500", async () => {
    const res = await POST(apiRequest("/api/models", { body: "{not json" }));
    expect(res.status).toBe(400);
    expect((await res.json()).error.code).toBe("invalid_json");
  });

  it("requires Azure's api base and base model, naming the fields", async () => {
    const res = await POST(apiRequest("/api/models", { body: { name: "az", provider: "azure", modelId: "gpt-4o" } }));
    expect(res.status).toBe(400);
    const { error } = await res.json();
    expect(Object.keys(error.fields).sort()).toEqual(["apiBase", "baseModel"]);
  });

  it("creates a model (201) and refuses a duplicate name (409)", async () => {
    const input = { name: "ft-sql", provider: "openai", modelId: "ft:gpt-4o-mini-2024-07-18:acme:sql:AbC123", kind: "fine_tuned", tags: ["sql"] };
    const created = await POST(apiRequest("/api/models", { body: input }));
    expect(created.status).toBe(201);
    expect((await created.json()).tags).toEqual(["sql"]);
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
    const evil = await POST(apiRequest("/api/models", { auth: "none", headers: { cookie: session, origin: "https://evil.example" }, body: { name: "x", provider: "openai", modelId: "gpt-4o" } }));
    expect(evil.status).toBe(403);
    const same = await POST(apiRequest("/api/models", { auth: "none", headers: { cookie: session, origin: "http://localhost:3000", host: "localhost:3000" }, body: { name: "x", provider: "openai", modelId: "gpt-4o" } }));
    expect(same.status).toBe(201);
  });

  it("refuses a wrong master key at sign-in, naming the field", async () => {
    const res = await signIn(apiRequest("/api/auth/signin", { auth: "none", body: { masterKey: "nope" }, headers: { origin: "http://localhost:3000" } }));
    expect(res.status).toBe(401);
    expect((await res.json()).error.fields.masterKey).toBeDefined();
  });
});
