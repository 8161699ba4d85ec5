// Upstreams that quote the request back (an error body echoing its headers) must never carry a configured
// secret out of the core: not the API key, not a custom header value, not a line of a service-account key.
import { exportPKCS8, generateKeyPair } from "jose";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { complete, stream } from "./core";
import { CompletionError } from "./errors";
import { clearVertexTokenCache } from "./providers/vertex-auth";
import { createRouter, RouterError } from "./router";
import { makeGroup } from "@/test/router";
import { caught, drain } from "@/test/completion-fixtures";
import { sse, startRecordingServer, type RecordedRequest, type RecordingServer, type Reply } from "@/test/recording-server";
import type { Deployment } from "./types";

const KEY = "sk-live-key-0123456789abcdef";
const HEADER_SECRET = "hdr-Secret/Value+with=chars_42";
const OTHER_HEADER_SECRET = 'tenant "quoted" secret 9876';

let server: RecordingServer;
let serviceAccountJson: string;
let privateKeyLines: string[];

beforeAll(async () => {
  server = await startRecordingServer();
  const { privateKey } = await generateKeyPair("RS256", { extractable: true });
  const pem = await exportPKCS8(privateKey);
  privateKeyLines = pem.split("\n").filter((l) => l.length >= 16 && !l.startsWith("-----"));
  serviceAccountJson = JSON.stringify({
    project_id: "acme",
    private_key_id: "0123456789abcdef0123456789abcdef01234567",
    private_key: pem,
    client_email: "bench@acme.iam.gserviceaccount.com",
    token_uri: `${server.url}/token`,
  });
  server.route("/token", (_req, res) => {
    res.writeHead(200, { "content-type": "application/json" });
    res.end(JSON.stringify({ access_token: "ya29.vertex-access-token-abcdef", expires_in: 3600 }));
  });
});
afterAll(() => server.close());
beforeEach(() => {
  clearVertexTokenCache();
  server.requests.length = 0;
});

const headers = { "x-tenant-secret": HEADER_SECRET, "x-other": OTHER_HEADER_SECRET };

/** Everything the upstream could quote: the headers it got, and (a broken proxy) the key file's lines. */
const quoted = (req: RecordedRequest) => `request headers: ${JSON.stringify(req.headers)} raw: ${HEADER_SECRET} ${privateKeyLines.slice(1, 3).join("\\n")}`;

const echoJson =
  (status: number): Reply =>
  (req, res) => {
    res.writeHead(status, { "content-type": "application/json" });
    res.end(JSON.stringify({ error: { message: quoted(req), code: `bad_header:${HEADER_SECRET}`, type: quoted(req), status: `INVALID:${HEADER_SECRET}` } }));
  };
const echoText =
  (status: number): Reply =>
  (req, res) => {
    res.writeHead(status, { "content-type": "text/plain" });
    res.end(quoted(req));
  };

const cases: Array<[string, () => Deployment]> = [
  ["openai", () => ({ provider: "openai", model: "gpt-4o-mini", apiBase: `${server.url}/v1`, apiKey: KEY, headers })],
  ["hosted_vllm", () => ({ provider: "hosted_vllm", model: "support-lora", apiBase: server.url, apiKey: KEY, headers })],
  ["azure", () => ({ provider: "azure", model: "gpt-4o", apiBase: server.url, apiKey: KEY, headers })],
  ["anthropic", () => ({ provider: "anthropic", model: "claude-3-5-haiku", apiBase: server.url, apiKey: KEY, headers })],
  ["vertex_ai", () => ({ provider: "vertex_ai", model: "gemini-2.0-flash-001", location: "europe-west4", apiBase: server.url, serviceAccountJson, headers })],
];

/** The key file's lines are secrets only where a key file is configured. */
const secrets = (d: Deployment) => [
  KEY,
  HEADER_SECRET,
  OTHER_HEADER_SECRET,
  JSON.stringify(OTHER_HEADER_SECRET).slice(1, -1),
  "ya29.vertex-access-token-abcdef",
  ...(d.serviceAccountJson ? privateKeyLines : []),
];

function expectClean(err: unknown, d: Deployment) {
  expect(err).toBeInstanceOf(Error);
  const e = err as CompletionError | RouterError;
  const text = [e.message, e.hint, (e as CompletionError).code, JSON.stringify(e), String(e)].join("\n");
  for (const secret of secrets(d)) expect(text).not.toContain(secret);
  expect(text).toContain("[redacted]");
}

const messages = [{ role: "user" as const, content: "Hi" }];

describe.each(cases)("%s: a configured secret quoted back by the upstream", (_name, deployment) => {
  it("is cut from a JSON error", async () => {
    server.reply(echoJson(400));
    const err = await caught(complete(deployment(), { messages }));
    // The headers really went out: the echo had something to leak.
    expect(server.requests[0].headers["x-tenant-secret"]).toBe(HEADER_SECRET);
    expect(err).toMatchObject({ kind: "bad_request" });
    expectClean(err, deployment());
  });

  it("is cut from a plain-text error", async () => {
    server.reply(echoText(401));
    const err = await caught(complete(deployment(), { messages }));
    expect(err).toMatchObject({ kind: "authentication" });
    expectClean(err, deployment());
  });

  it("is cut from an error that ends a stream", async () => {
    const isAnthropic = deployment().provider === "anthropic";
    server.reply(async (req, res) => {
      const error = { message: quoted(req), code: 500 };
      const frame = isAnthropic ? `event: error\ndata: ${JSON.stringify({ type: "error", error: { type: "api_error", message: quoted(req) } })}\n\n` : { error };
      await sse([frame], "end")(req, res);
    });
    const s = await stream(deployment(), { messages });
    const err = await caught(drain(s));
    expect(err).toBeInstanceOf(CompletionError);
    expectClean(err, deployment());
  });

  it("is cut from the router's error and trace", async () => {
    server.reply(echoJson(500));
    const group = makeGroup("g", [{ id: "m", name: "m", weight: 1, order: 0, enabled: true, deployment: deployment() }], { retries: 0 });
    const err = await caught(createRouter({ sleep: async () => {} }).route(group, { messages }));
    expect(err).toBeInstanceOf(RouterError);
    expectClean(err, deployment());
    const attempts = JSON.stringify((err as RouterError).trace.attempts);
    for (const secret of secrets(deployment())) expect(attempts).not.toContain(secret);
  });
});

it("cuts a key read from the environment, in its JSON-escaped form too", async () => {
  process.env.TB_REDACTION_TEST_KEY = 'env-key-with-"quote"-123456';
  try {
    server.reply(echoJson(400));
    const err = await caught(complete({ provider: "openai", model: "gpt-4o-mini", apiBase: `${server.url}/v1`, apiKey: "env:TB_REDACTION_TEST_KEY" }, { messages }));
    const text = JSON.stringify(err);
    expect(text).not.toContain("env-key-with");
    expect(text).toContain("[redacted]");
  } finally {
    delete process.env.TB_REDACTION_TEST_KEY;
  }
});
