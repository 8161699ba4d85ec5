import "server-only";
import type { z } from "zod";
import { scorerId, scorerLabel } from "@/lib/evals/scorers";
import type { EvalRunActionSchema, EvalRunCreateSchema, EvalStatus, EvalVoteSchema } from "@/lib/evals/schema";
import { EVAL_STATUSES } from "@/lib/evals/schema";
import { buildReport, caseOutcomes, type ResultLike } from "@/lib/evals/stats";
import type { EvalCaseRow, EvalRunDetail, EvalRunSummary } from "@/lib/evals/types";
import type { EvalRun } from "@/lib/generated/prisma/client";
import { ApiError, fieldError, notFound } from "@/lib/server/api-error";
import type { Db } from "@/lib/server/db";
import { checkTargets } from "@/lib/playground/server/runs";
import { casesOf } from "./datasets";
import { parseRunConfig, toResultLike } from "./run-config";
import type { EvalRunner } from "./runner";

// Eval runs: create (queued for the runner), read with the report, pause/resume/cancel, export.

const statusOf = (s: string): EvalStatus => ((EVAL_STATUSES as readonly string[]).includes(s) ? (s as EvalStatus) : "failed");

type RunRow = EvalRun & { datasetVersion: { number: number; dataset: { id: string; name: string } } };
const withDataset = { datasetVersion: { select: { number: true, dataset: { select: { id: true, name: true } } } } } as const;

function toSummary(row: RunRow): EvalRunSummary {
  const config = parseRunConfig(row);
  const elapsed = row.startedAt ? (Date.now() - row.startedAt.getTime()) / 1000 : 0;
  const work = row.total + row.judgeTotal;
  const finished = row.done + row.judgeDone;
  const status = statusOf(row.status);
  return {
    id: row.id,
    name: row.name,
    status,
    dataset: { id: row.datasetVersion.dataset.id, name: row.datasetVersion.dataset.name, version: row.datasetVersion.number },
    targets: config.targets,
    baseline: row.baseline,
    progress: {
      total: row.total,
      done: row.done,
      errors: row.errors,
      judgeTotal: row.judgeTotal,
      judgeDone: row.judgeDone,
      costUsd: row.costUsd,
      etaSeconds: status === "running" && finished > 0 && elapsed > 0 ? Math.round(((work - finished) * elapsed) / finished) : null,
    },
    failure: row.failure,
    createdAt: row.createdAt.toISOString(),
    startedAt: row.startedAt?.toISOString() ?? null,
    finishedAt: row.finishedAt?.toISOString() ?? null,
  };
}

export async function createEvalRun(db: Db, runner: EvalRunner, input: z.output<typeof EvalRunCreateSchema>): Promise<EvalRunDetail> {
  const version = input.datasetVersion
    ? await db.datasetVersion.findUnique({ where: { datasetId_number: { datasetId: input.datasetId, number: input.datasetVersion } } })
    : await db.datasetVersion.findFirst({ where: { datasetId: input.datasetId }, orderBy: { number: "desc" } });
  if (!version) throw fieldError(input.datasetVersion ? "datasetVersion" : "datasetId", "No such dataset (or version).");
  await checkTargets(db, input.targets, "targets");
  if (input.judge && !(await db.model.findUnique({ where: { name: input.judge.model }, select: { id: true } }))) {
    throw fieldError("judge.model", `No model named "${input.judge.model}".`);
  }
  const row = await db.evalRun.create({
    data: {
      name: input.name,
      datasetVersionId: version.id,
      status: "queued",
      targetsJson: JSON.stringify(input.targets),
      baseline: input.baseline,
      scorersJson: JSON.stringify(input.scorers),
      judgeJson: input.judge ? JSON.stringify(input.judge) : null,
      paramsJson: JSON.stringify(input.params),
      concurrency: input.concurrency,
      total: version.caseCount * input.targets.length,
      judgeTotal: input.judge ? version.caseCount * (input.targets.length - 1) * 2 : 0,
    },
  });
  runner.kick(row.id);
  return getEvalRun(db, row.id);
}

export async function listEvalRuns(db: Db): Promise<EvalRunSummary[]> {
  const rows = await db.evalRun.findMany({ orderBy: { createdAt: "desc" }, take: 200, include: withDataset });
  return rows.map(toSummary);
}

