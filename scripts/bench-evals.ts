// npm run bench:evals — 1,000 cases × 2 targets on the standalone simulator at zero latency, through the eval
// runner (SQLite file, scorers, one result row per answer). Reports cases/s and the runner's overhead per case
// beyond the completion calls, measured against the same calls made directly at the same concurrency.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { startStandaloneSimulator } from "./bench-support";

// Route modules import "server-only", which only resolves outside React Server Components with this condition.
if (!process.execArgv.some((a) => a.includes("react-server"))) {
  const child = spawnSync(process.execPath, [...process.execArgv, "--conditions=react-server", ...process.argv.slice(1)], { stdio: "inherit", env: process.env });
  process.exit(child.status ?? 1);
}

const CASES = Number(process.env.BENCH_CASES ?? 1000);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 16);
const TARGET_CASES_PER_SECOND = 200;


async function pool<T>(items: T[], limit: number, fn: (item: T) => Promise<void>) {
  let next = 0;
  await Promise.all(Array.from({ length: limit }, async () => {
    while (next < items.length) await fn(items[next++]);
  }));
}

async function main() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "tb-bench-evals-"));
  const url = `file:${path.join(dir, "app.db")}`;
  Object.assign(process.env, { DATABASE_URL: url, DATA_DIR: dir, MASTER_KEY: "sk-bench-evals-0001", SIMULATOR_DISABLED: "1" });
  const sim = await startStandaloneSimulator();
  process.env.SIMULATOR_URL = sim.url;
  const { migrateDeploy } = await import("@/lib/server/migrate");
  const { getDb } = await import("@/lib/server/db");
  const { seedIfEmpty } = await import("@/lib/models/server/seed");
  const { importDataset } = await import("@/lib/evals/server/datasets");
  const { createEvalRunner } = await import("@/lib/evals/server/runner");
  const { createEvalRun } = await import("@/lib/evals/server/runs");
  const { callTarget, caseRequest } = await import("@/lib/evals/server/execute");
  const { loadDeploymentByName } = await import("@/lib/models/server/deployment-by-name");
  const { EvalRunCreateSchema } = await import("@/lib/evals/schema");
  migrateDeploy(url);
  const db = getDb();
  await seedIfEmpty(db);
  await db.model.updateMany({ where: { provider: "simulator" }, data: { simulatorJson: JSON.stringify({ latencyMs: 0, ttftMs: 0, tokensPerSecond: 0 }) } });

  const content = Array.from({ length: CASES }, (_, i) => JSON.stringify({ prompt: `Customer ${i} says the invoice total is wrong after the upgrade. What should support check?`, reference: "Check the proration on the upgrade invoice.", tags: ["billing"] })).join("\n");
  const dataset = await importDataset(db, { name: "bench", format: "jsonl", content, holdoutPercent: 100 });
  const targets = [{ type: "model" as const, name: "sim-8b-base" }, { type: "model" as const, name: "sim-8b-support-ft" }];
  const params = { max_tokens: 64, seed: 1 };

  // Warm-up: connections, token tables, JIT.
  const deployments = await Promise.all(targets.map((t) => loadDeploymentByName(db, t.name)));
  await pool(Array.from({ length: 200 }, (_, i) => i), CONCURRENCY, async (i) => void (await callTarget(db, targets[i % 2], caseRequest(dataset.cases[i % CASES], params), new AbortController().signal, deployments[i % 2])));

  // 1. The completion calls alone, at the runner's concurrency (per target, both targets at once).
  const direct0 = performance.now();
  await Promise.all(
    targets.map((t, ti) => pool(dataset.cases, CONCURRENCY, async (c) => void (await callTarget(db, t, caseRequest(c, params), new AbortController().signal, deployments[ti])))),
  );
  const directMs = performance.now() - direct0;

  // 2. The same work through the eval runner: scorers, one row per answer, progress counters.
  const runner = createEvalRunner(db);
  const input = EvalRunCreateSchema.parse({
    name: "bench", datasetId: dataset.id, targets, params, concurrency: CONCURRENCY,
    scorers: [{ kind: "contains", value: "invoice" }, { kind: "similarity", threshold: 0.2 }, { kind: "length", min: 10, max: 4000 }, { kind: "regex", value: "\\b(check|invoice)\\b" }],
  });
  const run0 = performance.now();
  const run = await createEvalRun(db, runner, input);
  await runner.settled(run.id);
  const runMs = performance.now() - run0;
  const row = await db.evalRun.findUniqueOrThrow({ where: { id: run.id } });
  await runner.stop();
  sim.close();

  const casesPerSecond = CASES / (runMs / 1000);
  const overheadPerCaseMs = (runMs - directMs) / CASES;
  console.info(`bench:evals — ${CASES} cases × ${targets.length} targets, simulator at zero latency, concurrency ${CONCURRENCY} per target, ${input.scorers.length} scorers`);
  console.info(`  run status            ${row.status}, ${row.done}/${row.total} answers, ${row.errors} errors`);
  console.info(`  completion calls only ${(directMs / 1000).toFixed(2)} s  (${(CASES / (directMs / 1000)).toFixed(0)} cases/s)`);
  console.info(`  eval runner           ${(runMs / 1000).toFixed(2)} s  (${casesPerSecond.toFixed(0)} cases/s, ${(2 * casesPerSecond).toFixed(0)} answers/s)`);
  console.info(`  overhead per case     ${overheadPerCaseMs.toFixed(2)} ms wall-clock beyond the calls (${((runMs / directMs - 1) * 100).toFixed(0)}%)`);
  console.info(`  target ≥ ${TARGET_CASES_PER_SECOND} cases/s: ${casesPerSecond >= TARGET_CASES_PER_SECOND ? "met" : "NOT met"}`);
  fs.rmSync(dir, { recursive: true, force: true });
  process.exit(row.status === "done" ? 0 : 1);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
