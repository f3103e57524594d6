// The page a browser gets when READ_TOKEN is set and it has no cookie yet: a shared link opened
// by a colleague showed them the API's JSON 401 (an operator's review). The page asks for the
// token in a form that posts it to READ_TOKEN_PATH (never into an address, where the history
// would keep it), which the proxy answers with the cookie and a redirect to the page asked for.
// Static HTML, no script: every value in it is escaped, and its own Content-Security-Policy
// allows nothing but its inline style and the form's post to this site.
import { NextResponse } from "next/server";
import { sameSecret } from "./auth";
import { refuseCrossSite } from "./cross-site";
import { errorResponse, WWW_AUTHENTICATE } from "./errors";
import { setReadCookie } from "./read-access";

/** Where the form posts the token. */
export const READ_TOKEN_PATH = "/_read-token";

/** The longest address gone back to: more is the overview. */
const MAX_RETURN_PATH = 2048;

/** The most a form post to READ_TOKEN_PATH may hold (a token, and the address to go back to). */
const MAX_FORM_BYTES = 16 * 1024;

const escapeHtml = (text: string) =>
  text.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);

/**
 * Whether a request the read gate refuses gets the page instead of the JSON 401: a page's address
 * (not /api/) asked for by a browser's navigation (it accepts text/html; the router's own fetches
 * and scripts ask for other types).
 */
export function wantsTokenPage(request: { method: string; headers: Headers; nextUrl: URL }): boolean {
  if (/^\/(api|_next)(\/|$)/.test(request.nextUrl.pathname)) return false;
  if (request.method !== "GET" && request.method !== "HEAD") return false;
  return (request.headers.get("accept") ?? "").includes("text/html");
}

/**
 * Where to go back to: a path of this site, as the browser will resolve it, else the overview.
 * Resolved first, then checked: `/..//evil.example` passes a look at how it starts, and resolves
 * (dot segments) to `//evil.example`, another host (a review found that open redirect).
 */
export function safeReturnPath(next: string | null | undefined, base: URL): string {
  // (Long ones too: a 15 KB Location is more than a proxy's header buffer holds, a 502.)
  if (!next || next.length > MAX_RETURN_PATH || !next.startsWith("/") || /[\u0000-\u001f\u007f]/.test(next)) return "/";
  let url: URL;
  try {
    url = new URL(next, base);
  } catch {
    return "/";
  }
  const path = `${url.pathname}${url.search}`;
  // Another origin; a path a browser would read as another host (`//host`; `/\host` is `//host` once
  // resolved); the form's own address.
  if (url.origin !== base.origin || path.startsWith("//") || path.startsWith("/\\") || url.pathname === READ_TOKEN_PATH) return "/";
  return path;
}

/** The address a page was asked for, without `?token=`: where the form goes back to. */
export function returnPathOf(url: URL): string {
  const clean = new URL(url.href);
  clean.searchParams.delete("token");
  return safeReturnPath(`${clean.pathname}${clean.search}`, clean);
}

/**
 * The page's path as the 401 page names it: without its query, which anyone making a link may
 * fill with words of their own ("…moved: enter your token at …", a review), shown as `?…`.
 */
function shownPath(returnPath: string): string {
  const query = returnPath.indexOf("?");
  return query === -1 ? returnPath : `${returnPath.slice(0, query)}?…`;
}

