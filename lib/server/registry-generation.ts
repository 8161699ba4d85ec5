// A counter bumped by every write to models, credentials and groups, so in-memory copies of them (the
// gateway's config cache) are dropped at once instead of serving a stale edit until their TTL runs out: in
// this process directly, in other instances through the cluster bus (cluster.ts).
// Process-wide: route bundles and the custom server each load their own copy of this module.
import { onClusterEvent, publishClusterEvent } from "./cluster";
import { processWide } from "./process-wide";

const g = processWide("registryGeneration", () => ({ value: 0 }));
onClusterEvent("registry", () => {
  g.value += 1;
});

export function registryGeneration(): number {
  return g.value;
}

/** Call after a successful write to a model, credential or routing group. */
export function registryChanged(): void {
  publishClusterEvent({ type: "registry" });
}

/** Wraps a registry write so it signals the change once it has succeeded. */
export function changesRegistry<A extends unknown[], R>(write: (...args: A) => Promise<R>): (...args: A) => Promise<R> {
  return async (...args) => {
    const result = await write(...args);
    registryChanged();
    return result;
  };
}
