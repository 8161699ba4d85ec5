import "server-only";

// A RequestLog row: its shape, and the one builder every writer uses (the gateway, the router's group calls,
// shadow calls, playground columns, model tests, health checks), so a row means the same whoever wrote it.

export type RequestSource = "gateway" | "playground" | "test" | "health" | "shadow";

export interface RequestLogEntry {
  source: RequestSource;
  apiKeyId?: string | null;
  groupName?: string | null;
  /** Registered model that served, or the last one tried. */
  modelId?: string | null;
  modelName?: string | null;
  provider?: string | null;
  status: number;
  ok: boolean;
  stream: boolean;
  latencyMs: number;
  ttftMs?: number | null;
  tokensIn?: number | null;
  tokensOut?: number | null;
  costUsd?: number | null;
  errorKind?: string | null;
  attempts: number;
  fallbacks: number;
  promptJson?: string | null;
  responseText?: string | null;
  /** Shadow rows: the primary call's row id (the pair). */
  shadowOf?: string | null;
}

/** A row for the batch writer: its id and time are fixed when the call ends, not when the batch is written. */
export type QueuedLogEntry = RequestLogEntry & { id: string; createdAt: Date };

/** Who made the call and what it went to: known before the answer is. */
export interface LoggedCall {
  source: RequestSource;
  apiKeyId?: string | null;
  groupName?: string | null;
  /** The registered model that served, else the last one tried (`servedOrLast` for a routed call). */
  model?: { id?: string | null; name: string; provider?: string | null } | null;
  stream: boolean;
  attempts?: number;
  fallbacks?: number;
  /** The prompt and the answer are stored only when set (an API key's `logPrompts`). */
  logBodies?: boolean;
  messages?: unknown;
  shadowOf?: string | null;
}

/** How the call ended. */
export interface LoggedOutcome {
  status: number;
  ok: boolean;
  latencyMs: number;
  ttftMs?: number | null;
  usage?: { prompt_tokens?: number | null; completion_tokens?: number | null } | null;
  costUsd?: number | null;
  errorKind?: string | null;
  /** Stored only when the call's `logBodies` is set. */
  responseText?: string | null;
}

export function logRow(call: LoggedCall, outcome: LoggedOutcome): RequestLogEntry {
  return {
    source: call.source,
    apiKeyId: call.apiKeyId ?? null,
    groupName: call.groupName ?? null,
    modelId: call.model?.id ?? null,
    modelName: call.model?.name ?? null,
    provider: call.model?.provider ?? null,
    status: outcome.status,
    ok: outcome.ok,
    stream: call.stream,
    latencyMs: outcome.latencyMs,
    ttftMs: outcome.ttftMs ?? null,
    tokensIn: outcome.usage?.prompt_tokens ?? null,
    tokensOut: outcome.usage?.completion_tokens ?? null,
    costUsd: outcome.costUsd ?? null,
    errorKind: outcome.errorKind ?? null,
    attempts: call.attempts ?? 1,
    fallbacks: call.fallbacks ?? 0,
    promptJson: call.logBodies ? JSON.stringify(call.messages) : null,
    responseText: call.logBodies ? (outcome.responseText ?? null) : null,
    shadowOf: call.shadowOf ?? null,
  };
}

export const MAX_TEXT = 100_000;

/** Whole milliseconds, and prompt/response text clipped: what every RequestLog row stores. */
export function normaliseLogEntry<T extends RequestLogEntry>(r: T): T {
  return Object.assign({}, r, normalisedFields(r));
}

/**
 * The fields normaliseLogEntry changes, alone: the batch writer reads these and takes the rest from the row as it is
 * (a whole normalised copy of each row cost it 3 KB and 1.5 µs).
 */
export function normalisedFields(r: RequestLogEntry) {
  return {
    latencyMs: Math.max(0, Math.round(r.latencyMs)),
    ttftMs: r.ttftMs == null ? null : Math.round(r.ttftMs),
    promptJson: r.promptJson?.slice(0, MAX_TEXT) ?? null,
    responseText: r.responseText?.slice(0, MAX_TEXT) ?? null,
  };
}
