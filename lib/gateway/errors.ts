import "server-only";
// The gateway's errors in OpenAI's shape `{ error: { message, type, param, code } }`, so the official
// clients raise their usual classes (BadRequestError, AuthenticationError, NotFoundError, …).
import { CompletionError, HTTP_STATUS_FOR_KIND, type CompletionErrorKind } from "@/lib/completion";
import { RouterError } from "@/lib/completion/router";
import { SecretUnreadableError } from "@/lib/server/crypto";

export type GatewayErrorType =
  | "invalid_request_error"
  | "authentication_error"
  | "permission_error"
  | "not_found_error"
  | "rate_limit_error"
  | "timeout_error"
  | "upstream_error"
  | "service_unavailable_error"
  | "server_error";

export class GatewayError extends Error {
  constructor(
    readonly status: number,
    readonly type: GatewayErrorType,
    message: string,
    readonly code: string | null = null,
    readonly param: string | null = null,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = "GatewayError";
  }

  toBody() {
    return { error: { message: this.message, type: this.type, param: this.param, code: this.code } };
  }
}

export const invalidApiKey = (message = "Incorrect API key provided.") =>
  new GatewayError(401, "authentication_error", message, "invalid_api_key");

export const modelNotFound = (model: string) =>
  new GatewayError(404, "not_found_error", `The model '${model}' does not exist: use a routing group or registered model name (GET /v1/models).`, "model_not_found", "model");

/** OpenAI's error type and code for provider failures; the status is the core's one table (HTTP_STATUS_FOR_KIND). */
const FOR_KIND: Record<CompletionErrorKind, { type: GatewayErrorType; code: string }> = {
  authentication: { type: "upstream_error", code: "upstream_authentication" },
  permission: { type: "upstream_error", code: "upstream_permission" },
  not_found: { type: "upstream_error", code: "upstream_model_not_found" },
  rate_limit: { type: "rate_limit_error", code: "rate_limit_exceeded" },
  context_window_exceeded: { type: "invalid_request_error", code: "context_length_exceeded" },
  content_policy: { type: "invalid_request_error", code: "content_policy_violation" },
  bad_request: { type: "invalid_request_error", code: "invalid_request" },
  timeout: { type: "timeout_error", code: "timeout" },
  upstream_unavailable: { type: "upstream_error", code: "upstream_unavailable" },
  stream_interrupted: { type: "upstream_error", code: "stream_interrupted" },
};
const forKind = (kind: CompletionErrorKind) => ({ status: HTTP_STATUS_FOR_KIND[kind], ...FOR_KIND[kind] });

export function fromCompletionError(err: CompletionError): GatewayError {
  const m = forKind(err.kind);
  const headers: Record<string, string> = {};
  if (err.retryAfterMs !== undefined) headers["retry-after"] = String(Math.max(1, Math.ceil(err.retryAfterMs / 1000)));
  // err.message is already scrubbed of secrets by the core.
  const message = err.hint ? `${err.message} (${err.hint})` : err.message;
  const code = err.kind === "bad_request" && err.code ? err.code : m.code;
  return new GatewayError(m.status, m.type, message, code, null, headers);
}

/** A routed call that no member could answer. */
export function fromRouterError(err: RouterError): GatewayError {
  const headers: Record<string, string> = {};
  if (err.retryAfterMs !== undefined) headers["retry-after"] = String(Math.max(1, Math.ceil(err.retryAfterMs / 1000)));
  const message = err.hint ? `${err.message} (${err.hint})` : err.message;
  switch (err.kind) {
    case "cooling_down":
    case "no_available_members":
      return new GatewayError(503, "service_unavailable_error", message, err.kind, null, headers);
    case "attempts_exhausted":
      return new GatewayError(502, "upstream_error", message, err.kind, null, headers);
    default: {
      const m = forKind(err.kind);
      return new GatewayError(m.status, m.type, message, m.code, null, headers);
    }
  }
}

/** The error class stored in the request log. */
export function errorClassOf(err: unknown): string {
  if (err instanceof RouterError) return err.kind;
  if (err instanceof CompletionError) return err.kind;
  if (err instanceof GatewayError) return err.code ?? err.type;
  if (err instanceof SecretUnreadableError) return err.code;
  return "internal";
}

export function toGatewayError(err: unknown): GatewayError {
  if (err instanceof GatewayError) return err;
  if (err instanceof RouterError) return fromRouterError(err);
  if (err instanceof CompletionError) return fromCompletionError(err);
  // A misconfigured instance, not a bug: the message names the model and ENCRYPTION_KEY, and holds no secret.
  if (err instanceof SecretUnreadableError) return new GatewayError(500, "server_error", err.message, err.code);
  const id = crypto.randomUUID();
  console.error(`[tunebench] gateway error ${id}:`, err instanceof Error ? (err.stack ?? err.message) : "non-error thrown");
  return new GatewayError(500, "server_error", `Something went wrong in the gateway (reference ${id}).`, "internal_error");
}
