// Sending: one deadline (caller's signal + our timeout) per call, and network failures mapped to typed errors.
// The transport is undici's dispatch API (exchange.ts) over one keep-alive pool: global `fetch` builds WHATWG
// streams and Response objects per call (and Next.js wraps it in tracing), which measured ~3x the cost of
// undici's `request` on the gateway's hot path, and `request` costs a third more than dispatch (docs/benchmarks.md).
import { Agent, Client } from "undici";
import { Cancellation, type CancelSignal } from "./cancel";
import { CompletionError, scrubSecrets } from "./errors";
import { exchange, type UpstreamResponse } from "./exchange";
import type { ProviderId } from "./types";

export type { HeaderReader } from "./types";
export type { UpstreamResponse } from "./exchange";

// Idle sockets are dropped after 4 s, before common servers drop them (Node's default keepAliveTimeout is 5 s);
// a server's own Keep-Alive hint still wins when it is shorter. The race a pool cannot close (a server that
// closes a socket just as a request goes out on it) is covered by the single retry in `post`.
const pool = new Agent({ keepAliveTimeout: 4_000, keepAliveMaxTimeout: 600_000 });

/** A connection that died before any byte of the response: the mark of a kept-alive socket the server had closed. */
const STALE_SOCKET_CODES = new Set(["ECONNRESET", "EPIPE", "UND_ERR_SOCKET"]);

export const DEFAULT_TIMEOUT_MS = 60_000;

/** Links the caller's signal with a re-armable timer, and remembers which of the two fired. */
export class Deadline {
  /** What the upstream request listens to (exchange.ts). */
  readonly cancel = new Cancellation();
  timedOut = false;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private readonly unfollow: () => void;
  private abortSignal: AbortSignal | undefined;

  constructor(readonly userSignal: CancelSignal | undefined) {
    this.unfollow = this.cancel.follow(userSignal);
  }

  /** A DOM AbortSignal for the same deadline, made only when an adapter needs one (a token exchange's fetch). */
  get signal(): AbortSignal {
    return (this.abortSignal ??= this.cancel.toAbortSignal());
  }

  get aborted(): boolean {
    return this.userSignal?.aborted === true;
  }

  /** When the armed timer fires (performance.now() time). */
  private firesAt = 0;
  /** A later deadline set since the timer was armed: on firing, the timer moves on to it instead of aborting. */
  private until: number | undefined;

  /** (Re)start the timer: the deadline becomes `ms` from now. A stream re-arms it on every read. */
  arm(ms: number): void {
    this.armUntil(performance.now() + ms);
  }

  /**
   * The deadline becomes `at` (performance.now() time). A later deadline than the armed timer's costs no new
   * timer: the armed one moves itself on when it fires, so a stream's re-arm on every read, and a first-byte
   * limit followed by the whole call's, are a store each in the usual case where the call ends first.
   */
  armUntil(at: number): void {
    if (this.timer && at >= this.firesAt) {
      this.until = at;
      return;
    }
    if (this.timer) clearTimeout(this.timer);
    this.until = undefined;
    this.start(at - performance.now());
  }

  private start(ms: number): void {
    const wait = Math.max(1, Math.ceil(ms)); // whole milliseconds: Node keeps one timer list per duration
    this.firesAt = performance.now() + wait;
    this.timer = setTimeout(this.fire, wait);
  }

  private readonly fire = () => {
    this.timer = undefined;
    const left = this.until === undefined ? 0 : this.until - performance.now();
    this.until = undefined;
    if (left >= 1) return this.start(left);
    this.timedOut = true;
    this.cancel.abort(new DOMException("timed out", "TimeoutError"));
  };

  clear(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.until = undefined;
  }

  dispose(): void {
    this.clear();
    this.unfollow();
  }

