import "server-only";
import { compareRuns, type RunComparison, type RunSide } from "@/lib/evals/compare";
import { scorerLabel } from "@/lib/evals/scorers";
import { ApiError, fieldError, notFound } from "@/lib/server/api-error";
import type { Db } from "@/lib/server/db";
import { parseRunConfig, toResultLike } from "./run-config";

// Compare one target of an eval run (A, the old one) with one target of another (B, the new one).

export interface CompareQuery {
  a: string;
  aTarget: number;
  b: string;
  bTarget: number;
}

async function side(db: Db, runId: string, target: number, field: "a" | "b"): Promise<RunSide & { datasetVersionId: string; caseCount: number }> {
  const row = await db.evalRun.findUnique({ where: { id: runId }, include: { datasetVersion: { select: { caseCount: true } } } });
  if (!row) throw notFound(`Eval run ${field.toUpperCase()}`);
  const config = parseRunConfig(row);
  if (target >= config.targets.length) throw fieldError(`${field}Target`, `Run ${field.toUpperCase()} has ${config.targets.length} targets.`);
  const rows = await db.evalResult.findMany({ where: { runId, target } });
  const results = rows.map(toResultLike);
  return { runId, runName: row.name, target: config.targets[target].name, scorers: config.scorers, results, datasetVersionId: row.datasetVersionId, caseCount: row.datasetVersion.caseCount };
}

export async function compareEvalRuns(db: Db, q: CompareQuery): Promise<RunComparison> {
  const [a, b] = await Promise.all([side(db, q.a, q.aTarget, "a"), side(db, q.b, q.bTarget, "b")]);
  if (a.datasetVersionId !== b.datasetVersionId) {
    throw new ApiError("unprocessable", "The two runs used different datasets (or dataset versions), so their cases cannot be paired.", { b: ["Pick a run on the same dataset version"] });
  }
  const result = compareRuns(a, b, a.caseCount, scorerLabel);
  if (!result.scorers.length) throw new ApiError("unprocessable", "The two runs share no scorer with the same settings, so there is nothing to compare case by case.", { b: ["Pick a run with a scorer in common"] });
  return result;
}
