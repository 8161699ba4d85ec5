// The simulator's HTTP server: plain node:http, a small route table, and a close() that drops every connection.
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { simulatorBehaviorSchema, type SimulatorBehavior } from "@/lib/completion/simulator-behavior";
import { handleChatCompletions } from "./chat-completions";
import { listFineTuningJobs } from "./fine-tuning-jobs";
import { listModels } from "./models";
import * as errors from "./openai-errors";
import { getEncoder } from "./tokenizer";

export interface SimulatorOptions {
  /** 0 (the default) picks a free port. */
  port?: number;
  host?: string;
  /** Behaviour for requests that send no `x-simulator-*` headers. */
  defaults?: SimulatorBehavior;
  /** Don't print the listening line. */
  quiet?: boolean;
}

export interface RunningSimulator {
  url: string;
  port: number;
  close(): Promise<void>;
}

const MAX_BODY_BYTES = 8 * 1024 * 1024;

type Route = (req: IncomingMessage, res: ServerResponse, query: string, signal: AbortSignal) => Promise<void> | void;

async function readBody(req: IncomingMessage): Promise<Buffer | "too_large"> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) return "too_large";
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

function routes(defaults: SimulatorBehavior): Record<string, Partial<Record<string, Route>>> {
  return {
    "/health": { GET: (_req, res) => errors.sendJson(res, 200, { ok: true }) },
    "/v1/models": { GET: (_req, res) => errors.sendJson(res, 200, listModels()) },
    "/v1/fine_tuning/jobs": {
      GET: (_req, res, query) => {
        const result = listFineTuningJobs(new URLSearchParams(query));
        if (result.ok) errors.sendJson(res, 200, result.body);
        else errors.sendError(res, errors.invalidRequest(result.message, result.param));
      },
    },
    "/v1/chat/completions": {
      POST: async (req, res, _query, signal) => {
        const body = await readBody(req);
        if (body === "too_large") {
          errors.sendError(res, { status: 413, error: { message: "Request body too large.", type: "invalid_request_error", param: null, code: null } });
          req.destroy();
          return;
        }
        await handleChatCompletions({ req, res, body, defaults, signal });
      },
    },
  };
}

function displayHost(host: string): string {
  if (host === "0.0.0.0" || host === "::") return "127.0.0.1";
  return host.includes(":") ? `[${host}]` : host;
}

export async function startSimulator(opts: SimulatorOptions = {}): Promise<RunningSimulator> {
  const defaults = simulatorBehaviorSchema.parse(opts.defaults ?? {});
  const host = opts.host ?? "127.0.0.1";
  getEncoder(); // build it now, not on the first request
  const table = routes(defaults);

  const server = createServer((req, res) => {
    const url = req.url ?? "/";
    const q = url.indexOf("?");
    const path = (q === -1 ? url : url.slice(0, q)).replace(/\/+$/, "") || "/";
    const query = q === -1 ? "" : url.slice(q + 1);
    const method = req.method ?? "GET";
    const byMethod = table[path];
    const route = byMethod?.[method];
    if (!route) return errors.sendError(res, byMethod ? errors.methodNotAllowed(method, path) : errors.notFound(method, path));

    const controller = new AbortController();
    res.once("close", () => controller.abort());
    Promise.resolve()
      .then(() => route(req, res, query, controller.signal))
      .catch((err: unknown) => {
        if (controller.signal.aborted) return;
        console.error("[simulator] unexpected error", err);
        if (!res.headersSent) errors.sendError(res, errors.serverError());
        else res.destroy();
      });
  });

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(opts.port ?? 0, host, () => {
      server.off("error", reject);
      resolve();
    });
  });

  const port = (server.address() as AddressInfo).port;
  const url = `http://${displayHost(host)}:${port}`;
  if (!opts.quiet) console.log(`Simulator listening on ${url}`);

  let closing: Promise<void> | undefined;
  return {
    url,
    port,
    close() {
      closing ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        // Hanging and streaming responses would otherwise keep close() waiting forever.
        server.closeAllConnections();
      });
      return closing;
    },
  };
}
