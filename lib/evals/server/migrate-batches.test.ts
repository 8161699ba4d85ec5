import { describe, expect, it } from "vitest";
import { useTestDb } from "@/test/db";
import { useSimulator } from "@/test/simulator";
import { createEvalRunner } from "./runner";
import { actOnEvalRun, getEvalRun } from "./runs";
import { migratePlaygroundBatches } from "./migrate-batches";

const { db } = useTestDb();
useSimulator({ db, behavior: { latencyMs: 0, ttftMs: 0, tokensPerSecond: 0 } });

async function saveBatch(name: string, answered: number[], status: string, vote?: number) {
  const columns = [{ target: { type: "model", name: "sim-8b-base" }, params: { max_tokens: 32 } }, { target: { type: "model", name: "sim-8b-support-ft" }, params: { max_tokens: 32 } }];
  const prompts = [0, 1, 2].map((i) => ({ prompt: `Question ${i} about {{topic}}`, variables: { topic: `topic-${i}` } }));
  const batch = await db.playgroundBatch.create({ data: { name, status, columnsJson: JSON.stringify(columns), promptsJson: JSON.stringify(prompts), systemPrompt: "Be brief.", concurrency: 2, total: 3, done: answered.length } });
  for (const i of answered) {
    await db.playgroundRun.create({
      data: {
        messagesJson: JSON.stringify([{ role: "user", content: prompts[i].prompt }]),
        batchId: batch.id,
        promptIndex: i,
        voteColumn: i === 0 ? (vote ?? null) : null,
        results: { create: [0, 1].map((column) => ({ column, targetType: "model", targetName: columns[column].target.name, output: `answer ${i}/${column}`, latencyMs: 100 + column, costUsd: 0.001 })) },
      },
    });
  }
  return batch.id;
}

describe("playground batches → eval runs", () => {
  it("turns each batch into a dataset and an eval run with its answers and votes, once", async () => {
    await saveBatch("Support prompts", [0, 1, 2], "done", 1);
    await saveBatch("Half done", [0], "paused");
    expect(await migratePlaygroundBatches(db)).toBe(2);
    expect(await db.playgroundBatch.count()).toBe(0);
    expect(await migratePlaygroundBatches(db)).toBe(0);

    const runs = await db.evalRun.findMany({ orderBy: { createdAt: "asc" } });
    const done = await getEvalRun(db, runs[0].id);
    expect(done).toMatchObject({ name: "Support prompts", status: "done", progress: { total: 6, done: 6 }, targets: [{ name: "sim-8b-base" }, { name: "sim-8b-support-ft" }] });
    expect(done.cases[0]).toMatchObject({ prompt: "Question 0 about {{topic}}", vote: 1, answers: [{ output: "answer 0/0" }, { output: "answer 0/1" }] });
    expect(done.report[1].vsBaselineVotes).toMatchObject({ wins: 1, decisions: 1 });
    const dataset = await db.datasetVersion.findFirstOrThrow({ where: { id: runs[0].datasetVersionId } });
    expect(JSON.parse(dataset.casesJson)[1]).toMatchObject({ messages: [{ role: "system", content: "Be brief." }, { role: "user" }], variables: { topic: "topic-1" } });

    // An unfinished batch is a paused run: resuming it answers only the prompts that had no answer.
    const half = await getEvalRun(db, runs[1].id);
    expect(half).toMatchObject({ status: "paused", progress: { done: 2, total: 6 } });
    const runner = createEvalRunner(db);
    await actOnEvalRun(db, runner, half.id, { action: "resume" });
    await runner.settled(half.id);
    const resumed = await getEvalRun(db, half.id);
    expect(resumed).toMatchObject({ status: "done", progress: { done: 6 } });
    expect(resumed.cases[0].answers[0]?.output).toBe("answer 0/0");
    await runner.stop();
  });
});
