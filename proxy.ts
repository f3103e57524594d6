// Runs before every page and API request (Next 16 "proxy", formerly
// middleware): a per-request nonce for a Content-Security-Policy without
// 'unsafe-inline' scripts, and the optional READ_TOKEN gate.
import { type NextRequest, NextResponse } from "next/server";
import { readAccess, readDenied, setReadCookie } from "@/lib/read-access";

function contentSecurityPolicy(nonce: string): string {
  const dev = process.env.NODE_ENV === "development";
  return [
    "default-src 'self'",
    // Next's inline bootstrap carries the nonce; 'strict-dynamic' lets the chunks it loads run.
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${dev ? " 'unsafe-eval'" : ""}`,
    // Charts and React set style attributes; styles cannot run code.
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join("; ");
}

export function proxy(request: NextRequest): NextResponse {
  const access = readAccess(request);
  if (access.kind === "denied") return readDenied();
  if (access.kind === "set-cookie") {
    const clean = request.nextUrl.clone();
    clean.searchParams.delete("token");
    return setReadCookie(NextResponse.redirect(clean), access.token);
  }

  const nonce = Buffer.from(crypto.randomUUID()).toString("base64");
  const csp = contentSecurityPolicy(nonce);
  const headers = new Headers(request.headers);
  headers.set("x-nonce", nonce);
  headers.set("Content-Security-Policy", csp);
  const response = NextResponse.next({ request: { headers } });
  response.headers.set("Content-Security-Policy", csp);
  return response;
}

export const config = {
  // Not the upload endpoint: Next buffers a request's body for the proxy and
  // cuts it at 10 MB, so a proxied upload would arrive truncated (and whole in
  // memory). POST /api/logs checks INGEST_TOKEN itself and is open to reads'
  // gate by design (readAccess lets it through anyway). A matcher cannot tell
  // methods apart: GET /api/logs, a read, calls readGate itself. That path
  // alone (`$`): anything else under it, such as a future /api/logs/{id}, is
  // gated here like every other read (lib/proxy-matcher.test.ts).
  matcher: ["/((?!_next/static|_next/image|favicon.ico|api/logs$).*)"],
};
