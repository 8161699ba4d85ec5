import "server-only";
import type { IncomingMessage, ServerResponse } from "node:http";
import { Cancellation, CompletionError, checkChatRequest, isUsageChunk, type CancelSignal, type ChatRequest } from "@/lib/completion";
import { sseEvents } from "@/lib/completion/sse";
import { RouterError } from "@/lib/completion/router";
import type { Db } from "@/lib/server/db";
import { apiKeyIdOf, assertAllowed, authenticateGateway, type GatewayPrincipal } from "./auth";
import { resolveTarget, type Target } from "./config";
import { DispatchError, dispatch, type DispatchTrace, type GatewayStream } from "./dispatch";
import { GatewayError, errorClassOf, modelNotFound, toGatewayError } from "./errors";
import { logRow, newRequestId, queueRequestLog, type LoggedCall, type LoggedOutcome } from "@/lib/usage/server/request-log";
import { readJsonBody } from "./body";
import { headerValue, sendGatewayError, sendJson } from "./reply";
import { mirrorToShadows } from "@/lib/shadow/server/shadow";
import { observeRoute } from "@/lib/shadow/server/rollouts";

// POST /v1/chat/completions on Node's req/res (served by server.ts, outside Next's request pipeline):
// authenticate, validate, check the allow-list, resolve the name to a group or model, call, answer as OpenAI
// does (JSON or SSE), put the trace in headers, queue the log row.

interface Parsed {
  model: string;
  request: ChatRequest;
  stream: boolean;
  includeUsage: boolean;
}

function parseBody(raw: unknown): Parsed {
  if (typeof raw !== "object" || raw === null || Array.isArray(raw)) {
    throw new GatewayError(400, "invalid_request_error", "The request body must be a JSON object.", "invalid_request");
  }
  const model = (raw as { model?: unknown }).model;
  if (typeof model !== "string" || !model.trim()) {
    throw new GatewayError(400, "invalid_request_error", "'model' is required: a routing group or registered model name.", "missing_required_parameter", "model");
  }
  const parsed = checkChatRequest(raw);
  if (!parsed.success) {
    const unknown = parsed.issues.flatMap((i) => (i.code === "unrecognized_keys" ? i.keys : []));
    if (unknown.length) {
      throw new GatewayError(400, "invalid_request_error", `Unrecognized request argument${unknown.length > 1 ? "s" : ""} supplied: ${unknown.join(", ")}`, "unknown_parameter", unknown[0]);
    }
    const issue = parsed.issues[0];
    const param = issue.path.join(".") || null;
    throw new GatewayError(400, "invalid_request_error", `Invalid value for '${param ?? "body"}': ${issue.message}`, "invalid_value", param);
  }
  const request = raw as ChatRequest;
  return { model, request, stream: request.stream === true, includeUsage: request.stream_options?.include_usage === true };
}

function preTrace(target: Target): DispatchTrace {
  return target.kind === "group"
    ? { group: target.name, member: null, attempts: 0, fallbacks: 0, fallbackGroups: [] }
    : { group: null, member: { id: target.model.id, name: target.model.name, provider: target.model.deployment.provider }, attempts: 0, fallbacks: 0, fallbackGroups: [] };
}

/** Attempts listed in `x-tunebench-route` at most (a header has to stay a reasonable size). */
const MAX_ROUTE_ENTRIES = 50;

/**
 * The trace as response headers, the one place they are built (docs/api/gateway.md lists them), with `extra`
 * added (nullish values left out): one object per answer. Names are percent-encoded where they need it
 * (reply.ts headerValue), so any model name is a valid header.
 */
export function traceHeaders(trace: DispatchTrace, extra: Record<string, string | number | null | undefined> = {}): Record<string, string> {
  const h: Record<string, string> = {
    "x-tunebench-attempts": String(trace.attempts),
    "x-tunebench-fallbacks": String(trace.fallbacks),
  };
  if (trace.group) h["x-tunebench-group"] = headerValue(trace.group);
  if (trace.member) h["x-tunebench-served-by"] = headerValue(trace.member.name);
  if (trace.fallbackGroups.length) h["x-tunebench-fallback-groups"] = trace.fallbackGroups.map(headerValue).join(",");
  if (trace.route?.attempts.length) {
    h["x-tunebench-route"] = trace.route.attempts
      .slice(0, MAX_ROUTE_ENTRIES)
      .map((a) => `${headerValue(a.memberName).replaceAll(",", "%2C").replaceAll(":", "%3A")}:${a.ok ? "ok" : (a.errorKind ?? "error")}`)
      .join(",");
  }
  for (const k in extra) {
    const v = extra[k];
    if (v !== undefined && v !== null) h[k] = String(v);
  }
  return h;
}

