// The core against the real simulator (lib/simulator) over loopback: plain, streamed, every failure, abort.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSimulator, type RunningSimulator } from "@/lib/simulator";
import { complete, stream } from "./core";
import { CompletionError } from "./errors";
import { caught, drain } from "@/test/completion-fixtures";
import type { Deployment, SimulatorBehavior } from "./types";

let sim: RunningSimulator;
beforeAll(async () => {
  sim = await startSimulator({ port: 0, quiet: true });
});
afterAll(() => sim.close());

const d = (simulator?: SimulatorBehavior): Deployment => ({
  provider: "simulator",
  model: "tb-sim-8b-support-lora",
  apiBase: sim.url,
  id: "dep_sim",
  pricing: { inputPerMTok: 1, outputPerMTok: 2 },
  simulator,
});
const messages = [{ role: "user" as const, content: "My order has not arrived." }];

describe("simulator provider", () => {
  it("plain completion with usage and custom-priced cost", async () => {
    const r = await complete(d(), { messages, max_tokens: 16 });
    expect(r.choices[0].message.content).toBeTruthy();
    expect(r.usage.completion_tokens).toBeGreaterThan(0);
    expect(r.meta).toMatchObject({ provider: "simulator", baseModel: "tb-sim-8b", deploymentId: "dep_sim", costNote: "custom pricing" });
    expect(r.meta.costUsd).toBeCloseTo((r.usage.prompt_tokens * 1 + r.usage.completion_tokens * 2) / 1e6, 9);
  });

  it("stream with ttft and upstream usage", async () => {
    const s = await stream(d({ ttftMs: 40 }), { messages, max_tokens: 16 });
    const { chunks, text } = await drain(s);
    expect(text.length).toBeGreaterThan(0);
    expect(chunks[chunks.length - 1].usage?.completion_tokens).toBeGreaterThan(0);
    expect(s.meta.ttftMs).toBeGreaterThanOrEqual(35);
    expect(s.meta.usageEstimated).toBeUndefined();
  });

  const failures: Array<[SimulatorBehavior["failure"], string, Partial<CompletionError>]> = [
    ["rate_limit", "rate_limit", { status: 429, retryable: true }],
    ["server_error", "upstream_unavailable", { status: 500, retryable: true }],
    ["reject_key", "authentication", { status: 401, retryable: false }],
    ["context_window", "context_window_exceeded", { status: 400 }],
    ["content_policy", "content_policy", { status: 400 }],
  ];
  it.each(failures)("%s → %s (plain and at stream start)", async (failure, kind, extra) => {
    for (const call of [complete(d({ failure, retryAfterSeconds: 2 }), { messages }), stream(d({ failure, retryAfterSeconds: 2 }), { messages })]) {
      const e = await caught(call);
      expect(e).toMatchObject({ kind, provider: "simulator", ...extra });
      if (failure === "rate_limit") expect(e).toMatchObject({ retryAfterMs: 2000 });
    }
  });

  it("cut before the first token → stream_interrupted without content", async () => {
    const s = await stream(d({ failure: "cut_before_first_token" }), { messages });
    expect(await caught(drain(s))).toMatchObject({ kind: "stream_interrupted", contentDelivered: false, retryable: true });
  });

  it("cut mid-stream → stream_interrupted after content", async () => {
    const s = await stream(d({ failure: "cut_mid_stream" }), { messages, max_tokens: 64 });
    expect(await caught(drain(s))).toMatchObject({ kind: "stream_interrupted", contentDelivered: true });
  });

  it("hang → timeout", async () => {
    expect(await caught(complete(d({ failure: "hang" }), { messages }, { timeoutMs: 200 }))).toMatchObject({ kind: "timeout" });
  });

  it("a first-byte timeout ends a hang long before the whole timeout, and lets a slower answer through", async () => {
    const started = performance.now();
    const err = await caught(complete(d({ failure: "hang" }), { messages }, { timeoutMs: 10_000, firstByteTimeoutMs: 200 }));
    expect(err).toMatchObject({ kind: "timeout", message: expect.stringMatching(/within 200 ms \(first-byte timeout\)$/) });
    expect(performance.now() - started).toBeLessThan(5_000);
    const s = await caught(stream(d({ failure: "hang" }), { messages }, { timeoutMs: 10_000, firstByteTimeoutMs: 200 }));
    expect(s).toMatchObject({ kind: "timeout" });

    const r = await complete(d({ latencyMs: 300 }), { messages, max_tokens: 8 }, { timeoutMs: 10_000, firstByteTimeoutMs: 2_000 });
    expect(r.choices[0].message.content).toBeTruthy();
  });

  it("an AbortSignal cancels mid-stream with the caller's reason", async () => {
    const controller = new AbortController();
    const s = await stream(d({ tokensPerSecond: 20 }), { messages, max_tokens: 200 }, { signal: controller.signal });
    const seen: string[] = [];
    const e = await caught(
      (async () => {
        for await (const c of s) {
          if (c.choices[0]?.delta.content) seen.push(c.choices[0].delta.content);
          if (seen.length === 2) controller.abort();
        }
      })(),
    );
    expect((e as Error).name).toBe("AbortError");
    expect(seen.length).toBe(2);
    expect(s.meta.done).toBe(false);
  });
});
