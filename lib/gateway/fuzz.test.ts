// /v1/chat/completions gets FUZZ_CASES malformed bodies over loopback HTTP, through the gateway's Node listener as
// server.ts serves it, on a real SQLite file with the simulator as the upstream. Wanted: no 500, no hang, every
// refusal in OpenAI's error shape, and no row changed by a refused request. Replay with FUZZ_SEED / FUZZ_CASES.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seededRandom } from "@/test/router";
import { createApiKey } from "@/lib/keys/server/api-keys";
import { flushRequestLog } from "@/lib/usage/server/request-log";
import { seedIfEmpty } from "@/lib/models/server/seed";
import { useSimulator } from "@/test/simulator";
import { DbWatch } from "@/test/db-watch";
import { Fuzzer } from "@/test/fuzz";
import { FuzzLedger, type FuzzOutcome } from "@/test/fuzz-run";
import { TEST_MASTER_KEY, useTestDb } from "@/test/db";
import { invalidateGatewayConfig } from "./config";
import { startGatewayServer, type GatewayServer } from "@/test/gateway-server";

const SEED = Number(process.env.FUZZ_SEED ?? 14_2026);
const CASES = Number(process.env.FUZZ_CASES ?? 1000);

const { db, url } = useTestDb();
let watch: DbWatch;
let limitedKey: string;
let gateway: GatewayServer;

useSimulator();

beforeAll(async () => {
  await db.$executeRawUnsafe("PRAGMA synchronous = OFF"); // durability is not under test; see app/api/fuzz.test.ts
  await seedIfEmpty(db);
  const instant = JSON.stringify({ latencyMs: 0, ttftMs: 0, tokensPerSecond: 100_000 });
  await db.model.updateMany({ where: { provider: "simulator" }, data: { simulatorJson: instant } });
  const fast = await db.model.create({ data: { name: "fz-fast", provider: "simulator", modelId: "tb-sim-8b", baseModel: "tb-sim-8b", contextWindow: 8192, simulatorJson: instant } });
  await db.routingGroup.create({ data: { name: "fz-group", timeoutMs: 2000, members: { create: [{ modelId: fast.id }] } } });
  limitedKey = (await createApiKey(db, { name: "fz-limited", allowed: ["fz-group"], expiresAt: null, logPrompts: true })).key;
  invalidateGatewayConfig();
  gateway = await startGatewayServer(db);
  // Refusals after authentication (403, 404) are logged by design, and the log and a key's last-used time are
  // written in the background, so they may land during a later request: those two are left out of the comparison.
  watch = new DbWatch(url.replace(/^file:/, ""), { ignore: ["RequestLog"], ignoreColumns: { ApiKey: ["lastUsedAt"] } });
});

afterAll(async () => {
  await flushRequestLog();
  watch?.close();
  await gateway?.close();
});

const EXAMPLES = [
  () => ({
    model: "fz-group", messages: [{ role: "system", content: "Be brief." }, { role: "user", content: "Say hi" }], temperature: 0.2, top_p: 1, max_tokens: 8, seed: 7,
    stop: ["\n\n"], response_format: { type: "text" }, stream: false,
  }),
  () => ({ model: "fz-fast", messages: [{ role: "user", content: "Count to three" }], max_completion_tokens: 8, stream: true, stream_options: { include_usage: true } }),
  () => ({
    model: "fz-fast", messages: [{ role: "user", content: "Weather?" }], max_tokens: 8, tool_choice: "auto",
    tools: [{ type: "function", function: { name: "get_weather", description: "d", parameters: { type: "object", properties: { city: { type: "string" } } } } }],
  }),
];

/** OpenAI's error shape: { error: { message, type, param, code } }. */
function checkOpenAiError({ status, body }: FuzzOutcome): string | undefined {
  if (status < 400) return undefined;
  try {
    const e = (JSON.parse(body) as { error?: { message?: unknown; type?: unknown } }).error;
    if (typeof e?.message === "string" && typeof e.type === "string") return undefined;
  } catch {
    /* reported below */
  }
  return `${status} outside OpenAI's error shape: ${body.slice(0, 160)}`;
}

describe(`fuzzing /v1/chat/completions (seed ${SEED}, ${CASES} cases)`, () => {
  it("answers every malformed body without a 500 or a hang, and changes no row when it refuses", async () => {
    const f = new Fuzzer(seededRandom(SEED));
    const ledger = new FuzzLedger(watch, { timeoutMs: 15_000, checkBody: checkOpenAiError });
    for (let i = 0; i < CASES; i++) {
      const body = f.body(f.pick(EXAMPLES)());
      const who = f.random();
      const headers: Record<string, string> = { "content-type": "application/json" };
      if (who < 0.86) headers.authorization = `Bearer ${TEST_MASTER_KEY}`;
      else if (who < 0.94) headers.authorization = `Bearer ${limitedKey}`;
      else if (who < 0.97) headers.authorization = `Bearer tb-${f.pick(["", "x", "%ff", "æ¨¡å\u009e\u008b", "\u00ff\u00fe"])}`;
      else if (who < 0.99) headers.authorization = f.pick(["Bearer", "Basic abc", "Bearer  ", `bearer ${TEST_MASTER_KEY}`]);
      const call = {
        route: "POST /v1/chat/completions",
        label: `case ${i} (seed ${SEED}): ${body.label}; body ${body.text.slice(0, 200)}`,
        send: (signal: AbortSignal) => fetch(`${gateway.url}/v1/chat/completions`, { method: "POST", headers, body: body.text, signal }),
      };
      const out = await ledger.run(call);
      // The simulator is always up, so any other 5xx is the gateway's fault.
      if (out && out.status > 500) ledger.flag(call, `${out.status}: ${out.body.slice(0, 200)}`);
    }
    if (process.env.FUZZ_VERBOSE) console.info(ledger.summary("POST /v1/chat/completions"));
    expect(ledger.failures, `[${ledger.statusSummary("POST /v1/chat/completions")}]\n${ledger.report()}`).toEqual([]);
    expect(Object.prototype).not.toHaveProperty("polluted");
  }, 180_000);

  const call = (body: string) =>
    fetch(`${gateway.url}/v1/chat/completions`, { method: "POST", headers: { authorization: `Bearer ${TEST_MASTER_KEY}`, "content-type": "application/json" }, body });

  // Issue 14 item 3: the served-by header carried the raw name, which Node refuses in a header (500).
  it("serves a model with a non-ASCII name, plain and streamed", async () => {
    await db.model.create({ data: { name: "模型-测试", provider: "simulator", modelId: "tb-sim-8b", simulatorJson: JSON.stringify({ latencyMs: 0 }) } });
    invalidateGatewayConfig();
    for (const stream of [false, true]) expect((await call(JSON.stringify({ model: "模型-测试", messages: [{ role: "user", content: "hi" }], max_tokens: 4, stream }))).status).toBe(200);
  });

  // Issue 14 item 4: a tools parameter too deep for JSON.stringify failed inside the send and came back as 502
  // "cannot reach", counted against the member.
  it("refuses a tools parameter nested 10,000 deep as the caller's 400", async () => {
    const parameters = '{"type":"object","properties":' + '{"a":'.repeat(10_000) + "1" + "}".repeat(10_000) + "}"; // as text: too deep to stringify
    const res = await call(`{"model":"fz-fast","messages":[{"role":"user","content":"hi"}],"tools":[{"type":"function","function":{"name":"f","parameters":${parameters}}}]}`);
    expect(res.status).toBe(400);
  });
});