/** The 401 page: what it needs, and a form for the token. `wrong`: a token was given, and it is not this one. */
export function readTokenPage(returnPath: string, wrong = false): NextResponse {
  const html = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>Read token needed · Mailbox incident dashboard</title>
<style>
body { font: 16px/1.5 system-ui, sans-serif; margin: 0; background: #f6f7f9; color: #1d2430; }
main { max-width: 34rem; margin: 12vh auto; padding: 1.5rem 2rem; background: #fff; border: 1px solid #d5dae1; border-radius: 8px; }
h1 { font-size: 1.35rem; margin: 0 0 .75rem; }
label { display: block; font-weight: 600; margin: 1rem 0 .25rem; }
input[type=password] { width: 100%; box-sizing: border-box; font: inherit; padding: .45rem .6rem; border: 1px solid #8a94a3; border-radius: 4px; }
button { margin-top: 1rem; font: inherit; padding: .45rem 1.2rem; border: 0; border-radius: 4px; background: #1f5fbf; color: #fff; cursor: pointer; }
.error { color: #a3141c; font-weight: 600; }
code { font-size: .95em; }
.muted { color: #4d5765; font-size: .9rem; }
</style>
</head>
<body>
<main>
<h1>This dashboard needs its read token</h1>
<p>It was started with <code>READ_TOKEN</code>: its pages and data are shown to those who have that token. Ask whoever runs it for the token, and enter it here once; this browser then keeps it (in a cookie) and opens the page you asked for:</p>
<p class="muted" data-testid="read-token-return">${escapeHtml(shownPath(returnPath))}</p>
${wrong ? '<p class="error" role="alert" id="read-token-wrong" data-testid="read-token-wrong">That is not this dashboard\'s read token.</p>\n' : ""}<form method="post" action="${READ_TOKEN_PATH}">
<input type="hidden" name="next" value="${escapeHtml(returnPath)}">
<label for="token">Read token</label>
<input id="token" name="token" type="password" autocomplete="current-password" required autofocus${wrong ? ' aria-invalid="true" aria-describedby="read-token-wrong"' : ""}>
<button type="submit">Open</button>
</form>
<p class="muted">Scripts send it as <code>Authorization: Bearer &lt;token&gt;</code>.</p>
</main>
</body>
</html>
`;
  return new NextResponse(html, {
    status: 401,
    headers: {
      "content-type": "text/html; charset=utf-8",
      "cache-control": "private, no-store",
      "www-authenticate": WWW_AUTHENTICATE,
      "content-security-policy": "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'",
      // Not no-referrer: a form posted under it carries `Origin: null`, which the cross-site check refuses.
      "referrer-policy": "same-origin",
    },
  });
}

/**
 * POST READ_TOKEN_PATH (the page's form; the proxy routes it here only when READ_TOKEN is set):
 * the right token sets the cookie and goes back (303) to the page asked for; a wrong one gets the
 * page again, saying so. From another site's page (its Origin), 403: no redirect or text of its
 * choosing on this site (lib/cross-site.ts, as uploads and deletions).
 */
export async function postReadToken(request: Request & { headers: Headers; nextUrl: URL }, token: string): Promise<Response> {
  // The form sends no WRITE_HEADER: the browser's Sec-Fetch-Site decides, or without it the
  // Origin check (a review: behind nginx's default `proxy_pass`, Host is the upstream's and the
  // Origin check alone refused the dashboard's own form).
  try {
    refuseCrossSite(request, "sending the read token", "enter it on this dashboard's page");
  } catch (error) {
    return errorResponse(error);
  }
  const length = Number(request.headers.get("content-length") ?? "0");
  const type = (request.headers.get("content-type") ?? "").split(";")[0]!.trim().toLowerCase();
  let given: string | null = null;
  let next: string | null = null;
  if (length <= MAX_FORM_BYTES && type === "application/x-www-form-urlencoded") {
    const body = await request.text();
    if (body.length <= MAX_FORM_BYTES) {
      const form = new URLSearchParams(body);
      given = form.get("token");
      next = form.get("next");
    }
  }
  const back = safeReturnPath(next, request.nextUrl);
  // An absolute address (Next refuses a proxy's relative one, 500, and makes a same-host one relative itself).
  const redirect = () => new NextResponse(null, { status: 303, headers: { location: new URL(back, request.nextUrl).href, "cache-control": "private, no-store" } });
  if (given && sameSecret(given, token)) return setReadCookie(redirect(), token, request);
  return readTokenPage(back, true);
}
