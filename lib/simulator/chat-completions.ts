// POST /v1/chat/completions — validate, apply the requested behaviour (delays, injected failures), answer.
import { randomUUID } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { parseBehaviorHeaders, resolveBehavior, SimulatorHeaderError, type ResolvedBehavior, type SimulatorBehavior } from "@/lib/completion/simulator-behavior";
import { parseChatRequest, type ChatRequest } from "./chat-request";
import { contextWindowFor, prepareCompletion, type Completion } from "./completion";
import * as errors from "./openai-errors";
import { cutConnection, streamCompletion, writeSseHeaders } from "./streaming";
import { sleep, type ClientGone } from "./timing";

export const SYSTEM_FINGERPRINT = "fp_tunebench_sim";
/** Chunks a `cut_mid_stream` failure delivers before the connection drops. */
const CUT_AFTER_CHUNKS = 3;

export interface ChatContext {
  req: IncomingMessage;
  res: ServerResponse;
  body: Buffer;
  defaults: SimulatorBehavior;
  gone: ClientGone;
}

function bearerKey(header: string | undefined): string | null {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header ?? "");
  return match ? match[1] : null;
}

function parseJson(text: string): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    return { ok: false };
  }
}

export async function handleChatCompletions(ctx: ChatContext): Promise<void> {
  const { req, res, gone } = ctx;
  const apiKey = bearerKey(req.headers.authorization);
  if (!apiKey) return errors.sendError(res, errors.missingApiKey());

  let behavior: ResolvedBehavior;
  try {
    behavior = resolveBehavior(ctx.defaults, parseBehaviorHeaders(req.headers));
  } catch (err) {
    if (err instanceof SimulatorHeaderError) return errors.sendError(res, errors.invalidRequest(err.message, err.header));
    throw err;
  }

  const text = ctx.body.toString("utf8");
  const json = parseJson(text);
  if (!json.ok) {
    return errors.sendError(
      res,
      errors.invalidRequest("We could not parse the JSON body of your request. The request body must be valid JSON.", null),
    );
  }
  const parsed = parseChatRequest(json.value);
  if (!parsed.ok) return errors.sendError(res, errors.invalidRequest(parsed.message, parsed.param));
  const request = parsed.request;
  const stream = request.stream === true;
  const delayMs = stream ? behavior.ttftMs : behavior.latencyMs;

  const { promptTokens, completion } = await prepareCompletion(request, text); // the body determines the request: the cache's key
  const contextWindow = contextWindowFor(request.model);
  if (promptTokens > contextWindow) return errors.sendError(res, errors.contextLengthExceeded(contextWindow, promptTokens));

  const failure = behavior.failure;
  switch (failure) {
    case "none":
    case "cut_mid_stream":
      break;
    case "reject_key":
      return errors.sendError(res, errors.incorrectApiKey(apiKey));
    case "context_window":
      return errors.sendError(res, errors.contextLengthExceeded(contextWindow, Math.max(promptTokens, contextWindow + 1)));
    case "content_policy":
      return errors.sendError(res, errors.contentFiltered());
    case "rate_limit":
      if (await sleep(delayMs, gone)) errors.sendError(res, errors.rateLimited(request.model, behavior.retryAfterSeconds));
      return;
    case "server_error":
      if (await sleep(delayMs, gone)) errors.sendError(res, errors.serverError());
      return;
    case "hang":
      // Never answer: the client's abort or the server's close() ends the connection.
      return;
    case "cut_before_first_token":
      if (stream) writeSseHeaders(res, responseHeaders());
      if (await sleep(delayMs, gone)) cutConnection(res);
      return;
    default: {
      const unreachable: never = failure;
      throw new Error(`unhandled failure ${String(unreachable)}`);
    }
  }

  const id = `chatcmpl-sim-${randomUUID().replaceAll("-", "").slice(0, 24)}`;
  const created = Math.floor(Date.now() / 1000);
  const cutAfterChunks = failure === "cut_mid_stream" ? CUT_AFTER_CHUNKS : undefined;

  if (stream) {
    return streamCompletion({
      res,
      gone,
      id,
      created,
      model: request.model,
      systemFingerprint: SYSTEM_FINGERPRINT,
      completion,
      includeUsage: request.stream_options?.include_usage === true,
      ttftMs: behavior.ttftMs,
      tokensPerSecond: behavior.tokensPerSecond,
      headers: responseHeaders(),
      cutAfterChunks,
    });
  }

  if (!(await sleep(behavior.latencyMs, gone))) return;
  const body = JSON.stringify(completionBody(id, created, request, completion));
  if (cutAfterChunks !== undefined) {
    res.writeHead(200, { "content-type": "application/json", "content-length": Buffer.byteLength(body), ...responseHeaders() });
    return cutConnection(res, body.slice(0, Math.floor(body.length / 2)));
  }
  errors.sendJsonText(res, 200, body, responseHeaders());
}

function responseHeaders(): Record<string, string> {
  return { "x-request-id": `req_sim_${randomUUID().replaceAll("-", "")}` };
}

export function completionBody(id: string, created: number, request: ChatRequest, completion: Completion) {
  return {
    id,
    object: "chat.completion",
    created,
    model: request.model,
    system_fingerprint: SYSTEM_FINGERPRINT,
    choices: [
      {
        index: 0,
        message: {
          role: "assistant",
          content: completion.content,
          refusal: null,
          ...(completion.toolCalls ? { tool_calls: completion.toolCalls } : {}),
          annotations: [],
        },
        logprobs: null,
        finish_reason: completion.finishReason,
      },
    ],
    usage: completion.usage,
    service_tier: "default",
  };
}
