import "server-only";
import crypto from "node:crypto";
import type { ApiKey } from "@/lib/generated/prisma/client";
import { KEY_PREFIX, type CreatedApiKey, type KeyCreateParsed, type KeyStatus, type PublicApiKey } from "@/lib/keys/schema";
import { notFound } from "@/lib/server/api-error";
import { last4, sha256 } from "@/lib/server/crypto";
import type { Db } from "@/lib/server/db";
import { publishClusterEvent } from "@/lib/server/cluster";
import { processWide } from "@/lib/server/process-wide";

// Virtual API keys: created once (the secret is returned then and never again), stored as a sha256 hash.
// The gateway looks keys up by hash through a short-lived in-memory cache (lib/gateway/key-cache.ts), and
// lastUsedAt is written in batches, so a call costs no database round trip.

const LAST_USED_FLUSH_MS = 5_000;

export function generateKey(): string {
  return KEY_PREFIX + crypto.randomBytes(32).toString("base64url");
}

function statusOf(row: Pick<ApiKey, "revokedAt" | "expiresAt">, now = Date.now()): KeyStatus {
  if (row.revokedAt) return "revoked";
  if (row.expiresAt && row.expiresAt.getTime() <= now) return "expired";
  return "active";
}

/** Drops the gateway's cached key lookups (lib/gateway/key-cache.ts) here and, through the cluster bus, on every other instance. */
export function invalidateKeyCache(): void {
  publishClusterEvent({ type: "keys" });
}

export function parseAllowed(json: string | null): string[] | null {
  if (!json) return null;
  try {
    const v = JSON.parse(json) as unknown;
    return Array.isArray(v) ? v.filter((x): x is string => typeof x === "string") : null;
  } catch {
    return null;
  }
}

export function toPublicKey(row: ApiKey): PublicApiKey {
  return {
    id: row.id,
    name: row.name,
    last4: row.keyLast4,
    allowed: parseAllowed(row.allowedJson),
    expiresAt: row.expiresAt?.toISOString() ?? null,
    revokedAt: row.revokedAt?.toISOString() ?? null,
    lastUsedAt: (pendingLastUsed.get(row.id) ?? row.lastUsedAt)?.toISOString() ?? null,
    logPrompts: row.logPrompts,
    createdAt: row.createdAt.toISOString(),
    status: statusOf(row),
  };
}

export async function createApiKey(db: Db, input: KeyCreateParsed): Promise<CreatedApiKey> {
  const key = generateKey();
  const row = await db.apiKey.create({
    data: {
      name: input.name,
      keyHash: sha256(key),
      keyLast4: last4(key),
      allowedJson: input.allowed ? JSON.stringify(input.allowed) : null,
      expiresAt: input.expiresAt,
      logPrompts: input.logPrompts,
    },
  });
  invalidateKeyCache(); // the gateway may have cached a lookup of this key's hash as unknown
  return { ...toPublicKey(row), key };
}

export async function listApiKeys(db: Db, status: KeyStatus | "all" = "all"): Promise<PublicApiKey[]> {
  const rows = await db.apiKey.findMany({ orderBy: { createdAt: "desc" }, take: 500 });
  const keys = rows.map(toPublicKey);
  return status === "all" ? keys : keys.filter((k) => k.status === status);
}

/** Revocation keeps the row, so the request log still names the key. Idempotent. */
export async function revokeApiKey(db: Db, id: string): Promise<PublicApiKey> {
  const existing = await db.apiKey.findUnique({ where: { id } });
  if (!existing) throw notFound("API key");
  const row = existing.revokedAt
    ? existing
    : await db.apiKey.update({ where: { id }, data: { revokedAt: new Date(), version: { increment: 1 } } });
  invalidateKeyCache();
  return toPublicKey(row);
}

// ---- lastUsedAt, batched ---------------------------------------------------------------------

const lastUsed = processWide("apiKeyLastUsed", () => ({ pending: new Map<string, Date>(), timer: undefined as NodeJS.Timeout | undefined, db: undefined as Db | undefined }));
const pendingLastUsed = lastUsed.pending;

export function touchKey(db: Db, id: string, at = new Date()): void {
  pendingLastUsed.set(id, at);
  lastUsed.db = db;
  if (!lastUsed.timer) {
    lastUsed.timer = setTimeout(() => void flushLastUsed(), LAST_USED_FLUSH_MS);
    lastUsed.timer.unref?.();
  }
}

export async function flushLastUsed(): Promise<void> {
  if (lastUsed.timer) clearTimeout(lastUsed.timer);
  lastUsed.timer = undefined;
  const db = lastUsed.db;
  if (!db || pendingLastUsed.size === 0) return;
  const batch = [...pendingLastUsed];
  pendingLastUsed.clear();
  try {
    await db.$transaction(batch.map(([id, at]) => db.apiKey.updateMany({ where: { id }, data: { lastUsedAt: at } })));
  } catch (err) {
    console.error("[tunebench] could not record key usage:", err instanceof Error ? err.message : "unknown error");
  }
}
