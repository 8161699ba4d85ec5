// Process-wide singletons. The custom server (server.ts) imports lib/ directly while Next's route handlers run
// their own bundled copies of the same modules, so a module-level variable would exist twice in one process:
// a key revoked on the dashboard would stay cached in the gateway's copy. Whatever both must see (caches and
// their invalidation, the request-log queue, the router and its health state) is kept here, once.
// Not "server-only": plain scripts and the custom server load it too.

/** This module copy's view of what it has already found (some are read on every gateway call). */
const seen = new Map<string, unknown>();

export function processWide<T>(name: string, init: () => T): T {
  if (seen.has(name)) return seen.get(name) as T;
  const g = globalThis as unknown as Record<symbol, unknown>;
  const key = Symbol.for(`tunebench.${name}`);
  if (!(key in g)) g[key] = init();
  seen.set(name, g[key]);
  return g[key] as T;
}
