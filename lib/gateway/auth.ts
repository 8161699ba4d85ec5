import "server-only";
import { KEY_PREFIX } from "@/lib/keys/schema";
import { touchKey } from "@/lib/keys/server/api-keys";
import { lookupKey, type GatewayKey, type KeyLookup } from "./key-cache";
import type { Db } from "@/lib/server/db";
import { bearerToken, isMasterKey } from "@/lib/server/session";
import { GatewayError, invalidApiKey } from "./errors";

// Who is calling the gateway: the master key, or a virtual key (active, within its allow-list).
// Only the Authorization header counts: the dashboard's session cookie never authorises gateway calls.

export type GatewayPrincipal = { kind: "master" } | { kind: "key"; key: GatewayKey };

/** Answers at once for a cached key or the master key (the gateway asks on every call), else after the lookup. */
export function authenticateGateway(db: Db, authorization: string | null | undefined): GatewayPrincipal | Promise<GatewayPrincipal> {
  const token = bearerToken(authorization ?? null);
  if (!token) {
    throw invalidApiKey("You didn't provide an API key. Send it as 'Authorization: Bearer <key>'.");
  }
  if (token.startsWith(KEY_PREFIX)) {
    const found = lookupKey(db, token);
    return found instanceof Promise ? found.then((f) => principalOf(db, f)) : principalOf(db, found);
  }
  if (isMasterKey(token)) return { kind: "master" };
  throw invalidApiKey();
}

function principalOf(db: Db, found: KeyLookup): GatewayPrincipal {
  switch (found.kind) {
    case "ok":
      touchKey(db, found.key.id);
      return { kind: "key", key: found.key };
    case "revoked":
      throw invalidApiKey("This API key has been revoked.");
    case "expired":
      throw invalidApiKey("This API key has expired.");
    case "unknown":
      throw invalidApiKey();
    default: {
      const never: never = found;
      throw new Error(`unhandled lookup ${String(never)}`);
    }
  }
}

export function canCall(principal: GatewayPrincipal, name: string): boolean {
  return principal.kind === "master" || principal.key.allowed === null || principal.key.allowed.has(name);
}

export function assertAllowed(principal: GatewayPrincipal, name: string): void {
  if (!canCall(principal, name)) {
    throw new GatewayError(403, "permission_error", `This API key may not call '${name}'.`, "model_not_allowed", "model");
  }
}

export const apiKeyIdOf = (p: GatewayPrincipal): string | null => (p.kind === "key" ? p.key.id : null);
