// The optional READ_TOKEN: reading stays open (a dashboard people share links
// to) unless it is set. With it, a request reads when it carries the token as
// a bearer token or in the cookie that `?token=<token>` sets once. Uploads
// have their own INGEST_TOKEN, checked by POST /api/logs; the health check
// stays open for load balancers.
import { createHash, timingSafeEqual } from "node:crypto";

export const READ_COOKIE = "mqdash_read";

type Access = { kind: "open" } | { kind: "granted" } | { kind: "denied" } | { kind: "set-cookie"; token: string };

function same(a: string, b: string): boolean {
  return timingSafeEqual(createHash("sha256").update(a).digest(), createHash("sha256").update(b).digest());
}

type RequestLike = {
  method: string;
  headers: Headers;
  nextUrl: URL;
  cookies: { get(name: string): { value: string } | undefined };
};

export function readAccess(request: RequestLike, token: string | undefined = process.env.READ_TOKEN || undefined): Access {
  if (!token) return { kind: "open" };
  const path = request.nextUrl.pathname;
  if (path === "/api/health" || (path === "/api/logs" && request.method === "POST")) return { kind: "open" };
  const bearer = /^Bearer\s+(.+)$/i.exec(request.headers.get("authorization") ?? "")?.[1];
  if (bearer && same(bearer, token)) return { kind: "granted" };
  const cookie = request.cookies.get(READ_COOKIE)?.value;
  if (cookie && same(cookie, token)) return { kind: "granted" };
  const query = request.nextUrl.searchParams.get("token");
  if (query && same(query, token) && request.method === "GET") return { kind: "set-cookie", token: query };
  return { kind: "denied" };
}
