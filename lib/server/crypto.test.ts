import crypto from "node:crypto";
import { describe, expect, it } from "vitest";
import { canOpenSecret, decryptSecret, encryptSecret, openSecret, SecretUnreadableError } from "./crypto";

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

describe("a stored secret under another key", () => {
  it("is told apart per key, asked again and again (the answer is remembered per key)", () => {
    const other = crypto.randomBytes(32);
    const sealed = encryptSecret("sk-elsewhere", key);
    for (let i = 0; i < 3; i++) {
      expect(canOpenSecret(sealed, key)).toBe(true);
      expect(canOpenSecret(sealed, other)).toBe(false);
    }
    expect(canOpenSecret("not a sealed value", key)).toBe(false);
  });

  it("is an error naming its owner and ENCRYPTION_KEY, without the secret", () => {
    const sealed = encryptSecret("sk-never-shown-4321", crypto.randomBytes(32));
    const err = (() => {
      try {
        openSecret(sealed, 'model "gpt-x"', key);
      } catch (e) {
        return e;
      }
    })();
    expect(err).toBeInstanceOf(SecretUnreadableError);
    expect(err).toMatchObject({ status: 500, code: "secret_unreadable" });
    expect((err as Error).message).toMatch(/^The secret of model "gpt-x" cannot be decrypted with this instance's ENCRYPTION_KEY/);
    expect((err as Error).message).not.toContain("4321");
  });
});
