// OpenAI's error envelope: {"error":{"message","type","param","code"}}, and the errors the simulator returns.
import type { ServerResponse } from "node:http";

export interface OpenAIErrorBody {
  message: string;
  type: string;
  param: string | null;
  code: string | null;
}

export interface SimulatorError {
  status: number;
  error: OpenAIErrorBody;
  headers?: Record<string, string>;
}

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  sendJsonText(res, status, JSON.stringify(body), headers);
}

export function sendJsonText(res: ServerResponse, status: number, text: string, headers: Record<string, string> = {}): void {
  if (res.headersSent || res.destroyed) return;
  res.writeHead(status, {
    "content-type": "application/json",
    "content-length": Buffer.byteLength(text),
    ...headers,
  });
  res.end(text);
}

export function sendError(res: ServerResponse, err: SimulatorError): void {
  sendJson(res, err.status, { error: err.error }, err.headers);
}

export function invalidRequest(message: string, param: string | null, code: string | null = null): SimulatorError {
  return { status: 400, error: { message, type: "invalid_request_error", param, code } };
}

/** Shows only the last four characters, keeping a well-known non-secret `sk-` prefix for readability. */
export function maskApiKey(key: string): string {
  if (key.length < 12) return "****";
  const prefix = key.startsWith("sk-") ? "sk-" : "";
  return `${prefix}...${key.slice(-4)}`;
}

export function missingApiKey(): SimulatorError {
  return {
    status: 401,
    error: {
      message:
        "You didn't provide an API key. You need to provide your API key in an Authorization header using Bearer auth (i.e. Authorization: Bearer YOUR_KEY).",
      type: "invalid_request_error",
      param: null,
      code: "invalid_api_key",
    },
  };
}

export function incorrectApiKey(key: string): SimulatorError {
  return {
    status: 401,
    error: {
      message: `Incorrect API key provided: ${maskApiKey(key)}. You can find your API key in your provider's dashboard.`,
      type: "invalid_request_error",
      param: null,
      code: "invalid_api_key",
    },
  };
}

export function rateLimited(model: string, retryAfterSeconds: number): SimulatorError {
  return {
    status: 429,
    error: {
      message: `Rate limit reached for ${model} in organization org-simulator on requests per min (RPM): Limit 60, Used 60, Requested 1. Please try again in ${retryAfterSeconds}s.`,
      type: "requests",
      param: null,
      code: "rate_limit_exceeded",
    },
    headers: {
      "retry-after": String(retryAfterSeconds),
      "retry-after-ms": String(retryAfterSeconds * 1000),
      "x-ratelimit-limit-requests": "60",
      "x-ratelimit-remaining-requests": "0",
      "x-ratelimit-reset-requests": `${retryAfterSeconds}s`,
    },
  };
}

export function serverError(): SimulatorError {
  return {
    status: 500,
    error: {
      message: "The server had an error while processing your request. Sorry about that!",
      type: "server_error",
      param: null,
      code: null,
    },
  };
}

export function contextLengthExceeded(contextWindow: number, promptTokens: number): SimulatorError {
  return invalidRequest(
    `This model's maximum context length is ${contextWindow} tokens. However, your messages resulted in ${promptTokens} tokens. Please reduce the length of the messages.`,
    "messages",
    "context_length_exceeded",
  );
}

export function contentFiltered(): SimulatorError {
  return invalidRequest(
    "The response was filtered due to the prompt triggering the content management policy. Please modify your prompt and retry.",
    "prompt",
    "content_filter",
  );
}

export function notFound(method: string, path: string): SimulatorError {
  return { status: 404, error: { message: `Invalid URL (${method} ${path})`, type: "invalid_request_error", param: null, code: null } };
}

export function methodNotAllowed(method: string, path: string): SimulatorError {
  return {
    status: 405,
    error: { message: `Invalid method for URL (${method} ${path})`, type: "invalid_request_error", param: null, code: null },
  };
}
