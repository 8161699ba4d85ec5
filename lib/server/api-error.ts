// Typed API errors; the handler wrapper turns them into the one error envelope
// (lib/contract/error-envelope.ts): { "error": { "code", "message", "fields"?, …details } }
import { EnvelopeError, type FieldErrors } from "@/lib/contract/error-envelope";

export type { FieldErrors };

export type ApiErrorCode =
  | "bad_request"
  | "invalid_json"
  | "validation_failed"
  | "unauthenticated"
  | "forbidden"
  | "not_found"
  | "conflict"
  | "version_conflict"
  | "unprocessable"
  | "rate_limited"
  | "upstream_error"
  | "secret_unreadable"
  | "internal_error";

const STATUS: Record<ApiErrorCode, number> = {
  bad_request: 400,
  invalid_json: 400,
  validation_failed: 400,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  version_conflict: 409,
  unprocessable: 422,
  rate_limited: 429,
  upstream_error: 502,
  secret_unreadable: 500,
  internal_error: 500,
};

export class ApiError extends EnvelopeError<ApiErrorCode> {
  constructor(code: ApiErrorCode, message: string, fields?: FieldErrors, details?: Record<string, unknown>) {
    super(STATUS[code], code, message, fields, details);
    this.name = "ApiError";
  }
}

export const notFound = (what: string) => new ApiError("not_found", `${what} not found`);

export const versionConflict = (what: string, current: unknown) =>
  new ApiError(
    "version_conflict",
    `${what} was changed by someone else since you loaded it. Reload to see the latest version, then apply your edit again.`,
    undefined,
    { current },
  );

export const fieldError = (field: string, message: string) =>
  new ApiError("validation_failed", message, { [field]: [message] });
