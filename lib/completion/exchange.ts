import type { Dispatcher } from "undici";
import type { CancelSignal } from "./cancel";
import { CompletionError } from "./errors";
import type { HeaderReader } from "./types";

// One POST to an upstream through undici's dispatch API, with the answer's body kept as the chunks that came.
//
// Why not undici's `request()`: it wraps every call in an AsyncResource and every answer in a Node Readable
// stream (read here either whole or as an async iterator), and under Next's AsyncLocalStorage each of those
// pays the async hooks too. Measured with the hooks on, against the simulator: 75 µs of client CPU per plain
// call through `request()` + `body.json()`, 51 µs through this handler (docs/benchmarks.md). Semantics kept:
// the promise settles once the response head arrived (or the request failed), a signal aborts at any point with
// its reason, a slow reader pauses the socket, and `cancel()` closes the connection.

/** An upstream answer: status, headers and a body read once, as text, JSON or byte chunks. */
export interface UpstreamResponse {
  ok: boolean;
  status: number;
  headers: HeaderReader;
  text(): Promise<string>;
  json(): Promise<unknown>;
  body: AsyncIterable<Uint8Array>;
  /** The body has ended and every chunk of it has been read: reading on would only say so. */
  readonly finished: boolean;
  /** Stop reading and close the connection. */
  cancel(): void;
}

/** Bytes received and not yet read beyond which the socket is paused (Node streams' default high-water mark). */
const HIGH_WATER = 64 * 1024;
/**
 * The largest body read whole (text(), json()): a chat answer is a few KB, a long one with logprobs a few MB. An
 * upstream that sends more (a misconfigured apiBase serving a file, say) is cut off with a clear error instead of
 * being held in memory and parsed on the event loop every other call waits for.
 */
export const MAX_WHOLE_BYTES = 16 * 1024 * 1024;

type Controller = Dispatcher.DispatchController;
type Waiter = { resolve: (r: IteratorResult<Uint8Array>) => void; reject: (err: unknown) => void };
/** A reader of the whole body (text() or json()): settled once, when the answer ends. */
type WholeReader = { decode: (text: string) => unknown; resolve: (v: unknown) => void; reject: (err: unknown) => void };

class Exchange implements Dispatcher.DispatchHandler, UpstreamResponse, AsyncIterableIterator<Uint8Array> {
  ok = false;
  status = 0;
  headers: HeaderReader = noHeaders;
  /** The exchange itself: an object literal with a computed key costs ten times a plain one on Node 20. */
  readonly body: AsyncIterable<Uint8Array> = this;

  private controller: Controller | undefined;
  private started = false;
  private readonly chunks: Buffer[] = [];
  /** The next chunk to hand out. */
  private readIndex = 0;
  private queued = 0;
  private ended = false;
  private error: unknown;
  private waiter: Waiter | undefined;
  private whole: WholeReader | undefined;
  /** Bytes kept for a whole read (checked against MAX_WHOLE_BYTES). */
  private wholeBytes = 0;
  /** An abort that came before undici handed over the controller. */
  private pendingAbort: Error | undefined;
  private readonly onAbort = () => this.abort(this.signal.reason);

  constructor(
    private readonly signal: CancelSignal,
    private readonly settle: { resolve: (r: UpstreamResponse) => void; reject: (err: unknown) => void },
  ) {
    signal.addEventListener("abort", this.onAbort, { once: true });
  }

  private abort(reason: unknown): void {
    const err = reason instanceof Error ? reason : new DOMException("This operation was aborted", "AbortError");
    // Before the request reached a socket there is no controller yet: undici starts it, then it is aborted at once.
    if (this.controller) this.controller.abort(err);
    else this.pendingAbort = err;
  }

  onRequestStart(controller: Controller): void {
    this.controller = controller;
    if (this.pendingAbort) controller.abort(this.pendingAbort);
  }

  onResponseStart(_controller: Controller, statusCode: number, headers: Record<string, string | string[] | undefined>): void {
    if (statusCode < 200) return; // an informational head; the real one follows
    this.status = statusCode;
    this.ok = statusCode < 300;
    this.headers = headerReader(headers);
    this.started = true;
    this.settle.resolve(this);
  }

  onResponseData(controller: Controller, chunk: Buffer): void {
    if (this.error !== undefined) return; // cut off (tooLarge): nothing more is kept
    if (this.whole) {
      this.chunks.push(chunk); // read whole: kept until the end, never paused
      this.wholeBytes += chunk.length;
      if (this.wholeBytes > MAX_WHOLE_BYTES) this.tooLarge(controller, this.whole);
      return;
    }
    const w = this.waiter;
    if (w && this.queued === 0) {
      this.waiter = undefined;
      w.resolve({ value: chunk, done: false });
      return;
    }
    this.chunks.push(chunk);
    this.queued += chunk.length;
    if (this.queued > HIGH_WATER) controller.pause();
  }

  onResponseEnd(): void {
    this.ended = true;
    this.signal.removeEventListener("abort", this.onAbort);
    if (this.whole) return this.settleWhole(this.whole);
    const w = this.waiter;
    if (w && this.queued === 0) {
      this.waiter = undefined;
      w.resolve({ value: undefined, done: true });
    }
  }

