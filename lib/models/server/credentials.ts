import "server-only";
import { changesRegistry } from "@/lib/server/registry-generation";
import type { Credential } from "@/lib/generated/prisma/client";
import type { z } from "zod";
import type { CredentialCreateInput, CredentialCreateSchema, CredentialUpdateSchema, PublicCredential } from "@/lib/models/credential-schema";
import type { Db } from "@/lib/server/db";
import { ApiError, notFound, versionConflict } from "@/lib/server/api-error";
import { encryptSecret, last4 } from "@/lib/server/crypto";
import { credentialSecret as openCredential, unreadableCredentialOf } from "./deployments";

// Named, reusable provider secrets: encrypted at rest (AES-256-GCM) or an env:NAME reference; never returned.

export type { CredentialCreateInput };

export function toPublicCredential(row: Credential & { _count?: { models: number } }): PublicCredential {
  return {
    id: row.id,
    name: row.name,
    provider: row.provider,
    apiBase: row.apiBase,
    secret: row.envRef ? { source: "env", last4: null, envRef: row.envRef } : { source: "inline", last4: row.secretLast4, envRef: null },
    secretError: unreadableCredentialOf(row)?.message ?? null,
    modelCount: row._count?.models ?? 0,
    version: row.version,
    createdAt: row.createdAt.toISOString(),
  };
}

export async function listCredentials(db: Db): Promise<{ items: PublicCredential[] }> {
  const rows = await db.credential.findMany({ orderBy: { name: "asc" }, include: { _count: { select: { models: true } } }, take: 500 });
  return { items: rows.map(toPublicCredential) };
}

async function assertNameFree(db: Db, name: string, exceptId?: string): Promise<void> {
  const other = await db.credential.findUnique({ where: { name }, select: { id: true } });
  if (other && other.id !== exceptId) {
    throw new ApiError("conflict", `A credential named "${name}" already exists`, { name: ["This name is already taken"] });
  }
}

/** The stored form of a key: an env:NAME reference as is, anything else encrypted with its last 4 kept for display. */
function secretColumns(apiKey: string): Pick<Credential, "envRef" | "secretEnc" | "secretLast4"> {
  const env = apiKey.startsWith("env:");
  return { envRef: env ? apiKey : null, secretEnc: env ? null : encryptSecret(apiKey), secretLast4: env ? null : last4(apiKey) };
}

async function createCredentialUnsignalled(db: Db, input: z.output<typeof CredentialCreateSchema>): Promise<PublicCredential> {
  await assertNameFree(db, input.name);
  const row = await db.credential.create({ data: { name: input.name, provider: input.provider, apiBase: input.apiBase, ...secretColumns(input.apiKey) } });
  return toPublicCredential(row);
}

const withModelCount = { _count: { select: { models: true } } } as const;

async function updateCredentialUnsignalled(db: Db, id: string, input: z.output<typeof CredentialUpdateSchema>): Promise<PublicCredential> {
  const current = await db.credential.findUnique({ where: { id }, include: withModelCount });
  if (!current) throw notFound("Credential");
  if (current.version !== input.version) throw versionConflict(`Credential "${current.name}"`, toPublicCredential(current));
  if (input.name !== undefined) await assertNameFree(db, input.name, id);
  // Guarded by version, so an edit saved elsewhere since this one was loaded is refused, not overwritten.
  const updated = await db.credential.updateMany({
    where: { id, version: input.version },
    data: {
      ...(input.name !== undefined ? { name: input.name } : {}),
      ...(input.apiBase !== undefined ? { apiBase: input.apiBase } : {}),
      ...(input.apiKey !== undefined ? secretColumns(input.apiKey) : {}),
      version: { increment: 1 },
    },
  });
  const row = await db.credential.findUniqueOrThrow({ where: { id }, include: withModelCount });
  if (updated.count === 0) throw versionConflict(`Credential "${current.name}"`, toPublicCredential(row));
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
  return { secret: openCredential(row) ?? "", apiBase: row.apiBase, provider: row.provider };
}

// Every registry write signals the change, so in-memory copies (the gateway's config) never serve a stale edit.
export const createCredential = changesRegistry(createCredentialUnsignalled);
export const updateCredential = changesRegistry(updateCredentialUnsignalled);
export const deleteCredential = changesRegistry(deleteCredentialUnsignalled);
