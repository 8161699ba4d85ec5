// Base factory for providers that speak OpenAI Chat Completions; each of them is a few lines of options.
import type { HeaderReader } from "../http";
import { CompletionError, errorFromStatus, type CompletionErrorKind } from "../errors";
import { apiKeyFor } from "../credentials";
import type { ChatCompletion, ChatCompletionChunk, ChatParam, ChatRequest, FinishReason, ProviderId, Usage } from "../types";
import { RawChunk } from "../raw-chunk";
import { ALL_PARAMS, type AdapterContext, type ProviderAdapter, type StreamEvent, type StreamParser } from "./types";

export interface CompatOptions {
  id: ProviderId;
  /** Used when the deployment has no apiBase; undefined = apiBase required. */
  defaultApiBase?: () => string | undefined;
  /** Append /v1 to an apiBase that lacks it (Ollama, simulator: users paste the server root). */
  ensureV1?: boolean;
  keyRequired: boolean;
  /** Fall back to the provider's usual env var (off for generic servers: never send OPENAI_API_KEY to a third party). */
  useEnvKey?: boolean;
  /** Key sent when none is configured (the simulator accepts any bearer). */
  fallbackKey?: string;
  supports?: ReadonlySet<ChatParam>;
  /** Rename or reshape fields the provider spells differently. */
  transformBody?: (body: Record<string, unknown>, req: ChatRequest) => Record<string, unknown>;
  extraHeaders?: (ctx: AdapterContext) => Record<string, string>;
  /** Provider-specific hints per error kind ("check the Azure deployment name"). */
  hints?: Partial<Record<CompletionErrorKind, string>>;
  /** Send the system prompt as "system" even when the caller used OpenAI's newer "developer" role. */
  developerAsSystem?: boolean;
}

export function apiBaseFor(ctx: AdapterContext, opts: Pick<CompatOptions, "id" | "defaultApiBase" | "ensureV1">): string {
  const raw = ctx.deployment.apiBase ?? opts.defaultApiBase?.();
  if (!raw) {
    throw new CompletionError("bad_request", `${opts.id} needs an apiBase`, {
      provider: opts.id,
      hint: opts.id === "simulator" ? "start the simulator or set SIMULATOR_URL" : "set the deployment's apiBase URL",
    });
  }
  const base = raw.replace(/\/+$/, "");
  return opts.ensureV1 && !/\/v1$/.test(base) ? `${base}/v1` : base;
}

/** Canonical request → OpenAI body. Only parameters present in the request are sent. */
export function openAIBody(req: ChatRequest, model: string, stream: boolean, developerAsSystem = false): Record<string, unknown> {
  const body: Record<string, unknown> = {
    model,
    messages: developerAsSystem
      ? req.messages.map((m) => (m.role === "developer" ? Object.assign({}, m, { role: "system" as const }) : m))
      : req.messages,
  };
  for (const key of ALL_PARAMS) {
    if (req[key] !== undefined) body[key] = req[key];
  }
  if (stream) {
    body.stream = true;
    body.stream_options = { include_usage: true };
  }
  return body;
}

const FINISH: Record<string, FinishReason> = {
  stop: "stop",
  length: "length",
  tool_calls: "tool_calls",
  content_filter: "content_filter",
  function_call: "function_call",
  eos: "stop",
  end_turn: "stop",
};

export function mapFinish(reason: unknown): FinishReason | null {
  if (reason == null) return null;
  return FINISH[String(reason)] ?? "stop";
}

type Json = Record<string, unknown>;
const asObject = (v: unknown): Json => (v && typeof v === "object" ? (v as Json) : {});

function usageOf(raw: unknown): Usage | undefined {
  const u = asObject(raw);
  if (typeof u.prompt_tokens !== "number") return undefined;
  const completion = typeof u.completion_tokens === "number" ? u.completion_tokens : 0;
  return { prompt_tokens: u.prompt_tokens, completion_tokens: completion, total_tokens: u.prompt_tokens + completion };
}

export function parseOpenAIResponse(json: unknown, provider: ProviderId): ChatCompletion {
  const body = asObject(json);
  if (!Array.isArray(body.choices)) {
    throw new CompletionError("upstream_unavailable", "upstream response has no choices", { provider, status: 200 });
  }
  return {
    id: String(body.id ?? `chatcmpl-${Date.now()}`),
    object: "chat.completion",
    created: typeof body.created === "number" ? body.created : Math.floor(Date.now() / 1000),
    model: String(body.model ?? ""),
    choices: body.choices.map((c: Json, i: number) => {
      const msg = asObject(c.message);
      return {
        index: typeof c.index === "number" ? c.index : i,
        message: {
          role: "assistant" as const,
          content: typeof msg.content === "string" ? msg.content : null,
          ...(Array.isArray(msg.tool_calls) && msg.tool_calls.length ? { tool_calls: msg.tool_calls } : {}),
          ...(typeof msg.refusal === "string" ? { refusal: msg.refusal } : {}),
        },
        finish_reason: mapFinish(c.finish_reason),
      };
    }),
    usage: usageOf(body.usage),
    system_fingerprint: typeof body.system_fingerprint === "string" ? body.system_fingerprint : undefined,
  };
}

