// complete() and stream(): validate, resolve, pre-check context, send through the provider's adapter, normalise, price.
import type { CancelSignal } from "./cancel";
import { configuredSecrets } from "./credentials";
import { CompletionError, redactSecrets } from "./errors";
import { DEFAULT_TIMEOUT_MS, Deadline, post, publicEndpoint, type UpstreamResponse } from "./http";
import { estimateCost, getContextWindow } from "./pricing";
import { getAdapter } from "./providers";
import type { AdapterContext, HttpRequest, ProviderAdapter } from "./providers/types";
import { resolveModel, type ResolvedModel } from "./resolve-model";
import { CompletionStream } from "./stream";
import type { z } from "zod";
import { countPromptTokensAsync, countTextTokensAsync, isExactTokenizer, promptTokenUpperBound } from "./tokens";
import {
  chatRequestSchema,
  type CallOptions,
  type ChatParam,
  type ChatRequest,
  type CompletionMeta,
  type CompletionResult,
  type Deployment,
  type Usage,
} from "./types";

/** Non-OpenAI models are counted with an OpenAI tokenizer: only reject when clearly over. */
const ESTIMATE_SLACK = 1.1;

/**
 * Requests that passed the schema. A routed call is checked by the gateway, the router and the core in turn; the
 * schema walks the whole body (every message), so each object is walked once. Requests are not changed after
 * they are built.
 */
const validated = new WeakSet<object>();

/** The schema's verdict on a request body, remembered when it passes (see `validated`). */
export function checkChatRequest(raw: unknown): { success: true } | { success: false; issues: z.core.$ZodIssue[] } {
  if (typeof raw === "object" && raw !== null && validated.has(raw)) return { success: true };
  const parsed = chatRequestSchema.safeParse(raw);
  if (!parsed.success) return { success: false, issues: parsed.error.issues };
  validated.add(raw as object);
  return { success: true };
}

/** Throws a bad_request CompletionError naming the first problem (an unknown parameter, a bad value). */
export function validateRequest(req: ChatRequest): ChatRequest {
  const parsed = checkChatRequest(req);
  if (parsed.success) return req;
  const issue = parsed.issues[0];
  const unknown = parsed.issues.flatMap((i) => (i.code === "unrecognized_keys" ? i.keys : []));
  const message = unknown.length
    ? `unknown request parameter${unknown.length > 1 ? "s" : ""}: ${unknown.map((k) => `'${k}'`).join(", ")}`
    : `invalid request: ${issue.path.join(".") || "body"}: ${issue.message}`;
  throw new CompletionError("bad_request", message, { code: "invalid_request", hint: "fix or remove the named parameter" });
}

/** Parameters every provider takes (the core handles them itself). */
const ALWAYS_SUPPORTED: ReadonlySet<string> = new Set(["messages", "model", "stream", "stream_options"]);

function checkSupported(adapter: ProviderAdapter, req: ChatRequest): void {
  let unsupported: string[] | undefined;
  for (const k in req) {
    if (req[k as keyof ChatRequest] !== undefined && !ALWAYS_SUPPORTED.has(k) && !adapter.supports.has(k as ChatParam)) (unsupported ??= []).push(k);
  }
  if (unsupported) {
    throw new CompletionError("bad_request", `${adapter.id} does not support ${unsupported.map((k) => `'${k}'`).join(", ")}`, {
      provider: adapter.id,
      code: "unsupported_parameter",
      hint: `remove ${unsupported.join(", ")} for this provider`,
    });
  }
}

interface Call {
  adapter: ProviderAdapter;
  ctx: AdapterContext;
  http: HttpRequest;
  /** The request body, serialised once. */
  body: string;
  endpoint: string;
  resolved: ResolvedModel;
  baseModel?: string;
  fineTuned: boolean;
  deadline: Deadline;
  timeoutMs: number;
  firstByteTimeoutMs?: number;
  startedAt: number;
  req: ChatRequest;
}

/**
 * Rejects a prompt that cannot fit the context window. Nothing to wait for (undefined) when the prompt clearly
 * fits, the usual case: only a prompt near the window is tokenized.
 */
function precheckContext(req: ChatRequest, d: Deployment, baseModel: string | undefined, model: string, signal?: CancelSignal): Promise<void> | undefined {
  const window = d.contextWindow ?? getContextWindow(baseModel);
  if (!window) return;
  const maxOut = req.max_tokens ?? req.max_completion_tokens ?? 0;
  if (promptTokenUpperBound(req.messages) + maxOut <= window) return; // cannot be over: skip tokenizing
  return countAgainstWindow(req, d, window, maxOut, baseModel ?? model, signal);
}

