import "server-only";
import { complete, CompletionError, type ChatMessage, type ChatRequest, type Deployment } from "@/lib/completion";
import { RouterError } from "@/lib/completion/router";
import type { EvalCase, JudgeConfig } from "@/lib/evals/schema";
import { buildJudgeMessages, parseJudgeReply } from "@/lib/playground/judge";
import type { ColumnParams, Target } from "@/lib/playground/schema";
import { chatRequestFor } from "@/lib/playground/request";
import { fillVariables } from "@/lib/playground/variables";
import type { Db } from "@/lib/server/db";
import { openColumn } from "@/lib/playground/server/targets";

// One completion call for one case, and one judge call for one pair: what the runner does per work item.

export function caseRequest(c: EvalCase, params: ColumnParams): ChatRequest {
  const messages: ChatMessage[] = c.messages.map((m) => ({ role: m.role, content: fillVariables(m.content, c.variables) }));
  return chatRequestFor(messages, params);
}

export interface CallResult {
  output: string;
  errorKind: string | null;
  errorMessage: string | null;
  latencyMs: number;
  ttftMs: number | null;
  tokensIn: number | null;
  tokensOut: number | null;
  costUsd: number | null;
}

/** Streams one answer (streaming gives TTFT). Throws only when `signal` aborted: an interrupted call is not a result. */
export async function callTarget(db: Db, target: Target, request: ChatRequest, signal: AbortSignal, deployment?: Deployment): Promise<CallResult> {
  const started = performance.now();
  let output = "";
  let wallTtft: number | null = null;
  try {
    const opened = await openColumn(db, target, request, signal, deployment);
    for await (const chunk of opened.stream) {
      const piece = chunk.choices[0]?.delta?.content ?? "";
      if (!piece) continue;
      wallTtft ??= Math.round(performance.now() - started);
      output += piece;
    }
    const meta = opened.stream.meta;
    await opened.logged?.catch(() => undefined);
    return {
      output,
      errorKind: null,
      errorMessage: null,
      latencyMs: opened.wallClockTtft || meta.latencyMs === undefined ? Math.round(performance.now() - started) : meta.latencyMs,
      ttftMs: opened.wallClockTtft ? wallTtft : (meta.ttftMs ?? wallTtft),
      tokensIn: meta.usage?.prompt_tokens ?? null,
      tokensOut: meta.usage?.completion_tokens ?? null,
      costUsd: meta.costUsd ?? null,
    };
  } catch (err) {
    if (signal.aborted) throw err;
    const known = err instanceof CompletionError || err instanceof RouterError;
    return {
      output,
      errorKind: known ? err.kind : "internal_error",
      errorMessage: known ? err.message : "The call failed on the server.",
      latencyMs: Math.round(performance.now() - started),
      ttftMs: wallTtft,
      tokensIn: null,
      tokensOut: null,
      costUsd: null,
    };
  }
}

const VERDICT_SCHEMA = {
  type: "object",
  properties: { winner: { type: "string", enum: ["A", "B", "tie"] }, reason: { type: "string" } },
  required: ["winner", "reason"],
  additionalProperties: false,
};

export type Ordering = "ab" | "ba";

/**
 * One pairwise verdict. "ab" shows the baseline as A; "ba" shows the target as A. The runner asks both, so a
 * judge that prefers whichever answer comes first cancels out.
 */
export async function judgePair(
  judge: JudgeConfig,
  deployment: Deployment,
  prompt: string,
  baseline: string,
  target: string,
  ordering: Ordering,
  signal: AbortSignal,
): Promise<{ winner: "target" | "baseline" | "tie" | "error"; reason: string }> {
  const [a, b] = ordering === "ab" ? [baseline, target] : [target, baseline];
  const messages = buildJudgeMessages(judge.rubric, prompt, { column: 0, output: a }, { column: 1, output: b });
  const ask = async (req: ChatRequest) => (await complete(deployment, req, { signal })).choices[0]?.message.content ?? "";
  let text: string;
  try {
    try {
      text = await ask({ messages, temperature: 0, response_format: { type: "json_schema", json_schema: { name: "verdict", schema: VERDICT_SCHEMA, strict: true } } });
    } catch (err) {
      // Providers without structured output: ask again in plain JSON mode.
      if (!(err instanceof CompletionError) || err.code !== "unsupported_parameter") throw err;
      text = await ask({ messages, temperature: 0 });
    }
  } catch (err) {
    if (signal.aborted) throw err;
    return { winner: "error", reason: err instanceof CompletionError ? `The judge call failed: ${err.message}` : "The judge call failed." };
  }
  const verdict = parseJudgeReply(text, 0, 1);
  if (!verdict) return { winner: "error", reason: "The judge did not name a winner." };
  const first = ordering === "ab" ? "baseline" : "target";
  const second = ordering === "ab" ? "target" : "baseline";
  return { winner: verdict.winner === -1 ? "tie" : verdict.winner === 0 ? first : second, reason: verdict.reason.slice(0, 4000) };
}
