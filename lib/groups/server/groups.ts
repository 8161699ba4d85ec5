import { changesRegistry } from "@/lib/server/registry-generation";
import "server-only";
import type { Prisma } from "@/lib/generated/prisma/client";
import {
  FALLBACK_FIELDS,
  FALLBACK_KINDS,
  GROUP_NUMBER_SETTINGS,
  GROUP_SETTING_DEFAULTS,
  numberSettings,
  type FallbackField,
  type GroupCreate,
  type GroupListQuery,
  type GroupUpdate,
  type PublicGroup,
  type RoutingStrategyName,
} from "@/lib/groups/schema";
import type { Page } from "@/lib/models/schema";
import { ApiError, notFound, versionConflict, type FieldErrors } from "@/lib/server/api-error";
import { containsText, type Db } from "@/lib/server/db";

// Routing groups: create, edit (one transaction, optimistic concurrency), delete, and the checks that
// need the database: models exist, fallback groups exist, no fallback cycles.

type Tx = Prisma.TransactionClient;

export const groupInclude = {
  members: {
    include: { model: { select: { id: true, name: true, provider: true, kind: true, baseModel: true } } },
    orderBy: [{ order: "asc" }, { weight: "desc" }, { id: "asc" }],
  },
  fallbacks: { include: { target: { select: { name: true } } }, orderBy: { position: "asc" } },
  usedAsFallback: { include: { group: { select: { name: true } } } },
} satisfies Prisma.RoutingGroupInclude;

export type GroupRow = Prisma.RoutingGroupGetPayload<{ include: typeof groupInclude }>;

const KIND_TO_FIELD = Object.fromEntries(Object.entries(FALLBACK_KINDS).map(([f, k]) => [k, f])) as Record<string, FallbackField>;

