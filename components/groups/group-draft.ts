import {
  GROUP_NUMBER_SETTINGS,
  GROUP_SETTING_DEFAULTS,
  type FallbackField,
  type GroupCreateInput,
  type PublicGroup,
  type PublicGroupMember,
  type RoutingStrategyName,
} from "@/lib/groups/schema";

// The editor's working copy of a group, and the pure rules the editor shows: shares, the canary split, the request body.

export type MemberDraft = Pick<PublicGroupMember, "modelId" | "modelName" | "provider" | "kind" | "baseModel" | "weight" | "order" | "enabled"> & {
  rpm: string;
  tpm: string;
};

export const SETTING_KEYS = GROUP_NUMBER_SETTINGS;
export type SettingKey = (typeof SETTING_KEYS)[number];

export interface GroupDraft extends Record<SettingKey, string>, Record<FallbackField, string[]> {
  name: string;
  description: string;
  strategy: RoutingStrategyName;
  members: MemberDraft[];
}

export const STRATEGY_HELP: Record<RoutingStrategyName, string> = {
  "simple-shuffle": "Picks a member at random in proportion to its weight — the usual choice for a canary split.",
  "least-busy": "Sends each request to the member with the fewest requests in flight right now.",
  "latency-based-routing": "Prefers the member with the lowest recent latency, measured from live traffic.",
  "cost-based-routing": "Prefers the cheapest member per token, from its pricing.",
  "usage-based-routing": "Prefers the member with the most rpm/tpm headroom left this minute.",
};

export function emptyDraft(): GroupDraft {
  const s = GROUP_SETTING_DEFAULTS;
  return {
    name: "",
    description: "",
    strategy: s.strategy,
    members: [],
    ...(Object.fromEntries(SETTING_KEYS.map((k) => [k, String(s[k])])) as Record<SettingKey, string>),
    fallbacks: [],
    contextWindowFallbacks: [],
    contentPolicyFallbacks: [],
  };
}

export function draftFromGroup(g: PublicGroup): GroupDraft {
  return {
    name: g.name,
    description: g.description ?? "",
    strategy: g.strategy,
    members: g.members.map((m) => ({ ...m, rpm: m.rpm == null ? "" : String(m.rpm), tpm: m.tpm == null ? "" : String(m.tpm) })),
    ...(Object.fromEntries(SETTING_KEYS.map((k) => [k, String(g[k])])) as Record<SettingKey, string>),
    fallbacks: [...g.fallbacks],
    contextWindowFallbacks: [...g.contextWindowFallbacks],
    contentPolicyFallbacks: [...g.contentPolicyFallbacks],
  };
}

/** "" → undefined (the default); anything else as a number, so the schema names a bad one. */
const num = (v: string) => (v.trim() === "" ? undefined : Number(v));

export function draftToBody(d: GroupDraft): GroupCreateInput {
  return {
    name: d.name,
    description: d.description.trim() || null,
    strategy: d.strategy,
    members: d.members.map((m) => ({ modelId: m.modelId, weight: m.weight, order: m.order, rpm: num(m.rpm) ?? null, tpm: num(m.tpm) ?? null, enabled: m.enabled })),
    ...(Object.fromEntries(SETTING_KEYS.map((k) => [k, num(d[k])])) as Partial<Record<SettingKey, number>>),
    fallbacks: d.fallbacks,
    contextWindowFallbacks: d.contextWindowFallbacks,
    contentPolicyFallbacks: d.contentPolicyFallbacks,
  };
}

/** Each member's share of traffic within its `order` tier (enabled members only), in percent; null when disabled. */
export function memberShares(members: Pick<MemberDraft, "weight" | "order" | "enabled">[]): Array<number | null> {
  const totals = new Map<number, number>();
  for (const m of members) if (m.enabled && m.weight > 0) totals.set(m.order, (totals.get(m.order) ?? 0) + m.weight);
  return members.map((m) => {
    if (!m.enabled) return null;
    const total = totals.get(m.order) ?? 0;
    return total > 0 && m.weight > 0 ? (m.weight / total) * 100 : 0;
  });
}

export function formatShare(p: number | null): string {
  if (p === null) return "off";
  return `${Number.isInteger(p) ? p : p.toFixed(1)}%`;
}

/** The canary case: exactly two members in the same tier, one base and one fine-tune. Indices into members. */
export function canaryPair(members: MemberDraft[]): { base: number; tuned: number } | null {
  if (members.length !== 2 || members[0].order !== members[1].order) return null;
  const base = members.findIndex((m) => m.kind === "base");
  const tuned = members.findIndex((m) => m.kind === "fine_tuned");
  return base >= 0 && tuned >= 0 ? { base, tuned } : null;
}

/** The fine-tune's share of the pair, 0–100. */
export function canaryPercent(members: MemberDraft[], pair: { base: number; tuned: number }): number {
  const b = members[pair.base];
  const t = members[pair.tuned];
  if (!t.enabled) return 0;
  if (!b.enabled) return 100;
  return Math.round((t.weight / (t.weight + b.weight)) * 100);
}

/** Moves traffic between the pair; 0% and 100% disable the other member (a weight must stay above 0). */
export function setCanary(members: MemberDraft[], pair: { base: number; tuned: number }, percent: number): MemberDraft[] {
  const p = Math.min(100, Math.max(0, Math.round(percent)));
  return members.map((m, i) => {
    if (i === pair.tuned) return p === 0 ? { ...m, enabled: false } : { ...m, enabled: true, weight: p === 100 ? m.weight || 1 : p };
    if (i === pair.base) return p === 100 ? { ...m, enabled: false } : { ...m, enabled: true, weight: p === 0 ? m.weight || 1 : 100 - p };
    return m;
  });
}
