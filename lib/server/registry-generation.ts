// A counter bumped by every write to models, credentials and groups, so in-memory copies of them (the
// gateway's config cache) are dropped at once in this process instead of serving a stale edit until their
// TTL runs out. Kept on globalThis: route bundles may each load their own copy of this module.

const g = globalThis as unknown as { __tunebenchRegistryGeneration?: number };

export function registryGeneration(): number {
  return g.__tunebenchRegistryGeneration ?? 0;
}

/** Call after a successful write to a model, credential or routing group. */
export function registryChanged(): void {
  g.__tunebenchRegistryGeneration = registryGeneration() + 1;
}

/** Wraps a registry write so it signals the change once it has succeeded. */
export function changesRegistry<A extends unknown[], R>(write: (...args: A) => Promise<R>): (...args: A) => Promise<R> {
  return async (...args) => {
    const result = await write(...args);
    registryChanged();
    return result;
  };
}
