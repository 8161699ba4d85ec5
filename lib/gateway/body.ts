import { GatewayError } from "./errors";

/** Bodies above this are refused before parsing (a chat request is rarely over a few hundred KB). */
export const MAX_BODY_BYTES = 4 * 1024 * 1024;

export async function readJsonBody(req: Request): Promise<unknown> {
  const length = Number(req.headers.get("content-length") ?? 0);
  if (length > MAX_BODY_BYTES) {
    throw new GatewayError(413, "invalid_request_error", `The request body is larger than ${MAX_BODY_BYTES} bytes.`, "request_too_large");
  }
  let text: string;
  try {
    text = await req.text();
  } catch {
    throw new GatewayError(400, "invalid_request_error", "The request body could not be read.", "invalid_body");
  }
  if (text.length > MAX_BODY_BYTES) {
    throw new GatewayError(413, "invalid_request_error", `The request body is larger than ${MAX_BODY_BYTES} bytes.`, "request_too_large");
  }
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new GatewayError(400, "invalid_request_error", "The request body is not valid JSON.", "invalid_json");
  }
}
