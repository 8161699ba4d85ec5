import { z } from "zod";
import { GROUP_SETTING_DEFAULTS, ROUTING_STRATEGIES, type FallbackField, type GroupCreateInput, type RoutingStrategyName } from "@/lib/groups/schema";
import type { ModelCreateInput } from "@/lib/models/schema";
import { toEnvRef, type LineOf, type LiteLlmConfig } from "./config";
import type { ImportIssue } from "./types";

// A parsed LiteLLM config → what to register: one deployment per distinct model entry, one group per model_name.
// Pure: the server (lib/litellm/server/import.ts) checks it against the registry and writes it, group by group.

const EntrySchema = z.object({
  model_name: z.string().trim().min(1, "model_name is required"),
  litellm_params: z
    .object({
      model: z.string().trim().min(1, "litellm_params.model is required"),
      api_base: z.string().trim().optional(),
      api_key: z.string().optional(),
      api_version: z.string().optional(),
      vertex_project: z.string().optional(),
      vertex_location: z.string().optional(),
      rpm: z.number().int().positive().optional(),
      tpm: z.number().int().positive().optional(),
      weight: z.number().positive().optional(),
      order: z.number().int().min(0).max(100).optional(),
    })
    .passthrough(),
  model_info: z
    .object({ id: z.string().trim().min(1).max(100).optional(), base_model: z.string().optional(), tunebench_enabled: z.boolean().optional() })
    .passthrough()
    .optional(),
});

const KNOWN_PARAMS = new Set(["model", "api_base", "api_key", "api_version", "vertex_project", "vertex_location", "rpm", "tpm", "weight", "order"]);
/** Secret-bearing LiteLLM params we never echo back in a message. */
const STRATEGY_ALIASES: Record<string, RoutingStrategyName> = { "usage-based-routing-v2": "usage-based-routing" };

export interface PlannedModel {
  /** model_list index of the entry that defines it (its first use). */
  index: number;
  line?: number;
  input: ModelCreateInput;
}

export interface PlannedMember {
  model: PlannedModel;
  weight: number;
  order: number;
  rpm: number | null;
  tpm: number | null;
  enabled: boolean;
}

export interface PlannedGroup {
  name: string;
  line?: number;
  members: PlannedMember[];
  /** Everything but members: settings, description and fallback names. */
  settings: Omit<GroupCreateInput, "name" | "members">;
  /** Reasons the whole group is refused before anything is written. */
  problems: string[];
}

export interface ImportPlan {
  groups: PlannedGroup[];
  /** Things in the file that are not imported, and why. */
  skipped: ImportIssue[];
}

const FALLBACK_KEYS: Array<[FallbackField, "fallbacks" | "context_window_fallbacks" | "content_policy_fallbacks"]> = [
  ["fallbacks", "fallbacks"],
  ["contextWindowFallbacks", "context_window_fallbacks"],
  ["contentPolicyFallbacks", "content_policy_fallbacks"],
];

function strategyOf(raw: string | undefined, where: string, skipped: ImportIssue[]): RoutingStrategyName | undefined {
  if (raw === undefined) return undefined;
  if ((ROUTING_STRATEGIES as readonly string[]).includes(raw)) return raw as RoutingStrategyName;
  if (STRATEGY_ALIASES[raw]) return STRATEGY_ALIASES[raw];
  skipped.push({ kind: "config", name: where, field: "routing_strategy", reason: `routing_strategy "${raw}" is not supported; ${GROUP_SETTING_DEFAULTS.strategy} is used` });
  return undefined;
}

const ms = (seconds: number | undefined) => (seconds === undefined ? undefined : Math.round(seconds * 1000));

/** A registration name for a deployment: model_info.id when given, else the LiteLLM model string. */
function deploymentName(e: z.output<typeof EntrySchema>): string {
  return (e.model_info?.id ?? e.litellm_params.model).slice(0, 100);
}

