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
 */
export function buildPermalink(build: { id: number; job: string | null; number: number | null }): string {
  if (build.job !== null && build.number !== null && !SHADOWED.has(build.job)) {
    return `/builds/${encodeURIComponent(build.job)}/${build.number}`;
  }
  return `/builds/by-id/${build.id}`;
}
