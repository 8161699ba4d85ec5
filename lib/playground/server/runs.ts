import "server-only";
import type { PlaygroundResult, PlaygroundRun, JudgeVerdict, Prisma } from "@/lib/generated/prisma/client";
import { lineageIndex } from "@/lib/models/lineage";
import { buildMetrics } from "@/lib/playground/metrics";
import { ColumnParamsSchema, TurnSchema, type RunCreateParsed, type RunListQuery, type Target } from "@/lib/playground/schema";
import type { ColumnStatus, Paged, PublicResult, PublicRun, PublicVerdict, RoutingTraceView, RunSummaryRow, TargetCatalog, TargetOption } from "@/lib/playground/types";
import { ApiError, fieldError, notFound } from "@/lib/server/api-error";
import { containsText, type Db } from "@/lib/server/db";
import { prepareRun } from "./prepared";

// Saved playground runs: create, read, list, vote. The one place rows become what the API returns.
// Not marked "server-only": scripts/bench-playground.ts drives it from plain Node.

export const STOPPED = "stopped";

type RunRow = PlaygroundRun & { results: PlaygroundResult[]; verdicts: JudgeVerdict[] };

function safeJson<T>(text: string | null, fallback: T): T {
  if (!text) return fallback;
  try {
    return JSON.parse(text) as T;
  } catch {
    return fallback;
  }
}

export function statusOf(row: Pick<PlaygroundResult, "errorKind" | "latencyMs">): ColumnStatus {
  if (row.errorKind === STOPPED) return "stopped";
  if (row.errorKind) return "error";
  return row.latencyMs === null ? "pending" : "done";
}

export function toPublicResult(row: PlaygroundResult): PublicResult {
  const status = statusOf(row);
  const params = ColumnParamsSchema.safeParse(safeJson(row.paramsJson, {}));
  return {
    column: row.column,
    target: { type: row.targetType === "group" ? "group" : "model", name: row.targetName },
    params: params.success ? params.data : {},
    output: row.output,
    status,
    error: status === "error" ? { kind: row.errorKind!, message: row.errorMessage ?? "", hint: safeJson<{ hint?: string }>(row.traceJson, {}).hint ?? null } : null,
    metrics: buildMetrics({ ttftMs: row.ttftMs, latencyMs: row.latencyMs, tokensIn: row.tokensIn, tokensOut: row.tokensOut, costUsd: row.costUsd }),
    servedBy: row.servedBy,
    trace: row.targetType === "group" ? safeJson<RoutingTraceView | null>(row.traceJson, null) : null,
  };
}

function toPublicVerdict(v: JudgeVerdict): PublicVerdict {
  return { id: v.id, judgeModel: v.judgeModel, rubric: v.rubric, columnA: v.columnA, columnB: v.columnB, winner: v.winner, reason: v.reason, createdAt: v.createdAt.toISOString() };
}

export function toPublicRun(row: RunRow): PublicRun {
  const messages = TurnSchema.array().safeParse(safeJson(row.messagesJson, []));
  return {
    id: row.id,
    title: row.title,
    systemPrompt: row.systemPrompt,
    messages: messages.success ? messages.data : [],
    variables: safeJson<Record<string, string>>(row.variablesJson, {}),
    voteColumn: row.voteColumn,
    batchId: row.batchId,
    promptIndex: row.promptIndex,
    version: row.version,
    createdAt: row.createdAt.toISOString(),
    results: [...row.results].sort((a, b) => a.column - b.column).map(toPublicResult),
    verdicts: [...row.verdicts].sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime()).map(toPublicVerdict),
  };
}

const withChildren = { results: true, verdicts: true } satisfies Prisma.PlaygroundRunInclude;

/** Every column must name an existing model, or a group when the router is available. */
export async function checkTargets(db: Db, targets: Target[], field = "columns"): Promise<void> {
  const models = targets.filter((t) => t.type === "model").map((t) => t.name);
  const groups = targets.filter((t) => t.type === "group").map((t) => t.name);
  const [foundModels, foundGroups] = await Promise.all([
    models.length ? db.model.findMany({ where: { name: { in: models } }, select: { name: true } }) : [],
    groups.length ? db.routingGroup.findMany({ where: { name: { in: groups } }, select: { name: true } }) : [],
  ]);
  const known = new Set([...foundModels.map((m) => `model:${m.name}`), ...foundGroups.map((g) => `group:${g.name}`)]);
  for (const [i, t] of targets.entries()) {
    if (!known.has(`${t.type}:${t.name}`)) throw fieldError(`${field}.${i}.target`, `No ${t.type} named "${t.name}".`);
  }
}

export async function createRun(db: Db, input: RunCreateParsed, batch?: { batchId: string; promptIndex: number }): Promise<PublicRun> {
  if (!batch) await checkTargets(db, input.columns.map((c) => c.target));
  const row = await db.playgroundRun.create({
    data: {
      title: input.title || null,
      systemPrompt: input.systemPrompt,
      messagesJson: JSON.stringify(input.messages),
      variablesJson: JSON.stringify(input.variables),
      batchId: batch?.batchId,
      promptIndex: batch?.promptIndex,
      results: {
        create: input.columns.map((c, column) => ({
          column,
          targetType: c.target.type,
          targetName: c.target.name,
          paramsJson: JSON.stringify(c.params),
        })),
      },
    },
    include: withChildren,
  });
  const run = toPublicRun(row);
  if (!batch) await prepareRun(db, run);
  return run;
}

