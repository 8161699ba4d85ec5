// Streams through the router. An attempt succeeds only once the first content chunk arrived in time, so
// everything before it (connect error, 5xx, TTFT timeout, a cut before content) falls back like a plain call.
// After it, a failure ends the stream with a clear error; it is never silently truncated.
import { Cancellation, type CancelSignal } from "../cancel";
import { chunksToSSE } from "../sse";
import { CompletionError } from "../errors";
import { flatten, type CompletionStream } from "../stream";
import type { ChatCompletionChunk, ChatRequest, StreamMeta } from "../types";
import { cooldownPolicy, type AttemptLimits, type AttemptOutcome, type EngineDeps, type Routed } from "./engine";
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
  readonly done: Promise<RouteTrace>;
  private resolveDone!: (t: RouteTrace) => void;
  private started = false;
  private settled = false;

  constructor(
    private readonly routed: Routed<OpenedStream>,
    private readonly deps: Pick<EngineDeps, "state" | "now">,
  ) {
    this.trace = routed.tb.trace;
    this.done = new Promise((resolve) => (this.resolveDone = resolve));
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
  batches(): AsyncGenerator<ChatCompletionChunk[]> {
    if (this.started) throw new Error("a RoutedStream can be iterated once");
    this.started = true;
    return this.run();
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

  private async settle(ok: boolean, error?: { kind: string; message: string }): Promise<void> {
    if (this.settled) return;
    this.settled = true;
    const { state, now } = this.deps;
    const { member, group, tb, startedAt } = this.routed;
    const meta = this.meta;
    const served = tb.trace.attempts[tb.trace.attempts.length - 1];
    if (served && meta.latencyMs !== undefined) served.latencyMs = meta.latencyMs;
    if (ok) {
      await state.end(member.id, now(), { result: "success", startedAt, latencyMs: meta.latencyMs, ttftMs: meta.ttftMs, tokens: meta.usage?.total_tokens });
    } else if (error && error.kind !== "cancelled") {
      await state.end(member.id, now(), { result: "failure", startedAt, policy: cooldownPolicy(group), errorKind: error.kind });
    } else {
      await state.end(member.id, now(), { result: "neutral", startedAt });
    }
    if (error) tb.trace.streamError = error;
    this.resolveDone(tb.finish(ok, error?.kind));
  }

  private async *run(): AsyncGenerator<ChatCompletionChunk[]> {
    const { iterator, buffered, ended } = this.routed.outcome.value;
    let finished = false;
    try {
      for (const batch of buffered) yield batch;
      if (!ended) {
        for (;;) {
          const next = await iterator.next();
          if (next.done) break;
          yield next.value;
        }
      }
      finished = true;
      await this.settle(true);
    } catch (err) {
      const e =
        err instanceof CompletionError
          ? new CompletionError(err.kind === "timeout" ? "timeout" : "stream_interrupted", `${this.member.name} failed mid-stream after the first token: ${err.message}`, {
              provider: err.provider,
              contentDelivered: true,
              retryable: false,
              hint: "the partial answer cannot be resumed on another member; retry the request",
            })
          : err;
      // Anything but a CompletionError is the caller's abort (or a bug): not the member's fault.
      await this.settle(false, { kind: e instanceof CompletionError ? e.kind : "cancelled", message: e instanceof Error ? e.message : String(e) });
      throw e;
    } finally {
      if (!finished && !this.settled) {
        // The consumer stopped early (break / return): release the upstream.
        this.routed.outcome.value.source.cancel();
        await iterator.return?.(undefined);
        await this.settle(false, { kind: "cancelled", message: "the caller stopped reading the stream" });
      }
    }
  }
}
