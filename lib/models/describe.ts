import type { ResolvedModel } from "@/lib/completion/resolve-model";
import { PROVIDER_LABELS } from "./providers";

// Model ids in words for people: what the form detected, and the part of a long id that tells models apart.

const CHECKPOINT = /:ckpt-step-(\d+)$/;

function hostOf(apiBase: string): string {
  try {
    return new URL(apiBase).host;
  } catch {
    return apiBase;
  }
}

/**
 * One sentence for what a model id was detected as, e.g. "OpenAI fine-tune of gpt-4o-mini-2024-07-18".
 * `apiBase` is the form's, when one is filled in: a model on a self-hosted server says where it runs.
 */
export function describeDetection(d: Pick<ResolvedModel, "provider" | "model" | "baseModel" | "kind" | "project" | "location">, apiBase?: string): string {
  const label = PROVIDER_LABELS[d.provider];
  const where = d.project && d.location ? ` in ${d.project} (${d.location})` : "";
  const server = apiBase && d.provider === "openai" && hostOf(apiBase) !== "api.openai.com" ? ` on the OpenAI-compatible server at ${hostOf(apiBase)}` : "";
  if (d.kind === "fine_tuned") {
    const step = CHECKPOINT.exec(d.model)?.[1];
    const what = step ? `${label} fine-tune checkpoint (step ${step})` : d.provider === "vertex_ai" ? `${label} tuned model` : `${label} fine-tune`;
    if (d.baseModel) return `${what} of ${d.baseModel}${where}${server}`;
    return `${what}${where}${server}; its base model is not in the id, so enter it below for cost and context window`;
  }
  if (!d.baseModel) return `${label} deployment ${d.model}${where}; its base model is not in the id, so enter it below for cost and context window`;
  return `${label} model ${d.baseModel}${where}${server}`;
}

const ELLIPSIS = "…";

/**
 * The end of a model id that tells it apart from its siblings: for an OpenAI-style fine-tune, its suffix
 * and id (ft:gpt-4o-mini-2024-07-18:acme:support-bot:9KxT2qLm → …support-bot:9KxT2qLm); for a path, its
 * last two parts; for any other long id, its last `max` characters. Short ids are returned whole.
 */
export function distinguishingEnd(id: string, max = 32): string {
  if (id.startsWith("ft:")) {
    const parts = id.split(":");
    const checkpoint = CHECKPOINT.test(id) ? `:${parts.pop()}` : "";
    if (parts.length >= 5) {
      const [org, suffix, ftId] = parts.slice(-3);
      return `${ELLIPSIS}${suffix ? suffix : `${org}:`}:${ftId}${checkpoint}`;
    }
  }
  if (id.length <= max) return id;
  if (id.includes("/")) {
    const tail = id.split("/").slice(-2).join("/");
    if (tail.length <= max) return `${ELLIPSIS}${tail}`;
  }
  return `${ELLIPSIS}${id.slice(-max)}`;
}