export async function getEvalRun(db: Db, id: string): Promise<EvalRunDetail> {
  const row = await db.evalRun.findUnique({ where: { id }, include: { ...withDataset, datasetVersion: { select: { ...withDataset.datasetVersion.select, casesJson: true } } } });
  if (!row) throw notFound("Eval run");
  const config = parseRunConfig(row);
  const cases = casesOf(row.datasetVersion);
  const [resultRows, judgementRows, votes] = await Promise.all([
    db.evalResult.findMany({ where: { runId: id }, orderBy: [{ caseIndex: "asc" }, { target: "asc" }] }),
    config.judge ? db.evalJudgement.findMany({ where: { runId: id }, select: { caseIndex: true, target: true, ordering: true, winner: true } }) : Promise.resolve(null),
    db.evalVote.findMany({ where: { runId: id }, select: { caseIndex: true, winner: true } }),
  ]);
  const voteOf = new Map(votes.map((v) => [v.caseIndex, v.winner]));
  const results: (ResultLike & { output: string; errorMessage: string | null })[] = resultRows.map((r) => ({ ...toResultLike(r), output: r.output, errorMessage: r.errorMessage }));
  const labels = config.targets.map((t) => t.name);
  const scorerIds = config.scorers.map(scorerId);
  const report = buildReport({ labels, baseline: config.baseline, scorerIds, caseCount: cases.length, results, judgements: judgementRows, votes });
  const byKey = new Map(results.map((r) => [`${r.caseIndex}:${r.target}`, r]));
  const outcomes = labels.map((_, t) => (t === config.baseline ? null : caseOutcomes(t, config.baseline, cases.length, byKey, judgementRows)));
  const caseRows: EvalCaseRow[] = cases.map((c, i) => {
    const answers = labels.map((_, t) => {
      const r = byKey.get(`${i}:${t}`);
      if (!r) return null;
      const scores = Object.values(r.scores);
      return { output: r.output, error: r.errorMessage, latencyMs: r.latencyMs, passed: scores.filter((s) => s.pass).length, scored: scores.length };
    });
    const passes = answers.filter((a) => a && !a.error).map((a) => a!.passed);
    const judged = judgementRows?.filter((j) => j.caseIndex === i && j.winner !== "error") ?? [];
    const splitJudge = [...new Set(judged.map((j) => j.target))].some((t) => new Set(judged.filter((j) => j.target === t).map((j) => j.winner)).size > 1);
    return {
      caseIndex: i,
      prompt: [...c.messages].reverse().find((m) => m.role === "user")?.content ?? "",
      reference: c.reference,
      tags: c.tags,
      answers,
      outcomes: outcomes.map((o) => (o ? o[i] : null)),
      disagreement: new Set(passes).size > 1 || splitJudge,
      vote: voteOf.get(i) ?? null,
    };
  });
  return {
    ...toSummary(row),
    scorers: config.scorers.map((s, i) => ({ ...s, id: scorerId(s, i), label: scorerLabel(s) })),
    judge: config.judge,
    concurrency: row.concurrency,
    report,
    cases: caseRows,
  };
}

/** pause: running/queued → paused; resume: paused/cancelled/failed → queued; cancel: anything unfinished → cancelled. */
export async function actOnEvalRun(db: Db, runner: EvalRunner, id: string, input: z.output<typeof EvalRunActionSchema>): Promise<EvalRunDetail> {
  const row = await db.evalRun.findUnique({ where: { id }, select: { status: true } });
  if (!row) throw notFound("Eval run");
  const from = statusOf(row.status);
  if (from === "done") throw new ApiError("conflict", "This run has finished.");
  const next: Record<typeof input.action, { allowed: EvalStatus[]; to: EvalStatus }> = {
    pause: { allowed: ["queued", "running"], to: "paused" },
    resume: { allowed: ["paused", "cancelled", "failed"], to: "queued" },
    cancel: { allowed: ["queued", "running", "paused"], to: "cancelled" },
  };
  const rule = next[input.action];
  if (!rule.allowed.includes(from)) throw new ApiError("conflict", `A ${from} run cannot ${input.action}.`);
  await db.evalRun.update({ where: { id }, data: { status: rule.to, failure: null, finishedAt: rule.to === "cancelled" ? new Date() : null, version: { increment: 1 } } });
  if (rule.to === "queued") runner.kick(id);
  else await runner.interrupt(id);
  return getEvalRun(db, id);
}

/** A person's pick for one case (or null to clear it). */
export async function voteOnEvalRun(db: Db, id: string, input: z.output<typeof EvalVoteSchema>): Promise<EvalRunDetail> {
  const row = await db.evalRun.findUnique({ where: { id }, select: { targetsJson: true, datasetVersion: { select: { caseCount: true } } } });
  if (!row) throw notFound("Eval run");
  if (input.caseIndex >= row.datasetVersion.caseCount) throw fieldError("caseIndex", `This run has ${row.datasetVersion.caseCount} cases.`);
  const targets = (JSON.parse(row.targetsJson) as unknown[]).length;
  if (input.winner !== null && input.winner >= targets) throw fieldError("winner", `This run has ${targets} targets.`);
  const key = { runId_caseIndex: { runId: id, caseIndex: input.caseIndex } };
  if (input.winner === null) await db.evalVote.deleteMany({ where: { runId: id, caseIndex: input.caseIndex } });
  else await db.evalVote.upsert({ where: key, create: { runId: id, caseIndex: input.caseIndex, winner: input.winner }, update: { winner: input.winner } });
  return getEvalRun(db, id);
}

export async function deleteEvalRun(db: Db, runner: EvalRunner, id: string): Promise<void> {
  await runner.interrupt(id);
  await db.evalRun.delete({ where: { id } });
}

function csvCell(v: unknown): string {
  const s = v === null || v === undefined ? "" : String(v);
  return /[",\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}

/** One row per case × target: what a spreadsheet user filters. */
export function evalRunCsv(run: EvalRunDetail): string {
  const head = ["case", "prompt", "reference", "target", "output", "error", "latency_ms", "passed", "scored", "vs_baseline"];
  const lines = [head.join(",")];
  for (const c of run.cases) {
    run.targets.forEach((t, i) => {
      const a = c.answers[i];
      lines.push([c.caseIndex + 1, c.prompt, c.reference, t.name, a?.output, a?.error, a?.latencyMs, a?.passed, a?.scored, c.outcomes[i]].map(csvCell).join(","));
    });
  }
  return lines.join("\n") + "\n";
}
