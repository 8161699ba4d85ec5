import crypto from "node:crypto";
import { describe, expect, it } from "vitest";
import { decryptSecret, encryptSecret } from "./crypto";

const key = crypto.randomBytes(32);

describe("secret encryption", () => {
  it("round-trips and never stores the plaintext", () => {
    const sealed = encryptSecret("sk-proj-abcdef123456", key);
    expect(sealed).not.toContain("abcdef");
    expect(decryptSecret(sealed, key)).toBe("sk-proj-abcdef123456");
  });

  it("uses a fresh IV each time", () => {
    expect(encryptSecret("same", key)).not.toBe(encryptSecret("same", key));
  });

  it("detects tampering and a wrong key", () => {
    const sealed = encryptSecret("secret", key);
    const parts = sealed.split(".");
    parts[3] = Buffer.from("SECRET").toString("base64url");
    expect(() => decryptSecret(parts.join("."), key)).toThrow();
    expect(() => decryptSecret(sealed, crypto.randomBytes(32))).toThrow();
  });
});
