import type { Db } from "./db";
import type { Model, Prisma } from "@/lib/generated/prisma/client";
import { ApiError, fieldError } from "./api-error";
import { encryptSecret, last4 } from "./crypto";
import type { ModelInputParsed, ModelListQuery, Page, PublicModel } from "@/lib/models/schema";
import { SimulatorBehaviorSchema } from "@/lib/models/schema";

// The model registry: the only place that turns rows into what the API may show.

export function encodeTags(tags: string[]): string {
  const unique = [...new Set(tags.map((t) => t.trim()).filter(Boolean))];
  return unique.length ? `,${unique.join(",")},` : "";
}

export function decodeTags(stored: string): string[] {
  return stored.split(",").filter(Boolean);
}

function parseSimulator(json: string | null): PublicModel["simulator"] {
  if (!json) return null;
  const parsed = SimulatorBehaviorSchema.safeParse(JSON.parse(json));
  return parsed.success ? parsed.data : null;
}

export function toPublicModel(row: Model, headerNames: string[] = []): PublicModel {
  const secret: PublicModel["secret"] = row.credentialId
    ? { source: "credential", last4: null, envRef: null }
    : row.inlineSecretEnc
      ? { source: "inline", last4: row.inlineSecretLast4, envRef: null }
      : row.secretEnvRef
        ? { source: "env", last4: null, envRef: row.secretEnvRef }
        : { source: "none", last4: null, envRef: null };
  return {
    id: row.id,
    name: row.name,
    description: row.description,
    provider: row.provider,
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
    secret,
    headerNames,
    inputPricePerMTok: row.inputPricePerMTok,
    outputPricePerMTok: row.outputPricePerMTok,
    contextWindow: row.contextWindow,
    ftJobId: row.ftJobId,
    ftTrainingFile: row.ftTrainingFile,
    ftEpochs: row.ftEpochs,
    ftTrainedTokens: row.ftTrainedTokens,
    ftCreatedAt: row.ftCreatedAt?.toISOString() ?? null,
    simulator: parseSimulator(row.simulatorJson),
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
  if (q.tag) where.tags = { contains: `,${q.tag},` };
  if (q.q) {
    where.OR = [{ name: { contains: q.q } }, { modelId: { contains: q.q } }, { description: { contains: q.q } }];
  }
  const [total, rows] = await Promise.all([
    db.model.count({ where }),
    db.model.findMany({
      where,
      orderBy: [{ [q.sort]: q.order }, { id: "asc" }],
      skip: (q.page - 1) * q.pageSize,
      take: q.pageSize,
    }),
  ]);
  return { items: rows.map((r) => toPublicModel(r)), total, page: q.page, pageSize: q.pageSize };
}

/** Secret columns for an input: inline secrets are encrypted, env references kept as references. */
export function secretColumns(secret: string | null | undefined) {
  if (!secret) return { inlineSecretEnc: null, inlineSecretLast4: null, secretEnvRef: null };
  if (secret.startsWith("env:")) return { inlineSecretEnc: null, inlineSecretLast4: null, secretEnvRef: secret };
  return { inlineSecretEnc: encryptSecret(secret), inlineSecretLast4: last4(secret), secretEnvRef: null };
}

export function modelColumns(input: ModelInputParsed) {
  return {
    name: input.name,
    description: input.description,
    provider: input.provider,
    modelId: input.modelId,
    kind: input.kind,
    baseModel: input.baseModel,
    parentId: input.parentId,
    tags: encodeTags(input.tags),
    apiBase: input.apiBase,
    apiVersion: input.apiVersion,
    azureDeployment: input.azureDeployment,
    project: input.project,
    location: input.location,
    credentialId: input.credentialId,
    headersEnc: input.headers && Object.keys(input.headers).length ? encryptSecret(JSON.stringify(input.headers)) : null,
    inputPricePerMTok: input.inputPricePerMTok,
    outputPricePerMTok: input.outputPricePerMTok,
    contextWindow: input.contextWindow,
    ftJobId: input.ftJobId,
    ftTrainingFile: input.ftTrainingFile,
    ftEpochs: input.ftEpochs,
    ftTrainedTokens: input.ftTrainedTokens,
    ftCreatedAt: input.ftCreatedAt,
    simulatorJson: input.simulator ? JSON.stringify(input.simulator) : null,
  };
}

async function assertReferencesExist(db: Db, input: ModelInputParsed): Promise<void> {
  if (input.parentId && !(await db.model.findUnique({ where: { id: input.parentId }, select: { id: true } }))) {
    throw fieldError("parentId", "The base model this derives from is not registered");
  }
  if (input.credentialId && !(await db.credential.findUnique({ where: { id: input.credentialId }, select: { id: true } }))) {
    throw fieldError("credentialId", "That credential does not exist");
  }
  if (input.provider !== "simulator" && input.simulator) {
    throw fieldError("simulator", "Simulator behaviour applies to simulator models only");
  }
}

export async function createModel(db: Db, input: ModelInputParsed): Promise<PublicModel> {
  await assertReferencesExist(db, input);
  if (await db.model.findUnique({ where: { name: input.name }, select: { id: true } })) {
    throw new ApiError("conflict", `A model named "${input.name}" is already registered`, { name: ["This name is already taken"] });
  }
  const row = await db.model.create({ data: { ...modelColumns(input), ...secretColumns(input.secret) } });
  return toPublicModel(row, Object.keys(input.headers ?? {}));
}
