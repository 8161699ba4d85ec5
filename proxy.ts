import { NextResponse, type NextRequest } from "next/server";
import { SESSION_COOKIE, verifySessionToken } from "@/lib/server/session";

// Pages need a session; signed-out visitors go to /signin. API routes authenticate in
// their handler wrapper (they also accept the master key as a Bearer token).
export function proxy(req: NextRequest) {
  const signedIn = verifySessionToken(req.cookies.get(SESSION_COOKIE)?.value);
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