interface CallContext {
  db: Db;
  id: string;
  startedAt: number;
  principal: GatewayPrincipal;
  parsed: Parsed;
  /** Set once the call is dispatched to a routing group: its shadow candidates get a copy afterwards. */
  group?: string;
}

/**
 * After the primary's log row is queued: a running rollout counts the candidate's attempts, and the group's
 * shadows (if any) run in the background.
 */
function mirror(c: CallContext, trace: DispatchTrace | null): void {
  if (!c.group) return;
  observeRoute(c.group, trace?.route);
  mirrorToShadows(c.db, { primaryId: c.id, groupName: c.group, request: c.parsed.request, stream: c.parsed.stream, apiKeyId: apiKeyIdOf(c.principal), logBodies: logsBodies(c) });
}

const logsBodies = (c: CallContext) => c.principal.kind === "key" && c.principal.key.logPrompts;

/** Queues the call's RequestLog row; latency runs to now unless the outcome gives it. */
function logCall(c: CallContext, trace: DispatchTrace | null, outcome: Omit<LoggedOutcome, "latencyMs"> & { latencyMs?: number }): void {
  const call: LoggedCall = {
    source: "gateway",
    apiKeyId: apiKeyIdOf(c.principal),
    groupName: trace?.group,
    model: trace?.member,
    stream: c.parsed.stream,
    attempts: trace?.attempts ?? 0,
    fallbacks: trace?.fallbacks ?? 0,
    logBodies: logsBodies(c),
    messages: c.parsed.request.messages,
  };
  outcome.latencyMs ??= Math.round(performance.now() - c.startedAt);
  // The row gets its id and time in place: one object per call on the hot path, not three.
  queueRequestLog(c.db, Object.assign(logRow(call, outcome as LoggedOutcome), { id: c.id, createdAt: new Date() }));
}

/** The caller went away mid-call: logged as 499 (nginx's convention), never reported as a gateway bug. */
const clientClosed = () => new GatewayError(499, "invalid_request_error", "The client closed the connection.", "client_closed");

/** Aborted when the client disconnects before the response is complete, so the upstream call is cancelled too. */
function disconnectSignal(res: ServerResponse): Cancellation {
  const gone = new Cancellation();
  res.once("close", () => {
    if (!res.writableFinished) gone.abort(clientClosed());
  });
  return gone;
}

export async function chatCompletions(req: IncomingMessage, res: ServerResponse, db: Db): Promise<void> {
  const startedAt = performance.now();
  let principal: GatewayPrincipal;
  let parsed: Parsed;
  try {
    const authenticated = authenticateGateway(db, req.headers.authorization);
    principal = authenticated instanceof Promise ? await authenticated : authenticated;
    parsed = parseBody(await readJsonBody(req));
  } catch (err) {
    return sendGatewayError(res, err);
  }
  const signal = disconnectSignal(res);
  const c: CallContext = { db, id: newRequestId(), startedAt, principal, parsed };
  let trace: DispatchTrace | null = null;
  let out: Awaited<ReturnType<typeof dispatch>>;
  try {
    const resolved = resolveTarget(db, parsed.model);
    const target = resolved instanceof Promise ? await resolved : resolved;
    // So a refusal is still logged against the group or model that was asked for.
    trace = target && preTrace(target);
    assertAllowed(principal, parsed.model);
    if (!target) throw modelNotFound(parsed.model);
    if (target.kind === "group") c.group = target.name;
    out = await dispatch(db, target, parsed.request, { stream: parsed.stream, signal });
  } catch (err) {
    if (err instanceof DispatchError) trace = err.trace ?? trace;
    const cause = signal.aborted ? clientClosed() : err instanceof DispatchError ? err.cause : err;
    const g = toGatewayError(cause);
    logCall(c, trace, { status: g.status, ok: false, errorKind: errorClassOf(cause) });
    if (signal.aborted) return mirror(c, trace);
    sendGatewayError(res, g, trace ? traceHeaders(trace, { "x-request-id": c.id }) : { "x-request-id": c.id });
    return mirror(c, trace);
  }
  if (out.kind === "stream") return streamResponse(c, out.stream, out.trace, res, signal);

  const { meta, ...completion } = out.result;
  const latencyMs = Math.round(performance.now() - startedAt);
  sendJson(res, 200, Object.assign(completion, { model: parsed.model }), traceHeaders(out.trace, { "x-request-id": c.id, "x-tunebench-cost-usd": meta.costUsd, "x-tunebench-duration-ms": latencyMs }));
  // Queued once the answer is on its way: building the row (and every MAX_BATCH rows, writing the batch) is not
  // the caller's wait.
  logCall(c, out.trace, { status: 200, ok: true, latencyMs, usage: completion.usage, costUsd: meta.costUsd, responseText: completion.choices[0]?.message.content });
  mirror(c, out.trace);
}

