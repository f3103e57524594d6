/**
 * The link people share for a build: `/builds/{job}/{number}` when the build
 * has both, else `/builds/by-id/{id}`.
 */
export function buildPermalink(build: { id: number; job: string | null; number: number | null }): string {
  if (build.job !== null && build.number !== null) {
    return `/builds/${encodeURIComponent(build.job)}/${build.number}`;
  }
  return `/builds/by-id/${build.id}`;
}