export async function getRun(db: Db, id: string): Promise<PublicRun> {
  const row = await db.playgroundRun.findUnique({ where: { id }, include: withChildren });
  if (!row) throw notFound("Run");
  return toPublicRun(row);
}

/** A run with only the one column's result: the lean read on the streaming hot path. */
export async function getRunColumn(db: Db, id: string, column: number): Promise<PublicRun> {
  const row = await db.playgroundRun.findUnique({ where: { id }, include: { results: { where: { column } } } });
  if (!row) throw notFound("Run");
  return toPublicRun({ ...row, verdicts: [] });
}

export async function listRuns(db: Db, q: RunListQuery): Promise<Paged<RunSummaryRow>> {
  const where: Prisma.PlaygroundRunWhereInput = { batchId: null };
  if (q.q) {
    const text = containsText(db, q.q);
    where.OR = [{ title: text }, { messagesJson: text }, { results: { some: { targetName: text } } }];
  }
  const [total, rows] = await Promise.all([
    db.playgroundRun.count({ where }),
    db.playgroundRun.findMany({
      where,
      orderBy: { createdAt: "desc" },
      skip: (q.page - 1) * q.pageSize,
      take: q.pageSize,
      include: { results: { select: { column: true, targetName: true, errorKind: true } } },
    }),
  ]);
  const items = rows.map((r): RunSummaryRow => {
    const messages = safeJson<Array<{ role: string; content: string }>>(r.messagesJson, []);
    const last = [...messages].reverse().find((m) => m.role === "user")?.content ?? "";
    return {
      id: r.id,
      title: r.title,
      preview: last.slice(0, 160),
      targets: [...r.results].sort((a, b) => a.column - b.column).map((x) => x.targetName),
      voteColumn: r.voteColumn,
      errors: r.results.filter((x) => x.errorKind && x.errorKind !== STOPPED).length,
      createdAt: r.createdAt.toISOString(),
    };
  });
  return { items, total, page: q.page, pageSize: q.pageSize };
}

export async function setVote(db: Db, id: string, voteColumn: number | null): Promise<PublicRun> {
  const run = await db.playgroundRun.findUnique({ where: { id }, select: { _count: { select: { results: true } } } });
  if (!run) throw notFound("Run");
  if (voteColumn !== null && voteColumn >= run._count.results) throw fieldError("voteColumn", `This run has ${run._count.results} columns.`);
  await db.playgroundRun.update({ where: { id }, data: { voteColumn, version: { increment: 1 } } });
  return getRun(db, id);
}

export async function deleteRun(db: Db, id: string): Promise<void> {
  const { count } = await db.playgroundRun.deleteMany({ where: { id } });
  if (!count) throw notFound("Run");
}

export async function targetCatalog(db: Db): Promise<TargetCatalog> {
  const [models, groups] = await Promise.all([
    db.model.findMany({
      orderBy: [{ kind: "asc" }, { name: "asc" }],
      select: { id: true, name: true, provider: true, kind: true, modelId: true, baseModel: true, parentId: true, description: true },
    }),
    db.routingGroup.findMany({ orderBy: { name: "asc" }, select: { name: true, description: true } }),
  ]);
  // Families follow the model page's Lineage: a model sits under the model it derives from, a model that
  // derives from nothing registered heads its own family (or, for a fine-tune, one named after its base id).
  const lineage = lineageIndex(models);
  const families = new Map<string, { base: string; head?: string; models: TargetOption[] }>();
  for (const m of models) {
    const root = lineage.rootOf(m) ?? m;
    const [key, label, head] =
      root.kind === "fine_tuned" && root.baseModel ? [`base:${root.baseModel}`, root.baseModel, undefined] : [`model:${root.id}`, root.name, root.name];
    const option: TargetOption = { type: "model", name: m.name, provider: m.provider, kind: m.kind === "fine_tuned" ? "fine_tuned" : "base", baseModel: m.baseModel, description: m.description };
    const family = families.get(key) ?? { base: label, head, models: [] };
    family.models.push(option);
    families.set(key, family);
  }
  return {
    families: [...families.values()]
      .map(({ base, head, models: list }) => {
        const rank = (o: TargetOption) => (o.name === head ? 0 : o.kind === "base" ? 1 : 2);
        return { base, models: list.sort((a, b) => rank(a) - rank(b) || a.name.localeCompare(b.name)) };
      })
      .sort((a, b) => a.base.localeCompare(b.base)),
    groups: groups.map((g) => ({ type: "group", name: g.name, description: g.description })),
  };
}

export function assertColumn(run: PublicRun, n: number): PublicResult {
  const result = run.results.find((r) => r.column === n);
  if (!result) throw new ApiError("not_found", `This run has no column ${n + 1}.`);
  return result;
}
