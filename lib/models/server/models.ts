import { changesRegistry } from "@/lib/server/registry-generation";
import { containsText, type Db } from "@/lib/server/db";
import type { Model, Prisma } from "@/lib/generated/prisma/client";
import { unreadableSecretOf, type SealedModelColumns } from "./deployments";
import { isProviderId } from "@/lib/completion";
import { getContextWindow, lookupModel } from "@/lib/completion/pricing";
import { ApiError, notFound, versionConflict } from "@/lib/server/api-error";
import { decryptSecret } from "@/lib/server/crypto";
import { decodeTags } from "./tags";
import {
  headerColumns,
  modelColumns,
  resolveCreate,
  resolveOrThrow,
  ruleErrors,
  secretColumns,
  throwIfErrors,
  type ResolvedInput,
} from "./input";
import { childCandidatesWhere, lineageIndex, parentCandidatesWhere } from "@/lib/models/lineage";
import type { ModelCreateParsed, ModelDetail, ModelListQuery, ModelPatchParsed, ModelSettings, Page, PublicModel } from "@/lib/models/schema";
import { SimulatorBehaviorSchema } from "@/lib/models/schema";

// The model registry: the only place that turns rows into what the API may show.

export { encodeTags, decodeTags } from "./tags";

function parseSimulator(json: string | null): PublicModel["simulator"] {
  if (!json) return null;
  const parsed = SimulatorBehaviorSchema.safeParse(JSON.parse(json));
  return parsed.success ? parsed.data : null;
}

function headerNamesOf(row: Model): string[] {
  if (!row.headersEnc) return [];
  try {
    return Object.keys(JSON.parse(decryptSecret(row.headersEnc)) as Record<string, string>);
  } catch {
    return [];
  }
}

/** The stored row's settings: the one mapping from a row, for the API's view and for an edit's starting point. */
function settingsOf(row: Model): ModelSettings<Date> {
  return {
    name: row.name,
    description: row.description,
    modelId: row.modelId,
    kind: row.kind === "fine_tuned" ? "fine_tuned" : "base",
    baseModel: row.baseModel,
    parentId: row.parentId,
    tags: decodeTags(row.tags),
    apiBase: row.apiBase,
    apiVersion: row.apiVersion,
    azureDeployment: row.azureDeployment,
    project: row.project,
    location: row.location,
    credentialId: row.credentialId,
    inputPricePerMTok: row.inputPricePerMTok,
    outputPricePerMTok: row.outputPricePerMTok,
    contextWindow: row.contextWindow,
    ftJobId: row.ftJobId,
    ftTrainingFile: row.ftTrainingFile,
    ftEpochs: row.ftEpochs,
    ftTrainedTokens: row.ftTrainedTokens,
    ftCreatedAt: row.ftCreatedAt,
    simulator: parseSimulator(row.simulatorJson),
  };
}

/** Loaded with a model so its view can tell when the credential's secret is unreadable here. */
const withCredentialSecret = { credential: { select: { name: true, secretEnc: true } } } as const;

