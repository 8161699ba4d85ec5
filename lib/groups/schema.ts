import { z } from "zod";
import { MAX_INT32 } from "@/lib/models/schema";
import { GROUP_DEFAULTS, ROUTING_STRATEGIES, type RouterGroup, type RoutingStrategy } from "@/lib/completion/router/types";

// The routing-group contract, shared by the API (server validation) and the group form (client validation).
// Checks that need the database (unknown models or fallback groups, cycles) live in lib/groups/server/groups.ts.

export { ROUTING_STRATEGIES };
export type RoutingStrategyName = RoutingStrategy;

export const FALLBACK_KINDS = { fallbacks: "default", contextWindowFallbacks: "context_window", contentPolicyFallbacks: "content_policy" } as const;
export type FallbackField = keyof typeof FALLBACK_KINDS;
export const FALLBACK_FIELDS = Object.keys(FALLBACK_KINDS) as FallbackField[];

/** Defaults (the router's, which the database's column defaults match). */
export const GROUP_SETTING_DEFAULTS = GROUP_DEFAULTS;

/** A group's settings (strategy, retries, timeouts, cooldown): the router's own fields, so the two cannot drift. */
export type GroupSettings = Pick<RouterGroup, keyof typeof GROUP_DEFAULTS>;

/** The numeric settings, in the order the editor shows them. */
export const GROUP_NUMBER_SETTINGS = [
  "retries",
  "maxAttempts",
  "deadlineMs",
  "timeoutMs",
  "firstByteTimeoutMs",
  "streamTtftTimeoutMs",
  "maxInFlight",
  "allowedFails",
  "cooldownWindowSeconds",
  "cooldownSeconds",
] as const satisfies ReadonlyArray<keyof typeof GROUP_DEFAULTS>;
export type GroupNumberSetting = (typeof GROUP_NUMBER_SETTINGS)[number];

/** The numeric settings of a stored row or a parsed input, by name. */
export function numberSettings(src: Record<GroupNumberSetting, number>): Record<GroupNumberSetting, number> {
  return Object.fromEntries(GROUP_NUMBER_SETTINGS.map((k) => [k, src[k]])) as Record<GroupNumberSetting, number>;
}

export const GroupNameSchema = z
  .string()
  .trim()
  .min(1, "Name is required")
  .max(100)
  .regex(/^[\w.\-/:]+$/, "Use letters, digits and . - _ / : only (callers send it as the model name)");

const int = (min: number, max: number, what: string) =>
  z.number({ message: `${what} must be a number` }).int(`${what} must be a whole number`).min(min, `${what} must be at least ${min}`).max(max, `${what} must be at most ${max}`);

export const GroupMemberInputSchema = z
  .object({
    /** The registered model's id (its name is accepted too). */
    modelId: z.string().trim().min(1, "Pick a model").max(100),
    weight: z.number({ message: "Weight must be a number" }).gt(0, "Weight must be greater than 0").max(1_000_000).default(1),
    order: int(0, 100, "Order").default(0),
    rpm: int(1, 10_000_000, "rpm").nullish().transform((v) => v ?? null),
    tpm: int(1, 1_000_000_000, "tpm").nullish().transform((v) => v ?? null),
    enabled: z.boolean().default(true),
  })
  .strict();

const fallbackList = z.array(GroupNameSchema).max(20, "At most 20 fallback groups");

const settings = {
  description: z.string().trim().max(2000).nullish(),
  strategy: z.enum(ROUTING_STRATEGIES, { message: `Strategy must be one of ${ROUTING_STRATEGIES.join(", ")}` }),
  retries: int(0, 10, "retries"),
  timeoutMs: int(100, 600_000, "timeoutMs"),
  firstByteTimeoutMs: int(100, 600_000, "firstByteTimeoutMs"),
  streamTtftTimeoutMs: int(100, 600_000, "streamTtftTimeoutMs"),
  maxInFlight: int(1, 100_000, "maxInFlight"),
  allowedFails: int(1, 1000, "allowedFails"),
  cooldownWindowSeconds: int(1, 86_400, "cooldownWindowSeconds"),
  cooldownSeconds: int(0, 86_400, "cooldownSeconds"),
  maxAttempts: int(1, 50, "maxAttempts"),
  deadlineMs: int(100, 3_600_000, "deadlineMs"),
} satisfies Record<"description" | "strategy" | GroupNumberSetting, z.ZodType>;

const members = z.array(GroupMemberInputSchema).min(1, "A group needs at least one member").max(1000, "At most 1,000 members");

type Issue = { path: (string | number)[]; message: string };

/** Same model twice, the same fallback twice, or the group as its own fallback. */
function crossFieldIssues(g: { name?: string; members?: { modelId: string }[] | null } & Partial<Record<FallbackField, string[] | null | undefined>>): Issue[] {
  const issues: Issue[] = [];
  const seen = new Set<string>();
  g.members?.forEach((m, i) => {
    if (seen.has(m.modelId)) issues.push({ path: ["members", i, "modelId"], message: `Model "${m.modelId}" is listed twice` });
    seen.add(m.modelId);
  });
  for (const field of FALLBACK_FIELDS) {
    const names = new Set<string>();
    g[field]?.forEach((name, i) => {
      if (g.name !== undefined && name === g.name) issues.push({ path: [field, i], message: `Fallback cycle: "${name}" cannot fall back to itself` });
      else if (names.has(name)) issues.push({ path: [field, i], message: `Fallback group "${name}" is listed twice` });
      names.add(name);
    });
  }
  return issues;
}

