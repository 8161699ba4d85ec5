import { spawn, type ChildProcess } from "node:child_process";
import OpenAI from "openai";
import { E2E_MASTER_KEY } from "@/playwright.config";
import { expect, test } from "./fixtures";

// The gateway as server.ts serves it: /v1 on Node's req/res beside Next in one process. These cross the line
// between the two (Next's bundled modules and the server's own), the way a user's traffic does.

const auth = { authorization: `Bearer ${E2E_MASTER_KEY}` };
const client = (baseURL: string) => new OpenAI({ apiKey: E2E_MASTER_KEY, baseURL: `${baseURL}/v1`, maxRetries: 0 });

test("a cooldown caused through /v1 shows in the dashboard's group health", async ({ request, baseURL }) => {
  const model = await request.post("/api/models", { headers: auth, data: { name: "always-500", model: "tb-sim-8b", provider: "simulator", simulator: { failure: "server_error", latencyMs: 0 } } });
  expect(model.status()).toBe(201);
  const group = await request.post("/api/groups", { headers: auth, data: { name: "cools-down", members: [{ modelId: (await model.json()).id }], allowedFails: 1, retries: 0, cooldownSeconds: 120 } });
  expect(group.status()).toBe(201);
  const { id } = await group.json();

  await expect(client(baseURL!).chat.completions.create({ model: "cools-down", messages: [{ role: "user", content: "hi" }] })).rejects.toBeInstanceOf(OpenAI.APIError);

  const health = await (await request.get(`/api/groups/${id}/health`, { headers: auth })).json();
  expect(health.members).toEqual([expect.objectContaining({ modelName: "always-500", coolingDown: true })]);
  expect(health.members[0].cooldownRemainingSeconds).toBeGreaterThan(100);
});

test("names outside ASCII work through /v1, plain and streamed, with the trace header percent-encoded", async ({ request, baseURL }) => {
  for (const name of ["模型-测试", "🚀model"]) {
    const created = await request.post("/api/models", { headers: auth, data: { name, model: "tb-sim-8b", provider: "simulator", simulator: { latencyMs: 0, ttftMs: 0 } } });
    expect(created.status()).toBe(201);
    const { data, response } = await client(baseURL!).chat.completions.create({ model: name, messages: [{ role: "user", content: "hi" }], max_tokens: 8 }).withResponse();
    expect(data.model).toBe(name);
    expect(decodeURIComponent(response.headers.get("x-tunebench-served-by")!)).toBe(name);
    const stream = await client(baseURL!).chat.completions.create({ model: name, messages: [{ role: "user", content: "hi" }], max_tokens: 8, stream: true });
    let text = "";
    for await (const chunk of stream) text += chunk.choices[0]?.delta.content ?? "";
    expect(text).toBeTruthy();
  }
  // Both calls of each name are in the request log (a bad row would have dropped its whole batch).
  await expect(async () => {
    const log = await (await request.get("/api/usage/requests?pageSize=100", { headers: auth })).json();
    const names = log.items.map((r: { modelName: string }) => r.modelName);
    expect(names.filter((n: string) => n === "模型-测试")).toHaveLength(2);
    expect(names.filter((n: string) => n === "🚀model")).toHaveLength(2);
  }).toPass({ timeout: 10_000 });
});

test("a malformed percent-escape in a route id is a 400 in the error envelope, before and after sign-in", async ({ request }) => {
  for (const headers of [{}, auth]) {
    const res = await request.get("/api/models/%ff", { headers });
    expect(res.status()).toBe(400);
    expect((await res.json()).error.code).toBe("invalid_path");
  }
  const gw = await request.get("/v1/nope", { headers: auth });
  expect(gw.status()).toBe(404);
  expect((await gw.json()).error.type).toBe("not_found_error");
});

// Its own server (same script as the suite's), so SIGTERM stops nothing another test uses.
test("SIGTERM right after a burst of 200 gateway calls loses no request-log row", async ({ request, baseURL }) => {
  test.setTimeout(120_000);
  const port = Number(new URL(baseURL!).port) + 100;
  const base = `http://localhost:${port}`;
  const start = (fresh: boolean): ChildProcess =>
    spawn("bash", ["scripts/e2e-server.sh", String(port)], { env: { ...process.env, MASTER_KEY: E2E_MASTER_KEY, E2E_KEEP_DATA: fresh ? "" : "1" }, stdio: "ignore" });
  const up = async () => {
    await expect(async () => expect((await request.get(`${base}/api/health`)).ok()).toBe(true)).toPass({ timeout: 90_000 });
  };
  const stopped = (p: ChildProcess) => new Promise<number | null>((resolve) => p.once("exit", (code) => resolve(code)));

  let server = start(true);
  await up();
  const created = await request.post(`${base}/api/models`, { headers: auth, data: { name: "burst-sim", model: "tb-sim-8b", provider: "simulator", simulator: { latencyMs: 0, ttftMs: 0 } } });
  expect(created.status()).toBe(201);
  const sdk = new OpenAI({ apiKey: E2E_MASTER_KEY, baseURL: `${base}/v1`, maxRetries: 0 });
  const answers = await Promise.all(Array.from({ length: 200 }, () => sdk.chat.completions.create({ model: "burst-sim", messages: [{ role: "user", content: "hi" }], max_tokens: 4 })));
  expect(answers).toHaveLength(200);
  const exited = stopped(server);
  server.kill("SIGTERM");
  expect(await exited).toBe(0);

  server = start(false);
  try {
    await up();
    const log = await (await request.get(`${base}/api/usage/requests?pageSize=1`, { headers: auth })).json();
    expect(log.total).toBe(200);
  } finally {
    const done = stopped(server);
    server.kill("SIGTERM");
    await done;
  }
});
