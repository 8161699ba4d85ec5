import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { apiRequest, routeParams, useTestDb } from "@/lib/testing/test-db";
import { seedIfEmpty } from "@/lib/server/seed";
import { startSimulator, type RunningSimulator } from "@/lib/simulator";
import type { BatchDetail } from "@/lib/playground/batch-types";
import { summarize } from "@/lib/playground/stats";
import { GET as list, POST as create } from "./route";
import { GET as getOne, PATCH } from "./[id]/route";
import { POST as runPrompt } from "./[id]/prompts/[i]/route";
import { GET as exportBatch } from "./[id]/export/route";

const { db } = useTestDb();
let sim: RunningSimulator;

beforeAll(async () => {
  sim = await startSimulator({ port: 0, host: "127.0.0.1", quiet: true });
  process.env.SIMULATOR_URL = sim.url;
  await seedIfEmpty(db);
});
afterAll(async () => sim?.close());

const body = {
  name: "Support prompts",
  systemPrompt: "Answer for {{product}}.",
  columns: [{ target: { type: "model", name: "sim-8b-base" } }, { target: { type: "model", name: "sim-8b-support-ft" } }],
  prompts: [0, 1, 2].map((i) => ({ prompt: `Question ${i} about {{topic}}`, variables: { topic: `topic-${i}`, product: "Acme" } })),
  concurrency: 2,
};

const run = (id: string, i: number, signal?: AbortSignal) => {
  const req = apiRequest(`/api/playground/batches/${id}/prompts/${i}`, { method: "POST" });
  return runPrompt(signal ? new Request(req, { signal }) : req, routeParams({ id, i: String(i) }));
};
const detail = async (id: string): Promise<BatchDetail> => (await getOne(apiRequest(`/api/playground/batches/${id}`), routeParams({ id }))).json();
const patch = (id: string, status: string) => PATCH(apiRequest(`/api/playground/batches/${id}`, { method: "PATCH", body: { status } }), routeParams({ id }));

describe("/api/playground/batches", () => {
  it("validates the prompt set and the columns", async () => {
    const res = await create(apiRequest("/api/playground/batches", { body: { ...body, prompts: [], columns: [{ target: { type: "model", name: "nope" } }] } }));
    expect(res.status).toBe(400);
    expect((await res.json()).error.fields.prompts).toBeDefined();
  });

  it("runs prompts against every column, counts progress, and finishes", async () => {
    const created = await create(apiRequest("/api/playground/batches", { body }));
    expect(created.status).toBe(201);
    const batch: BatchDetail = await created.json();
    expect(batch).toMatchObject({ status: "pending", total: 3, done: 0, targets: ["sim-8b-base", "sim-8b-support-ft"] });
    const results = await Promise.all([run(batch.id, 0), run(batch.id, 1)]);
    expect(results.map((r) => r.status)).toEqual([200, 200]);
    const first = await results[0].json();
    expect(first.messages[0].content).toBe("Question 0 about {{topic}}");
    expect(first.variables.topic).toBe("topic-0");
    expect(first.results.map((r: { status: string }) => r.status)).toEqual(["done", "done"]);
    expect(await detail(batch.id)).toMatchObject({ status: "running", done: 2 });
    // Idempotent: running a finished prompt again returns the same run.
    const again = await (await run(batch.id, 0)).json();
    expect(again.id).toBe(first.id);
    await run(batch.id, 2);
    const finished = await detail(batch.id);
    expect(finished).toMatchObject({ status: "done", done: 3 });
    expect(finished.runs.map((r) => r.promptIndex)).toEqual([0, 1, 2]);
    const summary = summarize(finished.runs, finished.targets);
    expect(summary[0].requests).toBe(3);
    expect(summary[0].p50LatencyMs).toBeGreaterThan(0);
    expect((await (await list(apiRequest("/api/playground/batches"))).json()).items[0].id).toBe(batch.id);
    // Batch runs stay out of the single-run history.
    const { GET: runs } = await import("../runs/route");
    expect((await (await runs(apiRequest("/api/playground/runs"))).json()).total).toBe(0);
  });

  it("refuses to run prompts while paused or cancelled, and resumes", async () => {
    const batch: BatchDetail = await (await create(apiRequest("/api/playground/batches", { body }))).json();
    expect((await patch(batch.id, "paused")).status).toBe(200);
    expect((await run(batch.id, 0)).status).toBe(409);
    expect((await patch(batch.id, "cancelled")).status).toBe(200);
    expect((await run(batch.id, 0)).status).toBe(409);
    expect((await patch(batch.id, "running")).status).toBe(200);
    expect((await run(batch.id, 0)).status).toBe(200);
    expect((await patch(batch.id, "done")).status).toBe(409);
    expect((await detail(batch.id)).done).toBe(1);
  });

  it("discards a prompt interrupted mid-way so a resume runs it again, and exports the batch", async () => {
    const slow = await db.model.create({ data: { name: "sim-batch-slow", provider: "simulator", modelId: "tb-sim-8b", simulatorJson: JSON.stringify({ ttftMs: 300 }) } });
    const batch: BatchDetail = await (await create(apiRequest("/api/playground/batches", { body: { ...body, columns: [{ target: { type: "model", name: slow.name } }] } }))).json();
    const ctrl = new AbortController();
    const pending = run(batch.id, 0, ctrl.signal);
    setTimeout(() => ctrl.abort(), 100);
    expect((await pending).status).toBe(409);
    expect((await detail(batch.id)).runs).toHaveLength(0);
    expect((await run(batch.id, 0)).status).toBe(200);
    const csv = await exportBatch(apiRequest(`/api/playground/batches/${batch.id}/export?format=csv`), routeParams({ id: batch.id }));
    expect((await csv.text()).trim().split("\r\n")).toHaveLength(2);
  });
});
