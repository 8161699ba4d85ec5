import "server-only";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { Db } from "@/lib/server/db";
import { chatCompletions } from "./chat";
import { GatewayError } from "./errors";
import { listGatewayModels } from "./models";
import { sendGatewayError } from "./reply";

// The gateway's front door on Node's req/res. server.ts hands it every /v1/* and /api/v1/* request before Next
// sees them: Next's per-request work for a route handler costs more than the whole gateway hop should
// (docs/benchmarks.md).

const PREFIXES = ["/v1/", "/api/v1/"];

/** Whether a request path (query string allowed) belongs to the gateway. */
export function isGatewayPath(url: string): boolean {
  return PREFIXES.some((p) => url.startsWith(p)) || url === "/v1" || url === "/api/v1";
}

type Route = (req: IncomingMessage, res: ServerResponse, db: Db) => Promise<void>;
const ROUTES: Record<string, Partial<Record<string, Route>>> = {
  "/chat/completions": { POST: chatCompletions },
  "/models": { GET: listGatewayModels },
};

export function createGatewayListener(getDb: () => Db): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    const url = req.url ?? "/";
    const q = url.indexOf("?");
    const path = (q === -1 ? url : url.slice(0, q)).replace(/^\/api\/v1|^\/v1/, "").replace(/\/+$/, "");
    const methods = ROUTES[path];
    const route = methods?.[req.method ?? "GET"];
    if (!route) {
      const err = methods
        ? new GatewayError(405, "invalid_request_error", `${req.method} is not supported here; use ${Object.keys(methods).join(", ")}.`, "method_not_allowed", null, { allow: Object.keys(methods).join(", ") })
        : new GatewayError(404, "not_found_error", `Unknown gateway path. Served: POST /v1/chat/completions, GET /v1/models.`, "unknown_url");
      req.resume();
      return sendGatewayError(res, err);
    }
    route(req, res, getDb()).catch((err: unknown) => sendGatewayError(res, err));
  };
}
