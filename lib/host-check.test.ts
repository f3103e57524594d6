// DNS rebinding: on a loopback address the dashboard answers to localhost names, IP addresses and
// ALLOWED_HOSTS only; a request under another name is a 403 saying what to set, nothing stored.
import { afterEach, describe, expect, test, vi } from "vitest";
import { GET as getLogs, POST as postLogs } from "@/app/api/logs/route";
import { fixture, rawRequest } from "@/lib/testing/api";
import { countRows } from "@/lib/testing/databases";
import { useTestDatabase } from "@/lib/testing/use-test-database";
import { readEnv } from "./env";
import { absoluteLink, allowedHostList, hostName, hostRefusal, invalidAllowedHosts, isLoopbackAddress, linkOrigin, logRefusedHost, refusedHost } from "./host-check";

const loopback = { listen: "127.0.0.1", allowed: [] };

describe("the Host rule", () => {
  test("on a loopback address: localhost names and IP addresses are served, other names refused", () => {
    for (const host of ["127.0.0.1:3000", "localhost:3000", "LOCALHOST", "dash.localhost:3000", "[::1]:3000", "10.0.3.17:3000", "localhost."]) {
      expect(refusedHost(host, loopback), host).toBeNull();
    }
    for (const host of ["evil.example:3000", "evil.example", "localhost.evil.example", "127.0.0.1.evil.example", "x y", "evil.example:3000:1"]) {
      expect(refusedHost(host, loopback), host).toMatch(/^Host ".*" is not a name of this dashboard: it listens on 127\.0\.0\.1, .* add it to ALLOWED_HOSTS$/);
    }
  });

  test("no Host header (HTTP/1.0, a script) is served: a browser always sends one", () => {
    expect(refusedHost(null, loopback)).toBeNull();
    expect(refusedHost("", loopback)).toBeNull();
  });

  test("on another address nothing is checked, unless ALLOWED_HOSTS is set", () => {
    expect(refusedHost("anything.example", { listen: "0.0.0.0", allowed: [] })).toBeNull();
    const rule = { listen: "0.0.0.0", allowed: allowedHostList("dash.example.org, .corp.example") };
    expect(rule.allowed).toEqual(["dash.example.org", ".corp.example"]);
    for (const host of ["dash.example.org", "DASH.example.org:443", "corp.example", "ci.corp.example:8080", "127.0.0.1", "localhost"]) {
      expect(refusedHost(host, rule), host).toBeNull();
    }
    for (const host of ["example.org", "evil-corp.example", "dash.example.org.evil"]) {
      expect(refusedHost(host, rule), host).toMatch(/ALLOWED_HOSTS does not list it/);
    }
    expect(refusedHost("whatever.example", { listen: "127.0.0.1", allowed: ["*"] })).toBeNull();
  });

  test("*.example.org reads as .example.org; an entry no name can match stops the start, named", () => {
    expect(allowedHostList("*.example.org")).toEqual([".example.org"]);
    expect(refusedHost("a.example.org", { listen: "127.0.0.1", allowed: allowedHostList("*.example.org") })).toBeNull();
    expect(invalidAllowedHosts("dash.example.org, *.example.org, .corp.example, *, [::1]:3000, 10.0.0.1")).toEqual([]);
    expect(invalidAllowedHosts("http://dash.example.org/, dash.example.org/x, *dash")).toEqual(["http://dash.example.org/", "dash.example.org/x", "*dash"]);
    expect(() => readEnv({ ALLOWED_HOSTS: "dash.example.org, http://dash.example.org/" })).toThrow(
      /ALLOWED_HOSTS: ALLOWED_HOSTS holds "http:\/\/dash\.example\.org\/", which no Host can match/,
    );
    expect(readEnv({ ALLOWED_HOSTS: "*.example.org" }).ALLOWED_HOSTS).toBe("*.example.org");
  });

  test("what counts as loopback, and a Host header's name", () => {
    for (const address of ["127.0.0.1", "127.1.2.3", "::1", "[::1]", "localhost", "dash.localhost"]) expect(isLoopbackAddress(address), address).toBe(true);
    for (const address of ["0.0.0.0", "::", "10.0.0.1", "dash.example.org", "127.0.0.1.example"]) expect(isLoopbackAddress(address), address).toBe(false);
    expect(hostName("[::1]:3000")).toBe("::1");
    expect(hostName("Dash.Example.org:8080")).toBe("dash.example.org");
    expect(hostName("a b")).toBeNull();
    expect(allowedHostList("dash.example.org:443 *")).toEqual(["dash.example.org", "*"]);
  });
});

test("a refused name is said in the server's log once, and at most five names are", () => {
  const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
  try {
    const request = (host: string) => new Request("http://127.0.0.1/", { headers: { host } });
    expect(hostRefusal(request("logged-1.example"), loopback)?.status).toBe(403);
    expect(hostRefusal(request("LOGGED-1.example"), loopback)?.status).toBe(403);
    expect(warn).toHaveBeenCalledTimes(1);
    expect(String(warn.mock.calls[0]![0])).toMatch(/^refused: Host "logged-1\.example" is not a name of this dashboard.*ALLOWED_HOSTS$/);
    for (let i = 2; i <= 9; i++) hostRefusal(request(`logged-${i}.example`), loopback);
    expect(warn).toHaveBeenCalledTimes(5);
    expect(String(warn.mock.calls[4]![0])).toMatch(/further names are refused without a line here for the rest of the hour\)$/);
    // An hour on, names are said again (bots trying names cannot hide the operator's for good).
    logRefusedHost("logged-10.example", "x", Date.now() + 3_600_001);
    expect(warn).toHaveBeenCalledTimes(6);
    expect(hostRefusal(request("localhost"), loopback)).toBeNull();
  } finally {
    warn.mockRestore();
  }
});

