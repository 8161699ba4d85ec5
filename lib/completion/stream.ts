// CompletionStream: reads the upstream SSE, yields chat.completion.chunks, ends with one usage chunk for every provider.
// Chunks come in batches: everything one network read carried. A busy upstream often sends many events per read,
// and a consumer that writes one batch at a time (the gateway) pays per write, not per token.
import { StringDecoder } from "node:string_decoder";
import { createParser } from "eventsource-parser";
import { chunksToSSE } from "./sse";
import { CompletionError, redactSecrets } from "./errors";
import type { Deadline } from "./http";
import type { RawChunk } from "./raw-chunk";
import type { StreamEvent, StreamParser } from "./providers/types";
import type { ChatCompletionChunk, ProviderId, StreamMeta, Usage } from "./types";

/** How long the end of a response may take after its terminal event before the connection is dropped instead. */
const DRAIN_TIMEOUT_MS = 1_000;
/**
 * Passed-through chunks are read for their text only if the stream ends without usage (to count it): until then
 * they are kept, up to this many characters of event text, beyond which they are read and let go.
 */
const MAX_UNREAD_CHARS = 1 << 20;
/**
 * The longest event (or unfinished line) kept while waiting for its end: an LLM's events are at most a few KB, and
 * an upstream that never ends one would otherwise be buffered without limit.
 */
export const MAX_EVENT_CHARS = 16 * 1024 * 1024;

export interface StreamSource {
  body: AsyncIterable<Uint8Array>;
  /** The body has ended and been read whole (UpstreamResponse.finished): no drain to wait for. */
  finished?: () => boolean;
  /** Close the upstream connection. */
  close(): void;
  parse: StreamParser;
  /** Keeps a content event that needs no normalising as its text (ProviderAdapter.createPassthrough). */
  passthrough?: (event: StreamEvent) => RawChunk | undefined;
  deadline: Deadline;
  /** Longest silence between reads before the stream times out. */
  idleTimeoutMs: number;
  startedAt: number;
  provider: ProviderId;
  /** Cut from every error the stream throws (see redactSecrets). */
  secrets: ReadonlyArray<string>;
  /** Usage counted with the tokenizer when the provider sent none. */
  estimateUsage: (completionText: string) => Promise<Usage>;
  cost: (usage: Usage) => { costUsd: number | null; note: string };
}

export class CompletionStream implements AsyncIterable<ChatCompletionChunk> {
  readonly meta: StreamMeta;
  private started = false;

  constructor(
    private readonly source: StreamSource,
    meta: Omit<StreamMeta, "done">,
  ) {
    // Every field the stream fills in later is here from the start, so filling them in never changes the object's
    // shape; and the spread comes last (see docs/architecture.md, "Object spreads on the hot path").
    this.meta = { ttftMs: undefined, finishReason: undefined, latencyMs: undefined, usage: undefined, costUsd: undefined, costNote: undefined, usageEstimated: undefined, done: false, ...meta };
  }

  [Symbol.asyncIterator](): AsyncGenerator<ChatCompletionChunk> {
    return flatten(this.batches());
  }

  /** The chunks in the order they came, grouped by the network read that carried them; never an empty batch. */
  batches(): AsyncGenerator<ChatCompletionChunk[]> {
    if (this.started) throw new Error("a CompletionStream can be iterated once");
    this.started = true;
    return this.run();
  }

  /** Stop reading and close the upstream connection. */
  cancel(): void {
    this.source.deadline.cancel.abort(new DOMException("cancelled", "AbortError"));
  }

  /** Re-encode as OpenAI-style SSE (`data: {chunk}` … `data: [DONE]`); a failure becomes a final `data: {"error":…}`. */
  toSSE(): ReadableStream<Uint8Array> {
    return chunksToSSE(this);
  }

  private fail(err: unknown, delivered: boolean): unknown {
    return redactSecrets(this.classify(err, delivered), this.source.secrets);
  }

  private classify(err: unknown, delivered: boolean): unknown {
    const { deadline, provider, idleTimeoutMs } = this.source;
    if (err instanceof CompletionError) {
      return new CompletionError(err.kind, err.message, {
        status: err.status,
        retryable: err.retryable,
        retryAfterMs: err.retryAfterMs,
        hint: err.hint,
        provider: err.provider ?? provider,
        code: err.code,
        contentDelivered: delivered,
      });
    }
    if (deadline.aborted) return deadline.userSignal?.reason ?? err;
    if (deadline.timedOut) {
      return new CompletionError("timeout", `upstream sent nothing for ${idleTimeoutMs} ms`, { provider, contentDelivered: delivered });
    }
    if (err instanceof SyntaxError) {
      return new CompletionError("stream_interrupted", "upstream sent a malformed stream event", { provider, contentDelivered: delivered });
    }
    const what = delivered ? "mid-response" : "before any content";
    return new CompletionError("stream_interrupted", `upstream closed the stream ${what}`, {
      provider,
      contentDelivered: delivered,
      cause: err,
    });
  }

