// ## Jenkins build addresses: the job and number they name
//
// One reader for the two places that read them: a log's `BUILD_URL=` line (markers.ts
// parseBuildUrl) and the upload page's offer for an address pasted as the build URL
// (lib/upload/form-meta.ts buildFromCiUrl). Pure, no imports: the page's bundle takes it.
//
// `…/job/<a>/job/<b>/<n>/`: a job in folders (or a multibranch pipeline's branch) is
// `/job/<folder>/job/<job>/…`, and its name is what Jenkins' `JOB_NAME` says, the segments joined
// by `/` (`team/ejabberd-monitor/main`); views on the way are no part of it. Each segment is
// decoded once, as `JOB_NAME` spells a branch `feature%2Fx`.

/** No CI URL is longer (an upload's `url` takes at most as many); past it the patterns below, tried at every `/`, grow with the square of the length. */
const MAX_BUILD_URL = 2000;

/** A log's BUILD_URL: the build's own address, or its console (`…/12/`, `…/12/console`, `…/12/consoleText`). */
const BUILD_URL = /((?:\/(?:job|view)\/[^/]+)+)\/(\d+)\/?(?:console[^/]*)?$/;
/** A page of the build an operator pasted: anything may follow the number (`…/12/display/redirect`, `…/12/execution/node/3/log/`). */
const BUILD_PAGE = /((?:\/(?:job|view)\/[^/]+)+)\/(\d+)(?:\/.*)?$/;

/**
 * The job and number of a Jenkins build address (or its path), or null. `page`: the upload page's
 * reading of an address pasted by hand: any page of the build, and a segment that does not decode
 * is no job (a log's `BUILD_URL=` keeps a stray `%` as typed).
 */
export function readJenkinsBuildPath(url: string, mode: "log" | "page" = "log"): { job: string; number: number } | null {
  // A `BUILD_URL=` of `/job/a` × 150,000 (a 1.6 KB gzip) held the server 49 s.
  if (url.length > MAX_BUILD_URL) return null;
  const m = (mode === "page" ? BUILD_PAGE : BUILD_URL).exec(url.trim());
  if (!m) return null;
  const parts = (m[1] ?? "").split("/");
  const segments: string[] = [];
  for (let k = 1; k + 1 < parts.length; k += 2) {
    if (parts[k] !== "job") continue;
    const segment = parts[k + 1] ?? "";
    const decoded = decodeSegment(segment);
    if (decoded === null && mode === "page") return null;
    segments.push(decoded ?? segment);
  }
  return segments.length > 0 ? { job: segments.join("/"), number: Number(m[2]) } : null;
}

/** The segment decoded, or null where it does not decode (a stray `%` in a URL someone typed). */
function decodeSegment(segment: string): string | null {
  try {
    return decodeURIComponent(segment);
  } catch {
    return null;
  }
}