export function toPublicGroup(row: GroupRow): PublicGroup {
  const lists: Record<FallbackField, string[]> = { fallbacks: [], contextWindowFallbacks: [], contentPolicyFallbacks: [] };
  for (const f of row.fallbacks) lists[KIND_TO_FIELD[f.kind] ?? "fallbacks"].push(f.target.name);
  return {
    id: row.id,
    name: row.name,
    description: row.description,
    strategy: row.strategy as RoutingStrategyName,
    ...numberSettings(row),
    members: row.members.map((m) => ({
      modelId: m.modelId,
      modelName: m.model.name,
      provider: m.model.provider,
      kind: m.model.kind === "fine_tuned" ? "fine_tuned" : "base",
      baseModel: m.model.baseModel,
      weight: m.weight,
      order: m.order,
      rpm: m.rpm,
      tpm: m.tpm,
      enabled: m.enabled,
    })),
    ...lists,
    usedAsFallbackBy: [...new Set(row.usedAsFallback.map((f) => f.group.name))].sort(),
    version: row.version,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

export async function listGroups(db: Db, q: GroupListQuery): Promise<Page<PublicGroup>> {
  const where: Prisma.RoutingGroupWhereInput = q.q ? { OR: [{ name: containsText(db, q.q) }, { description: containsText(db, q.q) }] } : {};
  const [total, rows] = await Promise.all([
    db.routingGroup.count({ where }),
    db.routingGroup.findMany({ where, include: groupInclude, orderBy: [{ name: "asc" }], skip: (q.page - 1) * q.pageSize, take: q.pageSize }),
  ]);
  return { items: rows.map(toPublicGroup), total, page: q.page, pageSize: q.pageSize };
}

export async function getGroup(db: Db | Tx, id: string): Promise<PublicGroup> {
  const row = await db.routingGroup.findUnique({ where: { id }, include: groupInclude });
  if (!row) throw notFound("Routing group");
  return toPublicGroup(row);
}

function invalid(fields: FieldErrors): ApiError {
  const [field, messages] = Object.entries(fields)[0];
  return new ApiError("validation_failed", `Invalid request body — ${field}: ${messages[0]}`, fields);
}

/** Members' model ids (or names) → model ids; unknown ones are field errors naming the member. */
async function resolveMembers(tx: Tx, members: GroupCreate["members"]) {
  const keys = members.map((m) => m.modelId);
  const models = await tx.model.findMany({ where: { OR: [{ id: { in: keys } }, { name: { in: keys } }] }, select: { id: true, name: true } });
  const byKey = new Map<string, string>();
  for (const m of models) {
    byKey.set(m.name, m.id);
    byKey.set(m.id, m.id);
  }
  const fields: FieldErrors = {};
  const ids = new Set<string>();
  const rows = members.map((m, i) => {
    const id = byKey.get(m.modelId);
    if (!id) fields[`members.${i}.modelId`] = [`No registered model "${m.modelId}"`];
    else if (ids.has(id)) fields[`members.${i}.modelId`] = [`Model "${m.modelId}" is listed twice`];
    if (id) ids.add(id);
    return { modelId: id ?? "", weight: m.weight, order: m.order, rpm: m.rpm, tpm: m.tpm, enabled: m.enabled };
  });
  if (Object.keys(fields).length) throw invalid(fields);
  return rows;
}

type FallbackLists = Partial<Record<FallbackField, string[] | null | undefined>>;

/**
 * Fallback names → group ids, refusing unknown groups and any cycle through fallbacks of any kind
 * (the router follows a fallback group's own fallbacks, so a cycle would loop back on itself).
 */
async function resolveFallbacks(tx: Tx, self: { id: string | null; name: string }, lists: FallbackLists) {
  const given = FALLBACK_FIELDS.filter((f) => lists[f] !== undefined);
  const names = [...new Set(given.flatMap((f) => lists[f] ?? []))];
  const groups = await tx.routingGroup.findMany({ where: { name: { in: names } }, select: { id: true, name: true, _count: { select: { members: { where: { enabled: true } } } } } });
  const idByName = new Map(groups.map((g) => [g.name, g.id]));
  const emptyNames = new Set(groups.filter((g) => g._count.members === 0).map((g) => g.name));
  const fields: FieldErrors = {};
  for (const f of given) {
    lists[f]?.forEach((name, i) => {
      if (name === self.name) fields[`${f}.${i}`] = [`Fallback cycle: "${name}" cannot fall back to itself`];
      else if (!idByName.has(name)) fields[`${f}.${i}`] = [`Unknown fallback group "${name}"`];
      else if (emptyNames.has(name)) fields[`${f}.${i}`] = [`Fallback group "${name}" is empty: it has no enabled member`];
    });
  }
  if (Object.keys(fields).length) throw invalid(fields);

  // The whole fallback graph, with this group's edges as they will be after the save.
  const edges = await tx.groupFallback.findMany({ select: { groupId: true, targetGroupId: true, kind: true, position: true } });
  const nameOf = new Map((await tx.routingGroup.findMany({ select: { id: true, name: true } })).map((g) => [g.id, g.name]));
  const selfId = self.id ?? "\u0000new";
  nameOf.set(selfId, self.name);
  const next = new Map<string, Array<{ to: string; field: FallbackField; index: number }>>();
  for (const e of edges.sort((a, b) => a.position - b.position)) {
    const field = KIND_TO_FIELD[e.kind] ?? "fallbacks";
    if (e.groupId === selfId && given.includes(field)) continue;
    const list = next.get(e.groupId) ?? [];
    list.push({ to: e.targetGroupId, field, index: list.length });
    next.set(e.groupId, list);
  }
  const own = next.get(selfId) ?? [];
  for (const f of given) lists[f]?.forEach((name, index) => own.push({ to: idByName.get(name)!, field: f, index }));
  next.set(selfId, own);

  for (const start of own) {
    const path = findPath(next, start.to, selfId);
    if (path) {
      const names = [self.name, ...path.map((id) => nameOf.get(id) ?? id)];
      throw invalid({ [`${start.field}.${start.index}`]: [`Fallback cycle: ${names.join(" → ")}`] });
    }
  }

  return given.flatMap((f) => (lists[f] ?? []).map((name, position) => ({ targetGroupId: idByName.get(name)!, kind: FALLBACK_KINDS[f], position })));
}

/** A path from → … → to through the fallback graph (inclusive), or undefined. */
function findPath(next: Map<string, Array<{ to: string }>>, from: string, to: string): string[] | undefined {
  const seen = new Set<string>();
  const walk = (id: string): string[] | undefined => {
    if (id === to) return [id];
    if (seen.has(id)) return undefined;
    seen.add(id);
    for (const e of next.get(id) ?? []) {
      const rest = walk(e.to);
      if (rest) return [id, ...rest];
    }
    return undefined;
  };
  return walk(from);
}

async function assertNameFree(tx: Tx, name: string, exceptId?: string) {
  const other = await tx.routingGroup.findUnique({ where: { name }, select: { id: true } });
  if (other && other.id !== exceptId) {
    throw new ApiError("conflict", `A routing group named "${name}" already exists`, { name: ["This name is already taken"] });
  }
}

async function createGroupUnsignalled(db: Db, input: GroupCreate): Promise<PublicGroup> {
  return db.$transaction(async (tx) => {
    await assertNameFree(tx, input.name);
    const members = await resolveMembers(tx, input.members);
    const fallbacks = await resolveFallbacks(tx, { id: null, name: input.name }, { ...input });
    const row = await tx.routingGroup.create({
      data: {
        name: input.name,
        description: input.description,
        strategy: input.strategy,
        ...numberSettings(input),
        members: { create: members },
        fallbacks: { create: fallbacks },
      },
      include: groupInclude,
    });
    return toPublicGroup(row);
  });
}

const SETTINGS = ["strategy", ...GROUP_NUMBER_SETTINGS] as const;

async function updateGroupUnsignalled(db: Db, id: string, input: GroupUpdate): Promise<PublicGroup> {
  return db.$transaction(async (tx) => {
    const current = await tx.routingGroup.findUnique({ where: { id }, include: groupInclude });
    if (!current) throw notFound("Routing group");
    if (current.version !== input.version) throw versionConflict(`Routing group "${current.name}"`, toPublicGroup(current));
    const name = input.name ?? current.name;
    if (name !== current.name) await assertNameFree(tx, name, id);

    const data: Prisma.RoutingGroupUpdateInput = { name, version: { increment: 1 } };
    if (input.description !== undefined) data.description = input.description || null;
    for (const key of SETTINGS) {
      const value = input[key];
      if (value !== undefined) (data as Record<string, unknown>)[key] = value ?? GROUP_SETTING_DEFAULTS[key];
    }
    const lists: FallbackLists = Object.fromEntries(FALLBACK_FIELDS.filter((f) => input[f] !== undefined).map((f) => [f, input[f] ?? []]));
    // A rename must not let an existing fallback edge point back at the new name: always re-check the graph.
    const fallbacks = await resolveFallbacks(tx, { id, name }, lists);
    const replacedKinds = FALLBACK_FIELDS.filter((f) => lists[f] !== undefined).map((f) => FALLBACK_KINDS[f]);

    // Guarded by version so a concurrent edit between our read and this write still loses cleanly.
    const updated = await tx.routingGroup.updateMany({ where: { id, version: input.version }, data: { version: { increment: 1 } } });
    if (updated.count === 0) throw versionConflict(`Routing group "${current.name}"`, await getGroup(tx, id));
    delete data.version;
    if (input.members) {
      const members = await resolveMembers(tx, input.members);
      await tx.groupMember.deleteMany({ where: { groupId: id } });
      data.members = { create: members };
    }
    if (replacedKinds.length) {
      await tx.groupFallback.deleteMany({ where: { groupId: id, kind: { in: replacedKinds } } });
      data.fallbacks = { create: fallbacks };
    }
    const row = await tx.routingGroup.update({ where: { id }, data, include: groupInclude });
    return toPublicGroup(row);
  });
}

/** Refused (409, naming them) while other groups use this one as a fallback. */
async function deleteGroupUnsignalled(db: Db, id: string): Promise<{ deleted: true; id: string; name: string }> {
  return db.$transaction(async (tx) => {
    const row = await tx.routingGroup.findUnique({ where: { id }, include: { usedAsFallback: { include: { group: { select: { id: true, name: true } } } } } });
    if (!row) throw notFound("Routing group");
    const users = [...new Map(row.usedAsFallback.map((f) => [f.group.id, f.group])).values()];
    if (users.length) {
      const list = users.map((g) => `"${g.name}"`).join(", ");
      throw new ApiError(
        "conflict",
        `"${row.name}" is a fallback of ${users.length === 1 ? "the routing group" : "the routing groups"} ${list}. Remove it from their fallbacks first.`,
        undefined,
        { groups: users },
      );
    }
    await tx.routingGroup.delete({ where: { id } });
    return { deleted: true, id, name: row.name };
  });
}

// Every registry write signals the change, so in-memory copies (the gateway's config) never serve a stale edit.
export const createGroup = changesRegistry(createGroupUnsignalled);
export const updateGroup = changesRegistry(updateGroupUnsignalled);
export const deleteGroup = changesRegistry(deleteGroupUnsignalled);
