// The background judge on stored shadow pairs: the simulator judges over real HTTP, verdicts land in the
// database once per pair, and the comparison's win rate (with its Wilson interval) fills in.
import OpenAI from "openai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { apiRequest, useTestDb } from "@/test/db";
import { startSimulator, type RunningSimulator } from "@/lib/simulator";
import { POST as createKey } from "@/app/api/keys/route";
import { startGatewayServer, type GatewayServer } from "@/test/gateway-server";
import type { CreatedApiKey } from "@/lib/keys/schema";
import { flushRequestLog } from "@/lib/usage/server/request-log";
import { saveShadowConfig, settleShadowCalls } from "./shadow";
import { shadowComparison } from "./compare";
import { combine, judgeShadowPairs, sampled } from "./judge";

const { db } = useTestDb();
let sim: RunningSimulator;
let server: GatewayServer;

beforeAll(async () => {
  sim = await startSimulator({ port: 0, host: "127.0.0.1", quiet: true });
  process.env.SIMULATOR_URL = sim.url;
  const mk = (name: string, modelId = "tb-sim-8b") => db.model.create({ data: { name, provider: "simulator", modelId, baseModel: "tb-sim-8b", simulatorJson: JSON.stringify({ latencyMs: 0, ttftMs: 0 }) } });
  const prod = await mk("prod-j");
  await mk("cand-j", "ft:tb-sim-8b:acme:support:sim01");
  await mk("judge-j");
  await db.routingGroup.create({ data: { name: "judged", members: { create: [{ modelId: prod.id }] } } });
  server = await startGatewayServer(db);
});

afterAll(async () => {
  await settleShadowCalls();
  await server?.close();
  await sim?.close();
});

describe("combine", () => {
  it("lets the candidate win or lose only when both orders agree", () => {
    expect(combine("B", "A")).toBe("candidate");
    expect(combine("A", "B")).toBe("primary");
    expect(combine("A", "A")).toBe("tie"); // a judge that always picks the first answer decides nothing
    expect(combine("B", "B")).toBe("tie");
    expect(combine("tie", "A")).toBe("tie");
  });
  it("samples by id, the same on every instance", () => {
    expect(sampled("x", 100)).toBe(true);
    expect(sampled("x", 0)).toBe(false);
    const ids = Array.from({ length: 1000 }, (_, i) => `req_${i}`);
    const n = ids.filter((id) => sampled(id, 30)).length;
    expect(n).toBeGreaterThan(200);
    expect(n).toBeLessThan(400);
    expect(ids.filter((id) => sampled(id, 30))).toEqual(ids.filter((id) => sampled(id, 30)));
  });
});

describe("judging shadow pairs", () => {
  it("judges each stored pair once, in both orders, and the comparison shows a win rate", async () => {
    const group = await db.routingGroup.findUniqueOrThrow({ where: { name: "judged" } });
    await saveShadowConfig(db, group.id, { version: group.version, candidates: [{ modelId: "cand-j", sampleRate: 100, timeoutMs: 5_000, maxConcurrent: 10 }], judge: { modelId: "judge-j", sampleRate: 100 } });
    const key = ((await (await createKey(apiRequest("/api/keys", { body: { name: "bodies", logPrompts: true } }))).json()) as CreatedApiKey).key;
    const client = new OpenAI({ apiKey: key, baseURL: `${server.url}/v1`, maxRetries: 0 });
    for (const q of ["How do I reset my password?", "Where is my order?", "Cancel my plan"]) await client.chat.completions.create({ model: "judged", messages: [{ role: "user", content: q }] });
    await settleShadowCalls();
    await flushRequestLog();
    expect(await judgeShadowPairs(db)).toBe(3);
    expect(await judgeShadowPairs(db)).toBe(0);
    const verdicts = await db.shadowVerdict.findMany();
    expect(verdicts).toHaveLength(3);
    expect(verdicts.every((v) => ["candidate", "primary", "tie"].includes(v.winner) && v.judgeModel === "judge-j")).toBe(true);
    const cmp = await shadowComparison(db, group.id, 60);
    const c = cmp.candidates[0];
    expect(c.judged).toBe(3);
    expect(c.winRate).not.toBeNull();
    expect(c.winRate!.low).toBeLessThanOrEqual(c.winRate!.rate);
    expect(c.winRate!.high).toBeGreaterThanOrEqual(c.winRate!.rate);
  });
});
