import type { PlaygroundBatch, Prisma } from "@/lib/generated/prisma/client";
import type { BatchDetail, BatchStatus, BatchSummaryRow } from "@/lib/playground/batch-types";
import { BatchPromptSchema, ColumnConfigSchema, type BatchCreateInput, type BatchPrompt, type ColumnConfig } from "@/lib/playground/schema";
import type { Paged, PublicRun } from "@/lib/playground/types";
import type { z } from "zod";
import type { BatchCreateSchema } from "@/lib/playground/schema";
import { ApiError, notFound } from "./api-error";
import type { Db } from "./db";
import { checkTargets, createRun, getRun, toPublicRun } from "./playground";
import { executeColumn } from "./playground-exec";

// Batches: a prompt set run against the same columns. The browser drives the work one prompt per request,
// up to the batch's concurrency, so pausing, cancelling and resuming are just "stop asking" and "ask again";
// a prompt interrupted half-way is discarded and redone on resume.

const STATUSES: BatchStatus[] = ["pending", "running", "paused", "cancelled", "done"];
const statusOf = (s: string): BatchStatus => (STATUSES.includes(s as BatchStatus) ? (s as BatchStatus) : "pending");

function columnsOf(row: Pick<PlaygroundBatch, "columnsJson">): ColumnConfig[] {
  const parsed = ColumnConfigSchema.array().safeParse(JSON.parse(row.columnsJson));
  return parsed.success ? parsed.data : [];
}

function promptsOf(row: Pick<PlaygroundBatch, "promptsJson">): BatchPrompt[] {
  const parsed = BatchPromptSchema.array().safeParse(JSON.parse(row.promptsJson));
  return parsed.success ? parsed.data : [];
}

function toSummary(row: PlaygroundBatch): BatchSummaryRow {
  return {
    id: row.id,
    name: row.name,
    status: statusOf(row.status),
    total: row.total,
    done: row.done,
    targets: columnsOf(row).map((c) => c.target.name),
    createdAt: row.createdAt.toISOString(),
  };
}

export async function createBatch(db: Db, input: z.output<typeof BatchCreateSchema>): Promise<BatchDetail> {
  await checkTargets(db, input.columns.map((c) => c.target));
  const row = await db.playgroundBatch.create({
    data: {
      name: input.name,
      status: "pending",
      columnsJson: JSON.stringify(input.columns),
      promptsJson: JSON.stringify(input.prompts),
      systemPrompt: input.systemPrompt,
      concurrency: input.concurrency,
      total: input.prompts.length,
    },
  });
  return getBatch(db, row.id);
}

export async function getBatch(db: Db, id: string): Promise<BatchDetail> {
  const row = await db.playgroundBatch.findUnique({ where: { id }, include: { runs: { include: { results: true, verdicts: true }, orderBy: { promptIndex: "asc" } } } });
  if (!row) throw notFound("Batch");
  return {
    ...toSummary(row),
    systemPrompt: row.systemPrompt,
    concurrency: row.concurrency,
    columns: columnsOf(row),
    prompts: promptsOf(row),
    runs: row.runs.map(toPublicRun),
    version: row.version,
  };
}

export async function listBatches(db: Db, q: { page: number; pageSize: number }): Promise<Paged<BatchSummaryRow>> {
  const [total, rows] = await Promise.all([
    db.playgroundBatch.count(),
    db.playgroundBatch.findMany({ orderBy: { createdAt: "desc" }, skip: (q.page - 1) * q.pageSize, take: q.pageSize }),
  ]);
  return { items: rows.map(toSummary), total, page: q.page, pageSize: q.pageSize };
}

/** running ⇄ paused, either → cancelled, cancelled → running (resume). A finished batch stays done. */
export async function setBatchStatus(db: Db, id: string, status: BatchStatus): Promise<BatchDetail> {
  const row = await db.playgroundBatch.findUnique({ where: { id }, select: { status: true, done: true, total: true } });
  if (!row) throw notFound("Batch");
  if (row.status === "done" && status !== "done") throw new ApiError("conflict", "This batch has finished.");
  if (status === "done" && row.done < row.total) throw new ApiError("conflict", `Only ${row.done} of ${row.total} prompts have run.`);
  await db.playgroundBatch.update({ where: { id }, data: { status, version: { increment: 1 } } });
  return getBatch(db, id);
}

function complete(run: Pick<PublicRun, "results">): boolean {
  return run.results.every((r) => r.status !== "pending");
}

async function refreshProgress(db: Db, id: string): Promise<void> {
  const runs = await db.playgroundRun.findMany({ where: { batchId: id }, select: { results: { select: { latencyMs: true, errorKind: true } } } });
  const done = runs.filter((r) => r.results.every((x) => x.latencyMs !== null || x.errorKind !== null)).length;
  const data: Prisma.PlaygroundBatchUpdateInput = { done };
  const batch = await db.playgroundBatch.findUniqueOrThrow({ where: { id }, select: { total: true, status: true } });
  if (done >= batch.total && batch.status === "running") data.status = "done";
  await db.playgroundBatch.update({ where: { id }, data });
}

/** Runs prompt `i` against every column (in parallel); idempotent once the prompt has finished. */
export async function runBatchPrompt(db: Db, id: string, i: number, signal: AbortSignal): Promise<PublicRun> {
  const batch = await db.playgroundBatch.findUnique({ where: { id } });
  if (!batch) throw notFound("Batch");
  const prompts = promptsOf(batch);
  const prompt = prompts[i];
  if (!prompt) throw new ApiError("not_found", `This batch has no prompt ${i + 1}.`);
  const existing = await db.playgroundRun.findFirst({ where: { batchId: id, promptIndex: i }, include: { results: true, verdicts: true } });
  if (existing) {
    const run = toPublicRun(existing);
    if (complete(run)) return run;
    await db.playgroundRun.delete({ where: { id: existing.id } }); // interrupted earlier: redo it
  }
  if (batch.status !== "running" && batch.status !== "pending") throw new ApiError("conflict", `The batch is ${batch.status}; resume it first.`);
  if (batch.status === "pending") await db.playgroundBatch.update({ where: { id }, data: { status: "running" } });

  const input: BatchCreateInput["columns"] = columnsOf(batch);
  const run = await createRun(
    db,
    { systemPrompt: batch.systemPrompt, messages: [{ role: "user", content: prompt.prompt }], variables: prompt.variables, columns: input.map((c) => ({ target: c.target, params: c.params ?? {} })) },
    { batchId: id, promptIndex: i },
  );
  await Promise.all(run.results.map((r) => executeColumn(db, run, r.column, signal)));
  if (signal.aborted) {
    // Paused or cancelled mid-prompt: drop the partial run so a resume starts this prompt afresh.
    await db.playgroundRun.delete({ where: { id: run.id } }).catch(() => undefined);
    throw new ApiError("conflict", "The prompt was interrupted; it will run again on resume.");
  }
  await refreshProgress(db, id);
  return getRun(db, run.id);
}
