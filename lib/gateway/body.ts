import type { IncomingMessage } from "node:http";
import { GatewayError } from "./errors";

/** Bodies above this are refused before parsing (a chat request is rarely over a few hundred KB). */
export const MAX_BODY_BYTES = 4 * 1024 * 1024;

const tooLarge = () => new GatewayError(413, "invalid_request_error", `The request body is larger than ${MAX_BODY_BYTES} bytes.`, "request_too_large");

/** Reads at most MAX_BODY_BYTES (a declared or actual larger body is refused without buffering it) and parses JSON. */
export async function readJsonBody(req: IncomingMessage): Promise<unknown> {
  if (Number(req.headers["content-length"] ?? 0) > MAX_BODY_BYTES) throw tooLarge();
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of req as AsyncIterable<Buffer>) {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) throw tooLarge();
      chunks.push(chunk);
    }
  } catch (err) {
    if (err instanceof GatewayError) throw err;
    throw new GatewayError(400, "invalid_request_error", "The request body could not be read.", "invalid_body");
  }
  try {
    return JSON.parse(chunks.length === 1 ? chunks[0].toString("utf8") : Buffer.concat(chunks, size).toString("utf8")) as unknown;
  } catch {
    throw new GatewayError(400, "invalid_request_error", "The request body is not valid JSON.", "invalid_json");
  }
}