export function toPublicModel(row: Model & Pick<SealedModelColumns, "credential">): PublicModel {
  const secret: PublicModel["secret"] = row.credentialId
    ? { source: "credential", last4: null, envRef: null }
    : row.inlineSecretEnc
      ? { source: "inline", last4: row.inlineSecretLast4, envRef: null }
      : row.secretEnvRef
        ? { source: "env", last4: null, envRef: row.secretEnvRef }
        : { source: "none", last4: null, envRef: null };
  return {
    ...settingsOf(row),
    id: row.id,
    provider: row.provider,
    model: row.modelId,
    ftCreatedAt: row.ftCreatedAt?.toISOString() ?? null,
    secret,
    secretError: unreadableSecretOf(row)?.message ?? null,
    headerNames: headerNamesOf(row),
    lastTest:
      row.lastTestAt && row.lastTestOk !== null
        ? {
            ok: row.lastTestOk,
            at: row.lastTestAt.toISOString(),
            latencyMs: row.lastTestLatencyMs,
            message: row.lastTestMessage,
            endpoint: row.lastTestEndpoint,
          }
        : null,
    version: row.version,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

export async function listModels(db: Db, q: ModelListQuery): Promise<Page<PublicModel>> {
  const where: Prisma.ModelWhereInput = {};
  if (q.provider) where.provider = q.provider;
  if (q.kind) where.kind = q.kind;
  if (q.baseModel) where.baseModel = q.baseModel;
  if (q.tag) where.tags = containsText(db, `,${q.tag},`);
  if (q.q) {
    const text = containsText(db, q.q);
    where.OR = [{ name: text }, { modelId: text }, { description: text }];
  }
  const [total, rows] = await Promise.all([
    db.model.count({ where }),
    db.model.findMany({
      where,
      include: withCredentialSecret,
      orderBy: [{ [q.sort]: q.order }, { id: "asc" }],
      skip: (q.page - 1) * q.pageSize,
      take: q.pageSize,
    }),
  ]);
  return { items: rows.map(toPublicModel), total, page: q.page, pageSize: q.pageSize };
}

export async function getModel(db: Db, id: string): Promise<PublicModel> {
  const row = await db.model.findUnique({ where: { id }, include: withCredentialSecret });
  if (!row) throw notFound("Model");
  return toPublicModel(row);
}

function effectivePricing(row: Model): ModelDetail["pricing"] {
  if (row.inputPricePerMTok !== null && row.outputPricePerMTok !== null) {
    return { inputPerMTok: row.inputPricePerMTok, outputPerMTok: row.outputPricePerMTok, source: "custom" };
  }
  const entry = lookupModel(row.baseModel ?? row.modelId);
  const price = row.kind === "fine_tuned" && entry?.fineTuned && entry.fineTuned !== "base" ? entry.fineTuned : entry?.price;
  if (!price || (row.kind === "fine_tuned" && !entry?.fineTuned)) return { inputPerMTok: null, outputPerMTok: null, source: "unknown" };
  return { inputPerMTok: price.input, outputPerMTok: price.output, source: "price table" };
}

export async function getModelDetail(db: Db, id: string): Promise<ModelDetail> {
  const row = await db.model.findUnique({
    where: { id },
    include: {
      ...withCredentialSecret,
      memberships: { select: { group: { select: { id: true, name: true } } } },
    },
  });
  if (!row) throw notFound("Model");
  // Lineage: the same relation as the playground's families (lib/models/lineage.ts).
  const lineageSelect = { id: true, name: true, modelId: true, kind: true, baseModel: true, parentId: true, provider: true } as const;
  const parentWhere = parentCandidatesWhere(row);
  const [candidates, sameId, parents, recent] = await Promise.all([
    db.model.findMany({ where: childCandidatesWhere(row), select: lineageSelect, orderBy: { name: "asc" }, take: 200 }),
    db.model.findMany({ where: { modelId: row.modelId, id: { not: id } }, select: lineageSelect }),
    parentWhere ? db.model.findMany({ where: parentWhere, select: lineageSelect }) : Promise.resolve([]),
    db.requestLog.findMany({ where: { modelId: id }, orderBy: { createdAt: "desc" }, take: 20 }),
  ]);
  const self = { id: row.id, name: row.name, modelId: row.modelId, kind: row.kind, baseModel: row.baseModel, parentId: row.parentId, provider: row.provider };
  const asParent = lineageIndex([self, ...sameId]);
  const children = candidates.filter((c) => asParent.parentOf(c)?.id === id).slice(0, 50);
  const parent = lineageIndex([self, ...parents]).parentOf(self);
  return {
    ...toPublicModel(row),
    parent: parent ? { id: parent.id, name: parent.name } : null,
    children: children.map((c) => ({ id: c.id, name: c.name, model: c.modelId, provider: c.provider })),
    groups: row.memberships.map((m) => m.group),
    pricing: effectivePricing(row),
    effectiveContextWindow: row.contextWindow ?? getContextWindow(row.baseModel ?? row.modelId) ?? null,
    recentRequests: recent.map((r) => ({
      id: r.id,
      createdAt: r.createdAt.toISOString(),
      source: r.source,
      status: r.status,
      ok: r.ok,
      latencyMs: r.latencyMs,
      tokensIn: r.tokensIn,
      tokensOut: r.tokensOut,
      costUsd: r.costUsd,
      errorKind: r.errorKind,
    })),
  };
}

export async function assertReferencesExist(db: Db, m: Pick<ResolvedInput, "parentId" | "credentialId">, prefix = ""): Promise<void> {
  if (m.parentId && !(await db.model.findUnique({ where: { id: m.parentId }, select: { id: true } }))) {
    throw new ApiError("validation_failed", "The base model this derives from is not registered", {
      [prefix + "parentId"]: ["The base model this derives from is not registered"],
    });
  }
  if (m.credentialId && !(await db.credential.findUnique({ where: { id: m.credentialId }, select: { id: true } }))) {
    throw new ApiError("validation_failed", "That credential does not exist", { [prefix + "credentialId"]: ["That credential does not exist"] });
  }
}

const nameTaken = (name: string) =>
  new ApiError("conflict", `A model named "${name}" is already registered`, { name: ["This name is already taken"] });

/** Resolve, check and build the row for a new model; nothing is written. */
export async function prepareCreate(db: Db, input: ModelCreateParsed, prefix = "") {
  const m = resolveCreate(input, prefix);
  throwIfErrors(ruleErrors(m, { apiKey: input.apiKey }), prefix);
  await assertReferencesExist(db, m, prefix);
  return {
    resolved: m,
    data: { ...modelColumns(m), ...secretColumns(input.apiKey ?? null), ...headerColumns(input.headers ?? null) },
  };
}

async function createModelUnsignalled(db: Db, input: ModelCreateParsed): Promise<PublicModel> {
  const { data } = await prepareCreate(db, input);
  if (await db.model.findUnique({ where: { name: data.name }, select: { id: true } })) throw nameTaken(data.name);
  return toPublicModel(await db.model.create({ data, include: withCredentialSecret }));
}

function rowToResolved(row: Model): ResolvedInput {
  return { ...settingsOf(row), provider: isProviderId(row.provider) ? row.provider : "openai" };
}

/** Plain fields a PATCH sets as given: absent keeps, null (or "") clears. */
const PLAIN_FIELDS = [
  "name",
  "description",
  "baseModel",
  "parentId",
  "apiBase",
  "apiVersion",
  "azureDeployment",
  "project",
  "location",
  "inputPricePerMTok",
  "outputPricePerMTok",
  "contextWindow",
  "ftJobId",
  "ftTrainingFile",
  "ftEpochs",
  "ftTrainedTokens",
  "ftCreatedAt",
  "simulator",
] as const satisfies ReadonlyArray<keyof ResolvedInput & keyof ModelPatchParsed>;

/**
 * Edit with optimistic concurrency: the update only applies to the version the edit was based on,
 * in one statement, so a stale edit is a 409 carrying the current record, never a silent overwrite.
 */
async function updateModelUnsignalled(db: Db, id: string, patch: ModelPatchParsed): Promise<PublicModel> {
  const row = await db.model.findUnique({ where: { id } });
  if (!row) throw notFound("Model");
  if (row.version !== patch.version) throw versionConflict("Model", toPublicModel(row));
  const data = { ...(await applyPatch(db, row, patch)), version: { increment: 1 } };
  const res = await db.model.updateMany({ where: { id, version: patch.version }, data });
  if (res.count === 0) {
    const current = await db.model.findUnique({ where: { id } });
    if (!current) throw notFound("Model");
    throw versionConflict("Model", toPublicModel(current));
  }
  return getModel(db, id);
}

/**
 * The columns a PATCH writes, checked by the same rules as a create: what `updateModel` saves, and what
 * "Test connection" tries while an edit is still unsaved.
 */
export async function applyPatch(db: Db, row: Model, patch: ModelPatchParsed) {
  const id = row.id;
  const merged = rowToResolved(row);
  const target = merged as unknown as Record<string, unknown>;
  for (const key of PLAIN_FIELDS) {
    if (patch[key] !== undefined) target[key] = patch[key] ?? null;
  }
  if (patch.tags !== undefined) merged.tags = patch.tags ?? [];
  if (patch.model !== undefined || patch.provider !== undefined || patch.kind === null) {
    const provider = patch.provider === undefined ? merged.provider : (patch.provider ?? undefined);
    const r = resolveOrThrow(patch.model ?? row.modelId, { provider, apiBase: merged.apiBase ?? undefined });
    const modelChanged = r.model !== row.modelId;
    merged.provider = r.provider;
    merged.modelId = r.model;
    if (modelChanged && patch.baseModel === undefined && r.baseModel) merged.baseModel = r.baseModel;
    if ((modelChanged && patch.kind === undefined) || patch.kind === null) merged.kind = r.kind;
  }
  if (patch.kind) merged.kind = patch.kind;

  // Secrets: an inline key replaces a credential and vice versa; null clears.
  let secret: ReturnType<typeof secretColumns> | undefined;
  if (patch.credentialId !== undefined) {
    merged.credentialId = patch.credentialId;
    if (patch.credentialId) secret = secretColumns(null);
  }
  if (patch.apiKey !== undefined) {
    secret = secretColumns(patch.apiKey);
    if (patch.apiKey && patch.credentialId === undefined) merged.credentialId = null;
  }
  throwIfErrors(ruleErrors(merged, { apiKey: patch.apiKey }));
  await assertReferencesExist(db, merged);
  if (merged.parentId === id) throw new ApiError("validation_failed", "A model cannot derive from itself", { parentId: ["A model cannot derive from itself"] });
  if (merged.name !== row.name && (await db.model.findFirst({ where: { name: merged.name, id: { not: id } }, select: { id: true } }))) {
    throw nameTaken(merged.name);
  }

  return {
    ...modelColumns(merged),
    ...(secret ?? {}),
    ...(patch.headers !== undefined ? headerColumns(patch.headers) : {}),
  };
}

/** Refused while routing groups use the model, unless `cascade` also removes those memberships. */
async function deleteModelUnsignalled(db: Db, id: string, cascade: boolean): Promise<{ deleted: true; removedFromGroups: Array<{ id: string; name: string }> }> {
  const row = await db.model.findUnique({
    where: { id },
    select: { name: true, memberships: { select: { group: { select: { id: true, name: true } } } } },
  });
  if (!row) throw notFound("Model");
  const groups = row.memberships.map((m) => m.group);
  if (groups.length && !cascade) {
    throw new ApiError(
      "conflict",
      `"${row.name}" is used by ${groups.length === 1 ? "the routing group" : "the routing groups"} ${groups.map((g) => `"${g.name}"`).join(", ")}. Remove it from them first, or confirm deleting it from them too.`,
      undefined,
      { groups },
    );
  }
  await db.$transaction([db.groupMember.deleteMany({ where: { modelId: id } }), db.model.delete({ where: { id } })]);
  return { deleted: true, removedFromGroups: groups };
}

// Every registry write signals the change, so in-memory copies (the gateway's config) never serve a stale edit.
export const createModel = changesRegistry(createModelUnsignalled);
export const updateModel = changesRegistry(updateModelUnsignalled);
export const deleteModel = changesRegistry(deleteModelUnsignalled);
