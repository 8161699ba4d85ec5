// Typed API errors; the handler wrapper turns them into the one error envelope:
// { "error": { "code", "message", "fields"? } }

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

/** field path ("members.0.weight") → messages */
export type FieldErrors = Record<string, string[]>;

export class ApiError extends Error {
  readonly status: number;
  constructor(
    readonly code: ApiErrorCode,
    message: string,
    readonly fields?: FieldErrors,
    readonly extra?: Record<string, unknown>,
  ) {
    super(message);
    this.name = "ApiError";
    this.status = STATUS[code];
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
