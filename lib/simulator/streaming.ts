// Server-sent events in OpenAI's chunk format, paced by time-to-first-token and tokens per second.
import type { ServerResponse } from "node:http";
import type { Completion } from "./completion";
import { sleep, type ClientGone } from "./timing";

export interface StreamOptions {
  res: ServerResponse;
  gone: ClientGone;
  id: string;
  created: number;
  model: string;
  systemFingerprint: string;
  completion: Completion;
  includeUsage: boolean;
  ttftMs: number;
  tokensPerSecond: number;
  headers: Record<string, string>;
  /** Simulates a dropped connection: destroy the socket after this many content chunks. */
  cutAfterChunks?: number;
}

type Delta = Record<string, unknown>;

/** Word-sized pieces (each keeps its leading whitespace), so joining them gives back the text exactly. */
export function splitIntoPieces(text: string): string[] {
  return text.match(/\s*\S+|\s+$/g) ?? [];
}

function contentDeltas(completion: Completion): Delta[] {
  const call = completion.toolCalls?.[0];
  if (call) {
    const head = { tool_calls: [{ index: 0, id: call.id, type: "function", function: { name: call.function.name, arguments: "" } }] };
    const args = call.function.arguments.match(/[\s\S]{1,16}/g) ?? [];
    return [head, ...args.map((part) => ({ tool_calls: [{ index: 0, function: { arguments: part } }] }))];
  }
  return splitIntoPieces(completion.content ?? "").map((content) => ({ content }));
}

export function writeSseHeaders(res: ServerResponse, headers: Record<string, string>): void {
  res.writeHead(200, {
    "content-type": "text/event-stream; charset=utf-8",
    "cache-control": "no-cache",
    connection: "keep-alive",
    ...headers,
  });
  res.flushHeaders();
}

/** Destroys the connection once what was written has been handed to the socket. */
export function cutConnection(res: ServerResponse, lastWrite?: string): void {
  if (lastWrite) res.write(lastWrite, () => res.destroy());
  else setImmediate(() => res.destroy());
}

export async function streamCompletion(opts: StreamOptions): Promise<void> {
  const { res, gone, completion } = opts;
  const base = { id: opts.id, object: "chat.completion.chunk", created: opts.created, model: opts.model, system_fingerprint: opts.systemFingerprint };
  // Every content event is the same JSON around its delta, so only the delta is encoded per event: the text
  // before and after it is encoded once per stream (byte for byte what encoding the whole chunk gives).
  const head = `data: ${JSON.stringify(base).slice(0, -1)},"choices":[{"index":0,"delta":`;
  const tail = `,"logprobs":null,"finish_reason":null}]${opts.includeUsage ? ',"usage":null' : ""}}\n\n`;
  const event = (delta: Delta) => head + JSON.stringify(delta) + tail;
  const finishEvent = (finishReason: string) =>
    `data: ${JSON.stringify({ ...base, choices: [{ index: 0, delta: {}, logprobs: null, finish_reason: finishReason }], ...(opts.includeUsage ? { usage: null } : {}) })}\n\n`;

  writeSseHeaders(res, opts.headers);
  const deltas = contentDeltas(completion);
  if (!(await sleep(opts.ttftMs, gone))) return;

  const roleDelta: Delta = { role: "assistant", content: completion.toolCalls ? null : "", refusal: null };
  let out = event(roleDelta);
  const cutAfter = opts.cutAfterChunks;
  const interval = opts.tokensPerSecond > 0 ? 1000 / opts.tokensPerSecond : 0;
  const start = performance.now();
  let sent = 0;

  while (sent < deltas.length) {
    if (interval > 0 && sent > 0) {
      const wait = start + sent * interval - performance.now();
      if (wait >= 1 && !(await sleep(wait, gone))) return;
    }
    const elapsed = performance.now() - start;
    // Everything due by now goes out in one write: cheaper than a timer per token at high rates.
    do {
      out += event(deltas[sent]);
      sent++;
    } while (sent < deltas.length && (interval === 0 || sent * interval <= elapsed) && sent !== cutAfter);
    if (sent === cutAfter) return cutConnection(res, out);
    if (sent < deltas.length) {
      res.write(out);
      out = "";
    }
  }

  if (cutAfter !== undefined) return cutConnection(res, out);
  out += finishEvent(completion.finishReason);
  if (opts.includeUsage) out += `data: ${JSON.stringify({ ...base, choices: [], usage: completion.usage })}\n\n`;
  out += "data: [DONE]\n\n";
  res.end(out);
}
