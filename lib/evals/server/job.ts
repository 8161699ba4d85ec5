import "server-only";
import { setMaxListeners } from "node:events";
import type { Deployment } from "@/lib/completion";
import { compileScorers } from "@/lib/evals/scorers";
import type { EvalCase } from "@/lib/evals/schema";
import type { Target } from "@/lib/playground/schema";
import type { Db } from "@/lib/server/db";
import { loadDeploymentByName } from "@/lib/models/server/deployment-by-name";
import { casesOf } from "./datasets";
import { callTarget, caseRequest, judgePair, type Ordering } from "./execute";
import { isUniqueViolation, ResultWriter } from "./result-writer";
import { parseRunConfig } from "./run-config";

// One eval run as a job, whichever queue runs it. State lives in the database: the run's status, and one
// EvalResult row per (case, target) written once when its call ends. Executing a run does only the pairs with
// no row yet, so a restart never repeats a finished case; a call cut off by pause, cancel or shutdown writes
// nothing and runs again on resume.

export interface EvalRunner {
  /** Resumes the runs left queued or running (call once at process start). */
  start(): Promise<void>;
  /** Starts (or continues) one run unless it is already executing here. */
  kick(runId: string): void;
  /** Stops the run's in-flight calls; their cases run again on resume. */
  interrupt(runId: string): Promise<void>;
  /** Stops every run (shutdown); statuses stay, so the next start resumes them. */
  stop(): Promise<void>;
  /** Resolves when the run stops executing here (tests). */
  settled(runId: string): Promise<void>;
}

export const ACTIVE = ["queued", "running"];

export async function markFailed(db: Db, runId: string, err: unknown): Promise<void> {
  // Deleted while it ran: nothing is left to mark failed.
  if (!(await db.evalRun.findUnique({ where: { id: runId }, select: { id: true } }).catch(() => null))) return;
  const ref = crypto.randomUUID();
  console.error(`[tunebench] eval run ${runId} failed ${ref}:`, err instanceof Error ? (err.stack ?? err.message) : err);
  await db.evalRun
    .update({ where: { id: runId }, data: { status: "failed", failure: `The run stopped on a server error (reference ${ref}).`, finishedAt: new Date() } })
    .catch(() => undefined);
}

/** Runs `fn` over `items` with at most `limit` in flight; stops taking new items once `signal` aborts. */
async function pool<T>(items: T[], limit: number, signal: AbortSignal, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (!signal.aborted && next < items.length) await fn(items[next++]);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}

/** How often an executing run re-reads its status, so a pause or cancel made on another instance stops it here. */
const STATUS_POLL_MS = 500;

/**
 * Executes one run until it finishes or `signal` aborts (or its status leaves queued/running). Returns true when
 * the run reached its end, false when it stopped early (the missing pairs run on the next call).
 */
export async function executeRun(db: Db, runId: string, signal: AbortSignal): Promise<boolean> {
  const local = new AbortController();
  const both = AbortSignal.any([signal, local.signal]);
  // Every call in flight listens on this signal: as many as the run's concurrency times its targets.
  setMaxListeners(0, both);
  const watch = setInterval(() => {
    db.evalRun
      .findUnique({ where: { id: runId }, select: { status: true } })
      .then((r) => {
        if (!r || !ACTIVE.includes(r.status)) local.abort();
      })
      .catch(() => undefined);
  }, STATUS_POLL_MS);
  try {
    return await execute(db, runId, both);
  } finally {
    clearInterval(watch);
  }
}

async function execute(db: Db, runId: string, signal: AbortSignal): Promise<boolean> {
  const run = await db.evalRun.findUnique({ where: { id: runId }, include: { datasetVersion: true } });
  if (!run || !ACTIVE.includes(run.status)) return false;
  const config = parseRunConfig(run);
  const cases = casesOf(run.datasetVersion);
  await db.evalRun.update({ where: { id: runId }, data: { status: "running", startedAt: run.startedAt ?? new Date() } });

  const score = compileScorers(config.scorers);
  const deployments = new Map<number, Deployment>();
  for (const [i, t] of config.targets.entries()) if (t.type === "model") deployments.set(i, await loadDeploymentByName(db, t.name));

  const existing = await db.evalResult.findMany({ where: { runId }, select: { caseIndex: true, target: true } });
  const have = new Set(existing.map((r) => `${r.caseIndex}:${r.target}`));
  const writer = new ResultWriter(db, runId);

  await Promise.all(
    config.targets.map((target, t) => {
      const todo = cases.map((_, c) => c).filter((c) => !have.has(`${c}:${t}`));
      return pool(todo, run.concurrency, signal, (c) => runCase(db, writer, cases[c], c, target, t, config.params, deployments.get(t), score, signal));
    }),
  );
  if (signal.aborted) return false;

  if (config.judge) await runJudge(db, runId, cases, config.judge, config.baseline, config.targets.length, run.concurrency, signal);
  if (signal.aborted) return false;
  // Only a run still running finishes: a pause or cancel that landed meanwhile keeps its status.
  await db.evalRun.updateMany({ where: { id: runId, status: "running" }, data: { status: "done", finishedAt: new Date() } });
  return true;
}

