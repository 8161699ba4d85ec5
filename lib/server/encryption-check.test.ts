// One encryption key for every instance on a database: the first start records a check value, a later start
// with another key is refused with a message naming ENCRYPTION_KEY. Real SQLite files, real AES keys.
import crypto from "node:crypto";
import { describe, expect, it } from "vitest";
import { useTestDb } from "@/test/db";
import { encryptSecret } from "./crypto";
import { EncryptionKeyMismatchError, verifyEncryptionKey } from "./encryption-check";
import type { EncryptionKeyInfo } from "./secrets";

const fromEnv = (): EncryptionKeyInfo => ({ key: crypto.randomBytes(32), source: "env" });

describe("the encryption check value", () => {
  const { db } = useTestDb();

  it("is recorded on the first start, then verifies the same key and refuses another", async () => {
    const mine = fromEnv();
    expect(await verifyEncryptionKey(db, mine)).toBe("recorded");
    expect(await verifyEncryptionKey(db, mine)).toBe("verified");

    const other = fromEnv();
    const err = await verifyEncryptionKey(db, other).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(EncryptionKeyMismatchError);
    expect((err as Error).message).toMatch(/^Refusing to start: .*ENCRYPTION_KEY/);
    expect((err as Error).message).toContain("uses the ENCRYPTION_KEY from its environment");
  });

  it("names the generated key file when the instance has no ENCRYPTION_KEY", async () => {
    const generated: EncryptionKeyInfo = { key: crypto.randomBytes(32), source: "file", file: "/srv/b/data/encryption.key" };
    await expect(verifyEncryptionKey(db, generated)).rejects.toThrow(/no ENCRYPTION_KEY set, so it uses the key it generated in \/srv\/b\/data\/encryption\.key/);
  });
});

describe("a database from before the check value existed", () => {
  const { db } = useTestDb();

  it("is judged by its stored secrets: another key is refused, the key that wrote them records the check", async () => {
    const writer = fromEnv();
    await db.credential.create({ data: { name: "old-openai", provider: "openai", secretEnc: encryptSecret("sk-old-secret-9999", writer.key), secretLast4: "9999" } });
    await expect(verifyEncryptionKey(db, fromEnv())).rejects.toBeInstanceOf(EncryptionKeyMismatchError);
    expect(await db.setting.findUnique({ where: { key: "encryptionCheck" } })).toBeNull();
    expect(await verifyEncryptionKey(db, writer)).toBe("recorded");
  });
});

describe("two instances starting at once with different keys", () => {
  const { db } = useTestDb();

  it("let exactly one record its key; the other is refused", async () => {
    const outcomes = await Promise.allSettled([verifyEncryptionKey(db, fromEnv()), verifyEncryptionKey(db, fromEnv())]);
    expect(outcomes.map((o) => o.status).sort()).toEqual(["fulfilled", "rejected"]);
    const failed = outcomes.find((o) => o.status === "rejected");
    expect((failed as PromiseRejectedResult).reason).toBeInstanceOf(EncryptionKeyMismatchError);
  });
});
