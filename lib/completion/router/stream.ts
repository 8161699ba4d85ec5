// Streams through the router. An attempt succeeds only once the first content chunk arrived in time, so
// everything before it (connect error, 5xx, TTFT timeout, a cut before content) falls back like a plain call.
// After it, a failure ends the stream with a clear error; it is never silently truncated.
import { Cancellation, type CancelSignal } from "../cancel";
import { chunksToSSE } from "../sse";
import { CompletionError } from "../errors";
import { flatten, type CompletionStream } from "../stream";
import type { ChatCompletionChunk, ChatRequest, StreamMeta } from "../types";
import { cooldownPolicy, type AttemptLimits, type AttemptOutcome, type EngineDeps, type Routed } from "./engine";
import { isPromise } from "./state";
import type { RouteTrace } from "./trace";
import type { RouterMember, StreamFn } from "./types";

export interface OpenedStream {
  source: CompletionStream;
  /** The source's batches (see CompletionStream.batches). */
  iterator: AsyncIterator<ChatCompletionChunk[]>;
  /** Batches read up to and including the one with the first content. */
  buffered: ChatCompletionChunk[][];
  /** The upstream already ended (an empty but complete answer). */
  ended: boolean;
}

function hasContent(chunk: ChatCompletionChunk): boolean {
  return chunk.choices.some((c) => !!c.delta.content || !!c.delta.tool_calls?.length || !!c.delta.refusal);
}

/** One streamed attempt: open, then read until the first content within the TTFT timeout. */
export async function openStream(
  streamFn: StreamFn,
  member: RouterMember,
  req: ChatRequest,
  signal: CancelSignal | undefined,
  limits: AttemptLimits,
  now: () => number,
  passthrough?: boolean,
): Promise<AttemptOutcome<OpenedStream>> {
  // Aborted by the caller (for the stream's whole life: a client that leaves mid-stream cancels it), or by the
  // first-token timer below.
  const ctrl = new Cancellation();
  ctrl.follow(signal);
  let ttftExpired = false;
  const timer = setTimeout(() => {
    ttftExpired = true;
    ctrl.abort(new DOMException("no first token in time", "TimeoutError"));
  }, limits.streamTtftTimeoutMs);
  const startedAt = now();
  let source: CompletionStream | undefined;
  try {
    source = await streamFn(member.deployment, req, { signal: ctrl, timeoutMs: limits.timeoutMs, firstByteTimeoutMs: limits.firstByteTimeoutMs, passthrough });
    const iterator = source.batches();
    const buffered: ChatCompletionChunk[][] = [];
    let ended = false;
    for (;;) {
      const next = await iterator.next();
      if (next.done) {
        ended = true;
        break;
      }
      buffered.push(next.value);
      if (next.value.some(hasContent)) break;
    }
    return { value: { source, iterator, buffered, ended }, status: 200, ttftMs: source.meta.ttftMs ?? Math.round(now() - startedAt) };
  } catch (err) {
    source?.cancel();
    if (ttftExpired && !signal?.aborted) {
      throw new CompletionError("timeout", `no first token from ${member.name} within ${limits.streamTtftTimeoutMs} ms`, {
        provider: member.deployment.provider,
        contentDelivered: false,
        hint: "raise streamTtftTimeoutMs, or check the member's load",
      });
    }
    throw err;
  } finally {
    clearTimeout(timer);
  }
}

/** The stream a routed call returns: iterate it once; `done` resolves with the finished trace. */
export class RoutedStream implements AsyncIterable<ChatCompletionChunk> {
  readonly trace: RouteTrace;
  private started = false;
  private settled = false;
  /** The finished trace, once the stream has ended. */
  private ended?: RouteTrace;
  private whenDone?: { promise: Promise<RouteTrace>; resolve: (t: RouteTrace) => void };

  constructor(
    private readonly routed: Routed<OpenedStream>,
    private readonly deps: Pick<EngineDeps, "state" | "now">,
  ) {
    this.trace = routed.tb.trace;
  }

  /** Resolves with the finished trace when the stream ends (made on first use: the gateway reads `trace` instead). */
  get done(): Promise<RouteTrace> {
    if (this.ended) return Promise.resolve(this.ended);
    if (!this.whenDone) {
      let resolve!: (t: RouteTrace) => void;
      const promise = new Promise<RouteTrace>((r) => (resolve = r));
      this.whenDone = { promise, resolve };
    }
    return this.whenDone.promise;
  }

  /** The served member's stream metadata (provider, model, ttft, usage and cost once done). */
  get meta(): StreamMeta {
    return this.routed.outcome.value.source.meta;
  }

  get member(): RouterMember {
    return this.routed.member;
  }

