// Sending: one deadline (caller's signal + our timeout) per call, and network failures mapped to typed errors.
import { CompletionError, scrubSecrets } from "./errors";
import type { ProviderId } from "./types";

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
  const cause = (err as { cause?: { code?: unknown } } | undefined)?.cause;
  return typeof cause?.code === "string" ? cause.code : undefined;
}

export async function post(
  url: string,
  headers: Record<string, string>,
  body: unknown,
  deadline: Deadline,
  opts: { provider: ProviderId; endpoint: string; timeoutMs: number },
): Promise<Response> {
  deadline.arm(opts.timeoutMs);
  try {
    return await fetch(url, { method: "POST", headers, body: JSON.stringify(body), signal: deadline.signal });
  } catch (err) {
    throw deadline.classify(
      err,
      () =>
        new CompletionError("upstream_unavailable", `cannot reach ${opts.endpoint}${causeCode(err) ? ` (${causeCode(err)})` : ""}`, {
          provider: opts.provider,
          hint: "check apiBase and that the server is running",
          cause: err,
        }),
      `no response from ${opts.endpoint} within ${opts.timeoutMs} ms`,
      opts.provider,
    );
  }
}
