import "server-only";
import type { ApiKey } from "@/lib/generated/prisma/client";
import { KEY_PREFIX } from "@/lib/keys/schema";
import { parseAllowed } from "@/lib/keys/server/api-keys";
import { onClusterEvent } from "@/lib/server/cluster";
import { sha256 } from "@/lib/server/crypto";
import type { Db } from "@/lib/server/db";
import { processWide } from "@/lib/server/process-wide";

// The gateway's key lookup: by hash, through a short-lived in-memory cache, so a call costs no database
// round trip. Keys are created and revoked in lib/keys, which drops this cache through the cluster bus.

const CACHE_TTL_MS = 10_000;

export interface GatewayKey {
  id: string;
  name: string;
  allowed: ReadonlySet<string> | null;
  expiresAt: number | null;
  revoked: boolean;
  logPrompts: boolean;
}

export type KeyLookup = { kind: "ok"; key: GatewayKey } | { kind: "unknown" } | { kind: "revoked" } | { kind: "expired" };

// Process-wide, so a revocation on the dashboard drops the gateway's cached copy at once (process-wide.ts).
const cache = processWide("apiKeyCache", () => new Map<string, { key: GatewayKey | null; at: number }>());
const MAX_CACHED = 10_000;

// A key created or revoked anywhere (lib/keys invalidateKeyCache) drops every cached lookup.
onClusterEvent("keys", () => cache.clear());

function toGatewayKey(row: ApiKey): GatewayKey {
  const allowed = parseAllowed(row.allowedJson);
  return {
    id: row.id,
    name: row.name,
    allowed: allowed ? new Set(allowed) : null,
    expiresAt: row.expiresAt?.getTime() ?? null,
    revoked: !!row.revokedAt,
    logPrompts: row.logPrompts,
  };
}

/**
 * Looks a presented key up by its hash. Unknown hashes are cached too (briefly), so guessing costs no query. A
 * cached answer comes back at once, not as a promise: the gateway asks on every call.
 */
export function lookupKey(db: Db, presented: string, now = Date.now()): KeyLookup | Promise<KeyLookup> {
  if (!presented.startsWith(KEY_PREFIX)) return { kind: "unknown" };
  const hash = sha256(presented);
  const entry = cache.get(hash);
  if (entry && now - entry.at <= CACHE_TTL_MS) return verdict(entry.key, now);
  return db.apiKey.findUnique({ where: { keyHash: hash } }).then((row) => {
    if (cache.size >= MAX_CACHED) cache.clear();
    const key = row ? toGatewayKey(row) : null;
    cache.set(hash, { key, at: now });
    return verdict(key, now);
  });
}

function verdict(key: GatewayKey | null, now: number): KeyLookup {
  if (!key) return { kind: "unknown" };
  if (key.revoked) return { kind: "revoked" };
  if (key.expiresAt !== null && key.expiresAt <= now) return { kind: "expired" };
  return { kind: "ok", key };
}
