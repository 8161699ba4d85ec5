import crypto from "node:crypto";
import { ApiError } from "./api-error";
import { getEncryptionKey } from "./secrets";

// AES-256-GCM: "v1.<iv>.<tag>.<ciphertext>", all base64url.

export function encryptSecret(plain: string, key: Buffer = getEncryptionKey()): string {
  const iv = crypto.randomBytes(12);
  const cipher = crypto.createCipheriv("aes-256-gcm", key, iv);
  const data = Buffer.concat([cipher.update(plain, "utf8"), cipher.final()]);
  return ["v1", iv.toString("base64url"), cipher.getAuthTag().toString("base64url"), data.toString("base64url")].join(".");
}

export function decryptSecret(sealed: string, key: Buffer = getEncryptionKey()): string {
  const [v, iv, tag, data] = sealed.split(".");
  if (v !== "v1" || !iv || !tag || data === undefined) throw new Error("Unrecognised secret format");
  const decipher = crypto.createDecipheriv("aes-256-gcm", key, Buffer.from(iv, "base64url"));
  decipher.setAuthTag(Buffer.from(tag, "base64url"));
  return Buffer.concat([decipher.update(Buffer.from(data, "base64url")), decipher.final()]).toString("utf8");
}

/**
 * A stored secret this instance's key cannot open: it was saved by an instance with another ENCRYPTION_KEY
 * (or the stored value is damaged). Shown to whoever called, never skipped: the row exists, it is unusable here.
 */
export class SecretUnreadableError extends ApiError {
  constructor(readonly owner: string) {
    super(
      "secret_unreadable",
      `The secret of ${owner} cannot be decrypted with this instance's ENCRYPTION_KEY: it was saved by an instance with a different key. Give every instance the same ENCRYPTION_KEY, or save the secret again.`,
    );
    this.name = "SecretUnreadableError";
  }
}

/** decryptSecret for a stored row: `owner` names it in the error (e.g. `model "gpt-4o"`). */
export function openSecret(sealed: string, owner: string, key: Buffer = getEncryptionKey()): string {
  try {
    return decryptSecret(sealed, key);
  } catch {
    throw new SecretUnreadableError(owner);
  }
}

// Whether a stored value opens never changes under one key, and a model list asks it of every row on every
// view: remembered per key, by the value's IV and tag (random per encryption, so they identify it).
const openable = new WeakMap<Buffer, Map<string, boolean>>();
const REMEMBERED = 50_000;

/** True when this instance's key opens the stored value. */
export function canOpenSecret(sealed: string, key: Buffer = getEncryptionKey()): boolean {
  let known = openable.get(key);
  if (!known) openable.set(key, (known = new Map()));
  const id = sealed.split(".", 3).join(".");
  const hit = known.get(id);
  if (hit !== undefined) return hit;
  let ok: boolean;
  try {
    decryptSecret(sealed, key);
    ok = true;
  } catch {
    ok = false;
  }
  if (known.size >= REMEMBERED) known.clear();
  known.set(id, ok);
  return ok;
}

/** The only part of a secret that may be shown: "••••abcd". */
export function last4(secret: string): string {
  return secret.slice(-4);
}

// crypto.hash is the one-shot form: about a third of createHash().update().digest() per call, which the
// gateway pays on every request (key lookup by hash, master-key comparison).
export function sha256(text: string): string {
  return crypto.hash("sha256", text, "hex");
}

/** Constant-time comparison of two strings of any length (their digests are compared). */
export function safeEqual(a: string, b: string): boolean {
  return crypto.timingSafeEqual(crypto.hash("sha256", a, "buffer"), crypto.hash("sha256", b, "buffer"));
}
