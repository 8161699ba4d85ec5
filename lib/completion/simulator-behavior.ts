// Per-request behaviour of the simulator: the type, its schema, and the header codec shared by
// the simulator (which reads the headers) and the completion core (which writes them).
import { z } from "zod";

export const SIMULATOR_FAILURES = [
  "none",
  "rate_limit",
  "server_error",
  "hang",
  "cut_before_first_token",
  "cut_mid_stream",
  "reject_key",
  "context_window",
  "content_policy",
] as const;

export type SimulatorFailure = (typeof SIMULATOR_FAILURES)[number];

export interface SimulatorBehavior {
  /** Total latency for plain responses (default 0). */
  latencyMs?: number;
  /** Time to first token for streams (default 0). */
  ttftMs?: number;
  /** Stream pacing after the first token (default 0 = as fast as possible). */
  tokensPerSecond?: number;
  failure?: SimulatorFailure;
  /** For rate_limit (default 1). */
  retryAfterSeconds?: number;
}

const MAX_DELAY_MS = 600_000;

/** Schema for a stored behaviour (e.g. one per registered deployment). Unknown keys are rejected. */
export const simulatorBehaviorSchema = z
  .object({
    latencyMs: z.number().int().min(0).max(MAX_DELAY_MS).optional(),
    ttftMs: z.number().int().min(0).max(MAX_DELAY_MS).optional(),
    tokensPerSecond: z.number().min(0).max(1_000_000).optional(),
    failure: z.enum(SIMULATOR_FAILURES).optional(),
    retryAfterSeconds: z.number().int().min(0).max(86_400).optional(),
  })
  .strict();

export const SIMULATOR_BEHAVIOR_HEADERS = {
  latencyMs: "x-simulator-latency-ms",
  ttftMs: "x-simulator-ttft-ms",
  tokensPerSecond: "x-simulator-tokens-per-second",
  failure: "x-simulator-failure",
  retryAfterSeconds: "x-simulator-retry-after",
} as const satisfies Record<keyof SimulatorBehavior, string>;

type BehaviorKey = keyof typeof SIMULATOR_BEHAVIOR_HEADERS;

export class SimulatorHeaderError extends Error {
  constructor(
    readonly header: string,
    message: string,
  ) {
    super(message);
    this.name = "SimulatorHeaderError";
  }
}

/** Anything header-like: node's IncomingHttpHeaders, a fetch `Headers`, or a plain record. */
export type HeaderSource = Headers | Record<string, string | string[] | undefined>;

function readHeader(headers: HeaderSource, name: string): string | string[] | undefined {
  if (typeof Headers !== "undefined" && headers instanceof Headers) return headers.get(name) ?? undefined;
  const record = headers as Record<string, string | string[] | undefined>;
  if (name in record) return record[name];
  const key = Object.keys(record).find((k) => k.toLowerCase() === name);
  return key === undefined ? undefined : record[key];
}

const INTEGER = /^\d+$/;
const DECIMAL = /^\d+(\.\d+)?$/;

function parseNumber(header: string, raw: string, pattern: RegExp, what: string): number {
  if (!pattern.test(raw)) {
    throw new SimulatorHeaderError(header, `Invalid value for header '${header}': expected ${what}, got '${raw.slice(0, 40)}'.`);
  }
  return Number(raw);
}

/**
 * Reads the `x-simulator-*` headers. Absent headers leave the field unset so that defaults apply.
 * Throws `SimulatorHeaderError` (naming the header) on a malformed or out-of-range value.
 */
export function parseBehaviorHeaders(headers: HeaderSource): SimulatorBehavior {
  const draft: Record<string, unknown> = {};
  for (const key of Object.keys(SIMULATOR_BEHAVIOR_HEADERS) as BehaviorKey[]) {
    const header = SIMULATOR_BEHAVIOR_HEADERS[key];
    const value = readHeader(headers, header);
    if (value === undefined) continue;
    if (Array.isArray(value)) throw new SimulatorHeaderError(header, `Header '${header}' must be sent once.`);
    const raw = value.trim();
    switch (key) {
      case "latencyMs":
      case "ttftMs":
      case "retryAfterSeconds":
        draft[key] = parseNumber(header, raw, INTEGER, "a non-negative integer");
        break;
      case "tokensPerSecond":
        draft[key] = parseNumber(header, raw, DECIMAL, "a non-negative number");
        break;
      case "failure":
        draft[key] = raw;
        break;
      default: {
        const unreachable: never = key;
        throw new Error(`unhandled behaviour key ${String(unreachable)}`);
      }
    }
  }
  const parsed = simulatorBehaviorSchema.safeParse(draft);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const key = issue.path[0] as BehaviorKey;
    const header = SIMULATOR_BEHAVIOR_HEADERS[key];
    const detail = key === "failure" ? `expected one of ${SIMULATOR_FAILURES.join(", ")}` : issue.message;
    throw new SimulatorHeaderError(header, `Invalid value for header '${header}': ${detail}.`);
  }
  return parsed.data;
}

/** The inverse of `parseBehaviorHeaders`, for callers of the simulator. Unset fields send no header. */
export function behaviorToHeaders(behavior: SimulatorBehavior): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const key of Object.keys(SIMULATOR_BEHAVIOR_HEADERS) as BehaviorKey[]) {
    const value = behavior[key];
    if (value !== undefined) headers[SIMULATOR_BEHAVIOR_HEADERS[key]] = String(value);
  }
  return headers;
}

export type ResolvedBehavior = Required<SimulatorBehavior>;

/** Header values override the server defaults, which override the built-in defaults. */
export function resolveBehavior(defaults: SimulatorBehavior, fromHeaders: SimulatorBehavior): ResolvedBehavior {
  return {
    latencyMs: fromHeaders.latencyMs ?? defaults.latencyMs ?? 0,
    ttftMs: fromHeaders.ttftMs ?? defaults.ttftMs ?? 0,
    tokensPerSecond: fromHeaders.tokensPerSecond ?? defaults.tokensPerSecond ?? 0,
    failure: fromHeaders.failure ?? defaults.failure ?? "none",
    retryAfterSeconds: fromHeaders.retryAfterSeconds ?? defaults.retryAfterSeconds ?? 1,
  };
}
