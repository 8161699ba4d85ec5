// The one error envelope of the /api routes: { "error": { "code", "message", "fields"?, …details } }.
// The server throws it as ApiError and writes it (lib/server/handler.ts); the browser reads it back as
// ApiClientError (lib/query/fetcher.ts). Both are this class, so the two sides cannot drift apart.

/** field path ("members.0.weight") → messages */
export type FieldErrors = Record<string, string[]>;

export class EnvelopeError<Code extends string = string> extends Error {
  constructor(
    readonly status: number,
    readonly code: Code,
    message: string,
    readonly fields?: FieldErrors,
    /** More top-level keys of the envelope, e.g. `current` on a version conflict. */
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
  }
}
