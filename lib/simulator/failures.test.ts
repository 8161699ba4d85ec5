import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SIMULATOR_BEHAVIOR_HEADERS as H } from "@/lib/completion/simulator-behavior";
import type { RunningSimulator } from "./server";
import { AUTH, ask, postChat, readSse, startTestSimulator } from "@/test/simulator-client";

let sim: RunningSimulator;
beforeAll(async () => {
  sim = await startTestSimulator();
});
afterAll(() => sim.close());

const fail = (failure: string, extra: Record<string, string> = {}) => ({ [H.failure]: failure, ...extra });

async function errorOf(res: Response) {
  const json = (await res.json()) as any;
  expect(Object.keys(json)).toEqual(["error"]);
  expect(Object.keys(json.error).sort()).toEqual(["code", "message", "param", "type"]);
  return json.error as { message: string; type: string; param: string | null; code: string | null };
}

describe("injected failures", () => {
  it("rate_limit → 429 with Retry-After", async () => {
    const res = await postChat(sim.url, ask("hello world"), fail("rate_limit", { [H.retryAfterSeconds]: "3" }));
    expect(res.status).toBe(429);
    expect(res.headers.get("retry-after")).toBe("3");
    const error = await errorOf(res);
    expect(error.code).toBe("rate_limit_exceeded");
    expect(error.message).toContain("tb-sim-8b");
  });

  it("rate_limit defaults Retry-After to 1 second", async () => {
    const res = await postChat(sim.url, ask("hello world"), fail("rate_limit"));
    expect(res.headers.get("retry-after")).toBe("1");
  });

  it("server_error → 500 after the configured latency", async () => {
    const started = performance.now();
    const res = await postChat(sim.url, ask("hello world"), fail("server_error", { [H.latencyMs]: "120" }));
    expect(res.status).toBe(500);
    expect(performance.now() - started).toBeGreaterThanOrEqual(115);
    expect((await errorOf(res)).type).toBe("server_error");
  });

  it("reject_key → 401 that masks all but the last four characters", async () => {
    const res = await postChat(sim.url, ask("hello world"), fail("reject_key"));
    expect(res.status).toBe(401);
    const error = await errorOf(res);
    expect(error.code).toBe("invalid_api_key");
    expect(error.message).toContain("sk-...abcd");
    expect(error.message).not.toContain(AUTH.authorization.slice(7));
  });

  it("context_window → 400 context_length_exceeded", async () => {
    const res = await postChat(sim.url, ask("hello world"), fail("context_window"));
    expect(res.status).toBe(400);
    expect(await errorOf(res)).toMatchObject({ code: "context_length_exceeded", type: "invalid_request_error", param: "messages" });
  });

  it("content_policy → 400 content_filter", async () => {
    const res = await postChat(sim.url, ask("hello world"), fail("content_policy"));
    expect(res.status).toBe(400);
    expect(await errorOf(res)).toMatchObject({ code: "content_filter", type: "invalid_request_error" });
  });

  it("server defaults apply when a request sends no behaviour headers, and headers override them", async () => {
    const flaky = await startTestSimulator({ defaults: { failure: "server_error" } });
    try {
      expect((await postChat(flaky.url, ask("hello world"))).status).toBe(500);
      expect((await postChat(flaky.url, ask("hello world"), fail("none"))).status).toBe(200);
    } finally {
      await flaky.close();
    }
  });

  it("cut_before_first_token: a stream gets headers, then breaks before any content", async () => {
    const res = await postChat(sim.url, ask("hello world", { stream: true }), fail("cut_before_first_token"));
    expect(res.status).toBe(200);
    const read = await readSse(res);
    expect(read.error).toBeDefined();
    expect(read.chunks).toHaveLength(0);
    expect(read.sawDone).toBe(false);
  });

  it("cut_before_first_token: a plain call loses its connection", async () => {
    await expect(postChat(sim.url, ask("hello world"), fail("cut_before_first_token"))).rejects.toThrow();
  });

  it("cut_mid_stream: a few content chunks, then a broken stream", async () => {
    const res = await postChat(sim.url, ask("hello world", { stream: true }), fail("cut_mid_stream"));
    const read = await readSse(res);
    expect(read.error).toBeDefined();
    expect(read.sawDone).toBe(false);
    expect(read.contentTimes.length).toBe(3);
    expect(read.chunks.some((c) => c.choices[0]?.finish_reason)).toBe(false);
  });

  it("cut_mid_stream: a plain call gets a truncated body", async () => {
    const res = await postChat(sim.url, ask("hello world"), fail("cut_mid_stream"));
    expect(res.status).toBe(200);
    await expect(res.text()).rejects.toThrow();
  });

  it("hang: never answers until the client aborts", async () => {
    const controller = new AbortController();
    const pending = postChat(sim.url, ask("hello world"), fail("hang"), { signal: controller.signal });
    const outcome = await Promise.race([pending.then(() => "answered", () => "failed"), new Promise((r) => setTimeout(() => r("waiting"), 300))]);
    expect(outcome).toBe("waiting");
    controller.abort();
    await expect(pending).rejects.toThrow(/abort/i);
  });

  it("hang: close() drops hanging connections promptly", async () => {
    const own = await startTestSimulator();
    const pending = postChat(own.url, ask("hello world", { stream: true }), fail("hang"));
    const settled = pending.then(() => "answered", () => "dropped");
    await new Promise((r) => setTimeout(r, 100));
    const started = performance.now();
    await own.close();
    expect(await settled).toBe("dropped");
    expect(performance.now() - started).toBeLessThan(2000);
  });

  it("close() also ends slow streams in progress", async () => {
    const own = await startTestSimulator();
    const res = await postChat(own.url, ask("hello world", { stream: true }), { [H.tokensPerSecond]: "2" });
    const reading = readSse(res);
    await new Promise((r) => setTimeout(r, 100));
    await own.close();
    const read = await reading;
    expect(read.error).toBeDefined();
    expect(read.sawDone).toBe(false);
  });
});
