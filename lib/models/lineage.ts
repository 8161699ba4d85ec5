// "Derives from": the one relation behind a model page's Lineage and the playground's model families.
// A model derives from its registered parent (parentId) when it has one; a fine-tune without one derives
// from the registered model whose provider id is its base model (a fine-tune registered as
// ft:gpt-4o-mini-2024-07-18:… belongs to the model registered under gpt-4o-mini-2024-07-18).

export interface LineageRow {
  id: string;
  name: string;
  /** The provider-side id. */
  modelId: string;
  kind: string;
  baseModel: string | null;
  parentId: string | null;
}

/** The Prisma `where` for candidates that may derive from `base`; `parentOf` settles ties between bases sharing an id. */
export function childCandidatesWhere(base: Pick<LineageRow, "id" | "modelId">) {
  return {
    id: { not: base.id },
    OR: [{ parentId: base.id }, { parentId: null, kind: "fine_tuned", baseModel: base.modelId }],
  };
}

/** The Prisma `where` for the models `m` may derive from by base model id (no parent set). */
export function parentCandidatesWhere(m: Pick<LineageRow, "id" | "kind" | "baseModel" | "parentId">) {
  if (m.parentId) return { id: m.parentId };
  if (m.kind !== "fine_tuned" || !m.baseModel) return null;
  return { modelId: m.baseModel, id: { not: m.id } };
}

/** Several models may share a provider id (the same base on two servers): a base wins over a fine-tune, then the name. */
function preferred<T extends LineageRow>(a: T, b: T): T {
  if ((a.kind === "base") !== (b.kind === "base")) return a.kind === "base" ? a : b;
  return a.name.localeCompare(b.name) <= 0 ? a : b;
}

export interface LineageIndex<T extends LineageRow> {
  parentOf(m: T): T | undefined;
  /** The first ancestor that derives from nothing loaded (a checkpoint of a fine-tune sits under the base). */
  rootOf(m: T): T | undefined;
}

/** Built once over the models a caller has loaded; `parentOf` only sees those. */
export function lineageIndex<T extends LineageRow>(rows: readonly T[]): LineageIndex<T> {
  const byId = new Map(rows.map((r) => [r.id, r]));
  const byModelId = new Map<string, T>();
  for (const r of rows) {
    const seen = byModelId.get(r.modelId);
    byModelId.set(r.modelId, seen ? preferred(seen, r) : r);
  }
  const index: LineageIndex<T> = {
    rootOf(m) {
      let root: T | undefined;
      const seen = new Set([m.id]);
      for (let p = index.parentOf(m); p && !seen.has(p.id); p = index.parentOf(p)) {
        seen.add(p.id);
        root = p;
      }
      return root;
    },
    parentOf(m) {
      if (m.parentId) return byId.get(m.parentId);
      if (m.kind !== "fine_tuned" || !m.baseModel) return undefined;
      const parent = byModelId.get(m.baseModel);
      if (parent && parent.id !== m.id) return parent;
      // The preferred holder of that id is this model itself: any other model with the id will do.
      return rows.find((r) => r.modelId === m.baseModel && r.id !== m.id);
    },
  };
  return index;
}
