// A loopback HTTP server for adapter tests: records each request exactly as sent and answers with a scripted reply.
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export interface RecordedRequest {
  method: string;
  /** Path and query, e.g. /v1/chat/completions?api-version=… */
  url: string;
  headers: IncomingMessage["headers"];
  bodyText: string;
  /** Parsed JSON body, or form fields for urlencoded bodies. */
  body: unknown;
  /** Resolves when the client closed the connection or the response finished. */
  closed: Promise<void>;
  /** True if the client went away before the response ended. */
  clientAborted: () => boolean;
}

export type Reply = (req: RecordedRequest, res: ServerResponse) => void | Promise<void>;

export interface RecordingServer {
  url: string;
  requests: RecordedRequest[];
  /** Replies for the next requests, in order; the last one repeats. */
  reply(...replies: Reply[]): void;
  /** Replies for one path (matched before the queue), e.g. a token endpoint. */
  route(path: string, reply: Reply): void;
  close(): Promise<void>;
}

export async function startRecordingServer(): Promise<RecordingServer> {
  const requests: RecordedRequest[] = [];
  let queue: Reply[] = [];
  const routes = new Map<string, Reply>();
  const server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const bodyText = Buffer.concat(chunks).toString("utf8");
    let body: unknown = bodyText;
    if (String(req.headers["content-type"]).includes("json") && bodyText) body = JSON.parse(bodyText);
    if (String(req.headers["content-type"]).includes("urlencoded")) body = Object.fromEntries(new URLSearchParams(bodyText));
    let aborted = false;
    const closed = new Promise<void>((resolve) => {
      res.on("close", () => {
        aborted = !res.writableFinished;
        resolve();
      });
    });
    const rec: RecordedRequest = {
      method: req.method ?? "",
      url: req.url ?? "",
      headers: req.headers,
      bodyText,
      body,
      closed,
      clientAborted: () => aborted,
    };
    const path = (req.url ?? "").split("?")[0];
    const routed = routes.get(path);
    if (!routed) requests.push(rec);
    const handler = routed ?? (queue.length > 1 ? queue.shift()! : queue[0]);
    if (!handler) return json(404, { error: { message: "no reply scripted" } })(rec, res);
    await handler(rec, res);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    reply: (...replies) => {
      queue = replies;
    },
    route: (path, reply) => routes.set(path, reply),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export function json(status: number, body: unknown, headers: Record<string, string> = {}): Reply {
  return (_req, res) => {
    res.writeHead(status, { "content-type": "application/json", ...headers });
    res.end(JSON.stringify(body));
  };
}

export function text(status: number, body: string): Reply {
  return (_req, res) => {
    res.writeHead(status, { "content-type": "text/plain" });
    res.end(body);
  };
}

/** `end`: finish normally; `destroy`: drop the socket after the frames; `hang`: keep it open and silent. */
export function sse(frames: Array<string | Record<string, unknown>>, end: "end" | "destroy" | "hang" = "end", delayMs = 0): Reply {
  return async (_req, res) => {
    res.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache" });
    res.flushHeaders();
    for (const frame of frames) {
      res.write(typeof frame === "string" ? frame : `data: ${JSON.stringify(frame)}\n\n`);
      if (delayMs) await new Promise((r) => setTimeout(r, delayMs));
    }
    if (end === "end") res.end();
    else if (end === "destroy") res.socket?.destroy();
  };
}

/** Accept the request and never answer (until the client gives up). */
export const hang: Reply = () => undefined;

/** A named SSE event frame (Anthropic style). */
export const event = (name: string, data: Record<string, unknown>) => `event: ${name}\ndata: ${JSON.stringify(data)}\n\n`;
