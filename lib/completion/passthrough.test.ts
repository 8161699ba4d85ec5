// stream() with `passthrough`: content events of an OpenAI-compatible upstream are kept as the text it sent and
// written out again with only the model renamed; everything that needs reading (first token, finish, usage,
// errors) is still parsed. Over real HTTP to a recording server on loopback.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { stream } from "./core";
import { RawChunk, isUsageChunk } from "./raw-chunk";
import { sseEvents } from "./sse";
import { openAIPassthrough } from "./providers/openai-compatible";
import { startRecordingServer, sse, type RecordingServer } from "@/test/recording-server";
import { caught, openAIChunk, openAIUsageChunk } from "@/test/completion-fixtures";
import type { AdapterContext } from "./providers/types";
import type { ChatCompletionChunk, Deployment } from "./types";

let server: RecordingServer;
beforeAll(async () => {
  server = await startRecordingServer();
});
afterAll(() => server.close());

const messages = [{ role: "user" as const, content: "Capital of France?" }];
const deployment = (): Deployment => ({ provider: "openai", model: "gpt-4o-mini", apiBase: `${server.url}/v1`, apiKey: "sk-test-abcdefghijklmnop1234" });

/** Every event as the gateway would write it, with the model renamed, parsed back. */
async function written(passthrough: boolean, frames: Array<string | Record<string, unknown>>) {
  server.reply(sse(frames));
  const s = await stream(deployment(), { messages }, { passthrough });
  const chunks: ChatCompletionChunk[] = [];
  let out = "";
  for await (const batch of { [Symbol.asyncIterator]: () => s.batches() }) {
    for (const c of batch) c.model = "my-group";
    chunks.push(...batch);
    out += sseEvents(batch);
  }
  const events = out
    .split("\n\n")
    .filter(Boolean)
    .map((e) => JSON.parse(e.replace(/^data: /, "")) as Record<string, unknown>);
  return { s, chunks, events };
}

const words = ["The", " capital", " of", " France", " is", " Paris", "."];
// As OpenAI sends them: extra fields the core's own chunks do not carry, and a usage chunk at the end.
const upstream = (usage: boolean) => [
  { ...openAIChunk({ role: "assistant", content: "" }), system_fingerprint: "fp_1", usage: null },
  ...words.map((w) => ({ ...openAIChunk({ content: w }), system_fingerprint: "fp_1", usage: null, obfuscation: "x1" })),
  openAIChunk({}, "stop"),
  ...(usage ? [openAIUsageChunk(9, 7)] : []),
  "data: [DONE]\n\n",
];

describe("stream() with passthrough", () => {
  it("keeps content after the first token as the upstream's text and renames the model as it is written", async () => {
    const { s, chunks, events } = await written(true, upstream(true));
    const raw = chunks.filter((c) => c instanceof RawChunk);
    // The role event and the first word are parsed (the first sets the time to first token); the other six are kept.
    expect(raw).toHaveLength(words.length - 1);
    expect(chunks.filter((c) => !(c instanceof RawChunk)).map((c) => c.choices[0]?.delta.content ?? null)).toEqual(["", "The", null, null]);
    // Written as sent, every field kept, with the caller's model name.
    const kept = events.filter((e) => e.obfuscation === "x1");
    expect(kept).toHaveLength(words.length - 1);
    for (const e of kept) expect(e).toMatchObject({ model: "my-group", system_fingerprint: "fp_1", usage: null, object: "chat.completion.chunk" });
    expect(events.every((e) => e.model === "my-group")).toBe(true);
    // Read like any chunk: the same text, finish reason and usage as without passthrough.
    expect(chunks.map((c) => c.choices[0]?.delta.content ?? "").join("")).toBe(words.join(""));
    expect(raw.every((c) => c.model === "my-group" && c.id === "chatcmpl-2")).toBe(true);
    expect(s.meta).toMatchObject({ done: true, finishReason: "stop", usage: { prompt_tokens: 9, completion_tokens: 7, total_tokens: 16 } });
    expect(s.meta.ttftMs).toBeGreaterThanOrEqual(0);
    expect(isUsageChunk(chunks[chunks.length - 1])).toBe(true);
    expect(raw.some(isUsageChunk)).toBe(false);
  });

  it("counts the same usage as a parsed stream when the upstream sends none", async () => {
    const parsed = await written(false, upstream(false));
    const passed = await written(true, upstream(false));
    expect(passed.chunks.some((c) => c instanceof RawChunk)).toBe(true);
    expect(parsed.chunks.some((c) => c instanceof RawChunk)).toBe(false);
    expect(passed.s.meta.usageEstimated).toBe(true);
    expect(passed.s.meta.usage).toEqual(parsed.s.meta.usage);
    expect(passed.s.meta.usage!.completion_tokens).toBeGreaterThan(0);
  });

  it("still fails on an error event after content", async () => {
    server.reply(sse([openAIChunk({ content: "Hel" }), openAIChunk({ content: "lo" }), { error: { message: "overloaded", type: "server_error", code: null } }]));
    const s = await stream(deployment(), { messages }, { passthrough: true });
    const e = await caught((async () => {
      for await (const batch of { [Symbol.asyncIterator]: () => s.batches() }) void batch;
    })());
    expect(e).toMatchObject({ kind: "upstream_unavailable", contentDelivered: true });
  });
});

