import { describe, expect, it } from "vitest";
import { apiRequest, routeParams, useTestDb } from "@/lib/testing/test-db";
import { POST as createModel } from "../models/route";
import { GET, POST } from "./route";
import { DELETE } from "./[id]/route";

const { db } = useTestDb();

describe("/api/credentials", () => {
  it("stores a key encrypted and shows only its last 4", async () => {
    const res = await POST(apiRequest("/api/credentials", { body: { name: "openai-prod", provider: "openai", apiKey: "sk-proj-verysecret-WXYZ" } }));
    expect(res.status).toBe(201);
    const text = await res.text();
    expect(text).not.toContain("verysecret");
    expect(JSON.parse(text).secret).toEqual({ source: "inline", last4: "WXYZ", envRef: null });
    const row = await db.credential.findUniqueOrThrow({ where: { name: "openai-prod" } });
    expect(row.secretEnc).toMatch(/^v1\./);
    expect(row.secretEnc).not.toContain("verysecret");
    const list = await (await GET(apiRequest("/api/credentials"))).text();
    expect(list).not.toContain("verysecret");
  });

  it("accepts an env reference, refuses a bad one and a duplicate name", async () => {
    const env = await POST(apiRequest("/api/credentials", { body: { name: "from-env", provider: "openai", apiKey: "env:OPENAI_API_KEY" } }));
    expect((await env.json()).secret).toEqual({ source: "env", last4: null, envRef: "env:OPENAI_API_KEY" });
    const bad = await POST(apiRequest("/api/credentials", { body: { name: "bad", provider: "openai", apiKey: "env:nope" } }));
    expect((await bad.json()).error.fields.apiKey).toBeDefined();
    const dup = await POST(apiRequest("/api/credentials", { body: { name: "from-env", provider: "openai", apiKey: "sk-1234" } }));
    expect(dup.status).toBe(409);
    expect((await dup.json()).error.fields.name).toBeDefined();
  });

  it("refuses to delete a credential models use, naming them", async () => {
    const cred = await db.credential.findUniqueOrThrow({ where: { name: "openai-prod" } });
    const m = await createModel(apiRequest("/api/models", { body: { name: "uses-cred", model: "gpt-4o", credentialId: cred.id } }));
    expect((await m.json()).secret.source).toBe("credential");
    const refused = await DELETE(apiRequest(`/api/credentials/${cred.id}`, { method: "DELETE" }), routeParams({ id: cred.id }));
    expect(refused.status).toBe(409);
    expect((await refused.json()).error.models[0].name).toBe("uses-cred");
    const unused = await db.credential.findUniqueOrThrow({ where: { name: "from-env" } });
    expect((await DELETE(apiRequest(`/api/credentials/${unused.id}`, { method: "DELETE" }), routeParams({ id: unused.id }))).status).toBe(200);
  });
});