const DONE = "data: [DONE]\n\n";

/** Resolves when the socket can take more (backpressure), or when the client has gone. */
function drained(res: ServerResponse): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      res.off("drain", done);
      res.off("close", done);
      resolve();
    };
    res.once("drain", done);
    res.once("close", done);
  });
}

/**
 * Re-encodes the core's stream as OpenAI SSE, one write per batch of chunks that arrived together, waiting for
 * the socket to drain before reading more. The usage chunk is only sent when the caller asked for it
 * (stream_options.include_usage), as OpenAI does. A failure after the headers becomes a final
 * `data: {"error": …}` event, which the official clients raise as an APIError.
 */
async function streamResponse(c: CallContext, s: GatewayStream, trace: DispatchTrace, res: ServerResponse, signal: CancelSignal): Promise<void> {
  const model = c.parsed.model;
  const logPrompts = logsBodies(c);
  let text = "";
  let logged = false;
  const finish = (status: number, err?: unknown) => {
    if (logged) return;
    logged = true;
    const m = s.meta;
    logCall(c, trace, { status, ok: status === 200, ttftMs: m.ttftMs, usage: m.usage, costUsd: m.costUsd, errorKind: err === undefined ? null : errorClassOf(err), responseText: text });
    mirror(c, trace);
  };
  const onClientGone = () => {
    finish(499, clientClosed());
    s.cancel(); // closes the upstream connection; the pending read then ends the generator
  };
  if (signal.aborted) return onClientGone();
  signal.addEventListener("abort", onClientGone, { once: true });

  res.writeHead(
    200,
    traceHeaders(trace, { "content-type": "text/event-stream; charset=utf-8", "cache-control": "no-cache, no-transform", "x-accel-buffering": "no", "x-request-id": c.id }),
  );
  const it = s.batches();
  try {
    for (;;) {
      const next = await it.next();
      if (signal.aborted) return;
      if (next.done) {
        res.end(DONE);
        finish(200);
        return;
      }
      const out: unknown[] = [];
      for (const chunk of next.value) {
        if (isUsageChunk(chunk)) {
          if (!c.parsed.includeUsage) continue;
        } else if (logPrompts) {
          text += chunk.choices[0]?.delta.content ?? ""; // a passed-through chunk is parsed for it only here
        }
        // The name the caller asked for; the chunk is this call's own. A passed-through one is renamed as it is written.
        chunk.model = model;
        out.push(chunk);
      }
      if (s.meta.done) {
        // The batch with the usage chunk is the last: [DONE] goes out in the same write.
        res.end(sseEvents(out) + DONE);
        try {
          while (!(await it.next()).done); // lets a routed stream record its success
        } finally {
          finish(200);
        }
        return;
      }
      if (!out.length) continue;
      if (!res.write(sseEvents(out))) await drained(res);
    }
  } catch (err) {
    if (logged) return; // the client went away first; onClientGone has logged it
    const cause = err instanceof CompletionError || err instanceof RouterError || err instanceof GatewayError ? err : new CompletionError("stream_interrupted", "the stream failed");
    const g = toGatewayError(cause);
    finish(g.status, err);
    res.end(sseEvents([g.toBody()]));
  } finally {
    signal.removeEventListener("abort", onClientGone);
  }
}