describe("the OpenAI passthrough test", () => {
  const ctx = { model: "gpt-4o-mini", deployment: { provider: "openai" } } as unknown as AdapterContext;
  const test = openAIPassthrough(ctx);
  const kept = (data: string, event?: string) => test({ data, event }) instanceof RawChunk;

  it("keeps plain content events, in compact or spaced JSON", () => {
    expect(kept('{"id":"a","model":"m","choices":[{"index":0,"delta":{"content":"hi"},"finish_reason":null}],"usage":null}')).toBe(true);
    // Python's json.dumps spacing (vLLM, FastAPI servers)
    expect(kept('{"id": "a", "model" : "m", "choices": [{"index": 0, "delta": {"content": "hi"}, "finish_reason": null}]}')).toBe(true);
    // Key names quoted inside the content are text, not keys
    expect(kept('{"id":"a","model":"m","choices":[{"index":0,"delta":{"content":"say \\"finish_reason\\": \\"stop\\", \\"usage\\": {}, \\"error\\": 1"},"finish_reason":null}]}')).toBe(true);
  });

  it.each([
    ["a finish reason (it is mapped)", '{"id":"a","model":"m","choices":[{"index":0,"delta":{},"finish_reason":"eos"}]}'],
    ["usage", '{"id":"a","model":"m","choices":[{"index":0,"delta":{"content":"x"},"finish_reason":null}],"usage": {"prompt_tokens":1}}'],
    ["an error", '{"error":{"message":"overloaded"},"model":"m","choices":[{"delta":{"content":"x"}}]}'],
    ["empty choices", '{"id":"a","model":"m","choices": [ ]}'],
    ["no choices", '{"id":"a","model":"m"}'],
    ["no model", '{"id":"a","choices":[{"index":0,"delta":{"content":"x"},"finish_reason":null}]}'],
    ["an escaped model name", '{"id":"a","model":"m\\"x","choices":[{"index":0,"delta":{"content":"x"},"finish_reason":null}]}'],
    ["an event that is not one whole object", '{"id":"a","model":"m","choices":[{"index":0,"delta":{"content":"x'],
    ["[DONE]", "[DONE]"],
  ])("parses %s", (_what, data) => {
    expect(kept(data)).toBe(false);
  });

  it("compares later events with the first kept one, and still parses one that differs outside its content", () => {
    const pt = openAIPassthrough(ctx);
    const ev = (content: string, finish = "null") => `{"id":"a","model":"m","choices":[{"index":0,"delta":{"content":"${content}"},"finish_reason":${finish}}],"usage":null}`;
    expect(pt({ data: ev("one") })).toBeInstanceOf(RawChunk);
    expect(pt({ data: ev('a \\"quote\\" and \\\\') })?.choices[0].delta.content).toBe('a "quote" and \\');
    expect(pt({ data: ev("end", '"stop"') })).toBeUndefined();
    expect(pt({ data: ev('x\\"},\\"finish_reason\\":\\"stop') })?.choices[0].finish_reason).toBeNull();
    expect(pt({ data: ev("two").replace('"usage":null', '"usage":{"prompt_tokens":1}') })).toBeUndefined();
  });

  it("parses a named event", () => {
    expect(kept('{"id":"a","model":"m","choices":[{"index":0,"delta":{"content":"x"},"finish_reason":null}]}', "message")).toBe(false);
  });

  it("renames the model in place, spacing kept, and reads like a parsed chunk", () => {
    const c = test({ data: '{"id": "a", "model" : "m-1", "created": 5, "choices": [{"index": 0, "delta": {"content": "hi"}, "finish_reason": null}]}' })!;
    c.model = 'odd "name"';
    const written = c.sse();
    expect(written).toBe('data: {"id": "a", "model" : "odd \\"name\\"", "created": 5, "choices": [{"index": 0, "delta": {"content": "hi"}, "finish_reason": null}]}\n\n');
    expect(JSON.parse(written.slice(6))).toMatchObject({ model: 'odd "name"' });
    expect(c).toMatchObject({ id: "a", created: 5, model: 'odd "name"', object: "chat.completion.chunk", choices: [{ index: 0, delta: { content: "hi" }, finish_reason: null }] });
    expect(JSON.parse(JSON.stringify(c))).toMatchObject({ id: "a", model: 'odd "name"', choices: [{ delta: { content: "hi" } }] });
  });
});
