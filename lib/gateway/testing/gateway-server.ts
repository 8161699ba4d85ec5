// The gateway's Node listener on an ephemeral loopback port, as server.ts serves it, so tests reach it over real
// HTTP: with the official `openai` client, or by replaying a `Request` built for a route test.
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import type { Db } from "@/lib/server/db";
import { createGatewayListener } from "../http";

export interface GatewayServer {
  url: string;
  /** Sends a Request (any origin) to the same path on this server. */
  fetch(req: Request): Promise<Response>;
  close(): Promise<void>;
}

export async function startGatewayServer(db: Db): Promise<GatewayServer> {
  const server = createServer(createGatewayListener(() => db));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
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
