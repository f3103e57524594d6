// ## Writes from another site's page
//
// CI and scripts post logs without an `Origin` header; a browser adds one to every POST and
// DELETE. A page of another site could otherwise make a visitor's browser post a log to their
// dashboard (a form, or a `fetch` whose answer it cannot read but whose write happens), on the
// default setup with no token most easily at 127.0.0.1. So a write that carries an Origin must
// either come from this host (Origin's host is the request's Host, or the X-Forwarded-Host a
// proxy sets) or carry WRITE_HEADER, which this dashboard's pages send and which another site's
// page cannot (a custom header needs a CORS preflight, and no CORS is granted). Behind a proxy
// that rewrites Host without X-Forwarded-Host, the pages' header still lets their writes through.
// A browser also says where a request came from in Sec-Fetch-Site, which no page can set: when it
// is sent, it decides (same-origin passes whatever Host a proxy passed on, anything else is
// refused); only without it does the Origin check apply: older browsers, scripts, and every page
// served over plain http from a name other than localhost (browsers send Sec-Fetch-* to
// trustworthy origins only, https and localhost: a diff review measured none on http://192.0.2.2).
import { AppError } from "./errors";

/** The header the dashboard's own pages send with uploads and deletions. */
export const WRITE_HEADER = "x-mqdash-write";

/** `advice`: what to do instead, said after the refusal. */
export function refuseCrossSite(request: Request, what: string, advice?: string): void {
  if (request.headers.get(WRITE_HEADER) !== null) return;
  const origin = request.headers.get("origin");
  const site = request.headers.get("sec-fetch-site");
  if (site === "same-origin") return;
  if (site !== null) {
    throw new AppError(
      "forbidden",
      `${what} from another site's page (Sec-Fetch-Site ${site}${origin === null ? "" : `, Origin ${origin}`}) is refused: ${advice ?? "post from CI or a script, or from this dashboard's pages"}`,
    );
  }
  if (origin === null) return;
  let originHost: string | null = null;
  try {
    originHost = origin === "null" ? null : new URL(origin).host.toLowerCase();
  } catch {
    originHost = null;
  }
  const hosts = [request.headers.get("host"), ...(request.headers.get("x-forwarded-host") ?? "").split(",")]
    .map((host) => host?.trim().toLowerCase())
    .filter((host): host is string => !!host);
  if (originHost !== null && hosts.includes(originHost)) return;
  throw new AppError(
    "forbidden",
    `${what} from another site's page (Origin ${origin}) is refused: ${advice ?? "post from CI or a script (no Origin), or from this dashboard's pages"}`,
  );
}
