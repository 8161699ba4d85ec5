// POST /api/auth/signout — end the session (every copy of its cookie stops working) and clear the cookie
import { clearedSessionCookieHeader } from "@/lib/server/auth-cookies";
import { getDb } from "@/lib/server/db";
import { handler } from "@/lib/server/handler";
import { endSession, sessionCookie } from "@/lib/server/session";

export const POST = handler({}, async ({ req }) => {
  await endSession(getDb(), sessionCookie(req.headers.get("cookie")));
  return Response.json({ ok: true }, { headers: { "set-cookie": clearedSessionCookieHeader() } });
});
