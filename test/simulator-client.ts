// Helpers the simulator's tests share: a started server per file and an SSE reader. Not a mock: it talks real HTTP.
import { createParser } from "eventsource-parser";
import { startSimulator, type RunningSimulator, type SimulatorOptions } from "@/lib/simulator/server";

export const AUTH = { authorization: "Bearer sk-test-0000000000abcd" };

export async function startTestSimulator(opts: SimulatorOptions = {}): Promise<RunningSimulator> {
  return startSimulator({ port: 0, quiet: true, ...opts });
}

export function postChat(
  url: string,
  body: unknown,
  headers: Record<string, string> = {},
  init: { signal?: AbortSignal; auth?: boolean } = {},
): Promise<Response> {
  return fetch(`${url}/v1/chat/completions`, {
    method: "POST",
    headers: { "content-type": "application/json", ...(init.auth === false ? {} : AUTH), ...headers },
    body: typeof body === "string" ? body : JSON.stringify(body),
    signal: init.signal,
  });
}

export const ask = (content: string, extra: Record<string, unknown> = {}) => ({
  model: "tb-sim-8b",
  messages: [{ role: "user", content }],
  ...extra,
});

export interface SseRead {
  /** Parsed JSON of every `data:` event except the terminating [DONE]. */
  chunks: Array<Record<string, any>>;
  sawDone: boolean;
  /** Set when the body broke off before it ended normally. */
  error?: unknown;
  /** ms from the call of readSse to the first event carrying content or tool-call text. */
  firstContentMs?: number;
  /** ms from the call of readSse to each content event. */
  contentTimes: number[];
}

export async function readSse(res: Response, startedAt = performance.now()): Promise<SseRead> {
  const out: SseRead = { chunks: [], sawDone: false, contentTimes: [] };
  const parser = createParser({
    onEvent(event) {
      if (event.data === "[DONE]") {
        out.sawDone = true;
        return;
      }
      const chunk = JSON.parse(event.data) as Record<string, any>;
      out.chunks.push(chunk);
      const delta = chunk.choices?.[0]?.delta;
      if (delta && (delta.content || delta.tool_calls)) {
        const t = performance.now() - startedAt;
        out.firstContentMs ??= t;
        out.contentTimes.push(t);
      }
    },
  });
  const decoder = new TextDecoder();
  try {
    for await (const bytes of res.body as unknown as AsyncIterable<Uint8Array>) parser.feed(decoder.decode(bytes, { stream: true }));
  } catch (err) {
    out.error = err;
  }
  return out;
}

export function streamedText(read: SseRead): string {
  return read.chunks.map((c) => c.choices?.[0]?.delta?.content ?? "").join("");
}