export const GroupCreateSchema = z
  .object({
    name: GroupNameSchema,
    description: settings.description.transform((v) => v || null),
    strategy: settings.strategy.default(GROUP_SETTING_DEFAULTS.strategy),
    members,
    retries: settings.retries.default(GROUP_SETTING_DEFAULTS.retries),
    timeoutMs: settings.timeoutMs.default(GROUP_SETTING_DEFAULTS.timeoutMs),
    firstByteTimeoutMs: settings.firstByteTimeoutMs.default(GROUP_SETTING_DEFAULTS.firstByteTimeoutMs),
    streamTtftTimeoutMs: settings.streamTtftTimeoutMs.default(GROUP_SETTING_DEFAULTS.streamTtftTimeoutMs),
    maxInFlight: settings.maxInFlight.default(GROUP_SETTING_DEFAULTS.maxInFlight),
    allowedFails: settings.allowedFails.default(GROUP_SETTING_DEFAULTS.allowedFails),
    cooldownWindowSeconds: settings.cooldownWindowSeconds.default(GROUP_SETTING_DEFAULTS.cooldownWindowSeconds),
    cooldownSeconds: settings.cooldownSeconds.default(GROUP_SETTING_DEFAULTS.cooldownSeconds),
    maxAttempts: settings.maxAttempts.default(GROUP_SETTING_DEFAULTS.maxAttempts),
    deadlineMs: settings.deadlineMs.default(GROUP_SETTING_DEFAULTS.deadlineMs),
    fallbacks: fallbackList.default([]),
    contextWindowFallbacks: fallbackList.default([]),
    contentPolicyFallbacks: fallbackList.default([]),
  })
  .strict()
  .superRefine((g, ctx) => {
    for (const issue of crossFieldIssues(g)) ctx.addIssue({ code: "custom", ...issue });
  });

/**
 * PATCH: every field optional except `version`. A setting sent as null goes back to its default, a description
 * or fallback list sent as null is cleared. `members` and the fallback lists, when given, replace the stored ones.
 */
export const GroupUpdateSchema = z
  .object({
    version: z.number({ message: "version is required (the one you loaded)" }).int().min(1).max(MAX_INT32),
    name: GroupNameSchema.optional(),
    description: settings.description,
    strategy: settings.strategy.nullish(),
    members: members.optional(),
    retries: settings.retries.nullish(),
    timeoutMs: settings.timeoutMs.nullish(),
    firstByteTimeoutMs: settings.firstByteTimeoutMs.nullish(),
    streamTtftTimeoutMs: settings.streamTtftTimeoutMs.nullish(),
    maxInFlight: settings.maxInFlight.nullish(),
    allowedFails: settings.allowedFails.nullish(),
    cooldownWindowSeconds: settings.cooldownWindowSeconds.nullish(),
    cooldownSeconds: settings.cooldownSeconds.nullish(),
    maxAttempts: settings.maxAttempts.nullish(),
    deadlineMs: settings.deadlineMs.nullish(),
    fallbacks: fallbackList.nullish(),
    contextWindowFallbacks: fallbackList.nullish(),
    contentPolicyFallbacks: fallbackList.nullish(),
  })
  .strict()
  .superRefine((g, ctx) => {
    for (const issue of crossFieldIssues(g)) ctx.addIssue({ code: "custom", ...issue });
  });

export type GroupCreateInput = z.input<typeof GroupCreateSchema>;
export type GroupCreate = z.output<typeof GroupCreateSchema>;
export type GroupUpdateInput = z.input<typeof GroupUpdateSchema>;
export type GroupUpdate = z.output<typeof GroupUpdateSchema>;

export const GroupListQuerySchema = z.object({
  q: z.string().trim().max(200).optional(),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(50),
});
export type GroupListQuery = z.infer<typeof GroupListQuerySchema>;

export const GroupIdParamsSchema = z.object({ id: z.string().min(1).max(64) });

export interface PublicGroupMember {
  modelId: string;
  modelName: string;
  provider: string;
  kind: "base" | "fine_tuned";
  baseModel: string | null;
  weight: number;
  order: number;
  rpm: number | null;
  tpm: number | null;
  enabled: boolean;
}

/** What the API returns for a group. */
export interface PublicGroup extends GroupSettings {
  id: string;
  name: string;
  description: string | null;
  members: PublicGroupMember[];
  fallbacks: string[];
  contextWindowFallbacks: string[];
  contentPolicyFallbacks: string[];
  /** Groups that list this one as a fallback (any kind). */
  usedAsFallbackBy: string[];
  version: number;
  createdAt: string;
  updatedAt: string;
}
