import "server-only";
import type { Db } from "@/lib/server/db";
import { processWide } from "@/lib/server/process-wide";
import { ACTIVE, ActiveRuns, executeRun, markFailed, type EvalRunner } from "./job";

export type { EvalRunner } from "./job";
import { createQueueEvalRunner } from "./runner-bullmq";

// The in-process runner, for one instance with no Redis: each run executes here as a promise, and starting the
// process resumes every run left queued or running. With REDIS_URL, runner-bullmq.ts shares the runs between
// instances instead.

export function createEvalRunner(db: Db): EvalRunner {
  const active = new ActiveRuns();
  let stopped = false;

  function kick(runId: string) {
    if (stopped || active.has(runId)) return;
    const abort = new AbortController();
    const done = executeRun(db, runId, abort.signal)
      .then(async (finished) => {
        // Resumed while it was stopping: go again, with the rows written so far.
        if (!finished && !abort.signal.aborted && (await db.evalRun.findUnique({ where: { id: runId }, select: { status: true } }))?.status === "queued") {
          active.delete(runId);
          kick(runId);
        }
      })
      .catch(async (err: unknown) => {
        if (!abort.signal.aborted) await markFailed(db, runId, err);
      })
      .finally(() => {
        if (active.get(runId)?.abort === abort) active.delete(runId);
      });
    active.set(runId, abort, done);
  }

  return {
    async start() {
      stopped = false;
      const runs = await db.evalRun.findMany({ where: { status: { in: ACTIVE } }, orderBy: { createdAt: "asc" }, select: { id: true } });
      for (const r of runs) kick(r.id);
    },
    kick,
    interrupt: (runId) => active.interrupt(runId),
    async stop() {
      stopped = true;
      await active.abortAll();
    },
    settled: (runId) => active.settled(runId),
  };
}

/** The runner every caller in this process shares (the custom server and Next's bundled route handlers). */
export function getEvalRunner(getDb: () => Db): EvalRunner {
  return processWide("evalRunner", () => (process.env.REDIS_URL ? createQueueEvalRunner(getDb(), process.env.REDIS_URL) : createEvalRunner(getDb())));
}

