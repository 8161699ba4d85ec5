// One error type for every provider failure, so callers branch on `kind`, never on provider quirks.
import type { HeaderReader, ProviderId } from "./types";

export const ERROR_KINDS = [
  "authentication",
  "permission",
  "not_found",
  "rate_limit",
  "context_window_exceeded",
  "content_policy",
  "bad_request",
  "timeout",
  "upstream_unavailable",
  "stream_interrupted",
] as const;
export type CompletionErrorKind = (typeof ERROR_KINDS)[number];

const RETRYABLE: Record<CompletionErrorKind, boolean> = {
  authentication: false,
  permission: false,
  not_found: false,
  rate_limit: true,
  context_window_exceeded: false,
  content_policy: false,
  bad_request: false,
  timeout: true,
  upstream_unavailable: true,
  stream_interrupted: true,
};

/**
 * The one status for a failure of each kind, wherever it is reported: the gateway's answer, a routed call's
 * error, and every request-log row (gateway, playground, group console, health checks alike). A provider that
 * rejects the dashboard's own credential (401/403/404 upstream) is this deployment's misconfiguration, so the
 * caller gets 502, never a 401/403 that would blame the caller's own key. The upstream's own status stays on
 * the error (`CompletionError.status`).
 */
export const HTTP_STATUS_FOR_KIND: Record<CompletionErrorKind, number> = {
  authentication: 502,
  permission: 502,
  not_found: 502,
  rate_limit: 429,
  context_window_exceeded: 400,
  content_policy: 400,
  bad_request: 400,
  timeout: 504,
  upstream_unavailable: 502,
  stream_interrupted: 502,
};

const DEFAULT_HINT: Record<CompletionErrorKind, string> = {
  authentication: "check the API key",
  permission: "check that the key has access to this model",
  not_found: "check the model id",
  rate_limit: "wait and retry, or raise the provider's rate limit",
  context_window_exceeded: "shorten the prompt or lower max_tokens",
  content_policy: "rephrase the request; the provider's content filter blocked it",
  bad_request: "check the request parameters",
  timeout: "retry, or raise timeoutMs",
  upstream_unavailable: "retry later; the provider is unavailable",
  stream_interrupted: "retry the request",
};

export interface CompletionErrorInit {
  status?: number;
  retryable?: boolean;
  retryAfterMs?: number;
  hint?: string;
  provider?: ProviderId;
  /** Provider's own error code or type, scrubbed. */
  code?: string;
  /** For stream errors: whether any content reached the caller before the failure. */
  contentDelivered?: boolean;
  cause?: unknown;
}

export class CompletionError extends Error {
  readonly kind: CompletionErrorKind;
  readonly retryable: boolean;
  readonly status?: number;
  readonly retryAfterMs?: number;
  readonly hint?: string;
  readonly provider?: ProviderId;
  readonly code?: string;
  readonly contentDelivered?: boolean;

  constructor(kind: CompletionErrorKind, message: string, init: CompletionErrorInit = {}) {
    super(scrubSecrets(message), init.cause === undefined ? undefined : { cause: init.cause });
    this.name = "CompletionError";
    this.kind = kind;
    this.retryable = init.retryable ?? RETRYABLE[kind];
    this.status = init.status;
    this.retryAfterMs = init.retryAfterMs;
    this.hint = init.hint ?? DEFAULT_HINT[kind];
    this.provider = init.provider;
    this.code = init.code === undefined ? undefined : scrubSecrets(init.code);
    this.contentDelivered = init.contentDelivered;
  }

  toJSON() {
    return {
      kind: this.kind,
      message: this.message,
      retryable: this.retryable,
      status: this.status,
      retryAfterMs: this.retryAfterMs,
      hint: this.hint,
      provider: this.provider,
      code: this.code,
      contentDelivered: this.contentDelivered,
    };
  }
}

export type ResolveField = "model" | "provider" | "apiBase" | "project" | "location" | "baseModel";

/** resolveModel could not decide: `field` names what to add or fix, `hint` says how. */
export class ResolveError extends CompletionError {
  readonly field: ResolveField;
  constructor(message: string, field: ResolveField, hint: string) {
    super("bad_request", message, { hint });
    this.name = "ResolveError";
    this.field = field;
  }
  override toJSON() {
    return Object.assign(super.toJSON(), { field: this.field });
  }
}

