import type { Credential, Model } from "@/lib/generated/prisma/client";
import { isProviderId, type Deployment } from "@/lib/completion/types";
import { decryptSecret } from "./crypto";
import { SimulatorBehaviorSchema } from "@/lib/models/schema";
import type { Db } from "./db";
import { notFound } from "./api-error";

// Registered model row → the completion core's Deployment, with secrets decrypted.
// The one place secrets leave the database; the result must never be sent to a browser or a log.

export type ModelWithCredential = Model & { credential: Credential | null };

/** The columns a Deployment is built from: a stored row, or a form's resolved input before saving. */
export interface DeploymentFields {
  id?: string;
  name: string;
  provider: string;
  modelId: string;
  kind: string;
  baseModel: string | null;
  apiBase: string | null;
  apiVersion: string | null;
  azureDeployment: string | null;
  project: string | null;
  location: string | null;
  contextWindow: number | null;
  inputPricePerMTok: number | null;
  outputPricePerMTok: number | null;
}

/** A credential's secret (decrypted) or its env reference. */
export function credentialSecret(credential: Credential): string | undefined {
  return credential.secretEnc ? decryptSecret(credential.secretEnc) : (credential.envRef ?? undefined);
}

/** Fields + secret → Deployment. The secret goes where the provider expects it (Vertex: service account). */
export function buildDeployment(
  f: DeploymentFields,
  extra: { secret?: string; credential?: Credential | null; headers?: Record<string, string>; simulator?: Deployment["simulator"] },
): Deployment {
  if (!isProviderId(f.provider)) throw new Error(`Unknown provider "${f.provider}" on model ${f.name}`);
  const d: Deployment = {
    id: f.id,
    name: f.name,
    provider: f.provider,
    model: f.modelId,
    kind: f.kind === "fine_tuned" ? "fine_tuned" : "base",
    baseModel: f.baseModel ?? undefined,
    apiBase: f.apiBase ?? extra.credential?.apiBase ?? undefined,
    apiVersion: f.apiVersion ?? undefined,
    azureDeployment: f.azureDeployment ?? undefined,
    project: f.project ?? undefined,
    location: f.location ?? undefined,
    headers: extra.headers,
    contextWindow: f.contextWindow ?? undefined,
    simulator: extra.simulator,
  };
  if (f.provider === "vertex_ai") d.serviceAccountJson = extra.secret;
  else d.apiKey = extra.secret;
  if (f.inputPricePerMTok !== null && f.outputPricePerMTok !== null) {
    d.pricing = { inputPerMTok: f.inputPricePerMTok, outputPerMTok: f.outputPricePerMTok };
  }
  return d;
}

export function toDeployment(row: ModelWithCredential): Deployment {
  const secret = row.credential
    ? credentialSecret(row.credential)
    : row.inlineSecretEnc
      ? decryptSecret(row.inlineSecretEnc)
      : (row.secretEnvRef ?? undefined);
  const simulator = row.simulatorJson ? SimulatorBehaviorSchema.safeParse(JSON.parse(row.simulatorJson)) : undefined;
  const headers = row.headersEnc ? (JSON.parse(decryptSecret(row.headersEnc)) as Record<string, string>) : undefined;
  return buildDeployment(row, { secret, credential: row.credential, headers, simulator: simulator?.success ? simulator.data : undefined });
}

export async function loadDeployment(db: Db, modelId: string): Promise<Deployment> {
  const row = await db.model.findUnique({ where: { id: modelId }, include: { credential: true } });
  if (!row) throw notFound("Model");
  return toDeployment(row);
}
