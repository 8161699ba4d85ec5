// Context-window pre-check: which deployments can fit this prompt. Mirrors the core's own pre-check, so a
// member skipped here is one the core would refuse anyway.
import { getContextWindow } from "../pricing";
import { countPromptTokens, isExactTokenizer, promptTokenUpperBound } from "../tokens";
import type { ChatRequest, Deployment } from "../types";

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

/** A per-call predicate: true when the deployment's context window can hold the prompt plus max_tokens (or is unknown). */
export function contextFitter(req: ChatRequest): (d: Deployment) => boolean {
  const maxOut = req.max_tokens ?? req.max_completion_tokens ?? 0;
  let upper: number | undefined;
  const counts = new Map<string, number>();
  return (d) => {
    const window = windowOf(d);
    if (window === null) return true;
    upper ??= promptTokenUpperBound(req.messages);
    if (upper + maxOut <= window) return true; // cannot be over: no tokenizing
    const model = d.baseModel ?? d.model;
    let prompt = counts.get(model);
    if (prompt === undefined) {
      prompt = countPromptTokens(req.messages, model);
      counts.set(model, prompt);
    }
    return prompt + maxOut <= (isExactTokenizer(model) ? window : window * ESTIMATE_SLACK);
  };
}
