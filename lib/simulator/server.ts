// The simulator's HTTP server: plain node:http, a small route table, and a close() that drops every connection.
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { simulatorBehaviorSchema, type SimulatorBehavior } from "@/lib/completion/simulator-behavior";
import { handleChatCompletions } from "./chat-completions";
import { listFineTuningJobs } from "./fine-tuning-jobs";
import { listModels } from "./models";
import * as errors from "./openai-errors";
import { ClientGone } from "./timing";
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

type Route = (req: IncomingMessage, res: ServerResponse, query: string, gone: ClientGone) => Promise<void> | void;

/** The whole body, or "too_large" as soon as it passes MAX_BODY_BYTES; rejects if the client goes before the end. */
function readBody(req: IncomingMessage): Promise<Buffer | "too_large"> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY_BYTES) return void chunks.push(chunk);
      req.off("data", onData);
      resolve("too_large");
    };
    req.on("data", onData);
    req.once("end", () => resolve(chunks.length === 1 ? chunks[0] : Buffer.concat(chunks)));
    req.once("error", reject);
    req.once("close", () => {
      if (!req.complete) reject(new Error("the client closed the request before its end"));
    });
  });
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
      POST: async (req, res, _query, gone) => {
        const body = await readBody(req);
        if (body === "too_large") {
          errors.sendError(res, { status: 413, error: { message: "Request body too large.", type: "invalid_request_error", param: null, code: null } });
          req.destroy();
          return;
        }
        await handleChatCompletions({ req, res, body, defaults, gone });
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

    const gone = new ClientGone(res);
    Promise.resolve()
      .then(() => route(req, res, query, gone))
      .catch((err: unknown) => {
        if (gone.aborted || res.destroyed) return; // the client went away (mid-body, say): nobody to answer
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
