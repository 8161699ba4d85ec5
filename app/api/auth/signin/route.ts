// POST /api/auth/signin — exchange the master key for an HTTP-only session cookie
import { z } from "zod";
import { ApiError } from "@/lib/server/api-error";
import { sessionCookieHeader } from "@/lib/server/auth-cookies";
import { getDb } from "@/lib/server/db";
import { checkOrigin, handler } from "@/lib/server/handler";
import { isMasterKey, startSession } from "@/lib/server/session";

const SignInSchema = z.object({ masterKey: z.string().trim().min(1, "Enter the master key").max(500) });

export const POST = handler({ auth: "public", body: SignInSchema }, async ({ req, body }) => {
  checkOrigin(req);
  if (!isMasterKey(body.masterKey)) {
    throw new ApiError("unauthenticated", "That master key is not correct.", { masterKey: ["That master key is not correct"] });
  }
  const secure = new URL(req.url).protocol === "https:";
  const { token } = await startSession(getDb());
  return Response.json({ ok: true }, { headers: { "set-cookie": sessionCookieHeader(token, secure) } });
});
