// Context-window pre-check: which deployments can fit this prompt. Mirrors the core's own pre-check, so a
// member skipped here is one the core would refuse anyway.
import { getContextWindow } from "../pricing";
import { countPromptTokensAsync, countPromptTokensNow, isExactTokenizer, promptTokenUpperBound, tokenizerFor } from "../tokens";
import type { ChatRequest, Deployment } from "../types";
import type { CancelSignal } from "../cancel";
import type { RouterGroup } from "./types";

/** The core's slack for tokenizers that only estimate (non-OpenAI models). */
const ESTIMATE_SLACK = 1.1;

const windowCache = new WeakMap<Deployment, number | null>();

function windowOf(d: Deployment): number | null {
  let w = windowCache.get(d);
  if (w === undefined) {
    w = d.contextWindow ?? getContextWindow(d.baseModel ?? d.model) ?? null;
    windowCache.set(d, w);
  }
  return w;
}

const maxOutOf = (req: ChatRequest) => req.max_tokens ?? req.max_completion_tokens ?? 0;

/** The most prompt tokens the deployment takes alongside the request's max_tokens. */
function allowedPrompt(d: Deployment, window: number, maxOut: number): number {
  return Math.floor(isExactTokenizer(d.baseModel ?? d.model) ? window : window * ESTIMATE_SLACK) - maxOut;
}

function* deploymentsOf(primary: RouterGroup): Generator<Deployment> {
  const seen = new Set<RouterGroup>();
  const queue = [primary];
  while (queue.length) {
    const g = queue.pop()!;
    if (seen.has(g)) continue;
    seen.add(g);
    for (const m of g.members) yield m.deployment;
    queue.push(...g.fallbacks, ...g.contextWindowFallbacks, ...g.contentPolicyFallbacks);
  }
}

/**
 * Count the prompt for every tokenizer that a member of the group or of its fallbacks needs, in slices that
 * leave the event loop free, and only as far as the largest context window in question. The predicate of
 * `contextFitter` then answers from these counts instead of tokenizing a long prompt in one go.
 */
export function countPromptForGroup(primary: RouterGroup, req: ChatRequest, signal?: CancelSignal): Promise<void> | undefined {
  const maxOut = maxOutOf(req);
  let upper: number | undefined;
  const limits = new Map<string, { model: string; limit: number }>();
  for (const d of deploymentsOf(primary)) {
    const window = windowOf(d);
    if (window === null) continue;
    upper ??= promptTokenUpperBound(req.messages);
    if (upper + maxOut <= window) continue;
    const model = d.baseModel ?? d.model;
    const { encoding } = tokenizerFor(model);
    const limit = Math.max(0, allowedPrompt(d, window, maxOut));
    if ((limits.get(encoding)?.limit ?? -1) < limit) limits.set(encoding, { model, limit });
  }
  // Nothing can be over (the usual case): no promise, so the hot path awaits nothing here.
  if (!limits.size) return undefined;
  return (async () => {
    for (const { model, limit } of limits.values()) await countPromptTokensAsync(req.messages, model, limit, signal);
  })();
}

/** A per-call predicate: true when the deployment's context window can hold the prompt plus max_tokens (or is unknown). */
export function contextFitter(req: ChatRequest): (d: Deployment) => boolean {
  const maxOut = maxOutOf(req);
  let upper: number | undefined;
  return (d) => {
    const window = windowOf(d);
    if (window === null) return true;
    upper ??= promptTokenUpperBound(req.messages);
    if (upper + maxOut <= window) return true; // cannot be over: no tokenizing
    const allowed = allowedPrompt(d, window, maxOut);
    // Answered from countPromptForGroup's counts; counting here is the fallback for a caller that skipped it.
    const prompt = countPromptTokensNow(req.messages, d.baseModel ?? d.model, Math.max(0, allowed));
    return prompt.complete && prompt.tokens <= allowed;
  };
}