export function planImport(config: LiteLlmConfig, lineOf: LineOf): ImportPlan {
  const skipped: ImportIssue[] = [];
  const groups = new Map<string, PlannedGroup>();
  const models = new Map<string, PlannedModel>();
  const rs = config.router_settings ?? {};
  const globalStrategy = strategyOf(rs.routing_strategy, "router_settings", skipped);

  for (const key of Object.keys(rs)) {
    if (!["routing_strategy", "num_retries", "timeout", "allowed_fails", "cooldown_time", "default_max_parallel_requests", "fallbacks", "context_window_fallbacks", "content_policy_fallbacks"].includes(key)) {
      skipped.push({ kind: "config", name: "router_settings", field: `router_settings.${key}`, reason: `router_settings.${key} has no Tunebench equivalent`, line: lineOf(["router_settings", key]) });
    }
  }

  config.model_list.forEach((raw, index) => {
    const at = ["model_list", index];
    const parsed = EntrySchema.safeParse(raw);
    const groupName = typeof (raw as { model_name?: unknown })?.model_name === "string" ? ((raw as { model_name: string }).model_name.trim() || `model_list[${index}]`) : `model_list[${index}]`;
    const group =
      groups.get(groupName) ??
      groups.set(groupName, { name: groupName, line: lineOf(at), members: [], settings: {}, problems: [] }).get(groupName)!;
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        const path = [...at, ...(issue.path as Array<string | number>)];
        group.problems.push(`line ${lineOf(path) ?? "?"}: ${path.join(".")}: ${issue.message}`);
      }
      return;
    }
    const e = parsed.data;
    const p = e.litellm_params;
    for (const key of Object.keys(p)) {
      if (!KNOWN_PARAMS.has(key)) skipped.push({ kind: "model", name: deploymentName(e), field: `model_list.${index}.litellm_params.${key}`, reason: `litellm_params.${key} is not imported`, line: lineOf([...at, "litellm_params", key]) });
    }
    const identity = `${p.model}\u0000${p.api_base ?? ""}\u0000${p.api_version ?? ""}`;
    let model = models.get(identity);
    if (!model) {
      model = {
        index,
        line: lineOf([...at, "litellm_params", "model"]),
        input: {
          name: deploymentName(e),
          model: p.model,
          apiBase: p.api_base || undefined,
          apiKey: p.api_key ? toEnvRef(p.api_key) : undefined,
          apiVersion: p.api_version || undefined,
          project: p.vertex_project || undefined,
          location: p.vertex_location || undefined,
          baseModel: e.model_info?.base_model || undefined,
        },
      };
      models.set(identity, model);
    }
    if (group.members.some((m) => m.model === model)) {
      group.problems.push(`line ${lineOf(at) ?? "?"}: ${p.model} is listed twice in "${groupName}"`);
      return;
    }
    group.members.push({ model, weight: p.weight ?? 1, order: p.order ?? 0, rpm: p.rpm ?? null, tpm: p.tpm ?? null, enabled: e.model_info?.tunebench_enabled ?? true });
  });

  // Fallback lists may sit in litellm_settings or router_settings (both are accepted by LiteLLM).
  const lists = { fallbacks: new Map<string, string[]>(), contextWindowFallbacks: new Map<string, string[]>(), contentPolicyFallbacks: new Map<string, string[]>() };
  for (const section of ["router_settings", "litellm_settings"] as const) {
    const s = config[section] ?? {};
    for (const [field, key] of FALLBACK_KEYS) {
      (s[key] ?? []).forEach((entry, i) => {
        for (const [from, to] of Object.entries(entry)) {
          if (!groups.has(from)) {
            skipped.push({ kind: "config", name: from, field: `${section}.${key}.${i}`, reason: `fallbacks for "${from}", which has no model_list entry`, line: lineOf([section, key, i]) });
            continue;
          }
          lists[field].set(from, [...(lists[field].get(from) ?? []), ...to.filter((n) => !(lists[field].get(from) ?? []).includes(n))]);
        }
      });
    }
  }

  for (const g of groups.values()) {
    const own = config.tunebench_groups?.[g.name] ?? {};
    g.settings = {
      description: own.description ?? null,
      strategy: strategyOf(own.routing_strategy, `tunebench_groups.${g.name}`, skipped) ?? globalStrategy,
      retries: own.num_retries ?? rs.num_retries,
      timeoutMs: ms(own.timeout ?? rs.timeout),
      firstByteTimeoutMs: ms(own.first_byte_timeout),
      streamTtftTimeoutMs: ms(own.stream_timeout),
      maxInFlight: own.default_max_parallel_requests ?? rs.default_max_parallel_requests,
      allowedFails: own.allowed_fails ?? rs.allowed_fails,
      cooldownWindowSeconds: own.cooldown_window,
      cooldownSeconds: (own.cooldown_time ?? rs.cooldown_time) === undefined ? undefined : Math.round((own.cooldown_time ?? rs.cooldown_time)!),
      maxAttempts: own.max_attempts,
      deadlineMs: ms(own.deadline),
      fallbacks: lists.fallbacks.get(g.name) ?? [],
      contextWindowFallbacks: lists.contextWindowFallbacks.get(g.name) ?? [],
      contentPolicyFallbacks: lists.contentPolicyFallbacks.get(g.name) ?? [],
    };
  }
  return { groups: [...groups.values()], skipped };
}

/** Every fallback name a group refers to. */
export function fallbackNames(g: PlannedGroup): string[] {
  return [...new Set([...(g.settings.fallbacks ?? []), ...(g.settings.contextWindowFallbacks ?? []), ...(g.settings.contentPolicyFallbacks ?? [])])];
}