async function runCase(
  db: Db,
  writer: ResultWriter,
  c: EvalCase,
  caseIndex: number,
  target: Target,
  t: number,
  params: Parameters<typeof caseRequest>[1],
  deployment: Deployment | undefined,
  score: ReturnType<typeof compileScorers>,
  signal: AbortSignal,
): Promise<void> {
  let result;
  try {
    result = await callTarget(db, target, caseRequest(c, params), signal, deployment);
  } catch (err) {
    if (signal.aborted) return;
    throw err;
  }
  if (signal.aborted) return;
  const scores = result.errorKind ? {} : score(result.output, c);
  await writer.write({ caseIndex, target: t, ...result, output: result.output.slice(0, 100_000), scoresJson: JSON.stringify(scores) });
}

async function runJudge(db: Db, runId: string, cases: EvalCase[], judge: NonNullable<ReturnType<typeof parseRunConfig>["judge"]>, baseline: number, targetCount: number, concurrency: number, signal: AbortSignal) {
  const deployment = await loadDeploymentByName(db, judge.model);
  const results = await db.evalResult.findMany({ where: { runId }, select: { caseIndex: true, target: true, output: true, errorKind: true } });
  const answer = new Map(results.map((r) => [`${r.caseIndex}:${r.target}`, r]));
  const done = new Set((await db.evalJudgement.findMany({ where: { runId }, select: { caseIndex: true, target: true, ordering: true } })).map((j) => `${j.caseIndex}:${j.target}:${j.ordering}`));
  const items: { c: number; t: number; ordering: Ordering }[] = [];
  for (let c = 0; c < cases.length; c++)
    for (let t = 0; t < targetCount; t++)
      if (t !== baseline) for (const ordering of ["ab", "ba"] as const) if (!done.has(`${c}:${t}:${ordering}`)) items.push({ c, t, ordering });
  await db.evalRun.update({ where: { id: runId }, data: { judgeTotal: cases.length * (targetCount - 1) * 2 } });

  await pool(items, concurrency, signal, async ({ c, t, ordering }) => {
    const a = answer.get(`${c}:${baseline}`);
    const b = answer.get(`${c}:${t}`);
    const prompt = [...cases[c].messages].reverse().find((m) => m.role === "user")?.content ?? "";
    let verdict: Awaited<ReturnType<typeof judgePair>>;
    if (!a || !b || a.errorKind || b.errorKind) verdict = { winner: "error", reason: "One of the two answers failed, so there is nothing to compare." };
    else {
      try {
        verdict = await judgePair(judge, deployment, prompt, a.output, b.output, ordering, signal);
      } catch (err) {
        if (signal.aborted) return;
        throw err;
      }
    }
    if (signal.aborted) return;
    try {
      await db.$transaction([
        db.evalJudgement.create({ data: { runId, caseIndex: c, target: t, ordering, winner: verdict.winner, reason: verdict.reason } }),
        db.evalRun.update({ where: { id: runId }, data: { judgeDone: { increment: 1 } } }),
      ]);
    } catch (err) {
      if (!isUniqueViolation(err)) throw err;
    }
  });
}

/** The runs executing in this process, each with its abort switch and its end; shared by both runners. */
export class ActiveRuns {
  private readonly runs = new Map<string, { abort: AbortController; done: Promise<void> }>();

  has(runId: string): boolean {
    return this.runs.has(runId);
  }

  get(runId: string) {
    return this.runs.get(runId);
  }

  set(runId: string, abort: AbortController, done: Promise<void>): void {
    this.runs.set(runId, { abort, done });
  }

  delete(runId: string): void {
    this.runs.delete(runId);
  }

  /** Stops one run here at once and waits for it to wind down. */
  async interrupt(runId: string): Promise<void> {
    const a = this.runs.get(runId);
    if (!a) return;
    a.abort.abort();
    await a.done;
  }

  /** Shutdown: stops every run here and waits for them (calls in flight are dropped unwritten). */
  async abortAll(): Promise<void> {
    const all = [...this.runs.values()];
    for (const a of all) a.abort.abort();
    await Promise.all(all.map((a) => a.done));
  }

  async settled(runId: string): Promise<void> {
    await this.runs.get(runId)?.done;
  }
}