/** `model` names the tokenizer and the model the error names (the base model's, for a fine-tune). */
async function countAgainstWindow(req: ChatRequest, d: Deployment, window: number, maxOut: number, model: string, signal?: CancelSignal): Promise<void> {
  const exact = isExactTokenizer(model);
  const allowed = Math.floor(exact ? window : window * ESTIMATE_SLACK) - maxOut;
  const prompt = await countPromptTokensAsync(req.messages, model, Math.max(0, allowed), signal);
  if (prompt.complete && prompt.tokens <= allowed) return;
  const about = !prompt.complete ? "at least " : exact ? "" : "about ";
  throw new CompletionError(
    "context_window_exceeded",
    `${about}${prompt.tokens} prompt tokens${maxOut ? ` + ${maxOut} max_tokens` : ""} exceed the ${window}-token context window of ${model}`,
    { provider: d.provider, code: "context_precheck" },
  );
}

/**
 * What an adapter sees of a call. A class, not an object literal with a getter: on Node 20 such a literal costs
 * about a microsecond to make (docs/architecture.md, "Object spreads on the hot path").
 */
class CallContext implements AdapterContext {
  readonly model: string;

  constructor(
    readonly deployment: Deployment,
    readonly resolved: ResolvedModel,
    readonly secrets: string[],
    private readonly deadline: Deadline,
  ) {
    this.model = resolved.model;
  }

  /** The deadline as a DOM AbortSignal, made only for an adapter that needs one (a token exchange's fetch). */
  get signal(): AbortSignal {
    return this.deadline.signal;
  }
}

/** Serialise once, before any send: a request that cannot be serialised is the caller's error, not the upstream's. */
function serialise(body: unknown, provider: Deployment["provider"]): string {
  try {
    return JSON.stringify(body);
  } catch (err) {
    throw new CompletionError("bad_request", `the request cannot be serialised as JSON (${err instanceof Error ? err.message : String(err)})`, {
      provider,
      code: "invalid_request",
      hint: "remove circular, BigInt or very deeply nested values from the request",
    });
  }
}

/** resolveModel's answers by "provider/model": every call resolves its deployment's id, and the rules do not change. */
const resolvedIds = new Map<string, Readonly<ResolvedModel>>();
const MAX_RESOLVED = 1_000;

function resolvedOf(d: Deployment): ResolvedModel {
  const id = `${d.provider}/${d.model}`;
  let resolved = resolvedIds.get(id);
  if (resolved) return resolved;
  resolved = Object.freeze(resolveModel(id));
  if (resolvedIds.size >= MAX_RESOLVED) resolvedIds.clear();
  resolvedIds.set(id, resolved);
  return resolved;
}

/**
 * The call, ready to send: at once when nothing has to be waited for (no context count, an adapter that builds
 * its request synchronously), the usual case; a promise otherwise. Every promise on the hot path is paid again
 * in Next's async hooks (docs/architecture.md, "Promises on the hot path").
 */
function prepare(d: Deployment, raw: ChatRequest, stream: boolean, opts: CallOptions, secrets: string[]): Call | Promise<Call> {
  const req = validateRequest(raw);
  const adapter = getAdapter(d);
  checkSupported(adapter, req);
  const resolved = resolvedOf(d);
  const counting = precheckContext(req, d, d.baseModel ?? resolved.baseModel, resolved.model, opts.signal);
  return counting ? counting.then(() => build(d, adapter, req, stream, opts, secrets)) : build(d, adapter, req, stream, opts, secrets);
}

/** The checked request as the provider's HTTP request, under a new deadline. */
function build(d: Deployment, adapter: ProviderAdapter, req: ChatRequest, stream: boolean, opts: CallOptions, secrets: string[]): Call | Promise<Call> {
  const resolved = resolvedOf(d);
  const baseModel = d.baseModel ?? resolved.baseModel;
  const fineTuned = d.kind ? d.kind === "fine_tuned" : resolved.kind === "fine_tuned";
  const deadline = new Deadline(opts.signal);
  const ctx = new CallContext(d, resolved, secrets, deadline);
  const timeoutMs = opts.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const startedAt = performance.now();
  const fail = (err: unknown): never => {
    deadline.dispose();
    throw deadline.classify(
      err,
      () => new CompletionError("bad_request", `cannot build the ${d.provider} request: ${String(err)}`, { provider: d.provider }),
      "timed out preparing the request (token exchange)",
      d.provider,
    );
  };
  const ready = (http: HttpRequest): Call => {
    let body: string;
    try {
      body = serialise(http.body, d.provider);
    } catch (err) {
      return fail(err);
    }
    const endpoint = publicEndpoint(http.url, ctx.secrets);
    return { adapter, ctx, http, body, endpoint, resolved, baseModel, fineTuned, deadline, timeoutMs, firstByteTimeoutMs: opts.firstByteTimeoutMs, startedAt, req };
  };
  let http: HttpRequest | Promise<HttpRequest>;
  try {
    http = adapter.buildRequest(ctx, req, stream);
  } catch (err) {
    return fail(err);
  }
  if (!(http instanceof Promise)) return ready(http);
  deadline.arm(timeoutMs); // covers a token exchange inside buildRequest
  return http.then(ready, fail);
}

/** Sends the call; an answer that is not OK is read and thrown as the provider's error. */
function send(call: Call): Promise<UpstreamResponse> {
  return post(call.http.url, call.http.headers, call.body, call.deadline, {
    provider: call.adapter.id,
    endpoint: call.endpoint,
    timeoutMs: call.timeoutMs,
    firstByteTimeoutMs: call.firstByteTimeoutMs,
  }).then((res) => (res.ok ? res : refused(call, res)));
}

