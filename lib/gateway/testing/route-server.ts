// Serves App Router route handlers from a plain node http server, so tests can point the official
// `openai` client at them over real HTTP (streaming included) without building the app.
import { createServer, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";
import { Readable } from "node:stream";

export type RouteHandler = (req: Request, ctx?: { params: Promise<Record<string, string>> }) => Response | Promise<Response>;
export type RouteTable = Record<string, Partial<Record<"GET" | "POST" | "DELETE" | "PATCH", RouteHandler>>>;

export interface RouteServer {
  url: string;
  close(): Promise<void>;
}

function toRequest(req: IncomingMessage, base: string, signal: AbortSignal): Request {
  const headers = new Headers();
  for (const [k, v] of Object.entries(req.headers)) {
    if (Array.isArray(v)) v.forEach((x) => headers.append(k, x));
    else if (v !== undefined) headers.set(k, v);
  }
  const hasBody = req.method !== "GET" && req.method !== "HEAD";
  return new Request(new URL(req.url ?? "/", base), {
    method: req.method,
    headers,
    body: hasBody ? (Readable.toWeb(req) as ReadableStream<Uint8Array>) : undefined,
    signal,
    // @ts-expect-error undici needs this for a streamed request body
    duplex: "half",
  });
}

export async function startRouteServer(routes: RouteTable): Promise<RouteServer> {
  let base = "";
  const server = createServer(async (req, res) => {
    const abort = new AbortController();
    res.on("close", () => {
      if (!res.writableFinished) abort.abort();
    });
    const path = (req.url ?? "/").split("?")[0];
    const handler = routes[path]?.[req.method as "GET"];
    if (!handler) {
      res.writeHead(404, { "content-type": "application/json" }).end(JSON.stringify({ error: { message: "no route", type: "invalid_request_error", param: null, code: null } }));
      return;
    }
    try {
      const response = await handler(toRequest(req, base, abort.signal));
      res.writeHead(response.status, Object.fromEntries(response.headers));
      if (!response.body) return void res.end();
      const reader = response.body.getReader();
      res.on("close", () => void reader.cancel().catch(() => undefined));
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        res.write(value);
      }
      res.end();
    } catch (err) {
      if (!res.headersSent) res.writeHead(500);
      res.end(String(err));
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url: base,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
