// Cross-adapter behaviour of the core: abort closes the upstream, truncated streams, toSSE.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Cancellation } from "./cancel";
import { complete, stream } from "./core";
import { MAX_EVENT_CHARS } from "./stream";
import { event, hang, json, sse, startRecordingServer, type RecordingServer } from "@/test/recording-server";
import { caught, drain, openAIChunk, openAICompletion } from "@/test/completion-fixtures";
import type { Deployment } from "./types";

let server: RecordingServer;
beforeAll(async () => {
  server = await startRecordingServer();
});
afterAll(() => server.close());

const messages = [{ role: "user" as const, content: "Hi" }];
const anthropicStart = event("message_start", { type: "message_start", message: { id: "m", usage: { input_tokens: 1 } } });
const anthropicText = event("content_block_delta", { type: "content_block_delta", index: 0, delta: { type: "text_delta", text: "Hel" } });

const adapters: Array<[string, () => Deployment, Array<string | Record<string, unknown>>]> = [
  ["openai", () => ({ provider: "openai", model: "gpt-4o", apiBase: `${server.url}/v1`, apiKey: "sk-xxxxxxxxxxxx" }), [openAIChunk({ content: "Hel" })]],
  ["azure", () => ({ provider: "azure", model: "gpt-4o", apiBase: server.url, apiKey: "azkeyazkeyazkey" }), [openAIChunk({ content: "Hel" })]],
  ["anthropic", () => ({ provider: "anthropic", model: "claude-3-5-haiku", apiBase: server.url, apiKey: "sk-ant-xxxxxxxx" }), [anthropicStart, anthropicText]],
  ["vertex_ai", () => ({ provider: "vertex_ai", model: "gemini-2.0-flash", project: "p", apiBase: server.url, apiKey: "ya29.static-token" }), [{ candidates: [{ content: { parts: [{ text: "Hel" }] } }] }]],
];

describe.each(adapters)("%s streams", (_name, deployment, firstFrames) => {
  it("abort after the first chunk rejects with AbortError and closes the upstream connection", async () => {
    server.requests.length = 0;
    server.reply(sse(firstFrames, "hang"));
    const controller = new AbortController();
    const s = await stream(deployment(), { messages }, { signal: controller.signal });
    const e = await caught(
      (async () => {
        for await (const c of s) if (c.choices[0]?.delta.content) controller.abort();
      })(),
    );
    expect((e as Error).name).toBe("AbortError");
    await server.requests[0].closed;
    expect(server.requests[0].clientAborted()).toBe(true);
  });

  it("breaking out of the loop also closes the upstream", async () => {
    server.requests.length = 0;
    server.reply(sse(firstFrames, "hang"));
    const s = await stream(deployment(), { messages });
    for await (const c of s) if (c.choices[0]?.delta.content) break;
    await server.requests[0].closed;
    expect(server.requests[0].clientAborted()).toBe(true);
  });

  it("a stream that ends without its terminal event is stream_interrupted with content delivered", async () => {
    server.reply(sse(firstFrames, "end"));
    const s = await stream(deployment(), { messages });
    expect(await caught(drain(s))).toMatchObject({ kind: "stream_interrupted", contentDelivered: true });
  });

  it("a connection dropped before any content is stream_interrupted without content", async () => {
    server.reply(sse([], "destroy"));
    const s = await stream(deployment(), { messages });
    expect(await caught(drain(s))).toMatchObject({ kind: "stream_interrupted", contentDelivered: false });
  });

  it("an idle upstream times out mid-stream", async () => {
    server.reply(sse(firstFrames, "hang"));
    const s = await stream(deployment(), { messages }, { timeoutMs: 150 });
    expect(await caught(drain(s))).toMatchObject({ kind: "timeout", contentDelivered: true });
  });

  it("a stream that keeps sending outlives its idle timeout: every read moves the deadline", async () => {
    // Five gaps of 100 ms, 500 ms in all, against a 300 ms timeout between reads.
    server.reply(sse([...firstFrames, ...firstFrames, ...firstFrames, ...firstFrames, ...firstFrames], "end", 100));
    const s = await stream(deployment(), { messages }, { timeoutMs: 300 });
    let text = "";
    const ended = await (async () => {
      for await (const c of s) text += c.choices[0]?.delta.content ?? "";
    })().then(
      () => "ended",
      (err: unknown) => err,
    );
    // All five came; the end without a finish reason may be reported, but never as a timeout.
    expect(text).toBe("Hel".repeat(5));
    expect(ended).not.toMatchObject({ kind: "timeout" });
  });
});

