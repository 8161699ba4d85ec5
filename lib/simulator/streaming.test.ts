import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunningSimulator } from "./server";
import { ask, postChat, readSse, startTestSimulator, streamedText } from "@/test/simulator-client";

let sim: RunningSimulator;
beforeAll(async () => {
  sim = await startTestSimulator();
});
afterAll(() => sim.close());

const QUESTION = "Explain gradient checkpointing for long-context fine-tuning runs";

describe("streaming chat completions", () => {
  it("frames OpenAI chunks: role first, content, finish_reason, usage, [DONE]", async () => {
    const res = await postChat(sim.url, ask(QUESTION, { stream: true, stream_options: { include_usage: true } }));
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^text\/event-stream/);
    const read = await readSse(res);
    expect(read.error).toBeUndefined();
    expect(read.sawDone).toBe(true);
    const [first, ...rest] = read.chunks;
    expect(first.choices[0].delta.role).toBe("assistant");
    for (const chunk of read.chunks) {
      expect(chunk.object).toBe("chat.completion.chunk");
      expect(chunk.id).toBe(first.id);
      expect(chunk.model).toBe("tb-sim-8b");
    }
    const usageChunk = rest[rest.length - 1];
    const finishChunk = rest[rest.length - 2];
    expect(usageChunk.choices).toEqual([]);
    expect(usageChunk.usage.completion_tokens).toBeGreaterThan(0);
    expect(finishChunk.choices[0].finish_reason).toBe("stop");
    expect(finishChunk.choices[0].delta).toEqual({});
    const contentChunks = rest.slice(0, -2);
    expect(contentChunks.length).toBeGreaterThan(10);
    for (const chunk of contentChunks) expect(chunk.choices[0].finish_reason).toBeNull();
  });

  it("writes each event as the chunk's compact JSON, fields in OpenAI's order", async () => {
    for (const includeUsage of [true, false]) {
      const res = await postChat(sim.url, ask(`${QUESTION} "quoted" \\ é`, { stream: true, stream_options: { include_usage: includeUsage } }));
      const events = (await res.text()).split("\n\n").filter(Boolean);
      expect(events.pop()).toBe("data: [DONE]");
      expect(events.length).toBeGreaterThan(3);
      const order = ["id", "object", "created", "model", "system_fingerprint", "choices", ...(includeUsage ? ["usage"] : [])];
      for (const [i, event] of events.entries()) {
        expect(event.startsWith("data: ")).toBe(true);
        const data = event.slice("data: ".length);
        const chunk = JSON.parse(data);
        expect(JSON.stringify(chunk)).toBe(data);
        expect(Object.keys(chunk)).toEqual(order);
        const last = includeUsage && i === events.length - 1;
        if (last) expect(chunk.usage.total_tokens).toBeGreaterThan(0);
        else expect(Object.keys(chunk.choices[0])).toEqual(["index", "delta", "logprobs", "finish_reason"]);
        if (includeUsage && !last) expect(chunk.usage).toBeNull();
      }
    }
  });

  it("streams exactly the plain answer and reports the same usage", async () => {
    const body = ask(QUESTION, { seed: 11, temperature: 0 });
    const plain = (await (await postChat(sim.url, body)).json()) as any;
    const read = await readSse(await postChat(sim.url, { ...body, stream: true, stream_options: { include_usage: true } }));
    expect(streamedText(read)).toBe(plain.choices[0].message.content);
    expect(read.chunks[read.chunks.length - 1].usage).toEqual(plain.usage);
  });

  it("sends no usage chunk unless asked", async () => {
    const read = await readSse(await postChat(sim.url, ask(QUESTION, { stream: true })));
    expect(read.sawDone).toBe(true);
    expect(read.chunks.every((c) => c.usage === undefined && c.choices.length === 1)).toBe(true);
  });

  it("ends a max_tokens stream with finish_reason length", async () => {
    const read = await readSse(await postChat(sim.url, ask(QUESTION, { stream: true, max_tokens: 4, stream_options: { include_usage: true } })));
    const finish = read.chunks.find((c) => c.choices[0]?.finish_reason);
    expect(finish?.choices[0].finish_reason).toBe("length");
    expect(read.chunks[read.chunks.length - 1].usage.completion_tokens).toBe(4);
  });

  it("streams a forced tool call as tool_call deltas", async () => {
    const tools = [{ type: "function", function: { name: "search_docs", parameters: { type: "object", properties: { query: { type: "string" } } } } }];
    const body = ask(QUESTION, { tools, tool_choice: "required" });
    const plain = (await (await postChat(sim.url, body)).json()) as any;
    const read = await readSse(await postChat(sim.url, { ...body, stream: true }));
    const deltas = read.chunks.map((c) => c.choices[0]?.delta?.tool_calls?.[0]).filter(Boolean);
    expect(deltas[0]).toMatchObject({ index: 0, type: "function", function: { name: "search_docs" } });
    expect(deltas[0].id).toBe(plain.choices[0].message.tool_calls[0].id);
    expect(deltas.map((d) => d.function.arguments).join("")).toBe(plain.choices[0].message.tool_calls[0].function.arguments);
    expect(read.chunks.at(-1)?.choices[0].finish_reason).toBe("tool_calls");
  });

  it("waits at least ttftMs before the first content chunk", async () => {
    const started = performance.now();
    const res = await postChat(sim.url, ask(QUESTION, { stream: true }), { "x-simulator-ttft-ms": "250" });
    const read = await readSse(res, started);
    expect(read.sawDone).toBe(true);
    expect(read.firstContentMs).toBeGreaterThanOrEqual(245);
  });

  it("paces chunks after the first at tokensPerSecond", async () => {
    const started = performance.now();
    const res = await postChat(sim.url, ask(QUESTION, { stream: true, max_tokens: 12 }), { "x-simulator-tokens-per-second": "50" });
    const read = await readSse(res, started);
    const n = read.contentTimes.length;
    expect(n).toBeGreaterThan(5);
    // n chunks at 50/s: the last is due (n - 1) × 20 ms after the first. Slack for a late first
    // read on a loaded machine; unpaced, the gap would be ~0 ms.
    expect(read.contentTimes[n - 1] - read.contentTimes[0]).toBeGreaterThanOrEqual((n - 1) * 20 * 0.75);
  });

  it("stops writing when the client disconnects mid-stream", async () => {
    const controller = new AbortController();
    const res = await postChat(sim.url, ask(QUESTION, { stream: true }), { "x-simulator-tokens-per-second": "20" }, { signal: controller.signal });
    const reader = res.body!.getReader();
    await reader.read();
    controller.abort();
    await expect(reader.read()).rejects.toThrow();
    // The server is still healthy after the abandoned stream.
    const health = await fetch(`${sim.url}/health`);
    expect(await health.json()).toEqual({ ok: true });
  });
});
