// A request that cannot be serialised (tools nested 10,000 deep) is the caller's 400, never an upstream failure:
// nothing is sent, and no member is charged for it or cooled down.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSimulator, type RunningSimulator } from "@/lib/simulator";
import { complete } from "./core";
import { chatRequestSchema, MAX_JSON_DEPTH } from "./types";
import { createRouter, RouterError } from "./router";
import { InMemoryRouterState } from "./router/state";
import { ask, makeGroup, simMember } from "@/test/router";
import { caught } from "@/test/completion-fixtures";
import { startRecordingServer, type RecordingServer } from "@/test/recording-server";

let server: RecordingServer;
let sim: RunningSimulator;
beforeAll(async () => {
  server = await startRecordingServer();
  sim = await startSimulator({ port: 0, quiet: true });
});
afterAll(async () => {
  await server.close();
  await sim.close();
});

function nested(depth: number): Record<string, unknown> {
  let schema: Record<string, unknown> = { type: "string" };
  for (let i = 0; i < depth; i++) schema = { type: "object", properties: { x: schema } };
  return schema;
}

const withTools = (parameters: Record<string, unknown>) => ({
  ...ask(),
  tools: [{ type: "function" as const, function: { name: "f", parameters } }],
});

describe("request shape", () => {
  it("accepts real schemas and names the field of one nested too deep", () => {
    expect(chatRequestSchema.safeParse(withTools(nested(20))).success).toBe(true);
    const parsed = chatRequestSchema.safeParse(withTools(nested(10_000)));
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues[0]).toMatchObject({ path: ["tools", 0, "function", "parameters"], message: `nested more than ${MAX_JSON_DEPTH} levels deep` });
  });

  it("the core refuses deep tools as bad_request and sends nothing", async () => {
    server.requests.length = 0;
    const d = { provider: "openai" as const, model: "gpt-4o-mini", apiBase: `${server.url}/v1`, apiKey: "sk-test-shape-123456" };
    const err = await caught(complete(d, withTools(nested(10_000))));
    expect(err).toMatchObject({ kind: "bad_request", retryable: false, message: expect.stringMatching(/tools\.0\.function\.parameters: nested more than/) });
    expect(server.requests).toHaveLength(0);
  });

  it("the core refuses a body JSON cannot carry as bad_request and sends nothing", async () => {
    server.requests.length = 0;
    const d = { provider: "openai" as const, model: "gpt-4o-mini", apiBase: `${server.url}/v1`, apiKey: "sk-test-shape-123456" };
    const err = await caught(complete(d, withTools({ type: "object", default: 10n })));
    expect(err).toMatchObject({ kind: "bad_request", code: "invalid_request", message: expect.stringMatching(/cannot be serialised/) });
    expect(server.requests).toHaveLength(0);
  });

  it("the router answers 400 before any attempt and leaves every member as it was", async () => {
    const state = new InMemoryRouterState();
    const router = createRouter({ state, sleep: async () => {} });
    const group = makeGroup("g", [simMember(sim.url, "a"), simMember(sim.url, "b")], { allowedFails: 1 });
    const before = [state.snapshot("a", Date.now()), state.snapshot("b", Date.now())];
    for (let i = 0; i < 3; i++) {
      for (const call of [() => router.route(group, withTools(nested(10_000))), () => router.routeStream(group, withTools(nested(10_000)))]) {
        const err = await caught(call());
        expect(err).toBeInstanceOf(RouterError);
        expect(err).toMatchObject({ kind: "bad_request", status: 400, retryable: false });
        expect((err as RouterError).trace.attempts).toHaveLength(0);
      }
    }
    expect([state.snapshot("a", Date.now()), state.snapshot("b", Date.now())]).toEqual(before);
    // Both members still serve.
    const { trace } = await router.route(group, ask());
    expect(trace.ok).toBe(true);
  });
});
