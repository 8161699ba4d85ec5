import crypto from "node:crypto";
import { getMasterKey } from "./secrets";
import { safeEqual } from "./crypto";

// Stateless session: "<expiresAtMs>.<hmac>" signed with a key derived from the master key,
// so rotating MASTER_KEY signs everybody out.

export const SESSION_COOKIE = "tb_session";
export const SESSION_TTL_SECONDS = 7 * 24 * 3600;

function sign(payload: string): string {
  const key = crypto.createHash("sha256").update(`session:${getMasterKey().key}`).digest();
  return crypto.createHmac("sha256", key).update(payload).digest("base64url");
}

export function createSessionToken(now = Date.now()): string {
  const expires = String(now + SESSION_TTL_SECONDS * 1000);
  return `${expires}.${sign(expires)}`;
}

export function verifySessionToken(token: string | undefined, now = Date.now()): boolean {
  if (!token) return false;
  const [expires, mac] = token.split(".");
  if (!expires || !mac || !/^\d+$/.test(expires)) return false;
  if (Number(expires) < now) return false;
  return safeEqual(mac, sign(expires));
}

export function isMasterKey(candidate: string): boolean {
  return safeEqual(candidate, getMasterKey().key);
}

export function bearerToken(header: string | null): string | undefined {
  const m = header?.match(/^Bearer\s+(.+)$/i);
  return m?.[1]?.trim() || undefined;
}
