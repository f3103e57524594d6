// Runs before every page and API request (Next 16 "proxy", formerly
// middleware): a per-request nonce for a Content-Security-Policy without
// 'unsafe-inline' scripts, the refusal of Host names the dashboard does not
// have (lib/host-check.ts), the optional READ_TOKEN gate (a page asking a
// browser for the token, lib/read-token-page.ts), and the refusal of paths
// Next cannot decode.
import { type NextRequest, NextResponse } from "next/server";
import { AppError } from "@/lib/errors";
import { hostRefusal } from "@/lib/host-check";
import { readAccess, readDenied, setReadCookie } from "@/lib/read-access";
import { postReadToken, READ_TOKEN_PATH, readTokenPage, returnPathOf, wantsTokenPage } from "@/lib/read-token-page";

/**
 * Whether every percent-escape in the path decodes. Next decodes a dynamic
 * segment (`/rooms/%E0%A4%A`, `/api/rooms/%`) after the proxy, and its router
 * answers one that does not decode with a bare 500, logging nothing (it looks
 * for a /400 page the App Router does not have).
 */
function decodable(pathname: string): boolean {
  try {
    decodeURIComponent(pathname);
    return true;
  } catch {
    return false;
  }
}

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

export async function proxy(request: NextRequest): Promise<Response> {
  // Before anything else: a page under a name this dashboard does not have (DNS rebinding) reads nothing.
  const unknownHost = hostRefusal(request);
  if (unknownHost !== null) return unknownHost.toResponse();
  const { pathname } = request.nextUrl;
  // The read-token page's form (lib/read-token-page.ts): the one write a page address takes, with READ_TOKEN set.
  const readToken = process.env.READ_TOKEN || undefined;
  if (readToken && pathname === READ_TOKEN_PATH && request.method === "POST") return postReadToken(request, readToken);
  if (!/^\/(api|_next)(\/|$)/.test(pathname) && !["GET", "HEAD", "OPTIONS"].includes(request.method)) {
    // A page takes no writes (this app has no server actions): Next would answer a POST with 409 "Server
    // Action unavailable" as text, which a CI job pushing its log to the dashboard's address reads as a
    // conflict. Before the read gate: with READ_TOKEN, that job would hear its token is wrong instead.
    return new AppError("method_not_allowed", `${request.method} ${pathname}: pages are read with GET; post logs to /api/logs`, {
      allowed: ["GET"],
    }).toResponse({ allow: "GET, HEAD" });
  }

  const access = readAccess(request);
  if (access.kind === "denied") {
    // A browser opening a page (a shared link) gets a page that asks for the token, not the API's JSON.
    if (!wantsTokenPage(request)) return readDenied(request);
    return readTokenPage(returnPathOf(request.nextUrl), request.nextUrl.searchParams.has("token"));
  }
  if (access.kind === "set-cookie") {
    const clean = request.nextUrl.clone();
    clean.searchParams.delete("token");
    return setReadCookie(NextResponse.redirect(clean), access.token, request);
  }
  const badPath = !decodable(pathname);
  if (badPath && /^\/api(\/|$)/.test(pathname)) {
    return new AppError("bad_request", `invalid path: ${pathname} has an invalid percent-escape`).toResponse();
  }

  const nonce = Buffer.from(crypto.randomUUID()).toString("base64");
  const csp = contentSecurityPolicy(nonce);
  const headers = new Headers(request.headers);
  headers.set("x-nonce", nonce);
  headers.set("Content-Security-Policy", csp);
  // A script that sent the bearer token and `?token=` too reads without a redirect (readAccess); the page
  // is served as if `token` were not in its address, so that the token is not written into the page's
  // links and payload (a security review, 2026-12-07).
  const withoutToken = request.nextUrl.searchParams.has("token") && process.env.READ_TOKEN ? request.nextUrl.clone() : null;
  withoutToken?.searchParams.delete("token");
  // A page at such a path cannot exist: show the not-found page (no route serves the rewrite's path).
  const response = badPath
    ? NextResponse.rewrite(new URL("/_invalid-path", request.url), { request: { headers } })
    : withoutToken
      ? NextResponse.rewrite(withoutToken, { request: { headers } })
      : NextResponse.next({ request: { headers } });
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
  // Each exception anchored: `favicon.ico` unescaped and unanchored also passed `/faviconXico`, and
  // `_next/static` `/_next/staticx` (no CSP, no Host check on their not-found page: a security review).
  matcher: ["/((?!_next/static/|_next/image$|favicon\\.ico$|api/logs$).*)"],
};
