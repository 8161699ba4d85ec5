import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { useTestDb } from "@/test/db";
import { seedIfEmpty } from "@/lib/models/server/seed";
import { startSimulator, type RunningSimulator } from "@/lib/simulator";
import { EvalRunCreateSchema, type EvalRunCreateInput } from "@/lib/evals/schema";
import { importDataset } from "./datasets";
import { createEvalRunner } from "./runner";
import { actOnEvalRun, createEvalRun, getEvalRun } from "./runs";

// The runner against a real SQLite file and the real simulator, reached through a loopback proxy that counts
// every completion call, so "a restart repeats no finished case" is measured at the upstream, not inferred.

const { db } = useTestDb();
let sim: RunningSimulator;
let proxy: http.Server;
/** Every completion call the upstream received, as "model|prompt". */
const calls: string[] = [];

beforeAll(async () => {
  sim = await startSimulator({ port: 0, host: "127.0.0.1", quiet: true });
  const upstream = new URL(sim.url);
  proxy = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const body = Buffer.concat(chunks);
      if (req.url?.includes("/chat/completions")) {
        const parsed = JSON.parse(body.toString()) as { model: string; messages: { content: string }[] };
        calls.push(`${parsed.model}|${parsed.messages[parsed.messages.length - 1].content}`);
      }
      const out = http.request({ host: upstream.hostname, port: upstream.port, path: req.url, method: req.method, headers: req.headers }, (up) => {
        res.writeHead(up.statusCode ?? 502, up.headers);
        up.pipe(res);
      });
      out.on("error", () => res.destroy());
      out.end(body);
    });
  });
  await new Promise<void>((r) => proxy.listen(0, "127.0.0.1", r));
  process.env.SIMULATOR_URL = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
  await seedIfEmpty(db);
  // Fast but not instant, so a run is still going when the test stops the runner.
  await db.model.updateMany({ where: { provider: "simulator" }, data: { simulatorJson: JSON.stringify({ ttftMs: 15, latencyMs: 30, tokensPerSecond: 0 }) } });
});
afterAll(async () => {
  proxy?.close();
  await sim?.close();
});

const jsonl = (n: number, site = "Leeds") =>
  Array.from({ length: n }, (_, i) => JSON.stringify({ messages: [{ role: "user", content: `How do I reset the router in ${site} room ${i}?` }, { role: "assistant", content: `Unplug router ${i}, wait, plug it back.` }] })).join("\n");

const runInput = (datasetId: string, extra: Partial<EvalRunCreateInput> = {}) =>
  EvalRunCreateSchema.parse({
    name: "base vs ft",
    datasetId,
    targets: [{ type: "model", name: "sim-8b-base" }, { type: "model", name: "sim-8b-support-ft" }],
    scorers: [{ kind: "length", min: 10 }, { kind: "similarity", threshold: 0.2 }, { kind: "contains", value: "router" }],
    concurrency: 1,
    ...extra,
  });

