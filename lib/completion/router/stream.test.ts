import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSimulator, type RunningSimulator } from "@/lib/simulator";
import { CompletionError } from "../errors";
import type { ChatCompletionChunk, SimulatorBehavior } from "../types";
import { createRouter } from "./router";
import type { RoutedStream } from "./stream";
import { ask, makeGroup, seededRandom, simMember } from "@/test/router";
import { RouterError } from "./trace";

// Streams over real HTTP to the simulator: failures before the first token fall back, after it they surface.
let sim: RunningSimulator;
beforeAll(async () => {
  sim = await startSimulator({ port: 0, quiet: true });
});
afterAll(() => sim.close());

const m = (id: string, behavior: SimulatorBehavior = {}) => simMember(sim.url, id, behavior);
const router = () => createRouter({ random: () => 0, sleep: async () => undefined });

async function drain(stream: RoutedStream): Promise<{ text: string; error?: unknown }> {
  let text = "";
  try {
    for await (const chunk of stream) text += (chunk as ChatCompletionChunk).choices[0]?.delta.content ?? "";
  } catch (error) {
    return { text, error };
  }
  return { text };
}

describe("routeStream over the simulator", () => {
  it("streams from the chosen member and finishes the trace when the stream ends", async () => {
    const { stream, trace } = await router().routeStream(makeGroup("g", [m("ok", { ttftMs: 5 })]), ask());
    expect(trace.finished).toBe(false);
    const { text, error } = await drain(stream);
    expect(error).toBeUndefined();
    expect(text.length).toBeGreaterThan(0);
    const done = await stream.done;
    expect(done).toBe(trace);
    expect(done).toMatchObject({ ok: true, finished: true, stream: true, servedBy: { memberId: "ok" } });
    expect(done.attempts[0].ttftMs).toBeGreaterThanOrEqual(0);
    expect(stream.meta.usage?.total_tokens).toBeGreaterThan(0);
  });

  it.each<[string, SimulatorBehavior, string]>([
    ["a 500", { failure: "server_error" }, "upstream_unavailable"],
    ["a 429", { failure: "rate_limit", retryAfterSeconds: 0 }, "rate_limit"],
    ["a cut before the first token", { failure: "cut_before_first_token" }, "stream_interrupted"],
    ["a time-to-first-token timeout", { ttftMs: 4_000 }, "timeout"],
    ["a hang", { failure: "hang" }, "timeout"],
  ])("falls back like a plain call on %s", async (_label, behavior, kind) => {
    const group = makeGroup("g", [m("bad", behavior), m("good")], { streamTtftTimeoutMs: 1_000, timeoutMs: 5_000 });
    const { stream, trace } = await router().routeStream(group, ask());
    const { error } = await drain(stream);
    expect(error).toBeUndefined();
    expect(trace.attempts.map((a) => [a.memberId, a.ok, a.errorKind])).toEqual([
      ["bad", false, kind],
      ["good", true, undefined],
    ]);
    expect(trace.servedBy?.memberId).toBe("good");
  });

  it("ends with a clear error after the first token, never a silent truncation", async () => {
    const group = makeGroup("g", [m("cuts", { failure: "cut_mid_stream" }), m("good")]);
    const r = createRouter({ random: () => 0 });
    const { stream } = await r.routeStream(group, ask());
    const { text, error } = await drain(stream);
    expect(text.length).toBeGreaterThan(0);
    expect(error).toBeInstanceOf(CompletionError);
    expect((error as CompletionError).kind).toBe("stream_interrupted");
    expect((error as CompletionError).contentDelivered).toBe(true);
    expect((error as CompletionError).message).toMatch(/cuts failed mid-stream after the first token/);
    const trace = await stream.done;
    expect(trace).toMatchObject({ ok: false, finished: true, errorKind: "stream_interrupted", streamError: { kind: "stream_interrupted" } });
    expect(trace.attempts).toHaveLength(1);
    expect(r.state.snapshot("cuts", Date.now())).toMatchObject({ inFlight: 0, recentFailures: 1 });
  });

  it("writes the mid-stream failure as a final SSE error event", async () => {
    const { stream } = await createRouter({ random: () => 0 }).routeStream(makeGroup("g", [m("cuts", { failure: "cut_mid_stream" })]), ask());
    const text = await new Response(stream.toSSE()).text();
    const events = text.trim().split("\n\n");
    expect(events.length).toBeGreaterThan(1);
    expect(events.at(-1)).toMatch(/^data: \{"error":\{"message":"cuts failed mid-stream.*"type":"stream_interrupted"/);
    expect(text).not.toContain("[DONE]");
  });

  it("fails with the trace when every member fails before the first token", async () => {
    const group = makeGroup("g", [m("x", { failure: "server_error" }), m("y", { failure: "cut_before_first_token" })], { retries: 1 });
    const err = await createRouter({ random: seededRandom(1), sleep: async () => undefined })
      .routeStream(group, ask())
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RouterError);
    expect((err as RouterError).trace.attempts.map((a) => a.memberId).sort()).toEqual(["x", "y"]);
    expect((err as RouterError).trace.finished).toBe(true);
  });

  it("resolves a done taken before reading once the stream ends, and records the success once", async () => {
    const r = createRouter({ random: () => 0 });
    const { stream, trace } = await r.routeStream(makeGroup("g", [m("ok")]), ask());
    let settled: unknown;
    const done = stream.done.then((t) => (settled = t));
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(settled).toBeUndefined();
    expect(r.state.snapshot("ok", Date.now())).toMatchObject({ inFlight: 1 });
    const it = stream.batches();
    for (let next = await it.next(); !next.done; next = await it.next());
    expect(await it.next()).toEqual({ done: true, value: undefined });
    await done;
    expect(settled).toBe(trace);
    expect(trace).toMatchObject({ ok: true, finished: true });
    expect(r.state.snapshot("ok", Date.now())).toMatchObject({ inFlight: 0, recentFailures: 0 });
    expect(() => stream.batches()).toThrow(/iterated once/);
  });

  it("releases the member when the caller stops reading early", async () => {
    const r = createRouter({ random: () => 0 });
    const { stream } = await r.routeStream(makeGroup("g", [m("long", { tokensPerSecond: 50 })]), ask("Write a long story."));
    for await (const _ of stream) break;
    const trace = await stream.done;
    expect(trace.streamError?.kind).toBe("cancelled");
    expect(r.state.snapshot("long", Date.now())).toMatchObject({ inFlight: 0, recentFailures: 0 });
  });
});
