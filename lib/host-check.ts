// ## Requests under a name this dashboard does not have (DNS rebinding)
//
// A dashboard listening on 127.0.0.1 (the default) is out of other machines' reach, but not
// out of the reach of a page in its user's browser: a site whose name its own DNS server
// first resolves to its own address, then to 127.0.0.1, is the same origin as the dashboard
// to the browser, and its script can read the pages and post uploads (the cross-site check
// sees Origin and Host agree). What gives it away is the Host header: the attacker's name.
// So on a loopback address the dashboard answers only to loopback names (`localhost`,
// `*.localhost`), IP addresses (which rebinding cannot use) and the names ALLOWED_HOSTS
// lists; ALLOWED_HOSTS set also turns the check on for any other address. The same rule as
// Vite's dev server `allowedHosts`, Django's ALLOWED_HOSTS.
import { AppError } from "./errors";

/** `localhost` and the names under it, which resolve to this machine alone (RFC 6761). */
const isLocalhostName = (name: string): boolean => name === "localhost" || name.endsWith(".localhost");

/** A listening address (HOST) that only this machine can reach. */
export function isLoopbackAddress(address: string): boolean {
  const a = address.trim().toLowerCase().replace(/^\[|\]$/g, "");
  return isLocalhostName(a) || a === "::1" || /^127(\.\d{1,3}){3}$/.test(a);
}

/** The host name of a Host header, without its port and brackets, lower-cased; null when it is not one. */
export function hostName(header: string): string | null {
  const h = header.trim().toLowerCase();
  const bracketed = /^\[([0-9a-f:.]+)\](?::\d+)?$/.exec(h);
  if (bracketed) return bracketed[1]!;
  const plain = /^([a-z0-9_.-]+)(?::\d+)?$/.exec(h);
  return plain ? plain[1]!.replace(/\.$/, "") : null;
}

const IPV4 = /^\d{1,3}(\.\d{1,3}){3}$/;

/**
 * Whether `allowed` (ALLOWED_HOSTS's list) admits `name`: an entry is a name (`dash.example.org`),
 * `.example.org` for that name and every name under it, or `*` for any.
 */
function listed(name: string, allowed: readonly string[]): boolean {
  return allowed.some((entry) => entry === "*" || entry === name || (entry.startsWith(".") && (name === entry.slice(1) || name.endsWith(entry))));
}

/** An ALLOWED_HOSTS entry as written: `*`, a name or address (a port allowed), `.name` or `*.name`. */
const ALLOWED_ENTRY = /^(\*|(\*?\.)?[a-z0-9_-]+(\.[a-z0-9_-]+)*\.?(:\d+)?|\[[0-9a-f:.]+\](:\d+)?)$/i;

/** The ALLOWED_HOSTS entries no name can match (`http://dash/`, `dash.example.org/`): what lib/env.ts refuses at start. */
export function invalidAllowedHosts(value: string | undefined): string[] {
  return splitAllowed(value).filter((entry) => !ALLOWED_ENTRY.test(entry));
}

function splitAllowed(value: string | undefined): string[] {
  return (value ?? "")
    .split(/[\s,]+/)
    .map((entry) => entry.trim().toLowerCase())
    .filter((entry) => entry !== "");
}

/** ALLOWED_HOSTS as a list: comma- or space-separated, lower-cased, ports dropped; `*.name` read as `.name`. */
export function allowedHostList(value: string | undefined): string[] {
  return splitAllowed(value).map((entry) =>
    entry === "*" ? entry : entry.startsWith("*.") ? entry.slice(1) : entry.startsWith(".") ? entry : (hostName(entry) ?? entry),
  );
}

export type HostRule = { listen: string; allowed: readonly string[] };

/** The rule from the environment: HOST (where `npm start` listens) and ALLOWED_HOSTS. */
export function hostRuleFromEnv(env: Record<string, string | undefined> = process.env): HostRule {
  return { listen: env.HOST || "127.0.0.1", allowed: allowedHostList(env.ALLOWED_HOSTS) };
}

