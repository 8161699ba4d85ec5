import "server-only";
import crypto from "node:crypto";
import type { Db } from "./db";
import { getMasterKey } from "./secrets";
import { safeEqual } from "./crypto";

// Dashboard sessions. The cookie is "<sessionId>.<expiresAtMs>.<hmac>", signed with a key derived from the
// master key (rotating MASTER_KEY signs everybody out). The signature and expiry are checked without the
// database; a Session row must also exist and not be revoked, so signing out ends the session for every
// copy of the cookie. Used by the API handler wrapper and by proxy.ts (which runs on Node in Next 16).

export const SESSION_COOKIE = "tb_session";
export const SESSION_TTL_SECONDS = 7 * 24 * 3600;
/** How long a revocation may take to reach an instance that did not sign the session out itself. */
export const SESSION_CACHE_MS = 1000;

function sign(payload: string): string {
  const key = crypto.createHash("sha256").update(`session:${getMasterKey().key}`).digest();
  return crypto.createHmac("sha256", key).update(payload).digest("base64url");
}

export interface SessionClaims {
  id: string;
  expiresAt: number;
}

export function signSessionToken(claims: SessionClaims): string {
  const payload = `${claims.id}.${claims.expiresAt}`;
  return `${payload}.${sign(payload)}`;
}

/** The claims of a well-signed, unexpired token; says nothing about revocation. */
export function readSessionToken(token: string | undefined, now = Date.now()): SessionClaims | undefined {
  if (!token || token.length > 200) return undefined;
  const [id, expires, mac, extra] = token.split(".");
  if (extra !== undefined || !id || !mac || !/^[A-Za-z0-9_-]+$/.test(id) || !/^\d{1,15}$/.test(expires ?? "")) return undefined;
  if (!safeEqual(mac, sign(`${id}.${expires}`))) return undefined;
  const expiresAt = Number(expires);
  return expiresAt > now ? { id, expiresAt } : undefined;
}

// Every API call and page visit asks whether its session is active. Answers are kept for at most
// SESSION_CACHE_MS, as a promise so that concurrent requests share one query. The cache lives on globalThis
// because Next loads proxy.ts and the route handlers as separate module instances in one process.
type CacheEntry = { active: Promise<boolean>; until: number };
const CACHE_KEY = Symbol.for("tunebench.sessionCache");
const MAX_CACHED = 1000;
const cache: Map<string, CacheEntry> = ((globalThis as Record<symbol, unknown>)[CACHE_KEY] ??= new Map()) as Map<string, CacheEntry>;

async function lookup(db: Db, id: string, now: number): Promise<boolean> {
  const row = await db.session.findUnique({ where: { id }, select: { expiresAt: true, revokedAt: true } });
  return !!row && !row.revokedAt && row.expiresAt.getTime() > now;
}

/** Whether the token names a live session: signed by us, unexpired, and neither revoked nor deleted. */
export async function isSessionActive(db: Db, token: string | undefined, now = Date.now()): Promise<boolean> {
  const claims = readSessionToken(token, now);
  if (!claims) return false;
  const hit = cache.get(claims.id);
  if (hit && hit.until > now) return hit.active;
  if (cache.size >= MAX_CACHED) {
    for (const [id, e] of cache) if (e.until <= now) cache.delete(id);
    if (cache.size >= MAX_CACHED) cache.clear();
  }
  const entry: CacheEntry = { active: lookup(db, claims.id, now), until: now + SESSION_CACHE_MS };
  cache.set(claims.id, entry);
  // A failed lookup is not remembered: the next request asks the database again.
  entry.active.catch(() => cache.get(claims.id) === entry && cache.delete(claims.id));
  return entry.active;
}

/** Records a new session and returns its cookie value. Sessions past their expiry are swept here. */
export async function startSession(db: Db, now = Date.now()): Promise<{ token: string; expiresAt: number }> {
  const claims = { id: crypto.randomBytes(24).toString("base64url"), expiresAt: now + SESSION_TTL_SECONDS * 1000 };
  await db.session.deleteMany({ where: { expiresAt: { lt: new Date(now) } } });
  await db.session.create({ data: { id: claims.id, createdAt: new Date(now), expiresAt: new Date(claims.expiresAt) } });
  return { token: signSessionToken(claims), expiresAt: claims.expiresAt };
}

/** Revokes the token's session, for every copy of the cookie; a token that is not ours is ignored. */
export async function endSession(db: Db, token: string | undefined, now = Date.now()): Promise<void> {
  const claims = readSessionToken(token, now);
  if (!claims) return;
  await db.session.updateMany({ where: { id: claims.id, revokedAt: null }, data: { revokedAt: new Date(now) } });
  // After the write: a lookup that starts later reads the revocation.
  cache.delete(claims.id);
}

export function isMasterKey(candidate: string): boolean {
  return safeEqual(candidate, getMasterKey().key);
}

export function bearerToken(header: string | null): string | undefined {
  const m = header?.match(/^Bearer\s+(.+)$/i);
  return m?.[1]?.trim() || undefined;
}

/** The session cookie's value from a Cookie header; undefined when absent or not decodable. */
export function sessionCookie(header: string | null): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(";")) {
    const [k, ...v] = part.trim().split("=");
    if (k !== SESSION_COOKIE) continue;
    try {
      return decodeURIComponent(v.join("="));
    } catch {
      return undefined; // a malformed percent-escape is a bad cookie, not a server error
    }
  }
  return undefined;
}
