// Service-account JSON → OAuth access token via a JWT assertion signed with jose, posted to the key file's token_uri.
import { readFileSync } from "node:fs";
import { importPKCS8, SignJWT } from "jose";
import { z } from "zod";
import { CompletionError, scrubSecrets } from "../errors";
import { readSecret } from "../credentials";
import type { Deployment } from "../types";

const SCOPE = "https://www.googleapis.com/auth/cloud-platform";
/** Refresh this long before the token's expiry. */
const REFRESH_MARGIN_MS = 60_000;

const serviceAccountSchema = z.object({
  client_email: z.string().min(1),
  private_key: z.string().min(1),
  private_key_id: z.string().optional(),
  token_uri: z.url().default("https://oauth2.googleapis.com/token"),
  project_id: z.string().optional(),
});
export type ServiceAccount = z.infer<typeof serviceAccountSchema>;

const authError = (message: string, status?: number) =>
  new CompletionError("authentication", message, {
    provider: "vertex_ai",
    status,
    hint: "check the Vertex service-account key (JSON with client_email, private_key, token_uri)",
  });

/** The deployment's key, else VERTEX_SERVICE_ACCOUNT_JSON, else the file at GOOGLE_APPLICATION_CREDENTIALS. */
export function serviceAccountFor(d: Deployment): ServiceAccount | undefined {
  let text = readSecret(d.serviceAccountJson, "vertex_ai") ?? process.env.VERTEX_SERVICE_ACCOUNT_JSON;
  const file = process.env.GOOGLE_APPLICATION_CREDENTIALS;
  if (!text && file) {
    try {
      text = readFileSync(file, "utf8");
    } catch {
      throw authError(`cannot read GOOGLE_APPLICATION_CREDENTIALS file`);
    }
  }
  if (!text) return undefined;
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw authError("the service-account key is not valid JSON");
  }
  const parsed = serviceAccountSchema.safeParse(json);
  if (!parsed.success) {
    throw authError(`the service-account key is missing ${parsed.error.issues.map((i) => i.path.join(".")).join(", ")}`);
  }
  return parsed.data;
}

/** What an upstream must never quote back from a key file: the private key, line by line, and its id. */
export function serviceAccountSecrets(sa: ServiceAccount): string[] {
  const lines = sa.private_key
    .split(/\r?\n|\\n/)
    .map((line) => line.trim())
    .filter((line) => line.length >= 16 && !line.startsWith("-----"));
  return sa.private_key_id ? [...lines, sa.private_key_id] : lines;
}

interface CachedToken {
  token: string;
  expiresAt: number;
}
const cache = new Map<string, CachedToken>();
const inflight = new Map<string, Promise<CachedToken>>();

/** Drop cached tokens (tests, key rotation). */
export function clearVertexTokenCache(): void {
  cache.clear();
  inflight.clear();
}

async function exchange(sa: ServiceAccount, signal?: AbortSignal): Promise<CachedToken> {
  let key: CryptoKey;
  try {
    key = await importPKCS8(sa.private_key, "RS256");
  } catch {
    throw authError("the service-account private_key is not a PKCS#8 RSA key");
  }
  const assertion = await new SignJWT({ scope: SCOPE })
    .setProtectedHeader({ alg: "RS256", typ: "JWT", ...(sa.private_key_id ? { kid: sa.private_key_id } : {}) })
    .setIssuer(sa.client_email)
    .setSubject(sa.client_email)
    .setAudience(sa.token_uri)
    .setIssuedAt()
    .setExpirationTime("1h")
    .sign(key);
  let res: Response;
  try {
    res = await fetch(sa.token_uri, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ grant_type: "urn:ietf:params:oauth:grant-type:jwt-bearer", assertion }),
      signal,
    });
  } catch (err) {
    if (signal?.aborted) throw err;
    throw new CompletionError("upstream_unavailable", `cannot reach the token endpoint ${new URL(sa.token_uri).origin}`, {
      provider: "vertex_ai",
      hint: "check network access to the service account's token_uri",
    });
  }
  const text = await res.text();
  if (!res.ok) {
    let detail = text.slice(0, 300);
    try {
      const body = JSON.parse(text) as { error?: string; error_description?: string };
      detail = [body.error, body.error_description].filter(Boolean).join(": ");
    } catch {
      /* keep the raw text */
    }
    throw authError(`token exchange failed (HTTP ${res.status}): ${scrubSecrets(detail, [assertion])}`, res.status);
  }
  const body = JSON.parse(text) as { access_token?: string; expires_in?: number };
  if (!body.access_token) throw authError("token endpoint returned no access_token", res.status);
  return { token: body.access_token, expiresAt: Date.now() + (body.expires_in ?? 3600) * 1000 };
}

/** A cached access token for the service account, exchanged again shortly before it expires. */
export async function getVertexAccessToken(sa: ServiceAccount, signal?: AbortSignal): Promise<string> {
  const cacheKey = `${sa.client_email}|${sa.token_uri}|${sa.private_key_id ?? ""}`;
  const hit = cache.get(cacheKey);
  if (hit && hit.expiresAt - REFRESH_MARGIN_MS > Date.now()) return hit.token;
  let pending = inflight.get(cacheKey);
  if (!pending) {
    pending = exchange(sa, signal).finally(() => inflight.delete(cacheKey));
    inflight.set(cacheKey, pending);
  }
  const fresh = await pending;
  cache.set(cacheKey, fresh);
  return fresh.token;
}
