import "server-only";
import { z } from "zod";
import { ApiError, type FieldErrors } from "./api-error";
import { getDb } from "./db";
import { bearerToken, isMasterKey, isSessionActive, sessionCookie } from "./session";
import { ILL_FORMED_MESSAGE, illFormedPath } from "./well-formed";

// The one route-handler wrapper: authentication, safeParse of params/query/body,
// and the one error envelope. Route files stay thin and call lib/.

type Schema = z.ZodType;
type Out<S> = S extends z.ZodType ? z.output<S> : undefined;

export type AuthMode = "session" | "public";

export interface HandlerSpec<B, Q, P> {
  /** "session": master key as Bearer, or the dashboard's session cookie (default). */
  auth?: AuthMode;
  body?: B;
  query?: Q;
  params?: P;
}

export interface HandlerContext<B, Q, P> {
  req: Request;
  body: Out<B>;
  query: Out<Q>;
  params: Out<P>;
}

type RouteContext = { params: Promise<Record<string, string | string[] | undefined>> };

export function json(data: unknown, status = 200, headers?: HeadersInit): Response {
  return Response.json(data, { status, headers });
}

export function errorResponse(err: ApiError): Response {
  const body: Record<string, unknown> = { code: err.code, message: err.message };
  if (err.fields) body.fields = err.fields;
  if (err.details) Object.assign(body, err.details);
  return json({ error: body }, err.status);
}

export function zodFields(error: z.ZodError, root = "body"): FieldErrors {
  const fields: FieldErrors = {};
  for (const issue of error.issues) {
    const key = issue.path.length ? issue.path.join(".") : root;
    (fields[key] ??= []).push(issue.message);
  }
  return fields;
}

/** Parses one part of the request; text that is not valid Unicode is refused before any schema sees it. */
function parsePart(where: "body" | "query" | "params", schema: Schema, raw: unknown): unknown {
  const bad = illFormedPath(raw);
  if (bad) {
    const field = bad.length ? bad.join(".") : where;
    throw new ApiError("validation_failed", `Invalid ${where === "body" ? "request body" : where} — ${field}: ${ILL_FORMED_MESSAGE}`, { [field]: [ILL_FORMED_MESSAGE] });
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success) throw validationError(where, parsed.error);
  return parsed.data;
}

function validationError(where: "body" | "query" | "params", error: z.ZodError): ApiError {
  const fields = zodFields(error, where);
  const first = Object.entries(fields)[0];
  const summary = first ? `${first[0]}: ${first[1][0]}` : "invalid input";
  return new ApiError("validation_failed", `Invalid ${where === "body" ? "request body" : where} — ${summary}`, fields);
}

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/** Throws ApiError when the request is not authenticated as the dashboard owner. */
export async function authenticate(req: Request): Promise<void> {
  const bearer = bearerToken(req.headers.get("authorization"));
  if (bearer) {
    if (isMasterKey(bearer)) return;
    throw new ApiError("unauthenticated", "The API key is not valid for this dashboard.");
  }
  if (!(await isSessionActive(getDb(), sessionCookie(req.headers.get("cookie"))))) {
    throw new ApiError("unauthenticated", "Sign in, or send the master key as 'Authorization: Bearer …'.");
  }
  // A cookie rides along on cross-site requests; mutations must come from our own origin.
  if (!SAFE_METHODS.has(req.method)) checkOrigin(req);
}

export function checkOrigin(req: Request): void {
  const origin = req.headers.get("origin");
  const host = req.headers.get("x-forwarded-host") ?? req.headers.get("host") ?? new URL(req.url).host;
  let originHost: string | undefined;
  try {
    originHost = origin ? new URL(origin).host : undefined;
  } catch {
    originHost = undefined;
  }
  if (!originHost || originHost !== host) {
    throw new ApiError("forbidden", "Cross-origin request refused: the Origin header does not match this dashboard.");
  }
}

function isPrismaError(err: unknown): err is { code: string; meta?: Record<string, unknown> } {
  return typeof err === "object" && err !== null && typeof (err as { code?: unknown }).code === "string" &&
    /^P\d{4}$/.test((err as { code: string }).code);
}

/** Maps anything thrown by a handler to the envelope. Unknown errors are logged, never exposed. */
export function toErrorResponse(err: unknown): Response {
  if (err instanceof ApiError) return errorResponse(err);
  if (err instanceof z.ZodError) return errorResponse(validationError("body", err));
  if (isPrismaError(err)) {
    if (err.code === "P2025") return errorResponse(new ApiError("not_found", "The record was not found."));
    if (err.code === "P2002") {
      const target = err.meta?.target ?? (err.meta?.driverAdapterError as { cause?: { constraint?: { fields?: string[] } } })?.cause?.constraint?.fields;
      const fields = Array.isArray(target) ? target.map(String) : typeof target === "string" ? [target] : ["name"];
      const f: FieldErrors = Object.fromEntries(fields.map((k) => [k, [`This ${k} is already taken.`]]));
      return errorResponse(new ApiError("conflict", `A record with this ${fields.join(", ")} already exists.`, f));
    }
    if (err.code === "P2003") return errorResponse(new ApiError("conflict", "The record is still referenced by other records."));
  }
  const id = crypto.randomUUID();
  console.error(`[tunebench] unhandled error ${id}:`, err instanceof Error ? err.stack ?? err.message : "non-error thrown");
  return errorResponse(new ApiError("internal_error", `Something went wrong on the server (reference ${id}).`));
}

export function handler<B extends Schema | undefined = undefined, Q extends Schema | undefined = undefined, P extends Schema | undefined = undefined>(
  spec: HandlerSpec<B, Q, P>,
  fn: (ctx: HandlerContext<B, Q, P>) => Promise<unknown> | unknown,
) {
  return async (req: Request, routeCtx?: RouteContext): Promise<Response> => {
    try {
      if ((spec.auth ?? "session") === "session") await authenticate(req);

      const params = spec.params ? parsePart("params", spec.params as Schema, await routeCtx?.params) : undefined;
      const query = spec.query ? parsePart("query", spec.query as Schema, Object.fromEntries(new URL(req.url).searchParams)) : undefined;
      let body: unknown = undefined;
      if (spec.body) {
        let raw: unknown;
        try {
          raw = await req.json();
        } catch {
          throw new ApiError("invalid_json", "The request body must be valid JSON.", { body: ["Not valid JSON"] });
        }
        body = parsePart("body", spec.body as Schema, raw);
      }
      const result = await fn({ req, body, query, params } as HandlerContext<B, Q, P>);
      if (result instanceof Response) return result;
      return json(result ?? null);
    } catch (err) {
      return toErrorResponse(err);
    }
  };
}
