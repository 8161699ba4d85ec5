import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { apiRequest, routeParams, useTestDb } from "@/test/db";
import { json, startRecordingServer, type RecordingServer } from "@/test/recording-server";
import { openAICompletion } from "@/test/completion-fixtures";
import { startGatewayServer, type GatewayServer } from "@/test/gateway-server";
import { POST as createModel } from "../models/route";
import { GET, POST } from "./route";
import { DELETE, PATCH } from "./[id]/route";

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

describe("PATCH /api/credentials/{id}", () => {
  let upstream: RecordingServer;
  let gateway: GatewayServer;
  beforeAll(async () => {
    upstream = await startRecordingServer();
    upstream.reply(json(200, openAICompletion("hi")));
    gateway = await startGatewayServer(db);
  });
  afterAll(async () => {
    await upstream.close();
    await gateway.close();
  });

  const patch = (id: string, body: unknown) => PATCH(apiRequest(`/api/credentials/${id}`, { method: "PATCH", body }), routeParams({ id }));

  it("rotates the key: the gateway's very next call sends the new one, and no response shows it", async () => {
    const created = await (await POST(apiRequest("/api/credentials", { body: { name: "rotating", provider: "openai", apiKey: "sk-old-key-1111", apiBase: `${upstream.url}/v1` } }))).json();
    expect((await createModel(apiRequest("/api/models", { body: { name: "rotating-model", model: "gpt-4o-mini", credentialId: created.id } }))).status).toBe(201);
    const ask = () => gateway.fetch(apiRequest("/v1/chat/completions", { body: { model: "rotating-model", messages: [{ role: "user", content: "hi" }] } }));
    expect((await ask()).status).toBe(200);
    expect(upstream.requests.at(-1)!.headers.authorization).toBe("Bearer sk-old-key-1111");

    const res = await patch(created.id, { version: created.version, apiKey: "sk-new-key-2222" });
    expect(res.status).toBe(200);
    const text = await res.text();
    expect(text).not.toContain("sk-new-key");
    expect(JSON.parse(text)).toMatchObject({ name: "rotating", version: created.version + 1, secret: { source: "inline", last4: "2222" }, modelCount: 1 });
    expect((await db.credential.findUniqueOrThrow({ where: { id: created.id } })).secretEnc).not.toContain("sk-new-key");

    expect((await ask()).status).toBe(200);
    expect(upstream.requests.at(-1)!.headers.authorization).toBe("Bearer sk-new-key-2222");
  });

  it("renames, switches to an env reference and clears the API base; refuses a stale version, a taken name and bad fields, changing nothing", async () => {
    const cred = await db.credential.findUniqueOrThrow({ where: { name: "rotating" } });
    const stale = await patch(cred.id, { version: cred.version - 1, name: "renamed" });
    expect(stale.status).toBe(409);
    expect((await stale.json()).error).toMatchObject({ code: "version_conflict", current: { name: "rotating", version: cred.version } });

    const taken = await patch(cred.id, { version: cred.version, name: "openai-prod" });
    expect(taken.status).toBe(409);
    expect((await taken.json()).error.fields.name).toBeDefined();

    const bad = await patch(cred.id, { version: cred.version, apiKey: "env:lower", apiBase: "not a url", provider: "mistral" });
    expect(bad.status).toBe(400);
    expect(Object.keys((await bad.json()).error.fields).sort()).toEqual(["apiBase", "apiKey", "body"]);
    expect(await db.credential.findUniqueOrThrow({ where: { id: cred.id } })).toMatchObject({ name: "rotating", version: cred.version, secretLast4: "2222" });

    const ok = await patch(cred.id, { version: cred.version, name: "renamed", apiKey: "env:OPENAI_API_KEY", apiBase: null });
    expect(ok.status).toBe(200);
    expect(await ok.json()).toMatchObject({ name: "renamed", apiBase: null, secret: { source: "env", last4: null, envRef: "env:OPENAI_API_KEY" }, version: cred.version + 1 });
    expect((await patch("nope", { version: 1, name: "x" })).status).toBe(404);
  });
});