  private async *run(): AsyncGenerator<ChatCompletionChunk[]> {
    const s = this.source;
    const reader = s.body[Symbol.asyncIterator]();
    // Node's StringDecoder, not TextDecoder: the same UTF-8 decoding across reads at a fifth of the cost per read
    // (TextDecoder converts its options object through WebIDL on every call). It keeps a byte-order mark, which
    // the event stream format ignores, so that is cut from the first text here.
    const decoder = new StringDecoder("utf8");
    let bomChecked = false;
    const events: StreamEvent[] = [];
    let oversized = false;
    const parser = createParser({
      onEvent: (e) => events.push(e),
      onError: (e) => (oversized ||= e.type === "max-buffer-size-exceeded"),
      maxBufferSize: MAX_EVENT_CHARS,
    });
    let delivered = false;
    let terminal = false;
    let text = "";
    /** Passed-through chunks whose text is not yet in `text`. */
    const unread: RawChunk[] = [];
    let unreadChars = 0;
    const readUnread = () => {
      for (const chunk of unread) text += pieceOf(chunk);
      unread.length = 0;
      unreadChars = 0;
    };
    let usage: Usage | undefined;
    const last: Pick<ChatCompletionChunk, "id" | "created" | "model"> = { id: "", created: 0, model: this.meta.model };
    /** Chunks of the read that carried the terminal event: sent together with the usage chunk. */
    let tail: ChatCompletionChunk[] = [];
    let read = false;
    try {
      while (!terminal) {
        s.deadline.arm(s.idleTimeoutMs);
        const { done, value } = await reader.next();
        if (done) break;
        let chunk = decoder.write(value);
        if (!bomChecked && chunk) {
          bomChecked = true;
          if (chunk.charCodeAt(0) === 0xfeff) chunk = chunk.slice(1);
        }
        parser.feed(chunk);
        if (oversized) throw new CompletionError("stream_interrupted", `the upstream sent an event longer than ${MAX_EVENT_CHARS / 1024 / 1024} Mi characters`);
        const batch: ChatCompletionChunk[] = [];
        for (let e = 0; e < events.length && !terminal; e++) {
          const event = events[e];
          if (!event.data) continue;
          // Content follows content: after the first, an event in the provider's own (OpenAI) shape is kept as
          // it came. The first is always parsed: it sets the time to first token.
          const raw = delivered ? s.passthrough?.(event) : undefined;
          if (raw) {
            batch.push(raw);
            unread.push(raw);
            unreadChars += raw.raw.length;
            if (unreadChars > MAX_UNREAD_CHARS) readUnread();
            continue;
          }
          const step = s.parse(event);
          for (const chunk of step.chunks) {
            const piece = pieceOf(chunk);
            if (piece) {
              this.meta.ttftMs ??= Math.round(performance.now() - s.startedAt);
              delivered = true;
              text += piece;
            }
            if (chunk.id) last.id = chunk.id;
            last.created = chunk.created;
            if (chunk.model) last.model = chunk.model;
            batch.push(chunk);
          }
          if (step.usage) usage = step.usage;
          if (step.finishReason) this.meta.finishReason = step.finishReason;
          if (step.done) terminal = true;
        }
        events.length = 0;
        if (terminal) tail = batch;
        else if (batch.length) yield batch;
      }
      read = true;
    } catch (err) {
      throw this.fail(err, delivered);
    } finally {
      this.meta.latencyMs = Math.round(performance.now() - s.startedAt);
      if (!read) {
        // Failed, or the consumer stopped early: release the upstream.
        s.deadline.dispose();
        s.close();
      }
    }
    try {
      // The answer is complete; drain what follows the terminal event so the connection can be reused, but
      // never hold the final chunks back for long behind a server that keeps the response open.
      if (terminal && !s.finished?.()) {
        s.deadline.arm(DRAIN_TIMEOUT_MS);
        while (!(await reader.next()).done);
      }
    } catch {
      s.close(); // a cut after the final event costs the connection, not the answer
    } finally {
      s.deadline.dispose();
      if (!terminal) s.close();
    }

    const finished = terminal || this.meta.finishReason != null;
    if (!finished || (!delivered && this.meta.finishReason == null)) {
      throw new CompletionError(
        "stream_interrupted",
        delivered ? "upstream ended the stream before its final event" : "upstream ended the stream before any content",
        { provider: s.provider, contentDelivered: delivered },
      );
    }
    if (!usage) {
      readUnread();
      usage = await s.estimateUsage(text);
      this.meta.usageEstimated = true;
    }
    const cost = s.cost(usage);
    const meta = this.meta;
    meta.usage = usage;
    meta.costUsd = cost.costUsd;
    meta.costNote = cost.note;
    meta.done = true;
    tail.push({ id: last.id, created: last.created, model: last.model, object: "chat.completion.chunk", choices: [], usage });
    yield tail;
  }
}

/** What a chunk adds to the answer's text, as the tokenizer counts it: content, tool names and arguments. */
function pieceOf(chunk: ChatCompletionChunk): string {
  const delta = chunk.choices[0]?.delta;
  let piece = delta?.content ?? "";
  if (delta?.tool_calls) for (const t of delta.tool_calls) piece += (t.function?.name ?? "") + (t.function?.arguments ?? "");
  return piece;
}

/** One chunk at a time, for consumers that do not care how the chunks arrived. */
export async function* flatten<T>(batches: AsyncIterable<T[]>): AsyncGenerator<T> {
  for await (const batch of batches) yield* batch;
}
