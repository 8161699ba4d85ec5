// Abortable waits: every timer a request starts ends when its response closes, so nothing outlives a client.
import { setTimeout as delay } from "node:timers/promises";

/** Resolves true after `ms`, or false as soon as `signal` aborts. Zero waits without yielding. */
export async function sleep(ms: number, signal: AbortSignal): Promise<boolean> {
  if (signal.aborted) return false;
  if (ms <= 0) return true;
  try {
    await delay(ms, undefined, { signal });
    return true;
  } catch {
    return false;
  }
}
