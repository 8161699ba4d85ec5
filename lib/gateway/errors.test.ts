import { describe, expect, it } from "vitest";
import { CompletionError, ERROR_KINDS } from "@/lib/completion";
import { RouterError, type RouteTrace } from "@/lib/completion/router";
import { errorClassOf, fromCompletionError, fromRouterError, toGatewayError } from "./errors";

const trace: RouteTrace = { group: "g", strategy: "simple-shuffle", stream: false, attempts: [], skipped: [], fallbacks: [], ok: false, finished: true, totalMs: 1 };

describe("gateway errors", () => {
  it.each([
    ["bad_request", 400, "invalid_request_error"],
    ["context_window_exceeded", 400, "invalid_request_error"],
    ["content_policy", 400, "invalid_request_error"],
    ["rate_limit", 429, "rate_limit_error"],
    ["timeout", 504, "timeout_error"],
    ["upstream_unavailable", 502, "upstream_error"],
    ["stream_interrupted", 502, "upstream_error"],
    // The provider rejected the dashboard's own credential: the caller's key is fine, so never 401/403.
    ["authentication", 502, "upstream_error"],
    ["permission", 502, "upstream_error"],
    ["not_found", 502, "upstream_error"],
  ] as const)("maps %s to %i %s", (kind, status, type) => {
    const g = fromCompletionError(new CompletionError(kind, "boom"));
    expect(g.status).toBe(status);
    expect(g.type).toBe(type);
    expect(g.toBody()).toEqual({ error: { message: expect.stringContaining("boom"), type, param: null, code: expect.any(String) } });
  });

  it("covers every completion error kind", () => {
    for (const kind of ERROR_KINDS) expect(fromCompletionError(new CompletionError(kind, "x")).status).toBeGreaterThanOrEqual(400);
  });

  it("maps router outcomes, with Retry-After in seconds", () => {
    const cooling = fromRouterError(new RouterError("cooling_down", "all members cooling down", trace, { retryAfterMs: 1200 }));
    expect(cooling).toMatchObject({ status: 503, type: "service_unavailable_error", code: "cooling_down", headers: { "retry-after": "2" } });
    expect(fromRouterError(new RouterError("no_available_members", "none", trace)).status).toBe(503);
    expect(fromRouterError(new RouterError("attempts_exhausted", "tried", trace)).status).toBe(502);
    expect(fromRouterError(new RouterError("rate_limit", "slow down", trace)).status).toBe(429);
    expect(errorClassOf(new RouterError("timeout", "t", trace))).toBe("timeout");
  });

  it("turns an unknown error into a generic 500 without its message", () => {
    const spy = console.error;
    console.error = () => undefined;
    try {
      const g = toGatewayError(new Error("database password is hunter2"));
      expect(g.status).toBe(500);
      expect(g.message).not.toContain("hunter2");
      expect(g.message).toMatch(/reference [0-9a-f-]{36}/);
    } finally {
      console.error = spy;
    }
  });
});