  /** Abort by the caller → their reason; our timer → timeout; anything else → `otherwise`. */
  classify(err: unknown, otherwise: () => CompletionError, timeoutMessage: string, provider: ProviderId): unknown {
    if (err instanceof CompletionError) return err;
    if (this.aborted) return this.userSignal?.reason ?? err;
    if (this.timedOut) return new CompletionError("timeout", timeoutMessage, { provider });
    return otherwise();
  }
}

/** publicEndpoint's answers: a deployment sends to the same few URLs, and parsing one costs more than the rest of the call's setup. */
const endpoints = new Map<string, string>();
const MAX_ENDPOINTS = 1_000;

/** The URL as shown to users and logs: no credentials, no secret query parameters. */
export function publicEndpoint(url: string, secrets: string[]): string {
  const key = secrets.length ? `${url}\0${secrets.join("\0")}` : url;
  let out = endpoints.get(key);
  if (out !== undefined) return out;
  try {
    const u = new URL(url);
    u.username = "";
    u.password = "";
    out = scrubSecrets(u.toString(), secrets);
  } catch {
    out = scrubSecrets(url, secrets);
  }
  if (endpoints.size >= MAX_ENDPOINTS) endpoints.clear();
  endpoints.set(key, out);
  return out;
}

function causeCode(err: unknown): string | undefined {
  const e = err as { code?: unknown; cause?: { code?: unknown } } | undefined;
  const code = e?.cause?.code ?? e?.code;
  return typeof code === "string" ? code : undefined;
}

/**
 * The request, sent again once on a fresh connection when the first died before any response byte. `exchange`
 * settles only once the response head arrived, so a rejection means the upstream answered nothing; a reset at
 * that point almost always means the pool reused a socket the server had just closed, and the server never
 * saw the request. Errors after the head (a cut stream) are never retried here.
 */
function requestRetryingStale(url: string, headers: Record<string, string>, body: string, signal: Cancellation): Promise<UpstreamResponse> {
  // then/catch rather than async/await: one promise fewer on every call (each pays Next's async hooks).
  return exchange(pool, url, headers, body, signal).catch((err: unknown) => {
    const code = causeCode(err);
    if (signal.aborted || !code || !STALE_SOCKET_CODES.has(code)) throw err;
    return onFreshConnection(url, headers, body, signal);
  });
}

async function onFreshConnection(url: string, headers: Record<string, string>, body: string, signal: Cancellation): Promise<UpstreamResponse> {
  // A one-off client: the pool might hand out another socket closed in the same sweep. close() lets the
  // response finish first.
  const fresh = new Client(new URL(url).origin);
  try {
    return await exchange(fresh, url, headers, body, signal);
  } finally {
    fresh.close().catch(() => {}); // already closed by an error: nothing left to release
  }
}

export function post(
  url: string,
  headers: Record<string, string>,
  body: string,
  deadline: Deadline,
  opts: { provider: ProviderId; endpoint: string; timeoutMs: number; firstByteTimeoutMs?: number },
): Promise<UpstreamResponse> {
  const startedAt = performance.now();
  const headersWithinMs = Math.min(opts.timeoutMs, opts.firstByteTimeoutMs ?? Infinity);
  deadline.arm(headersWithinMs);
  // then() rather than async/await: fewer promises on every call (each pays Next's async hooks).
  return requestRetryingStale(url, headers, body, deadline.cancel).then(
    (res) => {
      // The headers came: the body gets what is left of the whole timeout (streams re-arm per read instead).
      if (headersWithinMs < opts.timeoutMs) deadline.armUntil(startedAt + opts.timeoutMs);
      return res;
    },
    (err: unknown) => {
      throw deadline.classify(
        err,
        () =>
          new CompletionError("upstream_unavailable", `cannot reach ${opts.endpoint}${causeCode(err) ? ` (${causeCode(err)})` : ""}`, {
            provider: opts.provider,
            hint: "check apiBase and that the server is running",
            cause: err,
          }),
        `no response from ${opts.endpoint} within ${headersWithinMs} ms${headersWithinMs < opts.timeoutMs ? " (first-byte timeout)" : ""}`,
        opts.provider,
      );
    },
  );
}
