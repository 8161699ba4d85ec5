import "server-only";
import { CompletionError, HTTP_STATUS_FOR_KIND, type ChatMessage, type ChatRequest, type Deployment } from "@/lib/completion";
import type { ColumnParams } from "@/lib/playground/schema";
import type { PublicResult, PublicRun, RoutingTraceView } from "@/lib/playground/types";
import { chatRequestFor } from "@/lib/playground/request";
import { fillVariables } from "@/lib/playground/variables";
import { RouterError } from "@/lib/completion/router";
import { ApiError } from "@/lib/server/api-error";
import type { Db } from "@/lib/server/db";
import { createRequestLog, logRow } from "@/lib/usage/server/request-log";
import { STOPPED, assertColumn, toPublicResult } from "./runs";
import { openColumn, toTraceView, type OpenedColumn } from "./targets";

// Runs one column of a saved run: streams from the model (or group), reports deltas, and persists the
// result however it ends — done, error (with the core's kind, message and hint) or stopped (partial output kept).

export interface ColumnCallbacks {
  onDelta?: (text: string) => void;
  onFirstToken?: (ttftMs: number) => void;
  /** Called with the persisted result before the usage log is written, so a stream can finish sooner. */
  onSaved?: (result: PublicResult) => void;
}

export interface ColumnOptions extends ColumnCallbacks {
  /** The column's model, already loaded (see playground-prepared.ts). */
  deployment?: Deployment;
}

export function buildChatRequest(run: Pick<PublicRun, "systemPrompt" | "messages" | "variables">, params: ColumnParams): ChatRequest {
  const messages: ChatMessage[] = [];
  const system = fillVariables(run.systemPrompt, run.variables);
  if (system.trim()) messages.push({ role: "system", content: system });
  for (const turn of run.messages) messages.push({ role: turn.role, content: fillVariables(turn.content, run.variables) });
  return chatRequestFor(messages, params);
}

type ResultUpdate = Parameters<Db["playgroundResult"]["update"]>[0]["data"];

/** Stored in traceJson: the routing trace for groups, and the error hint for any column. */
interface ColumnDetail extends Partial<RoutingTraceView> {
  hint?: string;
}

export async function executeColumn(db: Db, run: PublicRun, column: number, signal: AbortSignal, cb: ColumnOptions = {}): Promise<PublicResult> {
  const result = assertColumn(run, column);
  if (result.status !== "pending") throw new ApiError("conflict", `Column ${column + 1} has already run; rerun the prompt to run it again.`);
  const request = buildChatRequest(run, result.params);
  const startedAt = performance.now();
  let output = "";
  let opened: OpenedColumn | undefined;
  let firstSent = false;
  let wallTtft: number | null = null;
  let data: ResultUpdate;
  try {
    opened = await openColumn(db, result.target, request, signal, cb.deployment);
    for await (const chunk of opened.stream) {
      const piece = chunk.choices[0]?.delta?.content ?? "";
      if (!piece) continue;
      if (!firstSent) {
        firstSent = true;
        wallTtft = Math.round(performance.now() - startedAt);
        cb.onFirstToken?.(opened.wallClockTtft ? wallTtft : (opened.stream.meta.ttftMs ?? wallTtft));
      }
      output += piece;
      cb.onDelta?.(piece);
    }
    const meta = opened.stream.meta;
    const trace = opened.trace();
    data = {
      output,
      ttftMs: opened.wallClockTtft ? wallTtft : (meta.ttftMs ?? wallTtft),
      latencyMs: opened.wallClockTtft || meta.latencyMs === undefined ? Math.round(performance.now() - startedAt) : meta.latencyMs,
      tokensIn: meta.usage?.prompt_tokens ?? null,
      tokensOut: meta.usage?.completion_tokens ?? null,
      costUsd: meta.costUsd ?? null,
      servedBy: opened.servedBy ?? trace?.servedBy ?? null,
      traceJson: trace ? JSON.stringify(trace satisfies ColumnDetail) : null,
    };
  } catch (err) {
    const elapsed = Math.round(performance.now() - startedAt);
    const trace = err instanceof RouterError ? toTraceView(err.trace) : (opened?.trace() ?? null);
    const ttftMs = opened?.wallClockTtft ? wallTtft : (opened?.stream.meta.ttftMs ?? wallTtft);
    const common = { output, latencyMs: elapsed, ttftMs, servedBy: opened?.servedBy ?? trace?.servedBy ?? null };
    if (signal.aborted) {
      data = { ...common, errorKind: STOPPED, errorMessage: "Stopped by the user.", traceJson: trace ? JSON.stringify(trace) : null };
    } else if (err instanceof CompletionError || err instanceof RouterError) {
      const detail: ColumnDetail = { ...(trace ?? {}), hint: err.hint };
      data = { ...common, errorKind: err.kind, errorMessage: err.message, traceJson: JSON.stringify(detail) };
    } else if (err instanceof ApiError) {
      data = { ...common, errorKind: err.code, errorMessage: err.message };
    } else {
      const ref = crypto.randomUUID();
      console.error(`[tunebench] playground column failed ${ref}:`, err instanceof Error ? (err.stack ?? err.message) : err);
      data = { ...common, errorKind: "internal_error", errorMessage: `The column failed on the server (reference ${ref}).` };
    }
  }
  await opened?.logged?.catch(() => undefined);
  // One transaction, one commit: SQLite commits are synchronous and block the event loop every other column streams on.
  const update = db.playgroundResult.update({ where: { runId_column: { runId: run.id, column } }, data });
  const log = result.target.type === "model" ? requestLogRow(result.target.name, opened?.model, data) : null;
  const [row] = log ? await db.$transaction([update, createRequestLog(db, log)]) : [await update];
  const saved = toPublicResult(row);
  cb.onSaved?.(saved);
  return saved;
}

/** One RequestLog row per model column, so playground traffic shows in usage. Groups are logged by the router. */
function requestLogRow(modelName: string, model: { id?: string; provider: string } | undefined, data: ResultUpdate) {
  const errorKind = typeof data.errorKind === "string" ? data.errorKind : null;
  const kind = errorKind === STOPPED ? null : errorKind;
  const status = errorKind === STOPPED ? 499 : kind ? (HTTP_STATUS_FOR_KIND[kind as keyof typeof HTTP_STATUS_FOR_KIND] ?? 500) : 200;
  const num = (v: unknown) => (typeof v === "number" ? v : null);
  return logRow(
    { source: "playground", model: { id: model?.id, name: modelName, provider: model?.provider }, stream: true },
    {
      status,
      ok: status === 200,
      latencyMs: num(data.latencyMs) ?? 0,
      ttftMs: num(data.ttftMs),
      usage: { prompt_tokens: num(data.tokensIn), completion_tokens: num(data.tokensOut) },
      costUsd: num(data.costUsd),
      errorKind: kind,
    },
  );
}
