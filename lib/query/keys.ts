// One query-key scheme for every resource: all → lists() → list(params) and details() → detail(id).
// Invalidate by these keys only, so no list is ever left stale by a second scheme.

export function createQueryKeys<R extends string>(resource: R) {
  const all = [resource] as const;
  return {
    all,
    lists: () => [...all, "list"] as const,
    list: (params: object = {}) => [...all, "list", params] as const,
    details: () => [...all, "detail"] as const,
    detail: (id: string) => [...all, "detail", id] as const,
  };
}

export const queryKeys = {
  models: createQueryKeys("models"),
  credentials: createQueryKeys("credentials"),
  groups: createQueryKeys("groups"),
  runs: createQueryKeys("runs"),
  keys: createQueryKeys("keys"),
  usage: createQueryKeys("usage"),
  health: createQueryKeys("health"),
  datasets: createQueryKeys("datasets"),
  evals: createQueryKeys("evals"),
};
