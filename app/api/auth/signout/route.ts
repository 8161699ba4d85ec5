// POST /api/auth/signout — clear the session cookie
import { clearedSessionCookieHeader } from "@/lib/server/auth-cookies";
import { handler } from "@/lib/server/handler";

export const POST = handler({}, () =>
  Response.json({ ok: true }, { headers: { "set-cookie": clearedSessionCookieHeader() } }),
);
