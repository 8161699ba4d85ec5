// Sending: one deadline (caller's signal + our timeout) per call, and network failures mapped to typed errors.
// The transport is undici's `request` over one keep-alive pool: global `fetch` builds WHATWG streams and
// Response objects per call (and Next.js wraps it in tracing), which measured ~3x its cost on the gateway's
// hot path (docs/benchmarks.md).
import { Agent, request } from "undici";
import { CompletionError, scrubSecrets } from "./errors";
import type { ProviderId } from "./types";

/** What adapters read from a response's headers (a `Headers` object fits too). */
export interface HeaderReader {
  get(name: string): string | null;
}

/** An upstream answer: status, headers and a body read once, as text, JSON or byte chunks. */
export interface UpstreamResponse {
  ok: boolean;
  status: number;
  headers: HeaderReader;
  text(): Promise<string>;
  json(): Promise<unknown>;
  body: AsyncIterable<Uint8Array>;
  /** Stop reading and close the connection. */
  cancel(): void;
}

const pool = new Agent({ keepAliveTimeout: 30_000, keepAliveMaxTimeout: 600_000 });

export const DEFAULT_TIMEOUT_MS = 60_000;

/** Links the caller's AbortSignal with a re-armable timer, and remembers which of the two fired. */
export class Deadline {
  readonly controller = new AbortController();
  timedOut = false;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private readonly onAbort: () => void;

  constructor(readonly userSignal: AbortSignal | undefined) {
    this.onAbort = () => this.controller.abort(userSignal?.reason);
    if (userSignal?.aborted) this.onAbort();
    else userSignal?.addEventListener("abort", this.onAbort, { once: true });
  }

  get signal(): AbortSignal {
    return this.controller.signal;
  }

  get aborted(): boolean {
    return this.userSignal?.aborted === true;
  }

  /** (Re)start the timer. */
  arm(ms: number): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timedOut = true;
      this.controller.abort(new DOMException("timed out", "TimeoutError"));
    }, ms);
  }

  clear(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }

  dispose(): void {
    this.clear();
    this.userSignal?.removeEventListener("abort", this.onAbort);
  }

  /** Abort by the caller → their reason; our timer → timeout; anything else → `otherwise`. */
  classify(err: unknown, otherwise: () => CompletionError, timeoutMessage: string, provider: ProviderId): unknown {
    if (err instanceof CompletionError) return err;
    if (this.aborted) return this.userSignal?.reason ?? err;
    if (this.timedOut) return new CompletionError("timeout", timeoutMessage, { provider });
    return otherwise();
  }
}

/** The URL as shown to users and logs: no credentials, no secret query parameters. */
export function publicEndpoint(url: string, secrets: string[]): string {
  try {
    const u = new URL(url);
    u.username = "";
    u.password = "";
    return scrubSecrets(u.toString(), secrets);
  } catch {
    return scrubSecrets(url, secrets);
  }
}

function causeCode(err: unknown): string | undefined {
  const e = err as { code?: unknown; cause?: { code?: unknown } } | undefined;
  const code = e?.cause?.code ?? e?.code;
  return typeof code === "string" ? code : undefined;
}

function headerReader(raw: Record<string, string | string[] | undefined>): HeaderReader {
  return {
    get(name) {
      const v = raw[name.toLowerCase()];
      return v === undefined ? null : Array.isArray(v) ? v.join(", ") : v;
    },
  };
}

export async function post(
  url: string,
  headers: Record<string, string>,
  body: unknown,
  deadline: Deadline,
  opts: { provider: ProviderId; endpoint: string; timeoutMs: number; firstByteTimeoutMs?: number },
): Promise<UpstreamResponse> {
  const startedAt = performance.now();
  const headersWithinMs = Math.min(opts.timeoutMs, opts.firstByteTimeoutMs ?? Infinity);
  deadline.arm(headersWithinMs);
  try {
    const res = await request(url, { method: "POST", headers, body: JSON.stringify(body), signal: deadline.signal, dispatcher: pool });
    // The headers came: the body gets what is left of the whole timeout (streams re-arm per read instead).
    if (headersWithinMs < opts.timeoutMs) deadline.arm(Math.max(1, opts.timeoutMs - (performance.now() - startedAt)));
    return {
      ok: res.statusCode >= 200 && res.statusCode < 300,
      status: res.statusCode,
      headers: headerReader(res.headers),
      text: () => res.body.text(),
      json: () => res.body.json(),
      body: res.body,
      cancel: () => res.body.destroy(),
    };
  } catch (err) {
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
  }
}