/** Message and code out of the usual error bodies: OpenAI/Azure/Ollama {error:{…}}, vLLM {message,type}, FastAPI {detail}. */
export function readErrorBody(bodyText: string): { message: string; code?: string } {
  try {
    const body = asObject(JSON.parse(bodyText));
    const err = typeof body.error === "string" ? { message: body.error } : asObject(body.error ?? body);
    const message = err.message ?? body.detail ?? body.message;
    const code = err.code ?? err.type ?? err.status;
    return {
      message: typeof message === "string" ? message : JSON.stringify(message ?? body).slice(0, 500),
      code: code == null ? undefined : String(code),
    };
  } catch {
    return { message: bodyText.slice(0, 500) };
  }
}

export function mapOpenAIError(
  status: number,
  bodyText: string,
  headers: HeaderReader,
  ctx: AdapterContext,
  hints?: Partial<Record<CompletionErrorKind, string>>,
): CompletionError {
  const { message, code } = readErrorBody(bodyText);
  const policy = code === "content_filter" || code === "content_policy_violation";
  return errorFromStatus(policy ? 400 : status, message, {
    provider: ctx.deployment.provider,
    code: policy ? `content_policy:${code}` : code,
    headers,
    hints,
  });
}

/** One event's object as a chunk; `finish` collects the mapped finish reason. */
function chunkOf(raw: Json, choices: Json[], model: string, finish?: (reason: FinishReason) => void): ChatCompletionChunk {
  return {
    id: String(raw.id ?? ""),
    object: "chat.completion.chunk",
    created: typeof raw.created === "number" ? raw.created : Math.floor(Date.now() / 1000),
    model: String(raw.model ?? model),
    choices: choices.map((c, i) => {
      const reason = mapFinish(c.finish_reason);
      if (reason) finish?.(reason);
      return { index: typeof c.index === "number" ? c.index : i, delta: asObject(c.delta), finish_reason: reason };
    }),
  };
}

export function openAIStreamParser(ctx: AdapterContext, hints?: Partial<Record<CompletionErrorKind, string>>): StreamParser {
  return (event) => {
    if (event.data === "[DONE]") return { chunks: [], done: true };
    let raw: Json;
    try {
      raw = asObject(JSON.parse(event.data));
    } catch {
      throw new CompletionError("stream_interrupted", "upstream sent a malformed stream event", { provider: ctx.deployment.provider });
    }
    if (raw.error) {
      const status = Number(asObject(raw.error).code);
      throw mapOpenAIError(status >= 400 ? status : 500, event.data, new Headers(), ctx, hints);
    }
    const usage = usageOf(raw.usage);
    const choices = Array.isArray(raw.choices) ? (raw.choices as Json[]) : [];
    if (!choices.length) return { chunks: [], usage };
    let finishReason: FinishReason | undefined;
    const chunk = chunkOf(raw, choices, ctx.model, (reason) => (finishReason = reason));
    return { chunks: [chunk], usage, finishReason };
  };
}

const isSpace = (c: number) => c === 32 || c === 10 || c === 13 || c === 9;

/**
 * Where the value of `"key":` starts in a JSON object's text, or -1 when no such key occurs. Sound without a
 * parse: a quote inside a JSON string is escaped, so `"key"` followed by a colon can only be a key.
 */
function valueAt(json: string, quotedKey: string): number {
  for (let i = json.indexOf(quotedKey); i !== -1; i = json.indexOf(quotedKey, i + 1)) {
    let j = i + quotedKey.length;
    while (isSpace(json.charCodeAt(j))) j++;
    if (json.charCodeAt(j) !== 58 /* : */) continue;
    j++;
    while (isSpace(json.charCodeAt(j))) j++;
    return j;
  }
  return -1;
}

/** The value at `at` is absent or null. */
const nullAt = (json: string, at: number) => at === -1 || json.charCodeAt(at) === 110; /* n */

/** Where the string literal whose text starts at `from` (after its opening quote) ends: its closing quote, or -1. */
function stringEnd(json: string, from: number): number {
  for (let q = json.indexOf('"', from); q !== -1; q = json.indexOf('"', q + 1)) {
    let backslashes = 0;
    while (json.charCodeAt(q - 1 - backslashes) === 92 /* \ */) backslashes++;
    if (backslashes % 2 === 0) return q;
  }
  return -1;
}

/**
 * A content event cut around its content string: the upstream's next content events usually differ from it only
 * there (same id, created, model and fields), so they are told by comparing both ends instead of searching keys.
 */
