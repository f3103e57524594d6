/**
 * Job names whose `/builds/{job}/{number}` would name something else: `by-id`
 * is the id route's own segment, and `.`/`..` are removed from a path by every
 * browser before it is sent. (Ingest refuses the latter two; a job may still be
 * called `by-id`.)
 */
const SHADOWED = new Set(["by-id", ".", ".."]);

/**
 * The link people share for a build: `/builds/{job}/{number}` when the build
 * has both (and its job name can be a path segment), else `/builds/by-id/{id}`.
 * A re-run's attempt (2, 3…) is `?attempt=N` on the first; attempt 1 is the
 * plain path, as it was before re-runs were stored (links shared then still
 * name the build they named).
 */
export function buildPermalink(build: { id: number; job: string | null; number: number | null; attempt?: number }): string {
  if (build.job !== null && build.number !== null && !SHADOWED.has(build.job)) {
    const attempt = build.attempt !== undefined && build.attempt !== 1 ? `?attempt=${build.attempt}` : "";
    return `/builds/${encodeURIComponent(build.job)}/${build.number}${attempt}`;
  }
  return `/builds/by-id/${build.id}`;
}

/** `#42`, and `(attempt 2)` after it for a re-run: how the pages and the API's messages alike name a build number. */
export function buildNumberLabel(number: number, attempt = 1): string {
  return `#${number}${attempt === 1 ? "" : ` (attempt ${attempt})`}`;
}

/** `build job #42 (attempt 2)`, as the API's messages name a build. */
export function buildLabel(build: { job: string; number: number; attempt: number }): string {
  return `build ${build.job} ${buildNumberLabel(build.number, build.attempt)}`;
}

/**
 * What a 409 for a stored build says about re-runs: how to store this console as another attempt
 * (`attempt`: the one it was sent as; 1 is also what an upload without one is).
 */
export function rerunAdvice(attempt: number): string {
  return attempt === 1
    ? "If CI ran the build again under its number (a re-run), send the run's attempt: attempt=$GITHUB_RUN_ATTEMPT in GitHub Actions, attempt=next elsewhere. "
    : "If this is yet another run of that build, give it its own attempt (attempt=next: the one after the latest stored). ";
}

/** A build path's segments as the routes get them: `/builds/{job}/{number}`, a folder job's slashes as `rest`. */
export type BuildPathParams = { job: string; number: string; rest?: string[] };

/**
 * The job and the number segment a build path names, permalink or not: every segment but the last
 * is the job (a Jenkins folder job's slash, `/builds/team/ejabberd-monitor/31`, may come decoded),
 * each read through `segment` first (the pages decode them; the API gets them decoded).
 */
export function buildPathParts(params: BuildPathParams, segment: (text: string) => string = (text) => text): { job: string; number: string } {
  const segments = [params.job, params.number, ...(params.rest ?? [])];
  const number = segments.pop() ?? "";
  return { job: segments.map(segment).join("/"), number };
}
