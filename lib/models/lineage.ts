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
  provider?: string;
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

/**
 * Several models may share a provider id (the same base behind two servers): the one on the fine-tune's own
 * provider wins, then a base over a fine-tune, then the name, so the choice is the same every time.
 */
function preferredFor<T extends LineageRow>(child: LineageRow, candidates: readonly T[]): T | undefined {
  const score = (c: T) => [c.provider && c.provider === child.provider ? 0 : 1, c.kind === "base" ? 0 : 1] as const;
  return [...candidates].sort((a, b) => {
    const [pa, ka] = score(a);
    const [pb, kb] = score(b);
    return pa - pb || ka - kb || a.name.localeCompare(b.name);
  })[0];
}

export interface LineageIndex<T extends LineageRow> {
  parentOf(m: T): T | undefined;
  /** The first ancestor that derives from nothing loaded (a checkpoint of a fine-tune sits under the base). */
  rootOf(m: T): T | undefined;
}

/** Built once over the models a caller has loaded; `parentOf` only sees those. */
export function lineageIndex<T extends LineageRow>(rows: readonly T[]): LineageIndex<T> {
  const byId = new Map(rows.map((r) => [r.id, r]));
  const byModelId = new Map<string, T[]>();
  for (const r of rows) {
    const same = byModelId.get(r.modelId);
    if (same) same.push(r);
    else byModelId.set(r.modelId, [r]);
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
      return preferredFor(m, (byModelId.get(m.baseModel) ?? []).filter((r) => r.id !== m.id));
    },
  };
  return index;
}
