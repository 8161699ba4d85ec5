import type { Credential, Model } from "@/lib/generated/prisma/client";
import { isProviderId, type Deployment } from "@/lib/completion/types";
import { decryptSecret } from "./crypto";
import { SimulatorBehaviorSchema } from "@/lib/models/schema";
import type { Db } from "./db";
import { notFound } from "./api-error";

// Registered model row → the completion core's Deployment, with secrets decrypted.
// The one place secrets leave the database; the result must never be sent to a browser or a log.

export type ModelWithCredential = Model & { credential: Credential | null };

function secretOf(row: ModelWithCredential): string | undefined {
  if (row.credential) {
    if (row.credential.secretEnc) return decryptSecret(row.credential.secretEnc);
    return row.credential.envRef ?? undefined;
  }
  if (row.inlineSecretEnc) return decryptSecret(row.inlineSecretEnc);
  return row.secretEnvRef ?? undefined;
}

export function toDeployment(row: ModelWithCredential): Deployment {
  if (!isProviderId(row.provider)) throw new Error(`Unknown provider "${row.provider}" on model ${row.name}`);
  const secret = secretOf(row);
  const simulator = row.simulatorJson ? SimulatorBehaviorSchema.safeParse(JSON.parse(row.simulatorJson)) : undefined;
  const headers = row.headersEnc ? (JSON.parse(decryptSecret(row.headersEnc)) as Record<string, string>) : undefined;
  const d: Deployment = {
    id: row.id,
    name: row.name,
    provider: row.provider,
    model: row.modelId,
    kind: row.kind === "fine_tuned" ? "fine_tuned" : "base",
    baseModel: row.baseModel ?? undefined,
    apiBase: row.apiBase ?? row.credential?.apiBase ?? undefined,
    apiVersion: row.apiVersion ?? undefined,
    azureDeployment: row.azureDeployment ?? undefined,
    project: row.project ?? undefined,
    location: row.location ?? undefined,
    headers,
    contextWindow: row.contextWindow ?? undefined,
    simulator: simulator?.success ? simulator.data : undefined,
  };
  if (row.provider === "vertex_ai") d.serviceAccountJson = secret;
  else d.apiKey = secret;
  if (row.inputPricePerMTok !== null && row.outputPricePerMTok !== null) {
    d.pricing = { inputPerMTok: row.inputPricePerMTok, outputPerMTok: row.outputPricePerMTok };
  }
  return d;
}

export async function loadDeployment(db: Db, modelId: string): Promise<Deployment> {
  const row = await db.model.findUnique({ where: { id: modelId }, include: { credential: true } });
  if (!row) throw notFound("Model");
  return toDeployment(row);
}
