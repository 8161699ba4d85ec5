import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { complete, stream } from "../core";
import { CompletionError } from "../errors";
import { startRecordingServer, json, sse, hang, text, type RecordingServer } from "@/test/recording-server";
import { caught, drain, openAIChunk, openAICompletion, openAIUsageChunk } from "@/test/completion-fixtures";
import type { Deployment, ProviderId } from "../types";

let server: RecordingServer;
beforeAll(async () => {
  server = await startRecordingServer();
});
afterAll(() => server.close());
afterEach(() => {
  server.requests.length = 0;
});

const KEY = "sk-test-abcdefghijklmnop1234";
const messages = [
  { role: "system" as const, content: "Be brief." },
  { role: "user" as const, content: "Hi" },
  { role: "assistant" as const, content: "Hello!" },
  { role: "user" as const, content: "Capital of France?" },
];

interface Case {
  provider: ProviderId;
  model: string;
  path: string;
  auth?: string;
  /** Extra expectations on the body the provider received. */
  body?: Record<string, unknown>;
  extra?: Partial<Deployment>;
}
const cases: Case[] = [
  { provider: "openai", model: "gpt-4o-mini", path: "/v1/chat/completions", auth: `Bearer ${KEY}`, body: { seed: 7 } },
  { provider: "mistral", model: "ft:open-mistral-7b:587a6b29:20240514:7e773925", path: "/v1/chat/completions", auth: `Bearer ${KEY}`, body: { random_seed: 7, seed: undefined } },
  { provider: "together_ai", model: "meta-llama/Llama-3.3-70B-Instruct-Turbo", path: "/v1/chat/completions", auth: `Bearer ${KEY}`, body: { seed: 7 } },
  { provider: "fireworks_ai", model: "accounts/fireworks/models/llama-v3p1-8b-instruct", path: "/inference/v1/chat/completions", auth: `Bearer ${KEY}` },
  { provider: "hosted_vllm", model: "support-lora", path: "/v1/chat/completions", auth: `Bearer ${KEY}` },
  { provider: "ollama", model: "llama3.1:8b", path: "/v1/chat/completions", auth: undefined, extra: { apiKey: undefined } },
  { provider: "simulator", model: "tb-sim-8b", path: "/v1/chat/completions", auth: "Bearer sim", extra: { apiKey: undefined, simulator: { ttftMs: 5, failure: "none" } } },
];

function deployment(c: Case): Deployment {
  const suffix = c.provider === "fireworks_ai" ? "/inference/v1" : c.provider === "ollama" || c.provider === "simulator" || c.provider === "hosted_vllm" ? "" : "/v1";
  return { provider: c.provider, model: c.model, apiBase: server.url + suffix, apiKey: KEY, id: "dep_1", name: "Test", ...c.extra };
}