describe("core", () => {
  it("an aborted signal before sending rejects without a request", async () => {
    server.requests.length = 0;
    server.reply(hang);
    const e = await caught(complete(adapters[0][1](), { messages }, { signal: AbortSignal.abort() }));
    expect((e as Error).name).toBe("AbortError");
  });

  it("a Cancellation (the gateway's signal) aborts a waiting plain call with its reason and closes the upstream", async () => {
    server.requests.length = 0;
    server.reply(hang);
    const gone = new Cancellation();
    const pending = caught(complete(adapters[0][1](), { messages }, { signal: gone }));
    while (!server.requests.length) await new Promise((r) => setTimeout(r, 5)); // the request is at the upstream
    const reason = new Error("client left");
    gone.abort(reason);
    expect(await pending).toBe(reason);
    await server.requests[0].closed;
    expect(server.requests[0].clientAborted()).toBe(true);
  });

  it("a call that finishes stops listening to the caller's Cancellation", async () => {
    server.reply(json(200, openAICompletion("ok")));
    const gone = new Cancellation();
    expect((await complete(adapters[0][1](), { messages }, { signal: gone })).choices[0].message.content).toBe("ok");
    expect(gone.listenerCount("abort")).toBe(0);
  });

  it("a DOM AbortSignal made from a Cancellation follows it, including one made after the abort", () => {
    const c = new Cancellation();
    const early = c.toAbortSignal();
    c.abort("why");
    c.abort("ignored: only the first abort counts");
    expect([early.aborted, early.reason]).toEqual([true, "why"]);
    const late = c.toAbortSignal();
    expect([late.aborted, late.reason]).toEqual([true, "why"]);
    const followed = new Cancellation();
    const follower = new Cancellation();
    follower.follow(followed);
    followed.abort("passed on");
    expect([follower.aborted, follower.reason]).toEqual([true, "passed on"]);
    const left = new Cancellation();
    const unlinked = new Cancellation();
    unlinked.follow(left)();
    left.abort("not passed on");
    expect(unlinked.aborted).toBe(false);
  });

  it("toSSE re-encodes chunks and ends with [DONE]", async () => {
    server.reply(sse([openAIChunk({ content: "Hi" }), openAIChunk({}, "stop"), "data: [DONE]\n\n"]));
    const s = await stream(adapters[0][1](), { messages });
    const out = await new Response(s.toSSE()).text();
    expect(out).toMatch(/^data: \{.*"content":"Hi"/);
    expect(out).toMatch(/"usage":\{"prompt_tokens":\d+/);
    expect(out.endsWith("data: [DONE]\n\n")).toBe(true);
  });

  it("batches chunks by the network read that carried them, and flattens them for plain iteration", async () => {
    const frames = [openAIChunk({ content: "a" }), openAIChunk({ content: "b" }), openAIChunk({ content: "c" }), openAIChunk({}, "stop"), "data: [DONE]\n\n"];
    // All frames in one write: one batch, with the usage chunk.
    server.reply((_req, res) => {
      res.writeHead(200, { "content-type": "text/event-stream" });
      res.end(frames.map((f) => (typeof f === "string" ? f : `data: ${JSON.stringify(f)}\n\n`)).join(""));
    });
    const together: string[][] = [];
    for await (const batch of (await stream(adapters[0][1](), { messages })).batches()) {
      together.push(batch.map((c) => (c.choices.length ? (c.choices[0].delta.content ?? c.choices[0].finish_reason ?? "") : "usage")));
    }
    expect(together).toEqual([["a", "b", "c", "stop", "usage"]]);

    // 30 ms apart: one batch per frame, and the same chunks one by one through the iterator.
    server.reply(sse(frames, "end", 30));
    const apart = await stream(adapters[0][1](), { messages });
    const sizes: number[] = [];
    for await (const batch of apart.batches()) sizes.push(batch.length);
    // Usually [1, 1, 1, 1, 1] (a, b, c, stop, then usage with the [DONE] read); on a loaded machine two frames
    // 30 ms apart can still arrive in one read, and then they share a batch.
    expect(sizes.reduce((a, b) => a + b)).toBe(5);
    expect(sizes.length).toBeGreaterThan(1);
    server.reply(sse(frames, "end", 30));
    const { text } = await drain(await stream(adapters[0][1](), { messages }));
    expect(text).toBe("abc");
  });

  it("decodes UTF-8 split across reads, and ignores a byte-order mark before the first event", async () => {
    const body = Buffer.concat([
      Buffer.from([0xef, 0xbb, 0xbf]),
      Buffer.from([openAIChunk({ content: "déjà " }), openAIChunk({ content: "vu 🙂" }), openAIChunk({}, "stop")].map((f) => `data: ${JSON.stringify(f)}\n\n`).join("") + "data: [DONE]\n\n"),
    ]);
    // Cut inside the mark, inside "é" and inside the emoji: each read ends partway through a character.
    const cuts = [0, 2, body.indexOf("é") + 1, body.indexOf("🙂") + 2, body.length];
    server.reply(async (_req, res) => {
      res.writeHead(200, { "content-type": "text/event-stream" });
      for (let i = 1; i < cuts.length; i++) {
        res.write(body.subarray(cuts[i - 1], cuts[i]));
        await new Promise((r) => setTimeout(r, 20));
      }
      res.end();
    });
    const { text } = await drain(await stream(adapters[0][1](), { messages }));
    expect(text).toBe("déjà vu 🙂");
  });

  it("gives up on an event longer than MAX_EVENT_CHARS instead of buffering it, and closes the upstream", async () => {
    let closed: Promise<void> = Promise.resolve();
    server.reply((_req, res) => {
      closed = new Promise((resolve) => res.once("close", () => resolve()));
      res.writeHead(200, { "content-type": "text/event-stream" });
      res.write(`data: ${JSON.stringify(openAIChunk({ content: "a" }))}\n\n`);
      res.write(`data: {"choices":[{"delta":{"content":"${"x".repeat(MAX_EVENT_CHARS)}`); // never ended
    });
    const s = await stream(adapters[0][1](), { messages });
    const err = await caught(drain(s));
    expect(err).toMatchObject({ kind: "stream_interrupted", message: "the upstream sent an event longer than 16 Mi characters", contentDelivered: true });
    await closed;
  });

  it("ends soon after the terminal event even when the server keeps the response open", async () => {
    server.reply(sse([openAIChunk({ content: "a" }), openAIChunk({}, "stop"), "data: [DONE]\n\n"], "hang"));
    // With the call's 30 s timeout, only the 1 s drain limit lets this finish within the test's own 5 s.
    const s = await stream(adapters[0][1](), { messages }, { timeoutMs: 30_000 });
    const { text, chunks } = await drain(s);
    expect(text).toBe("a");
    expect(chunks.at(-1)?.usage).toBeDefined();
    expect(s.meta.done).toBe(true);
  }, 5_000);
});
