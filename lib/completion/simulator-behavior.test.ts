import { describe, expect, it } from "vitest";
import {
  SIMULATOR_BEHAVIOR_HEADERS,
  SimulatorHeaderError,
  behaviorToHeaders,
  parseBehaviorHeaders,
  resolveBehavior,
  type SimulatorBehavior,
} from "./simulator-behavior";

describe("parseBehaviorHeaders", () => {
  it("reads every header and round-trips with behaviorToHeaders", () => {
    const behavior: SimulatorBehavior = { latencyMs: 120, ttftMs: 40, tokensPerSecond: 33.5, failure: "rate_limit", retryAfterSeconds: 7 };
    const headers = behaviorToHeaders(behavior);
    expect(headers).toEqual({
      "x-simulator-latency-ms": "120",
      "x-simulator-ttft-ms": "40",
      "x-simulator-tokens-per-second": "33.5",
      "x-simulator-failure": "rate_limit",
      "x-simulator-retry-after": "7",
    });
    expect(parseBehaviorHeaders(headers)).toEqual(behavior);
    expect(parseBehaviorHeaders(new Headers(headers))).toEqual(behavior);
  });

  it("leaves absent headers unset so defaults apply", () => {
    expect(parseBehaviorHeaders({ "content-type": "application/json" })).toEqual({});
    expect(resolveBehavior({ latencyMs: 50, failure: "server_error" }, { latencyMs: 5 })).toEqual({
      latencyMs: 5,
      ttftMs: 0,
      tokensPerSecond: 0,
      failure: "server_error",
      retryAfterSeconds: 1,
    });
  });

  it.each([
    [SIMULATOR_BEHAVIOR_HEADERS.latencyMs, "-5"],
    [SIMULATOR_BEHAVIOR_HEADERS.latencyMs, "abc"],
    [SIMULATOR_BEHAVIOR_HEADERS.ttftMs, ""],
    [SIMULATOR_BEHAVIOR_HEADERS.ttftMs, "99999999"],
    [SIMULATOR_BEHAVIOR_HEADERS.tokensPerSecond, "fast"],
    [SIMULATOR_BEHAVIOR_HEADERS.failure, "explode"],
    [SIMULATOR_BEHAVIOR_HEADERS.retryAfterSeconds, "1.5"],
  ])("rejects %s: %j naming the header", (header, value) => {
    let caught: unknown;
    try {
      parseBehaviorHeaders({ [header]: value });
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(SimulatorHeaderError);
    expect((caught as SimulatorHeaderError).header).toBe(header);
    expect((caught as Error).message).toContain(header);
  });
});
