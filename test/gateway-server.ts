// The gateway's Node listener on an ephemeral loopback port, as server.ts serves it, so tests reach it over real
// HTTP: with the official `openai` client, or by replaying a `Request` built for a route test. `routes` adds
// App Router handlers beside it (say /api/health), as Next serves them next to the gateway in one process.
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { Readable } from "node:stream";
import type { Db } from "@/lib/server/db";
import { createGatewayListener, isGatewayPath } from "@/lib/gateway/http";

export type RouteHandler = (req: Request) => Response | Promise<Response>;

export interface GatewayServer {
  url: string;
  /** Sends a Request (any origin) to the same path on this server. */
  fetch(req: Request): Promise<Response>;
  close(): Promise<void>;
}

async function serveRoute(handler: RouteHandler, req: IncomingMessage, res: ServerResponse, base: string): Promise<void> {
  const hasBody = req.method !== "GET" && req.method !== "HEAD";
  const request = new Request(new URL(req.url ?? "/", base), {
    method: req.method,
    headers: req.headers as Record<string, string>,
    body: hasBody ? (Readable.toWeb(req) as ReadableStream<Uint8Array>) : undefined,
    // @ts-expect-error undici needs this for a streamed request body
    duplex: "half",
  });
  const response = await handler(request);
  res.writeHead(response.status, Object.fromEntries(response.headers));
  res.end(Buffer.from(await response.arrayBuffer()));
}

export async function startGatewayServer(db: Db, routes: Record<string, RouteHandler> = {}): Promise<GatewayServer> {
  const gateway = createGatewayListener(() => db);
  let url = "";
  const server = createServer((req, res) => {
    if (isGatewayPath(req.url ?? "/")) return gateway(req, res);
    const handler = routes[(req.url ?? "/").split("?")[0]];
    if (!handler) return void res.writeHead(404).end();
    serveRoute(handler, req, res, url).catch(() => res.writeHead(500).end());
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    async fetch(req) {
      const u = new URL(req.url);
      const body = req.method === "GET" || req.method === "HEAD" ? undefined : await req.arrayBuffer();
      return fetch(`${url}${u.pathname}${u.search}`, { method: req.method, headers: req.headers, body, signal: req.signal });
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