async function refused(call: Call, res: UpstreamResponse): Promise<never> {
  let text = "";
  try {
    text = await res.text();
  } catch {
    /* body lost: map on status alone */
  }
  call.deadline.dispose();
  throw call.adapter.mapError(res.status, text, res.headers, call.ctx);
}

function metaOf(call: Call, d: Deployment): Omit<CompletionMeta, "latencyMs" | "costUsd"> {
  return {
    provider: d.provider,
    model: call.resolved.model,
    baseModel: call.baseModel,
    deploymentId: d.id,
    deploymentName: d.name,
    endpoint: call.endpoint,
  };
}

function costOf(call: Call, d: Deployment, usage: Usage) {
  return estimateCost({ provider: d.provider, baseModel: call.baseModel, fineTuned: call.fineTuned, usage, pricing: d.pricing });
}

async function estimateUsage(call: Call, completionText: string): Promise<Usage> {
  const model = call.baseModel ?? call.resolved.model;
  const prompt = (await countPromptTokensAsync(call.req.messages, model)).tokens;
  const completion = await countTextTokensAsync(completionText, model);
  return { prompt_tokens: prompt, completion_tokens: completion, total_tokens: prompt + completion };
}

/**
 * Runs a call with the deployment's secrets (adapters add the ones they resolve) and cuts them out of anything
 * it throws: the one place where upstream text that quotes the request is cleaned for every caller.
 */
function withSecrets<T>(d: Deployment, run: (secrets: string[]) => Promise<T>): Promise<T> {
  const secrets = configuredSecrets(d);
  const redact = (err: unknown): never => {
    throw redactSecrets(err, secrets);
  };
  let running: Promise<T>;
  try {
    running = run(secrets);
  } catch (err) {
    return Promise.reject(redactSecrets(err, secrets));
  }
  return running.catch(redact);
}

/** One chat completion, normalised to OpenAI's shape, with provider, latency and cost in `meta`. */
export function complete(d: Deployment, req: ChatRequest, opts: CallOptions = {}): Promise<CompletionResult> {
  return withSecrets(d, (secrets) => {
    const call = prepare(d, req, false, opts, secrets);
    return call instanceof Promise ? call.then((c) => completeCall(c, d)) : completeCall(call, d);
  });
}

async function completeCall(call: Call, d: Deployment): Promise<CompletionResult> {
  let json: unknown;
  try {
    const res = await send(call);
    json = await res.json();
  } catch (err) {
    throw call.deadline.classify(
      err,
      () => new CompletionError("upstream_unavailable", `${call.endpoint} returned a body that is not JSON`, { provider: d.provider, status: 200 }),
      `no complete response from ${call.endpoint} within ${call.timeoutMs} ms`,
      d.provider,
    );
  } finally {
    call.deadline.dispose();
  }
  const completion = call.adapter.parseResponse(json, call.ctx);
  const latencyMs = Math.round(performance.now() - call.startedAt);
  let usageEstimated: true | undefined;
  let usage = completion.usage;
  if (!usage) {
    const text = completion.choices.map((c) => (c.message.content ?? "") + JSON.stringify(c.message.tool_calls ?? "")).join("");
    usage = await estimateUsage(call, text);
    usageEstimated = true;
  }
  const cost = costOf(call, d, usage);
  // Added onto the objects just built, not spread into new ones (docs/architecture.md, "Object spreads on the hot path").
  const meta: CompletionMeta = Object.assign(metaOf(call, d), { latencyMs, costUsd: cost.costUsd, costNote: cost.note });
  if (usageEstimated) meta.usageEstimated = true;
  return Object.assign(completion, { usage, meta });
}

/**
 * Start a streamed completion. Resolves once the upstream answered OK, so connection errors, HTTP errors and
 * rejected keys throw here; failures after that are thrown by the iterator.
 */
export function stream(d: Deployment, req: ChatRequest, opts: CallOptions = {}): Promise<CompletionStream> {
  return withSecrets(d, (secrets) => streamWith(d, req, opts, secrets));
}

async function streamWith(d: Deployment, req: ChatRequest, opts: CallOptions, secrets: string[]): Promise<CompletionStream> {
  const prepared = prepare(d, req, true, opts, secrets);
  const call = prepared instanceof Promise ? await prepared : prepared;
  const res = await send(call);
  return new CompletionStream(
    {
      body: res.body,
      finished: () => res.finished,
      close: res.cancel,
      parse: call.adapter.createStreamParser(call.ctx),
      passthrough: opts.passthrough ? call.adapter.createPassthrough?.(call.ctx) : undefined,
      deadline: call.deadline,
      idleTimeoutMs: call.timeoutMs,
      startedAt: call.startedAt,
      provider: d.provider,
      secrets,
      estimateUsage: (text) => estimateUsage(call, text),
      cost: (usage) => costOf(call, d, usage),
    },
    metaOf(call, d),
  );
}
