import { NextResponse, type NextRequest } from "next/server";
import { getDb } from "@/lib/server/db";
import { SESSION_COOKIE, isSessionActive } from "@/lib/server/session";

// Pages need a live session; signed-out visitors (and signed-out copies of a cookie) go to /signin.
// Next 16 runs the proxy on Node, so it asks the session table like the API does (cached for at most 1 s).
// API routes authenticate in their handler wrapper (they also accept the master key as a Bearer token).
export async function proxy(req: NextRequest) {
  const signedIn = await isSessionActive(getDb(), req.cookies.get(SESSION_COOKIE)?.value);
  const { pathname, search } = req.nextUrl;
  if (pathname === "/signin") {
    return signedIn ? NextResponse.redirect(new URL("/models", req.url)) : NextResponse.next();
  }
  if (!signedIn) {
    const url = new URL("/signin", req.url);
    if (pathname !== "/") url.searchParams.set("next", pathname + search);
    return NextResponse.redirect(url);
  }
  return NextResponse.next();
}

export const config = {
  matcher: ["/((?!api/|v1/|_next/|icon.svg|favicon.ico).*)"],
};
