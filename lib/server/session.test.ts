import { beforeEach, describe, expect, it } from "vitest";
import { resetKeyCaches } from "./secrets";
import { createSessionToken, verifySessionToken } from "./session";

describe("session tokens", () => {
  beforeEach(() => {
    process.env.MASTER_KEY = "sk-session-test-1";
    resetKeyCaches();
  });

  it("accepts its own token until it expires", () => {
    const now = Date.now();
    const token = createSessionToken(now);
    expect(verifySessionToken(token, now + 1000)).toBe(true);
    expect(verifySessionToken(token, now + 8 * 24 * 3600 * 1000)).toBe(false);
  });

  it("rejects forged and malformed tokens", () => {
    const token = createSessionToken();
    const [exp] = token.split(".");
    expect(verifySessionToken(`${Number(exp) + 1}.${token.split(".")[1]}`)).toBe(false);
    expect(verifySessionToken("garbage")).toBe(false);
    expect(verifySessionToken(undefined)).toBe(false);
  });

  it("signs everyone out when the master key changes", () => {
    const token = createSessionToken();
    process.env.MASTER_KEY = "sk-session-test-2";
    resetKeyCaches();
    expect(verifySessionToken(token)).toBe(false);
  });
});
