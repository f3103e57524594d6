// The optional READ_TOKEN: reading stays open (a dashboard people share links
// to) unless it is set. With it, a request reads when it carries the token as
// a bearer token or in the cookie that `?token=<token>` sets once. Uploads
// have their own INGEST_TOKEN, checked by POST /api/logs; the health check
// stays open for load balancers, and tells them the status alone (mayRead).
import { createHash } from "node:crypto";
import { NextRequest, NextResponse } from "next/server";
import { sameSecret } from "./auth";
import { WWW_AUTHENTICATE } from "./errors";

export const READ_COOKIE = "mqdash_read";

type Access = { kind: "open" } | { kind: "granted" } | { kind: "denied" } | { kind: "set-cookie"; token: string };

type RequestLike = {
  method: string;
  headers: Headers;
  nextUrl: URL;
  cookies: { get(name: string): { value: string } | undefined };
};

/**
 * What the cookie holds for `token`: a value derived from it, not the token itself, so that a
 * cookie that leaks (a plain-HTTP request, a browser's cookie store) is no token for the API's
 * bearer header or for `?token=`. It still reads, like the token: change READ_TOKEN to revoke it.
 */
export function readCookieValue(token: string): string {
  return createHash("sha256").update(`mqdash read cookie\u0000${token}`).digest("base64url");
}

/** The token as a bearer token. */
function carriesBearer(request: RequestLike, token: string): boolean {
  const bearer = /^Bearer\s+(.+)$/i.exec(request.headers.get("authorization") ?? "")?.[1];
  return !!bearer && sameSecret(bearer, token);
}

/** The token as a bearer token, or the cookie `?token=` set. */
function carriesToken(request: RequestLike, token: string): boolean {
  if (carriesBearer(request, token)) return true;
  const cookie = request.cookies.get(READ_COOKIE)?.value;
  return !!cookie && sameSecret(cookie, readCookieValue(token));
}

