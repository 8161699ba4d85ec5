import { exportPKCS8, exportSPKI, generateKeyPair, importSPKI, jwtVerify } from "jose";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { complete, stream } from "../core";
import { startRecordingServer, json, sse, type RecordedRequest, type RecordingServer } from "@/test/recording-server";
import { caught, drain } from "@/test/completion-fixtures";
import type { Deployment } from "../types";
import { clearVertexTokenCache } from "./vertex-auth";

let server: RecordingServer;
let publicPem: string;
let serviceAccountJson: string;
const tokenRequests: RecordedRequest[] = [];

beforeAll(async () => {
  server = await startRecordingServer();
  const { privateKey, publicKey } = await generateKeyPair("RS256", { extractable: true });
  publicPem = await exportSPKI(publicKey);
  serviceAccountJson = JSON.stringify({
    type: "service_account",
    project_id: "acme-prod",
    private_key_id: "kid-1",
    private_key: await exportPKCS8(privateKey),
    client_email: "tunebench@acme-prod.iam.gserviceaccount.com",
    token_uri: `${server.url}/token`,
  });
  server.route("/token", (req, res) => {
    tokenRequests.push(req);
    res.writeHead(200, { "content-type": "application/json" });
    res.end(JSON.stringify({ access_token: `ya29.test-token-${tokenRequests.length}`, expires_in: 3600, token_type: "Bearer" }));
  });
});
afterAll(() => server.close());
beforeEach(() => {
  clearVertexTokenCache();
  tokenRequests.length = 0;
  server.requests.length = 0;
});

const d = (model = "gemini-2.0-flash-001"): Deployment => ({
  provider: "vertex_ai",
  model,
  location: "europe-west4",
  apiBase: server.url,
  serviceAccountJson,
});
const gemini = (text: string, finishReason = "STOP") => ({
  candidates: [{ content: { role: "model", parts: [{ text }] }, finishReason }],
  usageMetadata: { promptTokenCount: 1_000_000, candidatesTokenCount: 1_000_000, totalTokenCount: 2_000_000 },
  modelVersion: "gemini-2.0-flash-001",
  responseId: "resp-1",
});
const messages = [
  { role: "system" as const, content: "Answer in French." },
  { role: "user" as const, content: "Hello" },
];

