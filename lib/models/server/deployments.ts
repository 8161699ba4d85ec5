import type { Credential, Model } from "@/lib/generated/prisma/client";
import { isProviderId, type Deployment } from "@/lib/completion/types";
import { canOpenSecret, openSecret, SecretUnreadableError } from "@/lib/server/crypto";
import { SimulatorBehaviorSchema } from "@/lib/models/schema";
import type { Db } from "@/lib/server/db";
import { notFound } from "@/lib/server/api-error";

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

// How an unreadable secret is named to the user: the model they called, and where its secret lives.
const owners = {
  inline: (model: string) => `model "${model}"`,
  headers: (model: string) => `model "${model}" (its custom headers)`,
  credential: (credential: string, model?: string) => (model ? `model "${model}" (credential "${credential}")` : `credential "${credential}"`),
};

/** A credential's secret (decrypted) or its env reference. `user` names the model that uses it, for errors. */
export function credentialSecret(credential: Credential, user?: string): string | undefined {
  return credential.secretEnc ? openSecret(credential.secretEnc, owners.credential(credential.name, user)) : (credential.envRef ?? undefined);
}

/** The sealed columns of a model row, with its credential's when loaded. */
export type SealedModelColumns = Pick<Model, "name" | "inlineSecretEnc" | "headersEnc"> & { credential?: Pick<Credential, "name" | "secretEnc"> | null };

/** The error a call to this model would get because this instance's key cannot open one of its secrets, or null. */
export function unreadableSecretOf(row: SealedModelColumns): SecretUnreadableError | null {
  const parts: Array<[string | null | undefined, () => string]> = [
    [row.credential?.secretEnc, () => owners.credential(row.credential?.name ?? "", row.name)],
    [row.inlineSecretEnc, () => owners.inline(row.name)],
    [row.headersEnc, () => owners.headers(row.name)],
  ];
  for (const [sealed, owner] of parts) if (sealed && !canOpenSecret(sealed)) return new SecretUnreadableError(owner());
  return null;
}

/** The same for a credential on its own. */
export function unreadableCredentialOf(row: Pick<Credential, "name" | "secretEnc">): SecretUnreadableError | null {
  return row.secretEnc && !canOpenSecret(row.secretEnc) ? new SecretUnreadableError(owners.credential(row.name)) : null;
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

/** Throws SecretUnreadableError (naming the model) when a stored secret was encrypted with another key. */
export function toDeployment(row: ModelWithCredential): Deployment {
  const secret = row.credential
    ? credentialSecret(row.credential, row.name)
    : row.inlineSecretEnc
      ? openSecret(row.inlineSecretEnc, owners.inline(row.name))
      : (row.secretEnvRef ?? undefined);
  const simulator = row.simulatorJson ? SimulatorBehaviorSchema.safeParse(JSON.parse(row.simulatorJson)) : undefined;
  const headers = row.headersEnc ? (JSON.parse(openSecret(row.headersEnc, owners.headers(row.name))) as Record<string, string>) : undefined;
  return buildDeployment(row, { secret, credential: row.credential, headers, simulator: simulator?.success ? simulator.data : undefined });
}

export async function loadDeployment(db: Db, modelId: string): Promise<Deployment> {
  const row = await db.model.findUnique({ where: { id: modelId }, include: { credential: true } });
  if (!row) throw notFound("Model");
  return toDeployment(row);
}