interface Template {
  prefix: string;
  suffix: string;
  modelAt: number;
  modelEnd: number;
}

/**
 * The passthrough test for OpenAI's stream format (stream() with `passthrough`): an event that only carries
 * content, already in OpenAI's shape, is kept as its text (RawChunk), with the position of its model name.
 * Anything that needs reading or normalising goes to the parser instead: a finish reason (mapped), usage, an
 * error, an empty choices list (dropped), a named event, or a model name that is not a plain string.
 * The first kept event is found by a few key searches; it becomes a template, and an event equal to it but for
 * the text of its content string is kept after comparing both ends (the content string cannot hide a key: a
 * quote inside it is escaped). Either costs much less than a parse and a re-encode, a few microseconds per token.
 * A kept event is not validated beyond that (the SSE framing already ensures it arrived whole): an upstream that
 * sends broken JSON in a content event has it reach the client as sent, as with any proxy that does not parse.
 */
export function openAIPassthrough(ctx: AdapterContext): (event: StreamEvent) => RawChunk | undefined {
  const decode = (data: string): ChatCompletionChunk => {
    const raw = asObject(JSON.parse(data));
    return chunkOf(raw, Array.isArray(raw.choices) ? (raw.choices as Json[]) : [], ctx.model);
  };
  let template: Template | undefined;
  const byKeys = (d: string): RawChunk | undefined => {
    if (d.charCodeAt(0) !== 123 /* { */ || d.charCodeAt(d.length - 1) !== 125 /* } */) return undefined;
    if (!nullAt(d, valueAt(d, '"finish_reason"')) || !nullAt(d, valueAt(d, '"usage"')) || valueAt(d, '"error"') !== -1) return undefined;
    const choices = valueAt(d, '"choices"');
    if (choices === -1 || d.charCodeAt(choices) !== 91 /* [ */) return undefined;
    let first = choices + 1;
    while (isSpace(d.charCodeAt(first))) first++;
    if (d.charCodeAt(first) === 93 /* ] */) return undefined;
    const model = valueAt(d, '"model"');
    if (model === -1 || d.charCodeAt(model) !== 34 /* " */) return undefined;
    const modelEnd = d.indexOf('"', model + 1) + 1;
    if (modelEnd === 0 || d.lastIndexOf("\\", modelEnd) > model) return undefined;
    const content = valueAt(d, '"content"');
    if (content > modelEnd && d.charCodeAt(content) === 34 /* " */) {
      const end = stringEnd(d, content + 1);
      if (end !== -1) template = { prefix: d.slice(0, content + 1), suffix: d.slice(end), modelAt: model, modelEnd };
    }
    return new RawChunk(d, model, modelEnd, decode);
  };
  return (event) => {
    if (event.event !== undefined) return undefined;
    const d = event.data;
    const t = template;
    // Compared as slices with ===, not startsWith/endsWith: on V8 those walk an event cut from a larger read
    // character by character (about 1.5 µs an event, against a few nanoseconds).
    if (
      t &&
      d.length >= t.prefix.length + t.suffix.length &&
      d.slice(0, t.prefix.length) === t.prefix &&
      d.slice(d.length - t.suffix.length) === t.suffix &&
      stringEnd(d, t.prefix.length) === d.length - t.suffix.length
    ) {
      return new RawChunk(d, t.modelAt, t.modelEnd, decode);
    }
    return byKeys(d);
  };
}

/** Build a complete adapter for an OpenAI-compatible provider. */
export function openAICompatible(opts: CompatOptions): ProviderAdapter {
  return {
    id: opts.id,
    supports: opts.supports ?? ALL_PARAMS,
    buildRequest(ctx, req, stream) {
      const key =
        apiKeyFor(ctx.deployment, { required: opts.keyRequired, useEnv: opts.useEnvKey ?? true }) ?? opts.fallbackKey;
      if (key) ctx.secrets.push(key);
      let body = openAIBody(req, ctx.model, stream, opts.developerAsSystem);
      if (opts.transformBody) body = opts.transformBody(body, req);
      // Assigned in order, not spread: later sources win, as with spreads, at a fraction of the cost on Node 20.
      const headers: Record<string, string> = { "content-type": "application/json" };
      if (key) headers.authorization = `Bearer ${key}`;
      if (opts.extraHeaders) Object.assign(headers, opts.extraHeaders(ctx));
      if (ctx.deployment.headers) Object.assign(headers, ctx.deployment.headers);
      return { url: `${apiBaseFor(ctx, opts)}/chat/completions`, headers, body };
    },
    parseResponse: (json) => parseOpenAIResponse(json, opts.id),
    createStreamParser: (ctx) => openAIStreamParser(ctx, opts.hints),
    createPassthrough: openAIPassthrough,
    mapError: (status, bodyText, headers, ctx) => mapOpenAIError(status, bodyText, headers, ctx, opts.hints),
  };
}
