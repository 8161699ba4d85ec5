import "server-only";
import type { EvalCase } from "@/lib/evals/schema";
import { BatchPromptSchema, ColumnConfigSchema } from "@/lib/playground/schema";
import type { Db } from "@/lib/server/db";

// Playground batches became eval runs: one way to run a prompt set against several models. At start, each saved
// batch turns into a dataset (its prompts, with the system prompt and variables) and an eval run on it (its
// columns as targets, its finished answers as results, its votes as human votes), and the batch is removed in
// the same transaction, so a batch is migrated exactly once. Unfinished batches become paused runs: resuming one
// runs only the prompts that have no answer yet. Judge verdicts between arbitrary columns have no place in an
// eval run's pairwise-with-the-baseline model and are not carried over.

const STATUS: Record<string, string> = { done: "done", cancelled: "cancelled" };

export async function migratePlaygroundBatches(db: Db): Promise<number> {
  const batches = await db.playgroundBatch.findMany({ orderBy: { createdAt: "asc" }, select: { id: true } });
  let migrated = 0;
  for (const { id } of batches) {
    await db.$transaction(async (tx) => {
      const batch = await tx.playgroundBatch.findUnique({ where: { id }, include: { runs: { include: { results: true } } } });
      if (!batch) return; // another instance took it
      const columns = ColumnConfigSchema.array().safeParse(JSON.parse(batch.columnsJson));
      const prompts = BatchPromptSchema.array().safeParse(JSON.parse(batch.promptsJson));
      if (!columns.success || !prompts.success || !prompts.data.length || !columns.data.length) {
        await tx.playgroundBatch.delete({ where: { id } });
        return;
      }
      const cases: EvalCase[] = prompts.data.map((p) => ({
        messages: [...(batch.systemPrompt.trim() ? [{ role: "system" as const, content: batch.systemPrompt }] : []), { role: "user" as const, content: p.prompt }],
        variables: p.variables,
        reference: null,
        tags: ["playground-batch"],
      }));
      const taken = await tx.dataset.findUnique({ where: { name: batch.name }, select: { id: true } });
      const dataset = await tx.dataset.create({
        data: {
          name: taken ? `${batch.name} (batch ${batch.id.slice(-6)})` : batch.name,
          description: "Migrated from a playground batch.",
          versions: { create: { number: 1, caseCount: cases.length, casesJson: JSON.stringify(cases) } },
        },
        include: { versions: true },
      });
      const finished = batch.runs.flatMap((run) =>
        run.promptIndex === null ? [] : run.results.filter((r) => r.latencyMs !== null || r.errorKind !== null).map((r) => ({ caseIndex: run.promptIndex!, r })),
      );
      const run = await tx.evalRun.create({
        data: {
          name: batch.name,
          datasetVersionId: dataset.versions[0].id,
          status: STATUS[batch.status] ?? "paused",
          targetsJson: JSON.stringify(columns.data.map((c) => c.target)),
          paramsJson: JSON.stringify(columns.data[0].params ?? {}),
          concurrency: batch.concurrency,
          total: cases.length * columns.data.length,
          done: finished.length,
          errors: finished.filter((f) => f.r.errorKind).length,
          costUsd: finished.reduce((sum, f) => sum + (f.r.costUsd ?? 0), 0),
          createdAt: batch.createdAt,
          startedAt: batch.createdAt,
          finishedAt: batch.status === "done" ? batch.updatedAt : null,
        },
      });
      if (finished.length) {
        await tx.evalResult.createMany({
          data: finished.map(({ caseIndex, r }) => ({
            runId: run.id,
            caseIndex,
            target: r.column,
            output: r.output,
            errorKind: r.errorKind,
            errorMessage: r.errorMessage,
            latencyMs: r.latencyMs,
            ttftMs: r.ttftMs,
            tokensIn: r.tokensIn,
            tokensOut: r.tokensOut,
            costUsd: r.costUsd,
            createdAt: r.createdAt,
          })),
        });
      }
      const votes = batch.runs.filter((r) => r.promptIndex !== null && r.voteColumn !== null);
      if (votes.length) await tx.evalVote.createMany({ data: votes.map((r) => ({ runId: run.id, caseIndex: r.promptIndex!, winner: r.voteColumn! })) });
      await tx.playgroundBatch.delete({ where: { id } });
      migrated++;
    });
  }
  return migrated;
}
