import "server-only";
import { Queue, Worker, type Job } from "bullmq";
import Redis from "ioredis";
import { redisPrefix } from "@/lib/server/cluster";
import type { Db } from "@/lib/server/db";
import { ACTIVE, ActiveRuns, executeRun, markFailed, type EvalRunner } from "./job";

// With REDIS_URL, eval runs are BullMQ jobs (one job per run), so every instance's worker takes runs from one
// queue. The job only carries the run id: progress lives in the database (job.ts), so whichever instance picks
// a job up resumes it where the last one stopped. An instance that shuts down fails its jobs' current attempt,
// and BullMQ hands them to another instance after a short backoff; one that dies loses its lock, and BullMQ's
// stalled-job check does the same.

const QUEUE = "evals";
/** Runs one instance executes at once (each with its own per-target concurrency). */
const RUNS_PER_INSTANCE = Number(process.env.EVAL_RUNS_PER_INSTANCE ?? 4);
/** Re-queues runs left queued or running with no job (for instance, resumed while their last attempt ended). */
const SWEEP_MS = 5_000;

class ShutdownError extends Error {
  constructor() {
    super("This instance is shutting down; another one takes the run over.");
    this.name = "ShutdownError";
  }
}

export function createQueueEvalRunner(db: Db, url: string, opts: { prefix?: string } = {}): EvalRunner {
  const prefix = `${opts.prefix ?? redisPrefix()}bull`;
  const connection = new Redis(url, { maxRetriesPerRequest: null });
  connection.on("error", (err: Error) => console.error("[tunebench] eval queue redis:", err.message));
  const queue = new Queue<{ runId: string }>(QUEUE, { connection, prefix });
  const active = new ActiveRuns();
  let worker: Worker<{ runId: string }> | undefined;
  let sweep: ReturnType<typeof setInterval> | undefined;
  let stopping = false;

  async function processJob(job: Job<{ runId: string }>): Promise<void> {
    const { runId } = job.data;
    const abort = new AbortController();
    let settle!: () => void;
    active.set(runId, abort, new Promise<void>((r) => (settle = r)));
    try {
      for (;;) {
        const finished = await executeRun(db, runId, abort.signal);
        if (finished || abort.signal.aborted) break;
        // Stopped by a pause or cancel; if it was resumed meanwhile, this job carries on with it.
        const status = (await db.evalRun.findUnique({ where: { id: runId }, select: { status: true } }))?.status;
        if (status !== "queued") break;
      }
    } catch (err) {
      if (!abort.signal.aborted) await markFailed(db, runId, err);
    } finally {
      active.delete(runId);
      settle();
    }
    if (stopping) throw new ShutdownError();
  }

  function kick(runId: string) {
    if (stopping) return;
    // The run id is the job id: a run has at most one job, however many instances ask.
    void queue
      .add("run", { runId }, { jobId: runId, removeOnComplete: true, removeOnFail: true, attempts: 1_000, backoff: { type: "fixed", delay: 1_000 } })
      .catch((err: unknown) => console.error("[tunebench] could not queue eval run:", err instanceof Error ? err.message : err));
  }

  async function requeue() {
    const runs = await db.evalRun.findMany({ where: { status: { in: ACTIVE } }, select: { id: true } }).catch(() => []);
    for (const r of runs) kick(r.id);
  }

  return {
    async start() {
      stopping = false;
      worker = new Worker<{ runId: string }>(QUEUE, processJob, { connection, prefix, concurrency: RUNS_PER_INSTANCE });
      worker.on("error", (err: Error) => console.error("[tunebench] eval worker:", err.message));
      await worker.waitUntilReady();
      await requeue();
      sweep = setInterval(() => void requeue(), SWEEP_MS);
      sweep.unref();
    },
    kick,
    // Here: stop at once. Elsewhere: that instance's status poll sees the new status within a second.
    interrupt: (runId) => active.interrupt(runId),
    async stop() {
      stopping = true;
      if (sweep) clearInterval(sweep);
      await active.abortAll();
      await worker?.close();
      await queue.close();
      await connection.quit().catch(() => undefined);
    },
    settled: (runId) => active.settled(runId),
  };
}
