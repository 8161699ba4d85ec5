import "server-only";
import type { Db } from "./db";

// One RequestLog row per call through the core (gateway, playground, test panel). Writing a log must never
// fail the call it describes, so errors are reported on the server and swallowed.

export type RequestSource = "gateway" | "playground" | "test" | "health";

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
}

const MAX_TEXT = 100_000;

export async function writeRequestLog(db: Db, entry: RequestLogEntry): Promise<string | undefined> {
  try {
    const row = await db.requestLog.create({
      data: {
        ...entry,
        latencyMs: Math.max(0, Math.round(entry.latencyMs)),
        ttftMs: entry.ttftMs == null ? null : Math.round(entry.ttftMs),
        promptJson: entry.promptJson?.slice(0, MAX_TEXT) ?? null,
        responseText: entry.responseText?.slice(0, MAX_TEXT) ?? null,
      },
      select: { id: true },
    });
    return row.id;
  } catch (err) {
    console.error("[tunebench] could not write the request log:", err instanceof Error ? err.message : "unknown error");
    return undefined;
  }
}