describe("linkOrigin: the origin for absolute links (CSV), from a Host the rule serves", () => {
  const get = (headers: Record<string, string> = {}, url = "http://127.0.0.1:3000/api/builds") => new Request(url, { headers });

  test("the request's own origin, or the Host header's name", () => {
    expect(linkOrigin(get(), loopback)).toBe("http://127.0.0.1:3000");
    expect(linkOrigin(get({ host: "LOCALHOST:3000" }), loopback)).toBe("http://localhost:3000");
    expect(linkOrigin(get({ host: "[::1]:3000" }), loopback)).toBe("http://[::1]:3000");
  });

  test("behind a proxy, its forwarded name and scheme (first values), when the rule serves that name", () => {
    const listed = { listen: "127.0.0.1", allowed: allowedHostList("dash.example.org") };
    const proxied = get({ host: "127.0.0.1:3000", "x-forwarded-host": "dash.example.org, inner", "x-forwarded-proto": "HTTPS,http" });
    expect(linkOrigin(proxied, listed)).toBe("https://dash.example.org");
    // A scheme that is not http(s) is not taken from the header.
    expect(linkOrigin(get({ "x-forwarded-host": "dash.example.org", "x-forwarded-proto": "javascript" }), listed)).toBe("http://dash.example.org");
  });

  test("none for a name the rule refuses, forwarded or not, nor for a Host that is no host name", () => {
    expect(linkOrigin(get({ "x-forwarded-host": "evil.example" }), loopback)).toBeNull();
    expect(linkOrigin(get({ host: "evil.example" }), loopback)).toBeNull();
    // On 0.0.0.0 without ALLOWED_HOSTS every name is served, but a link still needs a host name.
    const open = { listen: "0.0.0.0", allowed: [] };
    expect(linkOrigin(get({ host: "dash.example.org:8080" }), open)).toBe("http://dash.example.org:8080");
    for (const host of ["evil.example/path", "user@evil.example", "a b", 'x"y', "evil.example:1:2"]) {
      expect(linkOrigin(get({ "x-forwarded-host": host }), open), host).toBeNull();
    }
  });

  test("absoluteLink puts a path of this site under the origin; nothing else", () => {
    expect(absoluteLink("https://dash.example.org", "/builds/job%231/7")).toBe("https://dash.example.org/builds/job%231/7");
    expect(absoluteLink(null, "/builds/j/1")).toBeNull();
    for (const path of [null, undefined, "", "//evil.example/x", "http://evil.example/"]) expect(absoluteLink("http://h", path), String(path)).toBeNull();
  });
});

describe("POST and GET /api/logs under another name", () => {
  const database = useTestDatabase("sqlite", "host_check");
  afterEach(() => vi.unstubAllEnvs());
  const log = fixture("ProductCI_ejabberd_mqueue_random_monitor_25877.log").replaceAll("25877", "72001");
  const post = (host: string) => postLogs(rawRequest(log, "text/plain", { headers: { host } }));

  test("are a 403 naming the Host and ALLOWED_HOSTS, nothing stored; under localhost they work", async () => {
    vi.stubEnv("HOST", "127.0.0.1");
    const before = await countRows(database().url);
    const refused = await post("rebound.example:3000");
    expect(refused.status).toBe(403);
    const body = (await refused.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe("forbidden");
    expect(body.error.message).toContain('Host "rebound.example:3000" is not a name of this dashboard');
    expect(body.error.message).toContain("ALLOWED_HOSTS");
    expect(await countRows(database().url)).toEqual(before);
    const list = await getLogs(new Request("http://127.0.0.1/api/logs", { headers: { host: "rebound.example:3000" } }));
    expect(list.status).toBe(403);

    expect((await post("localhost:3000")).status).toBe(201);
    expect((await getLogs(new Request("http://127.0.0.1/api/logs", { headers: { host: "localhost:3000" } }))).status).toBe(200);
  });

  test("ALLOWED_HOSTS lets a name through; listening on 0.0.0.0 checks nothing", async () => {
    vi.stubEnv("HOST", "127.0.0.1");
    vi.stubEnv("ALLOWED_HOSTS", "dash.example.org");
    expect((await getLogs(new Request("http://127.0.0.1/api/logs", { headers: { host: "dash.example.org" } }))).status).toBe(200);
    expect((await getLogs(new Request("http://127.0.0.1/api/logs", { headers: { host: "other.example.org" } }))).status).toBe(403);
    vi.stubEnv("ALLOWED_HOSTS", "");
    vi.stubEnv("HOST", "0.0.0.0");
    expect((await getLogs(new Request("http://127.0.0.1/api/logs", { headers: { host: "other.example.org" } }))).status).toBe(200);
  });
});
