import { NextRequest } from "next/server";
import { afterEach, describe, expect, test, vi } from "vitest";
import { proxy } from "../proxy";
import { READ_COOKIE, readAccess, readCookieValue, readDenied, readGate } from "./read-access";

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
    ["OPTIONS on an API path (it answers Allow alone)", request("/api/builds", { method: "OPTIONS" }), "open"],
    ["OPTIONS on a page", request("/rooms", { method: "OPTIONS" }), "denied"],
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

  test("from the proxy, carries WWW-Authenticate: Bearer with a realm (RFC 6750)", async () => {
    vi.stubEnv("READ_TOKEN", "t0k");
    const response = await proxy(new NextRequest("http://127.0.0.1/api/builds"));
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

describe("a refused read says what was wrong with its token, never repeating it", () => {
  afterEach(() => vi.unstubAllEnvs());
  const messageOf = async (response: Response) => ((await response.json()) as { error: { message: string } }).error.message;

  test.each([
    ["no credentials", request("/api/builds"), "no Authorization header was sent (?token= sets a cookie for a browser: a client that keeps no cookies, such as curl -L, reads with the header)"],
    ["INGEST_TOKEN as the bearer token", request("/api/builds", { authorization: "Bearer 1ngest-secret" }), "the token sent is INGEST_TOKEN, which uploads; reading needs READ_TOKEN"],
    ["another bearer token", request("/api/builds", { authorization: "Bearer nope-secret" }), "the token sent is not READ_TOKEN"],
    ["an empty bearer token", request("/api/builds", { authorization: "Bearer " }), "the bearer token sent is empty (is the CI job's token variable set?)"],
    ["another scheme", request("/api/builds", { authorization: "Basic dXNlcjpwYXNz" }), 'the Authorization header is not "Bearer <token>"'],
    ["a wrong ?token=", request("/api/builds?token=wrong-secret"), "the ?token= given is not READ_TOKEN"],
    ["a cookie of an earlier READ_TOKEN", request("/api/builds", { cookie: readCookieValue("old") }), "the cookie ?token= set is not for today's READ_TOKEN (it was changed since): open a page with ?token= again"],
  ] as const)("%s", async (_label, req, why) => {
    expect(readAccess(req, "t0k").kind).toBe("denied");
    const message = await messageOf(readDenied(req, "1ngest-secret"));
    expect(message).toBe(`reading needs the token: Authorization: Bearer <token>, or open any page once with ?token=<token>; ${why}`);
    for (const secret of ["1ngest-secret", "nope-secret", "wrong-secret", "dXNlcjpwYXNz"]) expect(message).not.toContain(secret);
  });

  test("from the proxy and from GET /api/logs' own gate, INGEST_TOKEN sent to read is named", async () => {
    vi.stubEnv("READ_TOKEN", "t0k");
    vi.stubEnv("INGEST_TOKEN", "1ngest-secret");
    const headers = { authorization: "Bearer 1ngest-secret" };
    for (const response of [await proxy(new NextRequest("http://127.0.0.1/api/builds", { headers })), readGate(new Request("http://127.0.0.1/api/logs", { headers }))!]) {
      expect(response.status).toBe(401);
      expect(await messageOf(response)).toMatch(/; the token sent is INGEST_TOKEN, which uploads; reading needs READ_TOKEN$/);
    }
  });
});

describe("the cookie ?token= sets", () => {
  afterEach(() => vi.unstubAllEnvs());
  const cookieOf = (response: Response) => response.headers.get("set-cookie") ?? "";

  test("holds a value derived from the token, HttpOnly, SameSite=Lax; Secure over HTTPS (direct or as a proxy says)", async () => {
    vi.stubEnv("READ_TOKEN", "t0k");
    const plain = cookieOf(await proxy(new NextRequest("http://127.0.0.1/rooms?token=t0k")));
    expect(plain).toContain(`${READ_COOKIE}=${readCookieValue("t0k")}`);
    expect(plain).not.toContain("t0k;");
    expect(plain).toMatch(/HttpOnly/i);
    expect(plain).toMatch(/SameSite=lax/i);
    expect(plain).not.toMatch(/Secure/i);
    expect(cookieOf(await proxy(new NextRequest("https://dash.example.org/rooms?token=t0k")))).toMatch(/Secure/i);
    const proxied = new NextRequest("http://127.0.0.1/rooms?token=t0k", { headers: { "x-forwarded-proto": "https" } });
    expect(cookieOf(await proxy(proxied))).toMatch(/Secure/i);
    expect(cookieOf(readGate(new Request("https://dash.example.org/api/logs?token=t0k")) as Response)).toMatch(/Secure/i);
  });
});

// An operator's review: a colleague opening a shared link got the API's JSON 401. A browser's
// navigation to a page now gets a page that asks for the token and posts it, never into an address.
describe("the page that asks a browser for the read token", () => {
  afterEach(() => vi.unstubAllEnvs());
  const html = { accept: "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8" };
  /** Where a 303 goes: a path of the request's own origin (Next names 127.0.0.1 `localhost` in nextUrl). */
  const backTo = (response: Response) => {
    const location = new URL(response.headers.get("location") ?? "");
    expect(location.origin).toBe("http://localhost");
    return `${location.pathname}${location.search}`;
  };
  const post = (body: string, headers: Record<string, string> = {}) =>
    new NextRequest("http://127.0.0.1/_read-token", {
      method: "POST",
      body,
      headers: { "content-type": "application/x-www-form-urlencoded", "content-length": String(Buffer.byteLength(body)), ...headers },
    });

  test("a page opened by a browser: 401 HTML with a form posting to /_read-token, the address to go back to escaped, a CSP of its own", async () => {
    vi.stubEnv("READ_TOKEN", "t0k");
    const response = await proxy(new NextRequest('http://127.0.0.1/builds?job=a"><script>x</script>&page=2', { headers: html }));
    expect(response.status).toBe(401);
    expect(response.headers.get("content-type")).toMatch(/^text\/html/);
    expect(response.headers.get("www-authenticate")).toMatch(/^Bearer realm=/);
    expect(response.headers.get("content-security-policy")).toContain("default-src 'none'");
    const body = await response.text();
    expect(body).toContain('<form method="post" action="/_read-token">');
    expect(body).toContain('name="next" value="/builds?job=a%22%3E%3Cscript%3Ex%3C%2Fscript%3E&amp;page=2"');
    expect(body).not.toContain("<script");
    expect(body).not.toContain("read-token-wrong");
    expect(body).not.toContain("aria-invalid");
  });

  test("the API, the router's own fetches and scripts still get the JSON 401", async () => {
    vi.stubEnv("READ_TOKEN", "t0k");
    for (const [url, accept] of [
      ["http://127.0.0.1/api/builds", html.accept],
      ["http://127.0.0.1/builds", "text/x-component"],
      ["http://127.0.0.1/builds", "*/*"],
    ] as const) {
      const response = await proxy(new NextRequest(url, { headers: { accept } }));
      expect(response.status, url).toBe(401);
      expect(response.headers.get("content-type"), `${url} ${accept}`).toMatch(/^application\/json/);
    }
  });

  test("a wrong ?token= in a shared link: the page says so, and does not repeat the token", async () => {
    vi.stubEnv("READ_TOKEN", "t0k");
    const response = await proxy(new NextRequest("http://127.0.0.1/rooms?token=n0pe", { headers: html }));
    expect(response.status).toBe(401);
    const body = await response.text();
    expect(body).toContain("read-token-wrong");
    // Tied to its field: a screen reader hears it there (an accessibility review).
    expect(body).toContain('aria-invalid="true" aria-describedby="read-token-wrong"');
    expect(body).not.toContain("n0pe");
    expect(body).toContain('name="next" value="/rooms"');
  });

  test("the right token posted: the cookie, and 303 back to the page; a wrong one: the page again, 401; no READ_TOKEN: back", async () => {
    vi.stubEnv("READ_TOKEN", "t0k");
    const right = await proxy(post("token=t0k&next=%2Fbuilds%3Fjob%3Dx"));
    expect(right.status).toBe(303);
    expect(backTo(right)).toBe("/builds?job=x");
    expect(right.headers.get("set-cookie")).toContain(`${READ_COOKIE}=${readCookieValue("t0k")}`);
    const wrong = await proxy(post("token=t0&next=%2Fbuilds"));
    expect(wrong.status).toBe(401);
    expect(wrong.headers.get("set-cookie")).toBeNull();
    const body = await wrong.text();
    expect(body).toContain("read-token-wrong");
    expect(body).not.toContain("t0<");
    expect(body).toContain('name="next" value="/builds"');
    // Without READ_TOKEN there is no form: a POST to a page's address, refused as any other.
    vi.stubEnv("READ_TOKEN", "");
    const open = await proxy(post("token=x&next=%2Frooms"));
    expect(open.status).toBe(405);
    expect(open.headers.get("location")).toBeNull();
  });

  // A review: `/..//evil.example` passed a look at how it starts and resolved to another host.
  test("from another site's page: 403, no redirect, no cookie, no text of its choosing; from the dashboard's own page: as above", async () => {
    vi.stubEnv("READ_TOKEN", "t0k");
    for (const origin of ["http://attacker.example", "null"]) {
      const response = await proxy(post("token=t0k&next=%2Fx%20this%20dashboard%20moved", { origin }));
      expect(response.status, origin).toBe(403);
      expect(response.headers.get("location")).toBeNull();
      expect(response.headers.get("set-cookie")).toBeNull();
      expect(await response.text()).not.toContain("moved");
    }
    const own = await proxy(post("token=t0k&next=%2Frooms", { origin: "http://127.0.0.1", host: "127.0.0.1" }));
    expect([own.status, backTo(own)]).toEqual([303, "/rooms"]);
  });

  test.each([
    ["another host", "//evil.example/x"],
    ["another host, a backslash", "/\\evil.example/x"],
    ["an absolute URL", "https://evil.example/"],
    ["a control character", "/rooms\n"],
    ["nothing", ""],
    ["the form's own address", "/_read-token"],
    // Dot segments that resolve to another host.
    ["/..//", "/..//evil.example/phish"],
    ["/.//", "/.//evil.example"],
    ["/a/..//", "/a/..//evil.example"],
    ["escaped dots", "/%2e%2e//evil.example"],
    ["/./ and a backslash", "/./\\evil.example"],
  ])("goes back to this site only: %s → /", async (_label, next) => {
    vi.stubEnv("READ_TOKEN", "t0k");
    const response = await proxy(post(`token=t0k&next=${encodeURIComponent(next)}`));
    expect(backTo(response)).toBe("/");
  });

  // A review of the above: behind nginx's default proxy_pass, Host is the upstream's, and the Origin
  // check refused the dashboard's own form. The browser's Sec-Fetch-Site says where a post came from.
  test("Sec-Fetch-Site decides when the browser sends it: same-origin passes whatever Host a proxy passed; another site's does not", async () => {
    vi.stubEnv("READ_TOKEN", "t0k");
    const behindProxy = await proxy(post("token=t0k&next=%2Frooms", { origin: "http://localhost:3761", host: "127.0.0.1:3750", "sec-fetch-site": "same-origin" }));
    expect([behindProxy.status, backTo(behindProxy)]).toEqual([303, "/rooms"]);
    for (const site of ["cross-site", "same-site", "none"]) {
      const refused = await proxy(post("token=t0k&next=%2Frooms", { origin: "http://127.0.0.1", host: "127.0.0.1", "sec-fetch-site": site }));
      expect(refused.status, site).toBe(403);
      expect(refused.headers.get("set-cookie")).toBeNull();
      // The advice a token form calls for (a diff review: it had become the uploads' "post from CI").
      expect(((await refused.json()) as { error: { message: string } }).error.message).toMatch(/ is refused: enter it on this dashboard's page$/);
    }
  });

  test("the page names the address it goes back to without its query, which a link's maker may fill with words", async () => {
    vi.stubEnv("READ_TOKEN", "t0k");
    const response = await proxy(new NextRequest("http://127.0.0.1/builds?z=Dashboard+moved+to+evil.example", { headers: html }));
    const body = await response.text();
    expect(body).toContain('data-testid="read-token-return">/builds?…</p>');
    expect(body).not.toContain(">/builds?z=");
    expect(body).toContain('name="next" value="/builds?z=Dashboard+moved+to+evil.example"');
  });

  test("dot segments within the site resolve as the browser would", async () => {
    vi.stubEnv("READ_TOKEN", "t0k");
    expect(backTo(await proxy(post(`token=t0k&next=${encodeURIComponent("/builds/../rooms?job=a")}`)))).toBe("/rooms?job=a");
  });

  test("a body that is no form, or too long, reads as no token; an address over 2 KB goes back to the overview", async () => {
    vi.stubEnv("READ_TOKEN", "t0k");
    expect((await proxy(post("token=t0k", { "content-type": "text/plain" }))).status).toBe(401);
    expect((await proxy(post("token=t0k", { "content-type": "application/x-www-form-urlencoded-x" }))).status).toBe(401);
    expect((await proxy(post("token=t0k", { "content-type": "application/x-www-form-urlencoded; charset=UTF-8" }))).status).toBe(303);
    expect(backTo(await proxy(post(`token=t0k&next=/rooms?x=${"y".repeat(2100)}`)))).toBe("/");
    const long = `token=t0k&next=/${"x".repeat(20_000)}`;
    expect((await proxy(post(long))).status).toBe(401);
  });
});
