import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { complete, stream } from "../core";
import { startRecordingServer, event, json, sse, type RecordingServer } from "@/test/recording-server";
import { caught, drain } from "@/test/completion-fixtures";
import type { Deployment } from "../types";

let server: RecordingServer;
beforeAll(async () => {
  server = await startRecordingServer();
});
afterAll(() => server.close());

const KEY = "sk-ant-api03-abcdefghijklmnopqrstuvwxyz";
const d = (): Deployment => ({ provider: "anthropic", model: "claude-3-5-haiku-20241022", apiBase: server.url, apiKey: KEY });
const messages = [
  { role: "system" as const, content: "You are terse." },
  { role: "user" as const, content: "Weather in Paris?" },
  { role: "assistant" as const, content: null, tool_calls: [{ id: "toolu_1", type: "function" as const, function: { name: "weather", arguments: '{"city":"Paris"}' } }] },
  { role: "tool" as const, tool_call_id: "toolu_1", content: "18C" },
];
const tools = [{ type: "function" as const, function: { name: "weather", description: "Weather", parameters: { type: "object", properties: { city: { type: "string" } } } } }];

describe("anthropic", () => {
  it("translates to the Messages API and back", async () => {
    server.requests.length = 0;
    server.reply(
      json(200, {
        id: "msg_1",
        type: "message",
        role: "assistant",
        model: "claude-3-5-haiku-20241022",
        content: [{ type: "text", text: "18C and sunny." }],
        stop_reason: "end_turn",
        usage: { input_tokens: 1_000_000, output_tokens: 1_000_000 },
      }),
    );
    const r = await complete(d(), { messages, tools, tool_choice: "required", stop: "END", temperature: 0.5 });
    const sent = server.requests[0];
    expect(sent.url).toBe("/v1/messages");
    expect(sent.headers["x-api-key"]).toBe(KEY);
    expect(sent.headers["anthropic-version"]).toBe("2023-06-01");
    expect(sent.body).toEqual({
      model: "claude-3-5-haiku-20241022",
      system: "You are terse.",
      max_tokens: 4096,
      temperature: 0.5,
      stop_sequences: ["END"],
      tools: [{ name: "weather", description: "Weather", input_schema: tools[0].function.parameters }],
      tool_choice: { type: "any" },
      messages: [
        { role: "user", content: "Weather in Paris?" },
        { role: "assistant", content: [{ type: "tool_use", id: "toolu_1", name: "weather", input: { city: "Paris" } }] },
        { role: "user", content: [{ type: "tool_result", tool_use_id: "toolu_1", content: "18C" }] },
      ],
    });
    expect(r.choices[0]).toMatchObject({ message: { role: "assistant", content: "18C and sunny." }, finish_reason: "stop" });
    expect(r.usage).toEqual({ prompt_tokens: 1_000_000, completion_tokens: 1_000_000, total_tokens: 2_000_000 });
    expect(r.meta.costUsd).toBeCloseTo(4.8, 6); // $0.80 + $4.00
  });

  it("returns tool calls OpenAI-style", async () => {
    server.reply(
      json(200, {
        id: "msg_2",
        content: [{ type: "tool_use", id: "toolu_9", name: "weather", input: { city: "Rome" } }],
        stop_reason: "tool_use",
        usage: { input_tokens: 5, output_tokens: 3 },
      }),
    );
    const r = await complete(d(), { messages: [{ role: "user", content: "Rome?" }], tools });
    expect(r.choices[0].finish_reason).toBe("tool_calls");
    expect(r.choices[0].message.tool_calls).toEqual([{ id: "toolu_9", type: "function", function: { name: "weather", arguments: '{"city":"Rome"}' } }]);
  });

  it("streams named events into chunks with usage and ttft", async () => {
    server.requests.length = 0;
    server.reply(
      sse([
        event("message_start", { type: "message_start", message: { id: "msg_3", model: "claude-3-5-haiku-20241022", usage: { input_tokens: 9, output_tokens: 1 } } }),
        event("content_block_start", { type: "content_block_start", index: 0, content_block: { type: "text", text: "" } }),
        event("ping", { type: "ping" }),
        event("content_block_delta", { type: "content_block_delta", index: 0, delta: { type: "text_delta", text: "Bon" } }),
        event("content_block_delta", { type: "content_block_delta", index: 0, delta: { type: "text_delta", text: "jour" } }),
        event("content_block_stop", { type: "content_block_stop", index: 0 }),
        event("message_delta", { type: "message_delta", delta: { stop_reason: "max_tokens" }, usage: { output_tokens: 2 } }),
        event("message_stop", { type: "message_stop" }),
      ]),
    );
    const s = await stream(d(), { messages: [{ role: "user", content: "Hi" }], max_tokens: 2 });
    expect(server.requests[0].body).toMatchObject({ stream: true, max_tokens: 2 });
    const { chunks, text } = await drain(s);
    expect(text).toBe("Bonjour");
    expect(chunks[0].id).toBe("msg_3");
    expect(chunks[chunks.length - 1]).toMatchObject({ choices: [], usage: { prompt_tokens: 9, completion_tokens: 2, total_tokens: 11 } });
    expect(s.meta).toMatchObject({ finishReason: "length", done: true });
    expect(s.meta.ttftMs).toBeGreaterThanOrEqual(0);
  });

  it("maps an overloaded event mid-stream and HTTP errors", async () => {
    server.reply(
      sse([
        event("message_start", { type: "message_start", message: { id: "m", usage: { input_tokens: 1 } } }),
        event("content_block_delta", { type: "content_block_delta", index: 0, delta: { type: "text_delta", text: "x" } }),
        event("error", { type: "error", error: { type: "overloaded_error", message: "Overloaded" } }),
      ]),
    );
    const s = await stream(d(), { messages: [{ role: "user", content: "Hi" }] });
    expect(await caught(drain(s))).toMatchObject({ kind: "upstream_unavailable", contentDelivered: true, retryable: true });

    const cases: Array<[number, string, string, string]> = [
      [401, "authentication_error", "invalid x-api-key", "authentication"],
      [403, "permission_error", "no access", "permission"],
      [404, "not_found_error", "model: claude-9", "not_found"],
      [429, "rate_limit_error", "slow down", "rate_limit"],
      [400, "invalid_request_error", "prompt is too long: 210000 tokens > 200000 maximum", "context_window_exceeded"],
      [400, "invalid_request_error", "messages: roles must alternate", "bad_request"],
      [529, "overloaded_error", "Overloaded", "upstream_unavailable"],
    ];
    for (const [status, type, message, kind] of cases) {
      server.reply(json(status, { type: "error", error: { type, message } }, status === 429 ? { "retry-after": "7" } : {}));
      const e = await caught(complete(d(), { messages: [{ role: "user", content: "Hi" }] }));
      expect(e).toMatchObject({ kind, status, provider: "anthropic" });
      if (status === 429) expect(e).toMatchObject({ retryAfterMs: 7000 });
    }
  });

  it("rejects what Anthropic cannot take instead of dropping it", async () => {
    server.requests.length = 0;
    expect(await caught(complete(d(), { messages: [{ role: "user", content: "x" }], seed: 1 }))).toMatchObject({ kind: "bad_request", message: expect.stringContaining("'seed'") });
    expect(await caught(complete(d(), { messages: [{ role: "user", content: "x" }], response_format: { type: "json_object" } }))).toMatchObject({ kind: "bad_request" });
    expect(await caught(complete(d(), { messages: [{ role: "user", content: "x" }], temperature: 1.5 }))).toMatchObject({ kind: "bad_request" });
    expect(server.requests).toHaveLength(0);
  });
});