/** Why a request's Host is refused, or null when it is served. No Host header (HTTP/1.0, scripts) is served: browsers always send one. */
export function refusedHost(header: string | null, rule: HostRule): string | null {
  if (header === null || header === "") return null;
  if (rule.allowed.length === 0 && !isLoopbackAddress(rule.listen)) return null;
  const name = hostName(header);
  if (name !== null) {
    if (listed(name, rule.allowed)) return null;
    if (isLocalhostName(name) || IPV4.test(name) || name.includes(":")) return null;
  }
  const shown = JSON.stringify(header.slice(0, 200));
  const where = rule.allowed.length === 0 ? `it listens on ${rule.listen}, where it answers to localhost and IP addresses only` : "ALLOWED_HOSTS does not list it";
  return (
    `Host ${shown} is not a name of this dashboard: ${where} ` +
    "(a page under another name that reaches it is DNS rebinding). To serve it under that name, add it to ALLOWED_HOSTS"
  );
}

/**
 * Names refused and said in the server's log this hour: a few (a page or a bot trying many names
 * cannot flood it), and afresh each hour (so that those cannot hide the operator's own name for good).
 */
const logged = new Set<string>();
const MAX_LOGGED = 5;
const LOG_WINDOW_MS = 3_600_000;
let windowStart = 0;

/**
 * Says a refused Host in the server's log, once per name an hour: an operator behind a proxy that
 * passes the public name finds why every request is a 403, and what to set, where they look.
 */
export function logRefusedHost(header: string, why: string, now: number = Date.now()): void {
  if (now - windowStart >= LOG_WINDOW_MS) {
    logged.clear();
    windowStart = now;
  }
  const key = header.trim().toLowerCase();
  if (logged.has(key) || logged.size >= MAX_LOGGED) return;
  logged.add(key);
  console.warn(`refused: ${why}${logged.size === MAX_LOGGED ? " (further names are refused without a line here for the rest of the hour)" : ""}`);
}

/** The refusal for the request's Host as an AppError (403), logged once per name; null when it is served. */
export function hostRefusal(request: Request, rule: HostRule = hostRuleFromEnv()): AppError | null {
  const header = request.headers.get("host");
  const why = refusedHost(header, rule);
  if (why === null) return null;
  logRefusedHost(header ?? "", why);
  return new AppError("forbidden", why);
}

/** Throws a 403 when the request's Host is refused (see refusedHost). */
export function refuseUnknownHost(request: Request, rule: HostRule = hostRuleFromEnv()): void {
  const refusal = hostRefusal(request, rule);
  if (refusal !== null) throw refusal;
}

// ## The dashboard's own address, for links that leave it (CSV cells)
//
// A CSV opened in a spreadsheet cannot follow `/builds/job/42`: it needs the scheme and host. The
// dashboard has no setting for its public URL, so the request says it: the name it was reached
// under (`X-Forwarded-Host` and `X-Forwarded-Proto` behind a proxy, as for an upload's text answer),
// taken only when it is a host name or address (with a port) and the Host rule above serves it —
// a forwarded name is checked as the Host header is, so a proxy cannot be made to put another
// site's name into the links. A client can only name in its own answer what it sent itself (the
// answers are `private, no-store`, never shared by a cache), and a page of another site cannot
// send these headers (no CORS grant), so the links name the site the reader is on.

/** The first value of a header a proxy may have appended to (`a, b`), trimmed; null when absent or empty. */
function firstValue(request: Request, name: string): string | null {
  return request.headers.get(name)?.split(",")[0]?.trim() || null;
}

/**
 * `https://dash.example.org` (or `http://127.0.0.1:3000`): the origin the request reached the
 * dashboard under, for absolute links; null when the name it gives is no host name (`a/b`, `x y`,
 * `user@host`) or one the Host rule does not serve.
 */
export function linkOrigin(request: Request, rule: HostRule = hostRuleFromEnv()): string | null {
  const url = new URL(request.url);
  const host = firstValue(request, "x-forwarded-host") ?? firstValue(request, "host") ?? url.host;
  if (hostName(host) === null || refusedHost(host, rule) !== null) return null;
  const proto = firstValue(request, "x-forwarded-proto")?.toLowerCase();
  const scheme = proto === "https" || proto === "http" ? proto : url.protocol.replace(/:$/, "");
  if (scheme !== "http" && scheme !== "https") return null;
  return `${scheme}://${host.toLowerCase()}`;
}

/** A permalink (`/builds/…`, a path of this site) as an absolute URL under `origin`; null without an origin or a path. */
export function absoluteLink(origin: string | null, path: string | null | undefined): string | null {
  if (origin === null || !path || !path.startsWith("/") || path.startsWith("//")) return null;
  return `${origin}${path}`;
}