  onResponseError(_controller: Controller | undefined, err: Error): void {
    this.signal.removeEventListener("abort", this.onAbort);
    if (!this.started) return this.settle.reject(err);
    this.error = err;
    if (this.whole) return this.whole.reject(err);
    const w = this.waiter;
    if (w) {
      this.waiter = undefined;
      w.reject(err);
    }
  }

  // --- the body, read once: as chunks, or whole ---

  get finished(): boolean {
    return this.ended && this.queued === 0 && this.error === undefined;
  }

  [Symbol.asyncIterator](): this {
    return this;
  }

  next(): Promise<IteratorResult<Uint8Array>> {
    if (this.readIndex < this.chunks.length) {
      const chunk = this.chunks[this.readIndex];
      this.chunks[this.readIndex++] = EMPTY; // let it go once read
      this.queued -= chunk.length;
      if (this.readIndex === this.chunks.length) {
        this.chunks.length = 0;
        this.readIndex = 0;
      }
      if (this.controller?.paused && this.queued <= HIGH_WATER / 2) this.controller.resume();
      return Promise.resolve({ value: chunk, done: false });
    }
    if (this.error !== undefined) return Promise.reject(this.error);
    if (this.ended) return Promise.resolve({ value: undefined, done: true });
    return new Promise((resolve, reject) => (this.waiter = { resolve, reject }));
  }

  return(): Promise<IteratorResult<Uint8Array>> {
    if (!this.ended) this.cancel();
    return Promise.resolve({ value: undefined, done: true });
  }

  text(): Promise<string> {
    return this.readWhole((text) => text) as Promise<string>;
  }

  json(): Promise<unknown> {
    return this.readWhole(JSON.parse);
  }

  /**
   * The body whole, decoded: one promise for the call, settled when the answer ends (a chunk-by-chunk read
   * costs two promises a chunk, and each pays Next's async hooks in the server).
   */
  private readWhole(decode: (text: string) => unknown): Promise<unknown> {
    if (this.error !== undefined) return Promise.reject(this.error);
    return new Promise((resolve, reject) => {
      const reader = (this.whole = { decode, resolve, reject });
      this.wholeBytes = this.queued; // at most about HIGH_WATER: the socket pauses beyond it
      if (this.ended) this.settleWhole(reader);
      else if (this.controller?.paused) this.controller.resume();
    });
  }

  /** A whole read passed MAX_WHOLE_BYTES: what came is let go, the connection closed, the reader told why. */
  private tooLarge(controller: Controller, reader: WholeReader): void {
    const err = new CompletionError("upstream_unavailable", `the upstream's answer is larger than ${MAX_WHOLE_BYTES / 1024 / 1024} MiB`, {
      hint: "check the deployment's apiBase: a chat completion is a few KB",
    });
    this.chunks.length = 0;
    this.readIndex = 0;
    this.queued = 0;
    this.error = err;
    this.whole = undefined;
    controller.abort(err);
    reader.reject(err);
  }

  private settleWhole(reader: WholeReader): void {
    const parts = this.readIndex ? this.chunks.slice(this.readIndex) : this.chunks;
    const text = parts.length === 1 ? parts[0].toString("utf8") : Buffer.concat(parts).toString("utf8");
    this.chunks.length = 0;
    this.readIndex = 0;
    this.queued = 0;
    try {
      reader.resolve(reader.decode(text));
    } catch (err) {
      reader.reject(err);
    }
  }

  /** Bound: the core hands it on as a plain function (a stream's `close`). */
  readonly cancel = (): void => {
    if (this.ended || this.error !== undefined) return;
    this.abort(new DOMException("cancelled", "AbortError"));
  };
}

const EMPTY = Buffer.alloc(0);
const noHeaders: HeaderReader = { get: () => null };

function headerReader(raw: Record<string, string | string[] | undefined>): HeaderReader {
  return {
    get(name) {
      const v = raw[name.toLowerCase()];
      return v === undefined ? null : Array.isArray(v) ? v.join(", ") : v;
    },
  };
}

/** Origin and path of a URL, remembered: a deployment posts to the same few URLs. */
const targets = new Map<string, { origin: string; path: string }>();
const MAX_TARGETS = 1_000;

function targetOf(url: string): { origin: string; path: string } {
  let t = targets.get(url);
  if (t) return t;
  const u = new URL(url);
  t = { origin: u.origin, path: `${u.pathname}${u.search}` };
  if (targets.size >= MAX_TARGETS) targets.clear();
  targets.set(url, t);
  return t;
}

/**
 * POSTs `body` to `url` through `dispatcher`; resolves once the response head arrived, rejects when the request
 * failed before that (or `signal` aborted it: with the signal's reason).
 */
export function exchange(dispatcher: Dispatcher, url: string, headers: Record<string, string>, body: string, signal: CancelSignal): Promise<UpstreamResponse> {
  if (signal.aborted) return Promise.reject(signal.reason);
  const { origin, path } = targetOf(url);
  return new Promise((resolve, reject) => {
    dispatcher.dispatch({ origin, path, method: "POST", headers, body }, new Exchange(signal, { resolve, reject }));
  });
}
