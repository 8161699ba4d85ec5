import { NextRequest } from "next/server";
import { describe, expect, it } from "vitest";
import { proxy } from "@/proxy";
import { apiRequest, TEST_MASTER_KEY, useTestDb } from "@/test/db";
import { GET as listModels } from "../../models/route";
import { POST as signIn } from "../signin/route";
import { POST as signOut } from "./route";

const { db } = useTestDb();
const ORIGIN = { origin: "http://localhost:3000" };

function capturedCookie(res: Response): string {
  const header = res.headers.get("set-cookie") ?? "";
  const pair = header.split(";")[0];
  expect(pair).toMatch(/^tb_session=.+/);
  return pair;
}

const withCookie = (url: string, cookie: string, init: { method?: string } = {}) =>
  apiRequest(url, { ...init, auth: "none", headers: { cookie, ...ORIGIN } });
const visit = (path: string, cookie?: string) =>
  proxy(new NextRequest(new URL(path, "http://localhost:3000"), { headers: cookie ? { cookie } : {} }));

describe("signing out", () => {
  it("ends the session: a copy of the cookie taken before is refused by the API and pages go to /signin", async () => {
    const signedIn = await signIn(apiRequest("/api/auth/signin", { auth: "none", body: { masterKey: TEST_MASTER_KEY }, headers: ORIGIN }));
    expect(signedIn.status).toBe(200);
    const cookie = capturedCookie(signedIn);
    expect(await db.session.count({ where: { revokedAt: null } })).toBe(1);

    expect((await listModels(withCookie("/api/models", cookie))).status).toBe(200);
    const page = await visit("/models", cookie);
    expect(page.headers.get("location")).toBeNull();
    expect((await visit("/signin", cookie)).headers.get("location")).toBe("http://localhost:3000/models");

    const out = await signOut(withCookie("/api/auth/signout", cookie, { method: "POST" }));
    expect(out.status).toBe(200);
    expect(out.headers.get("set-cookie")).toMatch(/^tb_session=;.*Max-Age=0/);
    expect(await db.session.count({ where: { revokedAt: null } })).toBe(0);

    const replay = await listModels(withCookie("/api/models", cookie));
    expect(replay.status).toBe(401);
    expect((await replay.json()).error.code).toBe("unauthenticated");
    const replayPage = await visit("/models?tag=a", cookie);
    expect(replayPage.status).toBe(307);
    expect(replayPage.headers.get("location")).toBe("http://localhost:3000/signin?next=%2Fmodels%3Ftag%3Da");
    // The sign-in page shows its form instead of bouncing the revoked cookie back to the dashboard.
    expect((await visit("/signin", cookie)).headers.get("location")).toBeNull();
    expect((await signOut(withCookie("/api/auth/signout", cookie, { method: "POST" }))).status).toBe(401);
  });

  it("keeps other sessions signed in", async () => {
    const a = capturedCookie(await signIn(apiRequest("/api/auth/signin", { auth: "none", body: { masterKey: TEST_MASTER_KEY }, headers: ORIGIN })));
    const b = capturedCookie(await signIn(apiRequest("/api/auth/signin", { auth: "none", body: { masterKey: TEST_MASTER_KEY }, headers: ORIGIN })));
    await signOut(withCookie("/api/auth/signout", a, { method: "POST" }));
    expect((await listModels(withCookie("/api/models", a))).status).toBe(401);
    expect((await listModels(withCookie("/api/models", b))).status).toBe(200);
  });

  it("treats a cookie with a malformed percent-escape as signed out, not as a server error", async () => {
    expect((await listModels(withCookie("/api/models", "tb_session=%ff%"))).status).toBe(401);
    expect((await visit("/models", "tb_session=%ff%")).status).toBe(307);
  });
});
