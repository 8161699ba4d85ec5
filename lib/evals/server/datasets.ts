import "server-only";
import type { z } from "zod";
import { formatIssues, parseDataset } from "@/lib/evals/dataset-format";
import { EvalCaseSchema, type DatasetImportSchema, type DatasetVersionCreateSchema, type EvalCase } from "@/lib/evals/schema";
import type { DatasetDetail, DatasetSummary } from "@/lib/evals/types";
import { ApiError, notFound } from "@/lib/server/api-error";
import type { Db } from "@/lib/server/db";

// Datasets: a name over immutable versions. Import writes version 1; each edit writes the next version, and the
// runs that used an older one keep pointing at it.

function parseOrThrow(format: "jsonl" | "csv", content: string, holdoutPercent = 100): EvalCase[] {
  const outcome = parseDataset(format, content, holdoutPercent);
  if (outcome.ok) return outcome.cases;
  const fields: Record<string, string[]> = {};
  for (const i of outcome.issues) (fields[`line ${i.line}: ${i.field}`] ??= []).push(i.message);
  throw new ApiError("validation_failed", `The ${format.toUpperCase()} has bad rows, so nothing was imported — ${formatIssues(outcome.issues)}`, fields, { issues: outcome.issues });
}

export function casesOf(row: { casesJson: string }): EvalCase[] {
  const parsed = EvalCaseSchema.array().safeParse(JSON.parse(row.casesJson));
  return parsed.success ? parsed.data : [];
}

export async function importDataset(db: Db, input: z.output<typeof DatasetImportSchema>): Promise<DatasetDetail> {
  const cases = parseOrThrow(input.format, input.content, input.holdoutPercent);
  const row = await db.dataset.create({
    data: {
      name: input.name,
      description: input.description || null,
      versions: { create: { number: 1, caseCount: cases.length, casesJson: JSON.stringify(cases) } },
    },
  });
  return getDataset(db, row.id);
}

export async function addDatasetVersion(db: Db, id: string, input: z.output<typeof DatasetVersionCreateSchema>): Promise<DatasetDetail> {
  const cases = "cases" in input ? input.cases : parseOrThrow(input.format, input.content);
  await db.$transaction(async (tx) => {
    const latest = await tx.datasetVersion.findFirst({ where: { datasetId: id }, orderBy: { number: "desc" }, select: { number: true } });
    if (!latest) throw notFound("Dataset");
    await tx.datasetVersion.create({ data: { datasetId: id, number: latest.number + 1, caseCount: cases.length, casesJson: JSON.stringify(cases) } });
    await tx.dataset.update({ where: { id }, data: { version: { increment: 1 } } });
  });
  return getDataset(db, id);
}

export async function listDatasets(db: Db): Promise<DatasetSummary[]> {
  const rows = await db.dataset.findMany({
    orderBy: { createdAt: "desc" },
    take: 200,
    include: { versions: { orderBy: { number: "desc" }, take: 1, select: { number: true, caseCount: true } } },
  });
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    description: r.description,
    latestVersion: r.versions[0]?.number ?? 0,
    caseCount: r.versions[0]?.caseCount ?? 0,
    createdAt: r.createdAt.toISOString(),
  }));
}

export async function getDataset(db: Db, id: string, versionNumber?: number): Promise<DatasetDetail> {
  const row = await db.dataset.findUnique({ where: { id }, include: { versions: { orderBy: { number: "desc" }, select: { id: true, number: true, caseCount: true, createdAt: true } } } });
  if (!row) throw notFound("Dataset");
  const wanted = versionNumber ?? row.versions[0]?.number;
  const version = await db.datasetVersion.findUnique({ where: { datasetId_number: { datasetId: id, number: wanted ?? 0 } } });
  if (!version) throw notFound(`Version ${wanted} of this dataset`);
  return {
    id: row.id,
    name: row.name,
    description: row.description,
    latestVersion: row.versions[0]?.number ?? 0,
    caseCount: version.caseCount,
    createdAt: row.createdAt.toISOString(),
    versions: row.versions.map((v) => ({ number: v.number, caseCount: v.caseCount, createdAt: v.createdAt.toISOString() })),
    version: version.number,
    cases: casesOf(version),
  };
}

export async function deleteDataset(db: Db, id: string): Promise<void> {
  const runs = await db.evalRun.count({ where: { datasetVersion: { datasetId: id } } });
  if (runs) throw new ApiError("conflict", `${runs} eval run(s) used this dataset; delete them first.`);
  await db.dataset.delete({ where: { id } });
}