describe("vertex_ai", () => {
  it("exchanges a signed JWT at token_uri, caches the token, and calls generateContent", async () => {
    server.reply(json(200, gemini("Bonjour")));
    const r = await complete(d(), { messages, temperature: 0.1, max_tokens: 64, seed: 3, stop: "###", response_format: { type: "json_object" } });
    await complete(d(), { messages });
    expect(tokenRequests).toHaveLength(1);
    const form = tokenRequests[0].body as Record<string, string>;
    expect(form.grant_type).toBe("urn:ietf:params:oauth:grant-type:jwt-bearer");
    const { payload, protectedHeader } = await jwtVerify(form.assertion, await importSPKI(publicPem, "RS256"), {
      issuer: "tunebench@acme-prod.iam.gserviceaccount.com",
      audience: `${server.url}/token`,
    });
    expect(protectedHeader).toMatchObject({ alg: "RS256", kid: "kid-1" });
    expect(payload.scope).toBe("https://www.googleapis.com/auth/cloud-platform");

    const sent = server.requests[0];
    expect(sent.url).toBe("/v1/projects/acme-prod/locations/europe-west4/publishers/google/models/gemini-2.0-flash-001:generateContent");
    expect(sent.headers.authorization).toBe("Bearer ya29.test-token-1");
    expect(sent.body).toEqual({
      contents: [{ role: "user", parts: [{ text: "Hello" }] }],
      systemInstruction: { parts: [{ text: "Answer in French." }] },
      generationConfig: { temperature: 0.1, maxOutputTokens: 64, seed: 3, stopSequences: ["###"], responseMimeType: "application/json" },
    });
    expect(r.choices[0]).toMatchObject({ message: { content: "Bonjour" }, finish_reason: "stop" });
    expect(r.meta.costUsd).toBeCloseTo(0.75, 6); // $0.15 + $0.60
    expect(r.meta.endpoint).not.toContain("ya29");
  });

  it("addresses a tuned endpoint by its path and streams with alt=sse", async () => {
    const path = "projects/acme-prod/locations/us-central1/endpoints/1234567890";
    server.reply(
      sse([
        { candidates: [{ content: { role: "model", parts: [{ text: "Bon" }] } }], usageMetadata: { promptTokenCount: 4 } },
        { candidates: [{ content: { role: "model", parts: [{ text: "jour" }] }, finishReason: "STOP" }], usageMetadata: { promptTokenCount: 4, candidatesTokenCount: 2, totalTokenCount: 6 } },
      ]),
    );
    const s = await stream({ ...d(path), baseModel: "gemini-2.0-flash-001" }, { messages });
    expect(server.requests[0].url).toBe(`/v1/${path}:streamGenerateContent?alt=sse`);
    const { chunks, text } = await drain(s);
    expect(text).toBe("Bonjour");
    expect(chunks[0].choices[0].delta.role).toBe("assistant");
    expect(chunks[chunks.length - 1].usage).toEqual({ prompt_tokens: 4, completion_tokens: 2, total_tokens: 6 });
    expect(s.meta).toMatchObject({ finishReason: "stop", baseModel: "gemini-2.0-flash-001", done: true });
    expect(s.meta.costUsd).toBeGreaterThan(0);
  });

  it("translates tools and returns function calls as tool_calls", async () => {
    server.reply(
      json(200, {
        candidates: [{ content: { role: "model", parts: [{ functionCall: { name: "weather", args: { city: "Lyon" } } }] }, finishReason: "STOP" }],
        usageMetadata: { promptTokenCount: 5, candidatesTokenCount: 2 },
      }),
    );
    const tools = [{ type: "function" as const, function: { name: "weather", parameters: { type: "object" } } }];
    const r = await complete(d(), { messages, tools, tool_choice: { type: "function", function: { name: "weather" } } });
    expect(server.requests[0].body).toMatchObject({
      tools: [{ functionDeclarations: [{ name: "weather", parameters: { type: "object" } }] }],
      toolConfig: { functionCallingConfig: { mode: "ANY", allowedFunctionNames: ["weather"] } },
    });
    expect(r.choices[0].finish_reason).toBe("tool_calls");
    expect(r.choices[0].message.tool_calls?.[0].function).toEqual({ name: "weather", arguments: '{"city":"Lyon"}' });
  });

  it("maps Vertex errors with region hints, and a blocked prompt to content_policy", async () => {
    const cases: Array<[number, string, string, string]> = [
      [404, "NOT_FOUND", "Publisher Model `gemini-9` was not found", "not_found"],
      [403, "PERMISSION_DENIED", "Permission denied on resource project acme-prod", "permission"],
      [429, "RESOURCE_EXHAUSTED", "Quota exceeded for aiplatform.googleapis.com/generate_content_requests", "rate_limit"],
      [400, "INVALID_ARGUMENT", "The input token count (1200000) exceeds the maximum number of tokens allowed (1048576).", "context_window_exceeded"],
      [503, "UNAVAILABLE", "The service is currently unavailable.", "upstream_unavailable"],
    ];
    for (const [code, status, message, kind] of cases) {
      server.reply(json(code, { error: { code, message, status } }));
      const e = await caught(complete(d(), { messages }));
      expect(e).toMatchObject({ kind, status: code, provider: "vertex_ai", code: status });
      if (kind === "not_found") expect(e).toMatchObject({ hint: expect.stringMatching(/region/) });
    }
    server.reply(json(200, { promptFeedback: { blockReason: "SAFETY" }, usageMetadata: { promptTokenCount: 3 } }));
    expect(await caught(complete(d(), { messages }))).toMatchObject({ kind: "content_policy" });
    server.reply(json(200, gemini("", "SAFETY")));
    expect((await complete(d(), { messages })).choices[0].finish_reason).toBe("content_filter");
  });

  it("fails clearly on a rejected key or missing credentials", async () => {
    const rejecting = JSON.stringify({ ...JSON.parse(serviceAccountJson), token_uri: `${server.url}/bad-token` });
    server.route("/bad-token", (_req, res) => {
      res.writeHead(400, { "content-type": "application/json" });
      res.end(JSON.stringify({ error: "invalid_grant", error_description: "Invalid JWT Signature." }));
    });
    const e = await caught(complete({ ...d(), serviceAccountJson: rejecting }, { messages }));
    expect(e).toMatchObject({ kind: "authentication", status: 400, message: expect.stringMatching(/invalid_grant/) });
    expect(await caught(complete({ ...d(), serviceAccountJson: undefined }, { messages }))).toMatchObject({ kind: "authentication" });
    expect(await caught(complete({ ...d(), serviceAccountJson: "{not json" }, { messages }))).toMatchObject({ kind: "authentication" });
  });
});