  [Symbol.asyncIterator](): AsyncGenerator<ChatCompletionChunk> {
    return flatten(this.batches());
  }

  /** The chunks grouped as the served member's stream delivered them (see CompletionStream.batches). */
  batches(): AsyncIterableIterator<ChatCompletionChunk[]> {
    if (this.started) throw new Error("a RoutedStream can be iterated once");
    this.started = true;
    return new RoutedBatches(this.routed.outcome.value, this);
  }

  /** Stop reading and close the upstream. */
  cancel(): void {
    this.routed.outcome.value.source.cancel();
    void this.settle(false, { kind: "cancelled", message: "the caller cancelled the stream" });
  }

  /** OpenAI-style SSE; a failure after the first token becomes a final `data: {"error":…}` event. */
  toSSE(): ReadableStream<Uint8Array> {
    return chunksToSSE(this);
  }

  /** (RoutedBatches) Records the attempt's end in the router state and finishes the trace; a promise only when the state is remote. */
  settle(ok: boolean, error?: { kind: string; message: string }): void | Promise<void> {
    if (this.settled) return;
    this.settled = true;
    const { state, now } = this.deps;
    const { member, group, tb, startedAt } = this.routed;
    const meta = this.meta;
    const served = tb.trace.attempts[tb.trace.attempts.length - 1];
    if (served && meta.latencyMs !== undefined) served.latencyMs = meta.latencyMs;
    const recorded = state.end(
      member.id,
      now(),
      ok
        ? { result: "success", startedAt, latencyMs: meta.latencyMs, ttftMs: meta.ttftMs, tokens: meta.usage?.total_tokens }
        : error && error.kind !== "cancelled"
          ? { result: "failure", startedAt, policy: cooldownPolicy(group), errorKind: error.kind }
          : { result: "neutral", startedAt },
    );
    const finish = () => {
      if (error) tb.trace.streamError = error;
      this.ended = tb.finish(ok, error?.kind);
      this.whenDone?.resolve(this.ended);
    };
    if (isPromise(recorded)) return recorded.then(finish);
    finish();
  }

  /** (RoutedBatches) A failure after the first token: never resumed on another member, so it ends the stream with a clear error. */
  failed(err: unknown): unknown {
    if (!(err instanceof CompletionError)) return err; // the caller's abort (or a bug): not the member's fault
    return new CompletionError(err.kind === "timeout" ? "timeout" : "stream_interrupted", `${this.member.name} failed mid-stream after the first token: ${err.message}`, {
      provider: err.provider,
      contentDelivered: true,
      retryable: false,
      hint: "the partial answer cannot be resumed on another member; retry the request",
    });
  }
}

const END: IteratorReturnResult<undefined> = Object.freeze({ done: true, value: undefined });

/**
 * RoutedStream's batches: the ones read while the attempt was opened, then the member's own. An iterator object
 * rather than an async generator: a generator adds promises and turns of the event loop on every batch of every
 * streamed call, and the state's bookkeeping at the end is synchronous unless the state lives in Redis.
 */
class RoutedBatches implements AsyncIterableIterator<ChatCompletionChunk[]> {
  private index = 0;
  private closed = false;

  constructor(
    private readonly opened: OpenedStream,
    private readonly stream: RoutedStream,
  ) {}

  [Symbol.asyncIterator](): this {
    return this;
  }

  next(): Promise<IteratorResult<ChatCompletionChunk[]>> {
    if (this.closed) return Promise.resolve(END);
    const { buffered, ended, iterator } = this.opened;
    if (this.index < buffered.length) return Promise.resolve({ done: false, value: buffered[this.index++] });
    if (ended) return Promise.resolve(this.end());
    return iterator.next().then(
      (r) => (r.done ? this.end() : r),
      (err: unknown) => this.fail(err),
    );
  }

  /** The consumer stopped early (break, return): the upstream is released and the attempt counts as neither. */
  async return(): Promise<IteratorResult<ChatCompletionChunk[]>> {
    if (this.closed) return END;
    this.closed = true;
    this.opened.source.cancel();
    await this.opened.iterator.return?.(undefined);
    await this.stream.settle(false, { kind: "cancelled", message: "the caller stopped reading the stream" });
    return END;
  }

  private end(): IteratorResult<ChatCompletionChunk[]> | Promise<IteratorResult<ChatCompletionChunk[]>> {
    this.closed = true;
    const settled = this.stream.settle(true);
    return settled ? settled.then(() => END) : END;
  }

  private async fail(err: unknown): Promise<never> {
    this.closed = true;
    const e = this.stream.failed(err);
    await this.stream.settle(false, { kind: e instanceof CompletionError ? e.kind : "cancelled", message: e instanceof Error ? e.message : String(e) });
    throw e;
  }
}
