// A hostile prompt (1 MB without a space, which js-tiktoken takes minutes over) must never hold the event loop:
// every other request of the server waits on it. Each case measures the loop's longest stall while the core,
// the router or the in-process simulator handles such a prompt over real HTTP.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSimulator, type RunningSimulator } from "@/lib/simulator";
import { longestStall } from "@/test/stall";
import { getEncoding } from "./bpe";
import { complete } from "./core";
import { createRouter } from "./router";
import { makeGroup, simMember } from "@/test/router";
import { json, startRecordingServer, type RecordingServer } from "@/test/recording-server";
import { caught } from "@/test/completion-fixtures";
import type { Deployment } from "./types";

/** The bound for /api/health while the prompt is handled. */
const MAX_LOOP_DELAY_MS = 100;
/** Generous: the work is linear, a few hundred ms here; the old encoder took over ten minutes. */
const MAX_ELAPSED_MS = 15_000;

const HUGE = "A".repeat(1_000_000);
const huge = (extra: Record<string, unknown> = {}) => ({ messages: [{ role: "user" as const, content: HUGE }], ...extra });

let server: RecordingServer;
let sim: RunningSimulator;
beforeAll(async () => {
  server = await startRecordingServer();
  sim = await startSimulator({ port: 0, quiet: true });
  // Loading the rank tables is a one-time cost per process, not per request.
  getEncoding("o200k_base");
  getEncoding("cl100k_base");
  // Warm the paths once (module loading, JIT), so the measured calls time the prompt alone.
  server.reply(json(200, { id: "x", choices: [{ index: 0, message: { role: "assistant", content: "ok" }, finish_reason: "stop" }] }));
  await complete(openai(), { messages: [{ role: "user", content: "Hi" }] });
  await complete(simMember(sim.url, "warm").deployment, { messages: [{ role: "user", content: "Hi" }] });
});
afterAll(async () => {
  await server.close();
  await sim.close();
});

async function whileMeasuring<T>(work: () => Promise<T>): Promise<{ result: T; maxDelayMs: number; elapsedMs: number }> {
  const started = performance.now();
  const { result, stallMs } = await longestStall(work);
  return { result, maxDelayMs: stallMs, elapsedMs: performance.now() - started };
}

const openai = (extra: Partial<Deployment> = {}): Deployment => ({
  provider: "openai",
  model: "gpt-4o-mini",
  apiBase: `${server.url}/v1`,
  apiKey: "sk-test-eventloop-1234",
  ...extra,
});

describe("a 1 MB prompt without a space", () => {
  it("is refused by the core's context pre-check without stalling the loop", async () => {
    server.requests.length = 0;
    const { result, maxDelayMs, elapsedMs } = await whileMeasuring(() => caught(complete(openai(), huge({ max_tokens: 10_000 }))));
    expect(result).toMatchObject({ kind: "context_window_exceeded", code: "context_precheck" });
    expect(server.requests).toHaveLength(0);
    expect(maxDelayMs).toBeLessThan(MAX_LOOP_DELAY_MS);
    expect(elapsedMs).toBeLessThan(MAX_ELAPSED_MS);
  });

  it("is accepted, sent and its usage estimated when the window holds it, without stalling the loop", async () => {
    server.requests.length = 0;
    // No usage in the answer: the core counts prompt and completion itself.
    server.reply(json(200, { id: "x", choices: [{ index: 0, message: { role: "assistant", content: "ok" }, finish_reason: "stop" }] }));
    const { result, maxDelayMs, elapsedMs } = await whileMeasuring(() => complete(openai({ contextWindow: 200_000 }), huge()));
    expect(server.requests).toHaveLength(1);
    // 1,000,000 × "A" is 125,000 × "AAAAAAAA"; plus 3 for the message and 3 to prime the reply.
    expect(result.usage.prompt_tokens).toBe(125_006);
    expect(result.meta.usageEstimated).toBe(true);
    expect(maxDelayMs).toBeLessThan(MAX_LOOP_DELAY_MS);
    expect(elapsedMs).toBeLessThan(MAX_ELAPSED_MS);
  });

  it("is routed past a member too small for it, without stalling the loop", async () => {
    server.requests.length = 0;
    server.reply(json(200, { id: "x", choices: [{ index: 0, message: { role: "assistant", content: "ok" }, finish_reason: "stop" }], usage: { prompt_tokens: 1, completion_tokens: 1 } }));
    const member = (id: string, d: Partial<Deployment>) => ({ id, name: id, weight: 1, order: 0, enabled: true, deployment: openai({ id, name: id, ...d }) });
    const group = makeGroup("g", [member("small", { model: "claude-3-5-haiku", provider: "openai", contextWindow: 8_192 }), member("large", { contextWindow: 200_000 })]);
    const router = createRouter({ random: () => 0 });
    const { result, maxDelayMs, elapsedMs } = await whileMeasuring(() => router.route(group, huge()));
    expect(result.trace.skipped).toEqual([{ group: "g", memberId: "small", memberName: "small", reason: "context_window" }]);
    expect(result.trace.servedBy?.memberId).toBe("large");
    expect(maxDelayMs).toBeLessThan(MAX_LOOP_DELAY_MS);
    expect(elapsedMs).toBeLessThan(MAX_ELAPSED_MS);
  });

  it("reaches the in-process simulator, which refuses it without stalling the loop", async () => {
    // No known window on the way: the core sends it and the simulator counts it.
    const d = simMember(sim.url, "sim", {}, { deployment: { model: "tb-sim-unlisted", baseModel: undefined } }).deployment;
    const { result, maxDelayMs, elapsedMs } = await whileMeasuring(() => caught(complete(d, huge())));
    expect(result).toMatchObject({ kind: "context_window_exceeded", status: 400 });
    expect(maxDelayMs).toBeLessThan(MAX_LOOP_DELAY_MS);
    expect(elapsedMs).toBeLessThan(MAX_ELAPSED_MS);
  });
});
