// First gate for pages (Next 16 "proxy", formerly middleware): no session token → the login page.
// Every page and route handler still checks the session itself (lib/auth, lib/api/route).
import { getToken } from "next-auth/jwt";
import { NextResponse, type NextRequest } from "next/server";
import { sessionSecret } from "@/lib/auth/secret";

export async function proxy(request: NextRequest) {
  const token = await getToken({ req: request, secret: sessionSecret() });
  if (token) return NextResponse.next();
  const url = request.nextUrl.clone();
  url.pathname = "/login";
  url.search = "";
  const back = request.nextUrl.pathname + request.nextUrl.search;
  if (back !== "/") url.searchParams.set("callbackUrl", back);
  return NextResponse.redirect(url);
}

export const config = {
  // Pages only: /api answers 401 problem bodies itself; /login and static assets stay public.
  matcher: ["/((?!api/|login|_next/|favicon.ico|.*\\.(?:svg|png|ico|css|js)$).*)"],
};
