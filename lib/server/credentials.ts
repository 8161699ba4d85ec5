import { changesRegistry } from "./registry-generation";
import type { Credential } from "@/lib/generated/prisma/client";
import type { z } from "zod";
import type { CredentialCreateInput, CredentialCreateSchema, PublicCredential } from "@/lib/models/credential-schema";
import type { Db } from "./db";
import { ApiError, notFound } from "./api-error";
import { decryptSecret, encryptSecret, last4 } from "./crypto";

// Named, reusable provider secrets: encrypted at rest (AES-256-GCM) or an env:NAME reference; never returned.

export type { CredentialCreateInput };

export function toPublicCredential(row: Credential & { _count?: { models: number } }): PublicCredential {
  return {
    id: row.id,
    name: row.name,
    provider: row.provider,
    apiBase: row.apiBase,
    secret: row.envRef ? { source: "env", last4: null, envRef: row.envRef } : { source: "inline", last4: row.secretLast4, envRef: null },
    modelCount: row._count?.models ?? 0,
    version: row.version,
    createdAt: row.createdAt.toISOString(),
  };
}

export async function listCredentials(db: Db): Promise<{ items: PublicCredential[] }> {
  const rows = await db.credential.findMany({ orderBy: { name: "asc" }, include: { _count: { select: { models: true } } }, take: 500 });
  return { items: rows.map(toPublicCredential) };
}

async function createCredentialUnsignalled(db: Db, input: z.output<typeof CredentialCreateSchema>): Promise<PublicCredential> {
  if (await db.credential.findUnique({ where: { name: input.name }, select: { id: true } })) {
    throw new ApiError("conflict", `A credential named "${input.name}" already exists`, { name: ["This name is already taken"] });
  }
  const env = input.apiKey.startsWith("env:");
  const row = await db.credential.create({
    data: {
      name: input.name,
      provider: input.provider,
      apiBase: input.apiBase,
      envRef: env ? input.apiKey : null,
      secretEnc: env ? null : encryptSecret(input.apiKey),
      secretLast4: env ? null : last4(input.apiKey),
    },
  });
  return toPublicCredential(row);
}

/** Refused while models use it: the response names them. */
async function deleteCredentialUnsignalled(db: Db, id: string): Promise<{ deleted: true }> {
  const row = await db.credential.findUnique({ where: { id }, include: { models: { select: { id: true, name: true }, take: 50 } } });
  if (!row) throw notFound("Credential");
  if (row.models.length) {
    throw new ApiError(
      "conflict",
      `"${row.name}" is used by ${row.models.map((m) => `"${m.name}"`).join(", ")}. Point those models at another key first.`,
      undefined,
      { models: row.models },
    );
  }
  await db.credential.delete({ where: { id } });
  return { deleted: true };
}

/** The decrypted secret and api base of a credential, for server-side calls only. */
export async function credentialSecret(db: Db, id: string): Promise<{ secret: string; apiBase: string | null; provider: string }> {
  const row = await db.credential.findUnique({ where: { id } });
  if (!row) throw new ApiError("validation_failed", "That credential does not exist", { credentialId: ["That credential does not exist"] });
  return { secret: row.secretEnc ? decryptSecret(row.secretEnc) : (row.envRef ?? ""), apiBase: row.apiBase, provider: row.provider };
}

// Every registry write signals the change, so in-memory copies (the gateway's config) never serve a stale edit.
export const createCredential = changesRegistry(createCredentialUnsignalled);
export const deleteCredential = changesRegistry(deleteCredentialUnsignalled);