export function readAccess(request: RequestLike, token: string | undefined = process.env.READ_TOKEN || undefined): Access {
  if (!token) return { kind: "open" };
  const path = request.nextUrl.pathname;
  if (path === "/api/health" || (path === "/api/logs" && request.method === "POST")) return { kind: "open" };
  // OPTIONS answers the methods an endpoint takes (`Allow`), nothing stored: open on every API path, as
  // it was on /api/logs, whose route checks the token itself (a CI review: 204 there, 401 elsewhere).
  if (request.method === "OPTIONS" && /^\/api\//.test(path)) return { kind: "open" };
  // Deleting a log checks its own tokens (app/api/logs/[id]/route.ts): INGEST_TOKEN, or this one.
  if (request.method === "DELETE" && /^\/api\/logs\/[^/]+$/.test(path)) return { kind: "open" };
  // A client that sends the bearer token is a script, not a browser (a page's navigation sends no
  // Authorization header): it reads, with or without `?token=`. A redirect would give `curl`
  // without -L an empty 307 (a review, 2026-12-06), and its address bar holds nothing to clean.
  if (carriesBearer(request, token)) return { kind: "granted" };
  // `?token=` is answered by a redirect without it (and the cookie) even for a reader who has the
  // cookie already (a shared link): otherwise the token stayed in the address bar, the history and
  // the page's own payload (a security review, 2026-12-06).
  const query = request.nextUrl.searchParams.get("token");
  if (query && sameSecret(query, token) && request.method === "GET") return { kind: "set-cookie", token: query };
  if (carriesToken(request, token)) return { kind: "granted" };
  return { kind: "denied" };
}

/**
 * What was wrong with a read's token, in words a script's log can act on (as an upload's 401 says,
 * lib/auth.ts): none sent, another scheme, INGEST_TOKEN sent to read (a CI review: a job that pushes
 * with it and reads back with it heard only that reading needs "the token"), another token, or a
 * `?token=` that is not it. Never repeats what was sent.
 */
function readTrouble(request: Pick<RequestLike, "headers" | "nextUrl" | "cookies">, ingestToken: string | undefined): string {
  const header = (request.headers.get("authorization") ?? "").trim();
  if (header === "") {
    if (request.nextUrl.searchParams.has("token")) return "the ?token= given is not READ_TOKEN";
    if (request.cookies.get(READ_COOKIE)) return "the cookie ?token= set is not for today's READ_TOKEN (it was changed since): open a page with ?token= again";
    return "no Authorization header was sent (?token= sets a cookie for a browser: a client that keeps no cookies, such as curl -L, reads with the header)";
  }
  const bearer = /^Bearer(?:\s+(.*))?$/i.exec(header);
  if (!bearer) return 'the Authorization header is not "Bearer <token>"';
  const sent = bearer[1]?.trim() ?? "";
  if (sent === "") return "the bearer token sent is empty (is the CI job's token variable set?)";
  if (ingestToken && sameSecret(sent, ingestToken)) return "the token sent is INGEST_TOKEN, which uploads; reading needs READ_TOKEN";
  return "the token sent is not READ_TOKEN";
}

/** The 401 a read without the token gets, saying what was wrong with the request's (when given it). */
export function readDenied(request?: Pick<RequestLike, "headers" | "nextUrl" | "cookies">, ingestToken: string | undefined = process.env.INGEST_TOKEN || undefined): NextResponse {
  const why = request ? `; ${readTrouble(request, ingestToken)}` : "";
  return NextResponse.json(
    { error: { code: "unauthorized", message: `reading needs the token: Authorization: Bearer <token>, or open any page once with ?token=<token>${why}` } },
    { status: 401, headers: { "www-authenticate": WWW_AUTHENTICATE } },
  );
}

/**
 * Sets the cookie that `?token=<token>` grants on the redirect answering it: HttpOnly, SameSite=Lax,
 * and Secure when the request came over HTTPS (directly, or as a proxy says: X-Forwarded-Proto),
 * so that a plain-HTTP request to the same host does not carry it.
 */
export function setReadCookie(response: NextResponse, token: string, request: { headers: Headers; nextUrl: URL }): NextResponse {
  const forwarded = request.headers.get("x-forwarded-proto")?.split(",")[0]?.trim().toLowerCase();
  const secure = (forwarded ?? request.nextUrl.protocol.replace(/:$/, "")) === "https";
  response.cookies.set(READ_COOKIE, readCookieValue(token), { httpOnly: true, sameSite: "lax", path: "/", secure });
  return response;
}

/**
 * The gate of a route handler the proxy stays off (GET /api/logs: the proxy must not see
 * uploads, and a matcher cannot tell methods apart). The proxy's answers: 401, or for
 * `?token=` a redirect to the same address without it that sets the cookie. Null: it may read.
 * The redirect names a path: Next makes a proxy's same-host redirects relative, not a route
 * handler's, and the URL a handler sees has Next's own host (`localhost`, not the client's).
 */
export function readGate(request: Request): NextResponse | null {
  const next = request instanceof NextRequest ? request : new NextRequest(request);
  const access = readAccess(next);
  if (access.kind === "denied") return readDenied(next);
  if (access.kind === "set-cookie") {
    const clean = new URL(next.nextUrl.href);
    clean.searchParams.delete("token");
    return setReadCookie(new NextResponse(null, { status: 307, headers: { location: `${clean.pathname}${clean.search}` } }), access.token, next);
  }
  return null;
}

/**
 * Whether a request the gate lets through anyway (the health check) may also
 * see data: READ_TOKEN is unset, or the request carries it (bearer or cookie).
 */
export function mayRead(request: Request, token: string | undefined = process.env.READ_TOKEN || undefined): boolean {
  if (!token) return true;
  return carriesToken(request instanceof NextRequest ? request : new NextRequest(request), token);
}
