import { describe, expect, it } from "vitest";
import { useTestDb } from "@/test/db";
import { resetKeyCaches } from "./secrets";
import { SESSION_CACHE_MS, SESSION_TTL_SECONDS, endSession, isSessionActive, readSessionToken, signSessionToken, startSession } from "./session";

const { db } = useTestDb();
const DAY = 24 * 3600 * 1000;

describe("session tokens", () => {
  it("reads its own token until it expires", () => {
    const now = Date.now();
    const token = signSessionToken({ id: "abc", expiresAt: now + 1000 });
    expect(readSessionToken(token, now)).toEqual({ id: "abc", expiresAt: now + 1000 });
    expect(readSessionToken(token, now + 1000)).toBeUndefined();
  });

  it("rejects forged and malformed tokens", () => {
    const token = signSessionToken({ id: "abc", expiresAt: Date.now() + DAY });
    const [id, exp, mac] = token.split(".");
    expect(readSessionToken(`${id}.${Number(exp) + 1}.${mac}`)).toBeUndefined();
    expect(readSessionToken(`abd.${exp}.${mac}`)).toBeUndefined();
    for (const bad of ["garbage", "", "a.b.c", `${token}.x`, `${id}.${exp}`, undefined]) expect(readSessionToken(bad)).toBeUndefined();
  });

  it("signs everyone out when the master key changes", () => {
    const token = signSessionToken({ id: "abc", expiresAt: Date.now() + DAY });
    const before = process.env.MASTER_KEY;
    process.env.MASTER_KEY = "sk-session-test-2";
    resetKeyCaches();
    try {
      expect(readSessionToken(token)).toBeUndefined();
    } finally {
      process.env.MASTER_KEY = before;
      resetKeyCaches();
    }
  });
});

describe("server-side sessions", () => {
  it("records a session on sign-in that lasts the TTL", async () => {
    const now = Date.now();
    const { token, expiresAt } = await startSession(db, now);
    expect(expiresAt).toBe(now + SESSION_TTL_SECONDS * 1000);
    const row = await db.session.findUniqueOrThrow({ where: { id: readSessionToken(token, now)!.id } });
    expect(row).toMatchObject({ revokedAt: null, expiresAt: new Date(expiresAt) });
    expect(await isSessionActive(db, token, now)).toBe(true);
    expect(await isSessionActive(db, token, expiresAt)).toBe(false);
  });

  it("ends the session on sign-out at once, even while its answer is cached", async () => {
    const now = Date.now();
    const { token } = await startSession(db, now);
    expect(await isSessionActive(db, token, now)).toBe(true);
    await endSession(db, token, now + 10);
    expect(await isSessionActive(db, token, now + 20)).toBe(false);
    const row = await db.session.findUniqueOrThrow({ where: { id: readSessionToken(token, now)!.id } });
    expect(row.revokedAt).toEqual(new Date(now + 10));
  });

  it("notices a revocation made elsewhere (another instance) within the cache window", async () => {
    const now = Date.now();
    const { token } = await startSession(db, now);
    expect(await isSessionActive(db, token, now)).toBe(true);
    await db.session.update({ where: { id: readSessionToken(token, now)!.id }, data: { revokedAt: new Date(now) } });
    expect(await isSessionActive(db, token, now + SESSION_CACHE_MS - 1)).toBe(true);
    expect(await isSessionActive(db, token, now + SESSION_CACHE_MS)).toBe(false);
  });

  it("refuses a well-signed token with no session row, and ignores signing out a foreign token", async () => {
    const now = Date.now();
    const orphan = signSessionToken({ id: "never-recorded", expiresAt: now + DAY });
    expect(await isSessionActive(db, orphan, now)).toBe(false);
    const count = await db.session.count();
    await endSession(db, orphan, now);
    await endSession(db, "garbage", now);
    await endSession(db, undefined, now);
    expect(await db.session.count()).toBe(count);
  });

  it("sweeps expired sessions at the next sign-in", async () => {
    const past = Date.now() - 8 * DAY;
    const { token: old } = await startSession(db, past);
    const { token } = await startSession(db);
    expect(await db.session.findUnique({ where: { id: readSessionToken(old, past)!.id } })).toBeNull();
    expect(await isSessionActive(db, token)).toBe(true);
  });
});