describe.each(cases)("$provider over HTTP", (c) => {
  it("sends the exact request and normalises a plain response", async () => {
    server.reply(json(200, openAICompletion("Paris.")));
    const result = await complete(deployment(c), { messages, temperature: 0.2, max_tokens: 50, seed: 7, stop: ["\n\n"] });
    const [sent] = server.requests;
    expect(sent.method).toBe("POST");
    expect(sent.url).toBe(c.path);
    expect(sent.headers.authorization).toBe(c.auth);
    expect(sent.headers["content-type"]).toBe("application/json");
    const body = sent.body as Record<string, unknown>;
    expect(body.model).toBe(c.model);
    expect(body.messages).toEqual(messages);
    expect(body).toMatchObject({ temperature: 0.2, max_tokens: 50, stop: ["\n\n"] });
    for (const [k, v] of Object.entries(c.body ?? {})) expect(body[k]).toEqual(v);
    expect(body.stream).toBeUndefined();
    if (c.provider === "simulator") expect(sent.headers["x-simulator-ttft-ms"]).toBe("5");
    expect(result.choices[0].message.content).toBe("Paris.");
    expect(result.choices[0].finish_reason).toBe("stop");
    expect(result.usage).toEqual({ prompt_tokens: 12, completion_tokens: 5, total_tokens: 17 });
    expect(result.meta).toMatchObject({ provider: c.provider, model: c.model, deploymentId: "dep_1", endpoint: server.url + c.path });
    expect(result.meta.latencyMs).toBeGreaterThanOrEqual(0);
    expect(result.meta.costUsd === null ? result.meta.costNote : result.meta.costUsd).toBeTruthy();
  });

  it("streams chunks, asks for usage and ends with a usage chunk", async () => {
    server.reply(
      sse([openAIChunk({ role: "assistant", content: "" }), openAIChunk({ content: "Par" }), openAIChunk({ content: "is." }), openAIChunk({}, "stop"), openAIUsageChunk(12, 2), "data: [DONE]\n\n"]),
    );
    const s = await stream(deployment(c), { messages });
    const body = server.requests[0].body as Record<string, unknown>;
    expect(body).toMatchObject({ stream: true, stream_options: { include_usage: true } });
    const { chunks, text: out } = await drain(s);
    expect(out).toBe("Paris.");
    const last = chunks[chunks.length - 1];
    expect(last.choices).toEqual([]);
    expect(last.usage).toEqual({ prompt_tokens: 12, completion_tokens: 2, total_tokens: 14 });
    expect(s.meta).toMatchObject({ done: true, finishReason: "stop", usage: last.usage, provider: c.provider });
    expect(s.meta.ttftMs).toBeGreaterThanOrEqual(0);
    expect(s.meta.usageEstimated).toBeUndefined();
  });

  it("counts usage with the tokenizer when the provider sends none", async () => {
    server.reply(sse([openAIChunk({ content: "Paris." }), openAIChunk({}, "stop"), "data: [DONE]\n\n"]));
    const s = await stream(deployment(c), { messages });
    const { chunks } = await drain(s);
    const usage = chunks[chunks.length - 1].usage!;
    expect(usage.completion_tokens).toBeGreaterThan(0);
    expect(usage.prompt_tokens).toBeGreaterThan(10);
    expect(s.meta.usageEstimated).toBe(true);
  });
});

describe("OpenAI-compatible error mapping", () => {
  const d = (): Deployment => ({ provider: "openai", model: "gpt-4o", apiBase: `${server.url}/v1`, apiKey: KEY });
  const err = (message: string, code: string | null = null, type = "invalid_request_error") => ({ error: { message, type, param: null, code } });
  const table: Array<[string, number, object, Record<string, string>, string, boolean]> = [
    ["bad key", 401, err(`Incorrect API key provided: ${KEY}.`, "invalid_api_key"), {}, "authentication", false],
    ["no access", 403, err("You are not allowed to sample from this model"), {}, "permission", false],
    ["missing model", 404, err("The model `ft:gpt-4o:x::y` does not exist", "model_not_found"), {}, "not_found", false],
    ["rate limit", 429, err("Rate limit reached", "rate_limit_exceeded", "requests"), { "retry-after": "3" }, "rate_limit", true],
    ["quota", 429, err("You exceeded your current quota", "insufficient_quota", "insufficient_quota"), {}, "rate_limit", false],
    ["context", 400, err("This model's maximum context length is 128000 tokens.", "context_length_exceeded"), {}, "context_window_exceeded", false],
    ["policy", 400, err("Your request was rejected as a result of our safety system.", "content_policy_violation"), {}, "content_policy", false],
    ["bad param", 400, err("Unrecognized request argument supplied: foo"), {}, "bad_request", false],
    ["server", 500, err("The server had an error", null, "server_error"), {}, "upstream_unavailable", true],
    ["overloaded", 503, err("The engine is currently overloaded"), {}, "upstream_unavailable", true],
  ];
  it.each(table)("%s → %s", async (_name, status, body, headers, kind, retryable) => {
    server.reply(json(status, body, headers));
    for (const call of [complete(d(), { messages }), stream(d(), { messages })]) {
      const e = (await caught(call)) as CompletionError;
      expect(e).toBeInstanceOf(CompletionError);
      expect(e.kind).toBe(kind);
      expect(e.status).toBe(status);
      expect(e.retryable).toBe(retryable);
      expect(e.provider).toBe("openai");
      expect(e.hint).toBeTruthy();
      expect(e.message).not.toContain(KEY);
      if (headers["retry-after"]) expect(e.retryAfterMs).toBe(3000);
    }
  });

  it("maps a non-JSON error page and an unreachable host", async () => {
    server.reply(text(502, "<html>Bad gateway</html>"));
    expect(await caught(complete(d(), { messages }))).toMatchObject({ kind: "upstream_unavailable", status: 502 });
    const dead: Deployment = { ...d(), apiBase: "http://127.0.0.1:9/v1" };
    expect(await caught(complete(dead, { messages }))).toMatchObject({ kind: "upstream_unavailable", hint: expect.stringMatching(/apiBase/) });
  });

  it("maps an error event sent mid-stream", async () => {
    server.reply(sse([openAIChunk({ content: "Hel" }), { error: { message: "overloaded", type: "server_error", code: null } }]));
    const s = await stream(d(), { messages });
    expect(await caught(drain(s))).toMatchObject({ kind: "upstream_unavailable", contentDelivered: true });
  });

  it("times out a hanging upstream", async () => {
    server.reply(hang);
    expect(await caught(complete(d(), { messages }, { timeoutMs: 150 }))).toMatchObject({ kind: "timeout", retryable: true });
    expect(await caught(stream(d(), { messages }, { timeoutMs: 150 }))).toMatchObject({ kind: "timeout" });
  });
});

