// A row whose secret this instance cannot decrypt (saved by an instance with another ENCRYPTION_KEY) is an error
// the caller sees, naming the model and ENCRYPTION_KEY: never a silent 404 on /v1, a generic 500, or a blank.
// Real SQLite file, the gateway's Node listener on loopback, the simulator as the upstream.
import crypto from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GET as listCredentials } from "@/app/api/credentials/route";
import { GET as getModelDetail } from "@/app/api/models/[id]/route";
import { POST as testModel } from "@/app/api/models/[id]/test/route";
import { GET as listModels } from "@/app/api/models/route";
import { POST as runChecks } from "@/app/api/health-checks/run/route";
import { encryptSecret } from "@/lib/server/crypto";
import { flushRequestLog } from "@/lib/usage/server/request-log";
import { useSimulator } from "@/test/simulator";
import { apiRequest, routeParams, TEST_MASTER_KEY, useTestDb } from "@/test/db";
import { invalidateGatewayConfig } from "./config";
import { startGatewayServer, type GatewayServer } from "@/test/gateway-server";

const { db } = useTestDb();
const otherInstanceKey = crypto.randomBytes(32);
const FOREIGN_SECRET = "sk-saved-on-instance-b-7777";
let server: GatewayServer;
let foreignId: string;
let viaCredentialId: string;

useSimulator();

beforeAll(async () => {
  const fast = { provider: "simulator", modelId: "tb-sim-8b", baseModel: "tb-sim-8b", simulatorJson: JSON.stringify({ latencyMs: 0, ttftMs: 0 }) };
  await db.model.create({ data: { name: "readable-sim", ...fast } });
  const foreign = await db.model.create({
    data: { name: "foreign-sim", ...fast, inlineSecretEnc: encryptSecret(FOREIGN_SECRET, otherInstanceKey), inlineSecretLast4: "7777" },
  });
  const credential = await db.credential.create({
    data: { name: "foreign-cred", provider: "simulator", secretEnc: encryptSecret(FOREIGN_SECRET, otherInstanceKey), secretLast4: "7777" },
  });
  const viaCredential = await db.model.create({ data: { name: "foreign-cred-sim", ...fast, credentialId: credential.id } });
  foreignId = foreign.id;
  viaCredentialId = viaCredential.id;
  await db.routingGroup.create({ data: { name: "foreign-group", members: { create: [{ modelId: foreign.id }] } } });
  invalidateGatewayConfig();
  server = await startGatewayServer(db);
});

afterAll(async () => {
  await server?.close();
});

const chat = (model: string, stream = false) =>
  fetch(`${server.url}/v1/chat/completions`, {
    method: "POST",
    headers: { authorization: `Bearer ${TEST_MASTER_KEY}`, "content-type": "application/json" },
    body: JSON.stringify({ model, stream, messages: [{ role: "user", content: "hi" }] }),
  });

const CANNOT_DECRYPT = /cannot be decrypted with this instance's ENCRYPTION_KEY/;

describe("/v1 with a model whose secret this instance cannot decrypt", () => {
  it("answers a 500 naming the model and ENCRYPTION_KEY, plain and streamed, and logs it", async () => {
    for (const stream of [false, true]) {
      const res = await chat("foreign-sim", stream);
      expect(res.status).toBe(500);
      const text = await res.text();
      expect(text).not.toContain(FOREIGN_SECRET);
      const { error } = JSON.parse(text) as { error: { code: string; type: string; message: string } };
      expect(error).toMatchObject({ code: "secret_unreadable", type: "server_error" });
      expect(error.message).toMatch(/^The secret of model "foreign-sim" cannot be decrypted with this instance's ENCRYPTION_KEY/);
    }
    await flushRequestLog();
    const rows = await db.requestLog.findMany({ where: { modelName: "foreign-sim", source: "gateway" } });
    expect(rows.map((r) => [r.status, r.errorKind])).toEqual([
      [500, "secret_unreadable"],
      [500, "secret_unreadable"],
    ]);
  });

  it("names the credential when the model's key comes from one", async () => {
    const res = await chat("foreign-cred-sim");
    expect(res.status).toBe(500);
    expect((await res.json()).error.message).toMatch(/^The secret of model "foreign-cred-sim" \(credential "foreign-cred"\) cannot be decrypted/);
  });

  it("is the same error through a routing group, naming the member", async () => {
    const res = await chat("foreign-group");
    expect(res.status).toBe(500);
    const { error } = await res.json();
    expect(error.code).toBe("secret_unreadable");
    expect(error.message).toContain('model "foreign-sim"');
  });

  it("is still listed, and its neighbours still answer", async () => {
    const list = await (await fetch(`${server.url}/v1/models`, { headers: { authorization: `Bearer ${TEST_MASTER_KEY}` } })).json();
    expect(list.data.map((m: { id: string }) => m.id)).toEqual(expect.arrayContaining(["foreign-sim", "foreign-cred-sim", "readable-sim"]));
    expect((await chat("readable-sim")).status).toBe(200);
  });
});

describe("the dashboard with such a model", () => {
  it("shows the error on the model list and the detail page, and nothing on readable models", async () => {
    const page = await (await listModels(apiRequest("/api/models?q=sim&pageSize=100"))).json();
    const byName = Object.fromEntries(page.items.map((m: { name: string; secretError: string | null }) => [m.name, m.secretError]));
    expect(byName["foreign-sim"]).toMatch(CANNOT_DECRYPT);
    expect(byName["foreign-cred-sim"]).toMatch(/credential "foreign-cred"/);
    expect(byName["readable-sim"]).toBeNull();

    const detail = await (await getModelDetail(apiRequest(`/api/models/${foreignId}`), routeParams({ id: foreignId }))).json();
    expect(detail.secretError).toMatch(CANNOT_DECRYPT);
    expect(detail.secret).toEqual({ source: "inline", last4: "7777", envRef: null });
  });

  it("shows it on the credential list", async () => {
    const { items } = await (await listCredentials(apiRequest("/api/credentials"))).json();
    expect(items.find((c: { name: string }) => c.name === "foreign-cred").secretError).toMatch(/^The secret of credential "foreign-cred" cannot be decrypted/);
  });

  it("answers Test connection with the same clear error instead of a generic 500", async () => {
    const res = await testModel(apiRequest(`/api/models/${viaCredentialId}/test`, { method: "POST" }), routeParams({ id: viaCredentialId }));
    expect(res.status).toBe(500);
    const { error } = await res.json();
    expect(error.code).toBe("secret_unreadable");
    expect(error.message).toMatch(CANNOT_DECRYPT);
  });

  it("reports it as the health check's result", async () => {
    const group = await db.routingGroup.findUniqueOrThrow({ where: { name: "foreign-group" } });
    const res = await runChecks(apiRequest("/api/health-checks/run", { body: { groupId: group.id } }));
    expect(res.status).toBe(200);
    const { results } = await res.json();
    expect(results).toEqual([expect.objectContaining({ modelName: "foreign-sim", ok: false, status: 500, errorKind: "secret_unreadable", message: expect.stringMatching(CANNOT_DECRYPT) })]);
  });
});
