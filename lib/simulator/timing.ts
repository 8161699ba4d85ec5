// Abortable waits: every timer a request starts ends when its response closes, so nothing outlives a client.
import type { ServerResponse } from "node:http";
import { setTimeout as delay } from "node:timers/promises";

/**
 * Whether a request's client went away: its response closed before it finished. The AbortSignal that ends a wait
 * is built on the first wait, so an instant answer, which never waits, pays for none (an AbortController, and the
 * AbortError an abort builds, cost a fast request more than its answer).
 */
export class ClientGone {
  aborted = false;
  private controller?: AbortController;

  constructor(res: ServerResponse) {
    res.once("close", () => {
      if (res.writableFinished) return;
      this.aborted = true;
      this.controller?.abort();
    });
  }

  get signal(): AbortSignal {
    if (!this.controller) {
      this.controller = new AbortController();
      if (this.aborted) this.controller.abort();
    }
    return this.controller.signal;
  }
}

/** Resolves true after `ms`, or false as soon as the client has gone. Zero waits without yielding. */
export async function sleep(ms: number, gone: ClientGone): Promise<boolean> {
  if (gone.aborted) return false;
  if (ms <= 0) return true;
  try {
    await delay(ms, undefined, { signal: gone.signal });
    return true;
  } catch {
    return false;
  }
}
