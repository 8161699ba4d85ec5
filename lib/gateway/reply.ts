import "server-only";
import type { ServerResponse } from "node:http";
import { toGatewayError } from "./errors";

// Writing answers on Node's response object: one write for a JSON body, with its length, so keep-alive
// clients never wait on chunked framing.

/** `headers` is the caller's own fresh object: the content headers are added to it, not to a copy. */
export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string | number> = {}): void {
  const payload = JSON.stringify(body);
  headers["content-type"] = "application/json";
  headers["content-length"] = Buffer.byteLength(payload);
  res.writeHead(status, headers);
  res.end(payload);
}

/** Any error as OpenAI's error body; unknown errors become a logged 500 with a reference and no internals. */
export function sendGatewayError(res: ServerResponse, err: unknown, headers: Record<string, string> = {}): void {
  const g = toGatewayError(err);
  if (res.headersSent) return void res.end();
  sendJson(res, g.status, g.toBody(), Object.assign({}, g.headers, headers));
}

const SAFE = /^[\x20-\x24\x26-\x7e]*$/;
const UNSAFE = /[^\x20-\x24\x26-\x7e]+/g;

/**
 * A header value for any name: `%` and every character outside printable ASCII are percent-encoded (UTF-8), so
 * `decodeURIComponent` gives the name back and a name like `模型-测试` never breaks the response.
 */
export function headerValue(s: string): string {
  return SAFE.test(s) ? s : s.replace(UNSAFE, (m) => Array.from(Buffer.from(m, "utf8"), (b) => `%${b.toString(16).toUpperCase().padStart(2, "0")}`).join(""));
}
