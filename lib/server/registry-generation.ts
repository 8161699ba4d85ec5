// A counter bumped by every write to models, credentials and groups, so in-memory copies of them (the
// gateway's config cache) are dropped at once in this process instead of serving a stale edit until their
// TTL runs out. Process-wide: route bundles and the custom server each load their own copy of this module.
import { processWide } from "./process-wide";

const g = processWide("registryGeneration", () => ({ value: 0 }));

export function registryGeneration(): number {
  return g.value;
}

/** Call after a successful write to a model, credential or routing group. */
export function registryChanged(): void {
  g.value += 1;
}

/** Wraps a registry write so it signals the change once it has succeeded. */
export function changesRegistry<A extends unknown[], R>(write: (...args: A) => Promise<R>): (...args: A) => Promise<R> {
  return async (...args) => {
    const result = await write(...args);
    registryChanged();
    return result;
  };
}
