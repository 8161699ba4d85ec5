import { stringify } from "yaml";
import type { PublicGroup } from "@/lib/groups/schema";
import type { PublicModel } from "@/lib/models/schema";
import { fromEnvRef } from "./config";

// Groups (and their members' models) → a LiteLLM config.yaml. Secrets never leave: only environment references
// are written (as os.environ/NAME); inline keys and saved credentials are listed in a comment instead.
// LiteLLM's router_settings are global, so per-group settings also go to `tunebench_groups`, which LiteLLM ignores.

const sec = (ms: number) => ms / 1000;

function groupSettings(g: PublicGroup) {
  return {
    routing_strategy: g.strategy,
    num_retries: g.retries,
    timeout: sec(g.timeoutMs),
    allowed_fails: g.allowedFails,
    cooldown_time: g.cooldownSeconds,
    default_max_parallel_requests: g.maxInFlight,
  };
}

export interface ExportResult {
  yaml: string;
  /** Models whose key could not be exported (inline or credential). */
  withoutKey: string[];
}

export function exportLiteLlmConfig(groups: PublicGroup[], models: Map<string, PublicModel>, now = new Date()): ExportResult {
  const withoutKey = new Set<string>();
  const modelList = groups.flatMap((g) =>
    g.members.map((m) => {
      const model = models.get(m.modelId);
      const params: Record<string, unknown> = { model: `${m.provider}/${model?.model ?? m.modelName}` };
      if (model?.apiBase) params.api_base = model.apiBase;
      if (model?.apiVersion) params.api_version = model.apiVersion;
      if (model?.project) params.vertex_project = model.project;
      if (model?.location) params.vertex_location = model.location;
      if (model?.secret.source === "env" && model.secret.envRef) params.api_key = fromEnvRef(model.secret.envRef);
      else if (model && (model.secret.source === "inline" || model.secret.source === "credential")) withoutKey.add(model.name);
      if (m.rpm != null) params.rpm = m.rpm;
      if (m.tpm != null) params.tpm = m.tpm;
      params.weight = m.weight;
      if (m.order) params.order = m.order;
      const info: Record<string, unknown> = { id: m.modelName };
      if (m.baseModel) info.base_model = m.baseModel;
      if (!m.enabled) info.tunebench_enabled = false;
      return { model_name: g.name, litellm_params: params, model_info: info };
    }),
  );

  const fallbacks = (pick: (g: PublicGroup) => string[]) => groups.filter((g) => pick(g).length).map((g) => ({ [g.name]: pick(g) }));
  const litellmSettings: Record<string, unknown> = {};
  const fb = fallbacks((g) => g.fallbacks);
  const cw = fallbacks((g) => g.contextWindowFallbacks);
  const cp = fallbacks((g) => g.contentPolicyFallbacks);
  if (fb.length) litellmSettings.fallbacks = fb;
  if (cw.length) litellmSettings.context_window_fallbacks = cw;
  if (cp.length) litellmSettings.content_policy_fallbacks = cp;

  const config: Record<string, unknown> = { model_list: modelList };
  if (groups.length) config.router_settings = groupSettings(groups[0]);
  if (Object.keys(litellmSettings).length) config.litellm_settings = litellmSettings;
  if (groups.length) {
    config.tunebench_groups = Object.fromEntries(
      groups.map((g) => [
        g.name,
        {
          ...(g.description ? { description: g.description } : {}),
          ...groupSettings(g),
          first_byte_timeout: sec(g.firstByteTimeoutMs),
          stream_timeout: sec(g.streamTtftTimeoutMs),
          cooldown_window: g.cooldownWindowSeconds,
          max_attempts: g.maxAttempts,
          deadline: sec(g.deadlineMs),
        },
      ]),
    );
  }

  const header = [
    `# LiteLLM config exported from Tunebench on ${now.toISOString()}`,
    "# router_settings are LiteLLM's global defaults (taken from the first group); tunebench_groups keeps each group's own settings.",
    ...(withoutKey.size ? [`# Keys not exported (inline or saved credential; set api_key yourself): ${[...withoutKey].join(", ")}`] : []),
  ];
  return { yaml: `${header.join("\n")}\n${stringify(config, { lineWidth: 0 })}`, withoutKey: [...withoutKey] };
}