describe("parameters and credentials", () => {
  it("rejects a parameter the provider cannot take, by name, before sending", async () => {
    const d: Deployment = { provider: "ollama", model: "llama3.1:8b", apiBase: server.url };
    const e = (await caught(complete(d, { messages, tool_choice: "auto" }))) as CompletionError;
    expect(e).toMatchObject({ kind: "bad_request", code: "unsupported_parameter" });
    expect(e.message).toContain("'tool_choice'");
    expect(server.requests).toHaveLength(0);
  });

  it("rejects unknown request fields by name", async () => {
    const d: Deployment = { provider: "openai", model: "gpt-4o", apiBase: `${server.url}/v1`, apiKey: KEY };
    const e = (await caught(complete(d, { messages, logit_bias: {} } as never))) as CompletionError;
    expect(e.message).toMatch(/unknown request parameter: 'logit_bias'/);
  });

  it("reads env:NAME keys at call time and fails clearly when missing", async () => {
    server.reply(json(200, openAICompletion("ok")));
    process.env.TB_TEST_KEY = "sk-from-env-1234567890";
    const d: Deployment = { provider: "together_ai", model: "x/y", apiBase: `${server.url}/v1`, apiKey: "env:TB_TEST_KEY" };
    await complete(d, { messages });
    expect(server.requests[0].headers.authorization).toBe("Bearer sk-from-env-1234567890");
    delete process.env.TB_TEST_KEY;
    expect(await caught(complete(d, { messages }))).toMatchObject({ kind: "authentication", hint: expect.stringContaining("TB_TEST_KEY") });
  });

  it("never sends OPENAI_API_KEY to a generic compatible server", async () => {
    server.reply(json(200, openAICompletion("ok")));
    process.env.OPENAI_API_KEY = "sk-real-openai-key-123456";
    try {
      await complete({ provider: "openai", model: "my-model", apiBase: `${server.url}/v1` }, { messages });
      expect(server.requests[0].headers.authorization).toBeUndefined();
    } finally {
      delete process.env.OPENAI_API_KEY;
    }
  });

  it("pre-checks the context window before sending", async () => {
    const d: Deployment = { provider: "openai", model: "gpt-4", apiBase: `${server.url}/v1`, apiKey: KEY };
    const long = "lorem ipsum dolor sit amet ".repeat(2000);
    const e = (await caught(complete(d, { messages: [{ role: "user", content: long }] }))) as CompletionError;
    expect(e).toMatchObject({ kind: "context_window_exceeded", code: "context_precheck" });
    expect(e.message).toMatch(/8192-token context window of gpt-4/);
    expect(server.requests).toHaveLength(0);
  });
});
