import "server-only";
import type { IncomingMessage } from "node:http";
import { GatewayError } from "./errors";

/** Bodies above this are refused before parsing (a chat request is rarely over a few hundred KB). */
export const MAX_BODY_BYTES = 4 * 1024 * 1024;

const tooLarge = () => new GatewayError(413, "invalid_request_error", `The request body is larger than ${MAX_BODY_BYTES} bytes.`, "request_too_large");

/**
 * Reads at most MAX_BODY_BYTES (a declared or actual larger body is refused without buffering it) and parses JSON.
 * Read with the stream's events, not `for await`: an async iterator costs several promises per request on the
 * gateway's hot path.
 */
export function readJsonBody(req: IncomingMessage): Promise<unknown> {
  if (Number(req.headers["content-length"] ?? 0) > MAX_BODY_BYTES) return Promise.reject(tooLarge());
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const done = (err?: GatewayError) => {
      req.off("data", onData);
      req.off("end", onEnd);
      req.off("error", onError);
      req.off("close", onClose);
      if (err) return reject(err);
      try {
        resolve(JSON.parse(chunks.length === 1 ? chunks[0].toString("utf8") : Buffer.concat(chunks, size).toString("utf8")) as unknown);
      } catch {
        reject(new GatewayError(400, "invalid_request_error", "The request body is not valid JSON.", "invalid_json"));
      }
    };
    const unreadable = () => new GatewayError(400, "invalid_request_error", "The request body could not be read.", "invalid_body");
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY_BYTES) return void chunks.push(chunk);
      req.pause();
      done(tooLarge());
    };
    const onEnd = () => done();
    const onError = () => done(unreadable());
    const onClose = () => {
      if (!req.complete) done(unreadable());
    };
    req.on("data", onData);
    req.on("end", onEnd);
    req.on("error", onError);
    req.on("close", onClose);
  });
}
