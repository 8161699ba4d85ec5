import crypto from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import { useTestDb } from "@/test/db";
import { useSimulator } from "@/test/simulator";
import { EvalRunCreateSchema } from "@/lib/evals/schema";
import { importDataset } from "./datasets";
import { createQueueEvalRunner } from "./runner-bullmq";
import { createEvalRun, getEvalRun } from "./runs";

// Two "instances" (two BullMQ runners on one database and one Redis, as two processes would be) share the runs;
// when the one executing a run shuts down, the other takes the run over and finishes it without redoing rows.

const REDIS_URL = process.env.TEST_REDIS_URL ?? "redis://127.0.0.1:6379";
const { db } = useTestDb();
const prefix = `tb-test-${crypto.randomUUID().slice(0, 8)}:`;

useSimulator({ db, behavior: { ttftMs: 15, latencyMs: 30, tokensPerSecond: 0 } });
afterAll(async () => {
  const { default: Redis } = await import("ioredis");
  const admin = new Redis(REDIS_URL);
  const keys = await admin.keys(`${prefix}*`);
  if (keys.length) await admin.del(...keys);
  await admin.quit();
});

async function waitFor(check: () => Promise<boolean>, what: string, ms = 30_000) {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

const content = Array.from({ length: 12 }, (_, i) => JSON.stringify({ prompt: `Where is parcel ${i}?`, reference: `Parcel ${i} is on its way.` })).join("\n");

describe("eval runner on BullMQ (REDIS_URL)", () => {
  it("hands a run over to another instance when the one executing it shuts down", async () => {
    const dataset = await importDataset(db, { name: "parcels", format: "jsonl", content, holdoutPercent: 100 });
    const a = createQueueEvalRunner(db, REDIS_URL, { prefix });
    const b = createQueueEvalRunner(db, REDIS_URL, { prefix });
    await a.start();
    const input = EvalRunCreateSchema.parse({
      name: "handover",
      datasetId: dataset.id,
      targets: [{ type: "model", name: "sim-8b-base" }, { type: "model", name: "sim-8b-support-ft" }],
      scorers: [{ kind: "similarity", threshold: 0.3 }],
      concurrency: 1,
    });
    const run = await createEvalRun(db, a, input);
    await waitFor(async () => (await db.evalRun.findUniqueOrThrow({ where: { id: run.id } })).done >= 6, "six results on A");
    await b.start();
    await a.stop();
    const before = await db.evalResult.findMany({ where: { runId: run.id }, select: { id: true } });
    expect(before.length).toBeLessThan(24);

    await waitFor(async () => (await db.evalRun.findUniqueOrThrow({ where: { id: run.id } })).status === "done", "B to finish the run");
    const after = await db.evalResult.findMany({ where: { runId: run.id }, select: { id: true } });
    expect(after).toHaveLength(24);
    const ids = new Set(after.map((r) => r.id));
    for (const r of before) expect(ids.has(r.id)).toBe(true);
    expect((await getEvalRun(db, run.id)).progress).toMatchObject({ done: 24, total: 24 });
    await b.stop();
  }, 60_000);
});