async function waitFor(check: () => Promise<boolean>, what: string, ms = 20_000) {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe("eval runner", () => {
  it("runs every case against every target, scores them and reports", async () => {
    const dataset = await importDataset(db, { name: "support-small", format: "jsonl", content: jsonl(6), holdoutPercent: 100 });
    const runner = createEvalRunner(db);
    const run = await createEvalRun(db, runner, runInput(dataset.id, { concurrency: 3 }));
    await runner.settled(run.id);
    const done = await getEvalRun(db, run.id);
    expect(done.status).toBe("done");
    expect(done.progress).toMatchObject({ total: 12, done: 12, errors: 0 });
    expect(done.progress.costUsd).toBeGreaterThan(0);
    expect(done.report).toHaveLength(2);
    expect(done.report[0].vsBaseline).toBeNull();
    const vs = done.report[1].vsBaseline!;
    expect(vs.source).toBe("scorers");
    expect(vs.wins + vs.losses + vs.ties).toBe(6);
    expect(vs.pValue).toBeGreaterThan(0);
    expect(done.report[1].scorers.map((s) => s.id)).toEqual(["0:length", "1:similarity", "2:contains"]);
    expect(done.report[0].p50LatencyMs).toBeGreaterThan(0);
    expect(done.cases[0].answers.every((a) => a && a.output.length > 0)).toBe(true);
    await runner.stop();
  });

  it("resumes after a restart without repeating a finished case", async () => {
    const dataset = await importDataset(db, { name: "support-restart", format: "jsonl", content: jsonl(12, "Derby"), holdoutPercent: 100 });
    const first = createEvalRunner(db);
    const run = await createEvalRun(db, first, runInput(dataset.id));
    await waitFor(async () => (await db.evalRun.findUniqueOrThrow({ where: { id: run.id } })).done >= 6, "six results");
    await first.stop(); // what server.ts does on SIGTERM
    const before = await db.evalResult.findMany({ where: { runId: run.id }, select: { id: true, caseIndex: true, target: true } });
    const stopped = await db.evalRun.findUniqueOrThrow({ where: { id: run.id } });
    expect(stopped.status).toBe("running");
    expect(stopped.done).toBe(before.length);
    expect(before.length).toBeLessThan(24);

    const second = createEvalRunner(db); // a new process on the same database
    await second.start();
    await second.settled(run.id);
    const after = await db.evalResult.findMany({ where: { runId: run.id }, select: { id: true, caseIndex: true, target: true } });
    expect(after).toHaveLength(24);
    // The rows written before the restart are the same rows (never rewritten) …
    const ids = new Set(after.map((r) => r.id));
    for (const r of before) expect(ids.has(r.id)).toBe(true);
    // … and the upstream answered each pair finished before the restart exactly once, in all.
    const models = ["tb-sim-8b", "ft:tb-sim-8b:acme:support:sim01"];
    const callsFor = (r: { caseIndex: number; target: number }) => calls.filter((c) => c === `${models[r.target]}|How do I reset the router in Derby room ${r.caseIndex}?`).length;
    for (const r of before) expect(callsFor(r)).toBe(1);
    for (const r of after) expect(callsFor(r)).toBeGreaterThanOrEqual(1);
    const finished = await getEvalRun(db, run.id);
    expect(finished).toMatchObject({ status: "done", progress: { done: 24, total: 24 } });
    await second.stop();
  });

  it("pauses, resumes and cancels", async () => {
    const dataset = await importDataset(db, { name: "support-pause", format: "jsonl", content: jsonl(10), holdoutPercent: 100 });
    const runner = createEvalRunner(db);
    const run = await createEvalRun(db, runner, runInput(dataset.id));
    await waitFor(async () => (await db.evalRun.findUniqueOrThrow({ where: { id: run.id } })).done >= 2, "two results");
    const paused = await actOnEvalRun(db, runner, run.id, { action: "pause" });
    expect(paused.status).toBe("paused");
    const doneAtPause = paused.progress.done;
    await new Promise((r) => setTimeout(r, 100));
    expect((await getEvalRun(db, run.id)).progress.done).toBe(doneAtPause);
    await expect(actOnEvalRun(db, runner, run.id, { action: "pause" })).rejects.toThrow(/cannot pause/);
    await actOnEvalRun(db, runner, run.id, { action: "resume" });
    await runner.settled(run.id);
    expect((await getEvalRun(db, run.id)).status).toBe("done");
    await expect(actOnEvalRun(db, runner, run.id, { action: "cancel" })).rejects.toThrow(/finished/);
    await runner.stop();
  });

  it("judges each pair in both orders", async () => {
    const dataset = await importDataset(db, { name: "support-judge", format: "jsonl", content: jsonl(4), holdoutPercent: 100 });
    const runner = createEvalRunner(db);
    const run = await createEvalRun(db, runner, runInput(dataset.id, { scorers: [], judge: { model: "sim-8b-base", rubric: "Prefer the more helpful answer." }, concurrency: 4 }));
    await runner.settled(run.id);
    const done = await getEvalRun(db, run.id);
    expect(done.status).toBe("done");
    expect(done.progress).toMatchObject({ judgeTotal: 8, judgeDone: 8 });
    const rows = await db.evalJudgement.findMany({ where: { runId: run.id } });
    expect(rows.map((r) => `${r.caseIndex}:${r.ordering}`).sort()).toEqual(["0:ab", "0:ba", "1:ab", "1:ba", "2:ab", "2:ba", "3:ab", "3:ba"]);
    expect(rows.every((r) => ["target", "baseline", "tie"].includes(r.winner))).toBe(true);
    expect(done.report[1].vsBaseline).toMatchObject({ source: "judge" });
    expect(done.report[1].vsBaseline!.decisions).toBe(4);
    await runner.stop();
  });
});
