import "server-only";
import type { Deployment } from "@/lib/completion";
import type { RouterGroup } from "@/lib/completion/router";
import { loadRouterGroup } from "@/lib/groups/server/routing";
import type { Db } from "@/lib/server/db";
import { buildDeployment, toDeployment } from "@/lib/models/server/deployments";
import { SecretUnreadableError } from "@/lib/server/crypto";
import { registryGeneration } from "@/lib/server/registry-generation";
import { processWide } from "@/lib/server/process-wide";

// What the gateway can call, held in memory: registered models (as core Deployments, secrets decrypted)
// and routing-group names. One query pair per TTL instead of one per request. Any registry write in this
// process drops the cache at once (registry-generation.ts); the TTL bounds staleness from other processes.

const TTL_MS = 5_000;

export interface GatewayModel {
  id: string;
  name: string;
  kind: "base" | "fine_tuned";
  createdAt: number;
  deployment: Deployment;
  /**
   * Set when this instance cannot decrypt the model's stored secret: the model still resolves, and a call
   * answers this error (naming the model and ENCRYPTION_KEY) instead of a 404 for a model the dashboard lists.
   * `deployment` then carries no secret.
   */
  unreadable?: SecretUnreadableError;
}

export interface GatewayConfig {
  models: Map<string, GatewayModel>;
  groups: Map<string, { id: string; name: string; createdAt: number }>;
  loadedAt: number;
  generation: number;
}

// Process-wide (lib/server/process-wide.ts): the custom server and Next's bundles share one cache.
/** A group's router config as loaded; `loaded` is set once `group` resolved, so a hit is answered without a promise. */
interface CachedGroup {
  at: number;
  generation: number;
  group: Promise<RouterGroup | null>;
  loaded?: RouterGroup | null;
}

const cached = processWide("gatewayConfig", () => ({
  current: undefined as GatewayConfig | undefined,
  loading: undefined as Promise<GatewayConfig> | undefined,
  groups: new Map<string, CachedGroup>(),
}));

async function load(db: Db): Promise<GatewayConfig> {
  const generation = registryGeneration();
  const [models, groups] = await Promise.all([
    db.model.findMany({ include: { credential: true } }),
    db.routingGroup.findMany({ select: { id: true, name: true, createdAt: true } }),
  ]);
  const config: GatewayConfig = { models: new Map(), groups: new Map(), loadedAt: Date.now(), generation };
  for (const row of models) {
    const entry = { id: row.id, name: row.name, kind: row.kind === "fine_tuned" ? ("fine_tuned" as const) : ("base" as const), createdAt: row.createdAt.getTime() };
    try {
      config.models.set(row.name, Object.assign(entry, { deployment: toDeployment(row) }));
    } catch (err) {
      if (err instanceof SecretUnreadableError) {
        config.models.set(row.name, Object.assign(entry, { deployment: buildDeployment(row, { credential: row.credential }), unreadable: err }));
        continue;
      }
      // A row this version cannot use at all (an unknown provider) must not take the gateway down.
      console.error(`[tunebench] gateway skips model ${row.name}:`, err instanceof Error ? err.message : "unreadable");
    }
  }
  for (const g of groups) config.groups.set(g.name, { id: g.id, name: g.name, createdAt: g.createdAt.getTime() });
  return config;
}

function reload(db: Db): Promise<GatewayConfig> {
  cached.loading ??= load(db).then(
    (c) => {
      cached.current = c;
      cached.loading = undefined;
      return c;
    },
    (err: unknown) => {
      cached.loading = undefined;
      throw err;
    },
  );
  return cached.loading;
}

/** The cached config when it is fresh (no promise: the gateway asks on every call), else a reload. */
function currentConfig(db: Db, now = Date.now()): GatewayConfig | Promise<GatewayConfig> {
  const current = cached.current;
  if (current && now - current.loadedAt < TTL_MS && current.generation === registryGeneration()) return current;
  return reload(db);
}

export async function getGatewayConfig(db: Db, now = Date.now()): Promise<GatewayConfig> {
  return currentConfig(db, now);
}

export function invalidateGatewayConfig(): void {
  cached.current = undefined;
  cached.groups.clear();
}

// Router config per group (members as Deployments, fallbacks linked), loaded through routing.ts and kept
// for the same TTL. The router's health state is keyed by model id, so reusing the object is safe.
const groupCache = cached.groups;

export function getRouterGroup(db: Db, name: string, now = Date.now()): RouterGroup | null | Promise<RouterGroup | null> {
  const hit = groupCache.get(name);
  const generation = registryGeneration();
  if (hit && now - hit.at < TTL_MS && hit.generation === generation) return hit.loaded !== undefined ? hit.loaded : hit.group;
  const group = loadRouterGroup(db, name);
  const entry: CachedGroup = { at: now, generation, group };
  groupCache.set(name, entry);
  group.then(
    (loaded) => void (entry.loaded = loaded),
    () => groupCache.delete(name),
  );
  return group;
}

export type Target = { kind: "group"; name: string } | { kind: "model"; name: string; model: GatewayModel };

/**
 * A routing-group name wins over a model of the same name: groups are what applications are meant to call.
 * Answers at once from a fresh cache (the usual case on the gateway's hot path), else after a reload.
 */
export function resolveTarget(db: Db, name: string): Target | null | Promise<Target | null> {
  const config = currentConfig(db);
  if (config instanceof Promise) return config.then((c) => targetIn(db, c, name));
  return targetIn(db, config, name);
}

function targetIn(db: Db, config: GatewayConfig, name: string): Target | null | Promise<Target | null> {
  // An unknown name may be new: look again, at most every 250 ms.
  if (!config.groups.has(name) && !config.models.has(name) && Date.now() - config.loadedAt > 250) return reload(db).then((c) => found(c, name));
  return found(config, name);
}

function found(config: GatewayConfig, name: string): Target | null {
  if (config.groups.has(name)) return { kind: "group", name };
  const model = config.models.get(name);
  return model ? { kind: "model", name, model } : null;
}