const SECRET_PATTERNS: Array<[RegExp, string]> = [
  [/\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]{6,}/gi, "$1 [redacted]"],
  [/\bsk-[A-Za-z0-9_-]{6,}/g, "sk-[redacted]"],
  [/\bAIza[0-9A-Za-z_-]{20,}/g, "[redacted]"],
  [/\bya29\.[0-9A-Za-z._-]+/g, "[redacted]"],
  [/\beyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]*/g, "[redacted-jwt]"],
  [/([?&](?:key|api[-_]?key|access_token|token|sig)=)[^&\s"']+/gi, "$1[redacted]"],
  [/((?:api[-_]?key|x-api-key|authorization)["']?\s*[:=]\s*["']?)[^\s"',}]{4,}/gi, "$1[redacted]"],
  [/-----BEGIN [A-Z ]*PRIVATE KEY-----[\s\S]*?-----END [A-Z ]*PRIVATE KEY-----/g, "[redacted-private-key]"],
];

/** Remove API keys, bearer tokens and private keys from text headed for a user or a log. */
export function scrubSecrets(text: string, extraSecrets: ReadonlyArray<string | undefined> = []): string {
  let out = text;
  // Longest first, so a secret that contains another is cut whole.
  const secrets = extraSecrets.filter((s): s is string => !!s && s.length >= 4).sort((a, b) => b.length - a.length);
  for (const secret of secrets) out = out.split(secret).join("[redacted]");
  for (const [pattern, replacement] of SECRET_PATTERNS) out = out.replace(pattern, replacement);
  return out;
}

/**
 * The same error with every configured secret (API keys, custom header values, service-account key lines) cut
 * from its text. The core applies it to everything it throws, so upstream text that quotes the request, such as
 * an error echoing its headers, never carries a secret to a caller, a log row or the browser.
 */
export function redactSecrets(err: unknown, secrets: ReadonlyArray<string>): unknown {
  if (!(err instanceof CompletionError) || !secrets.length) return err;
  const message = scrubSecrets(err.message, secrets);
  const code = err.code === undefined ? undefined : scrubSecrets(err.code, secrets);
  const hint = err.hint === undefined ? undefined : scrubSecrets(err.hint, secrets);
  if (message === err.message && code === err.code && hint === err.hint) return err;
  return new CompletionError(err.kind, message, {
    status: err.status,
    retryable: err.retryable,
    retryAfterMs: err.retryAfterMs,
    hint,
    provider: err.provider,
    code,
    contentDelivered: err.contentDelivered,
    cause: err.cause,
  });
}

/** Parse `retry-after-ms` / `retry-after` (seconds or HTTP date). */
export function parseRetryAfter(headers: HeaderReader, now = Date.now()): number | undefined {
  const ms = headers.get("retry-after-ms");
  if (ms && Number.isFinite(Number(ms))) return Math.max(0, Number(ms));
  const value = headers.get("retry-after");
  if (!value) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

const CONTEXT_PATTERN =
  /context[_ ]length|context window|maximum context|prompt is too long|too many tokens|exceeds the maximum number of tokens|input is too long|reduce the length/i;
const POLICY_PATTERN = /content[_ ]?(policy|filter|management)|safety system|flagged|responsible ?ai/i;

/**
 * The shared status → kind table. Adapters call it after pulling the provider's message and code
 * out of the body; message patterns refine a 400 into context window or content policy.
 */
export function errorFromStatus(
  status: number,
  message: string,
  opts: { provider: ProviderId; code?: string; headers?: HeaderReader; hints?: Partial<Record<CompletionErrorKind, string>> },
): CompletionError {
  const code = opts.code ?? "";
  const text = `${code} ${message}`;
  const retryAfterMs = opts.headers ? parseRetryAfter(opts.headers) : undefined;
  const base = { status, provider: opts.provider, code: opts.code, retryAfterMs };
  const make = (kind: CompletionErrorKind, extra: Partial<CompletionErrorInit> = {}) =>
    new CompletionError(kind, message || `upstream returned HTTP ${status}`, Object.assign({ hint: opts.hints?.[kind] }, base, extra));

  if (CONTEXT_PATTERN.test(text) && status < 500) return make("context_window_exceeded");
  if (POLICY_PATTERN.test(text) && status < 500) return make("content_policy");
  if (status === 401) return make("authentication");
  if (status === 403) return make("permission");
  if (status === 404) return make("not_found");
  if (status === 408) return make("timeout");
  if (status === 413) return make("context_window_exceeded");
  if (status === 429) {
    if (/insufficient_quota|billing|quota exceeded/i.test(text)) {
      return make("rate_limit", { retryable: false, hint: "the account is out of quota; check billing" });
    }
    return make("rate_limit");
  }
  if (status >= 500) return make("upstream_unavailable");
  return make("bad_request");
}

export function isAbortError(err: unknown): boolean {
  return err instanceof Error && (err.name === "AbortError" || err.name === "TimeoutError");
}
