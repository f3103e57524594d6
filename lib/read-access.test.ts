import { NextRequest } from "next/server";
import { afterEach, describe, expect, test, vi } from "vitest";
import { proxy } from "../proxy";
import { READ_COOKIE, readAccess, readCookieValue, readGate } from "./read-access";

function request(url: string, options: { method?: string; authorization?: string; cookie?: string } = {}) {
  const headers = new Headers();
  if (options.authorization) headers.set("authorization", options.authorization);
  return {
    method: options.method ?? "GET",
    headers,
    nextUrl: new URL(url, "http://127.0.0.1"),
    cookies: { get: (name: string) => (name === READ_COOKIE && options.cookie ? { value: options.cookie } : undefined) },
  };
}

describe("readAccess", () => {
  test("without READ_TOKEN everything is open", () => {
    expect(readAccess(request("/builds/x/1"), undefined)).toEqual({ kind: "open" });
  });

  test.each([
    ["no credentials", request("/"), "denied"],
    ["a wrong bearer token", request("/api/builds", { authorization: "Bearer nope" }), "denied"],
    ["the bearer token", request("/api/builds", { authorization: "Bearer t0k" }), "granted"],
    ["the cookie", request("/rooms", { cookie: readCookieValue("t0k") }), "granted"],
    ["a wrong cookie", request("/rooms", { cookie: readCookieValue("t0") }), "denied"],
    // The cookie holds a value derived from the token, not the token: the token itself is no cookie.
    ["the token itself as the cookie", request("/rooms", { cookie: "t0k" }), "denied"],
    ["the cookie's value as a bearer token", request("/api/builds", { authorization: `Bearer ${readCookieValue("t0k")}` }), "denied"],
    ["?token= on a GET (sets the cookie)", request("/rooms?token=t0k"), "set-cookie"],
    ["a wrong ?token=", request("/rooms?token=x"), "denied"],
    // A shared link opened by a reader who has the cookie: the token leaves the address all the same.
    ["?token= with the cookie already", request("/rooms?token=t0k", { cookie: readCookieValue("t0k") }), "set-cookie"],
    // A script with the bearer token reads; a 307 would leave curl without -L an empty answer.
    ["?token= with the bearer token", request("/api/builds?token=t0k", { authorization: "Bearer t0k" }), "granted"],
    ["a wrong ?token= with the bearer token", request("/api/builds?token=x", { authorization: "Bearer t0k" }), "granted"],
    ["?token= with a wrong bearer token (the query's token sets the cookie)", request("/rooms?token=t0k", { authorization: "Bearer x" }), "set-cookie"],
    ["a wrong ?token= with the cookie (nothing to hide: read on)", request("/rooms?token=x", { cookie: readCookieValue("t0k") }), "granted"],
    ["the health check", request("/api/health"), "open"],
    ["an upload (INGEST_TOKEN guards it)", request("/api/logs", { method: "POST" }), "open"],
    ["the list of uploaded logs (a read on the upload's path)", request("/api/logs"), "denied"],
    ["deleting a log (its route checks INGEST_TOKEN, else this one)", request("/api/logs/12", { method: "DELETE" }), "open"],
    ["a GET on a log's path", request("/api/logs/12"), "denied"],
    ["a DELETE elsewhere", request("/api/builds/x/1", { method: "DELETE" }), "denied"],
    ["a DELETE below a log's path", request("/api/logs/12/x", { method: "DELETE" }), "denied"],
  ] as const)("with READ_TOKEN: %s → %s", (_label, req, kind) => {
    expect(readAccess(req, "t0k").kind).toBe(kind);
  });
});

describe("a read refused (401)", () => {
  afterEach(() => vi.unstubAllEnvs());
  const bearerChallenge = /^Bearer realm="[^"]+"$/;

  test("from the proxy, carries WWW-Authenticate: Bearer with a realm (RFC 6750)", () => {
    vi.stubEnv("READ_TOKEN", "t0k");
    const response = proxy(new NextRequest("http://127.0.0.1/api/builds"));
    expect(response.status).toBe(401);
    expect(response.headers.get("www-authenticate")).toMatch(bearerChallenge);
  });

  test("from a handler's own gate (GET /api/logs), the same", () => {
    vi.stubEnv("READ_TOKEN", "t0k");
    const response = readGate(new Request("http://127.0.0.1/api/logs"));
    expect(response?.status).toBe(401);
    expect(response?.headers.get("www-authenticate")).toMatch(bearerChallenge);
  });
});

describe("the cookie ?token= sets", () => {
  afterEach(() => vi.unstubAllEnvs());
  const cookieOf = (response: Response) => response.headers.get("set-cookie") ?? "";

  test("holds a value derived from the token, HttpOnly, SameSite=Lax; Secure over HTTPS (direct or as a proxy says)", () => {
    vi.stubEnv("READ_TOKEN", "t0k");
    const plain = cookieOf(proxy(new NextRequest("http://127.0.0.1/rooms?token=t0k")));
    expect(plain).toContain(`${READ_COOKIE}=${readCookieValue("t0k")}`);
    expect(plain).not.toContain("t0k;");
    expect(plain).toMatch(/HttpOnly/i);
    expect(plain).toMatch(/SameSite=lax/i);
    expect(plain).not.toMatch(/Secure/i);
    expect(cookieOf(proxy(new NextRequest("https://dash.example.org/rooms?token=t0k")))).toMatch(/Secure/i);
    const proxied = new NextRequest("http://127.0.0.1/rooms?token=t0k", { headers: { "x-forwarded-proto": "https" } });
    expect(cookieOf(proxy(proxied))).toMatch(/Secure/i);
    expect(cookieOf(readGate(new Request("https://dash.example.org/api/logs?token=t0k")) as Response)).toMatch(/Secure/i);
  });
});
