// ## How many builds an upload's answer lists
//
// An answer lists each log's builds; a log of 1.2 million runs (a 265 MB cron file) made an answer
// too long for one string: the upload was stored, then answered 500, and so was every retry of it
// (a security review, 2026-12-07). At 200,000 runs the answer was 93 MB. An answer now lists at
// most MAX_ANSWER_BUILDS builds in all, the new ones of each log first (a grown file's kept builds
// were listed when they were stored), and says how many it left out: GET /api/builds?logId= lists
// every build of a log.
import type { IngestedBuild, IngestedLog } from "@/lib/db/ingest";

export const MAX_ANSWER_BUILDS = 10_000;

/** Each log's builds as the answer lists them (in their order), how many of its builds it leaves out, and how many of those are kept ones. */
export function listedBuilds(logs: IngestedLog[], max = MAX_ANSWER_BUILDS): { builds: IngestedBuild[]; omitted: number; omittedKept: number }[] {
  let left = max;
  /**
   * Builds an earlier log of the upload listed: a duplicate of it (two identical files) lists them
   * again at no cost, and they are not counted left out (a diff review: a second copy used up the
   * bound and said its builds were omitted, and another log's new builds went unlisted).
   */
  const listed = new Set<number>();
  return logs.map((log) => {
    const fresh = log.builds.filter((build) => !listed.has(build.id));
    if (fresh.length <= left) {
      left -= fresh.length;
      for (const build of fresh) listed.add(build.id);
      return { builds: log.builds, omitted: 0, omittedKept: 0 };
    }
    // The new builds first, then the kept ones, as many as are left; listed in the log's order.
    const chosen = new Set<IngestedBuild>();
    for (const build of fresh) if (!build.kept && chosen.size < left) chosen.add(build);
    for (const build of fresh) if (build.kept && chosen.size < left) chosen.add(build);
    left -= chosen.size;
    const earlier = new Set(listed);
    for (const build of chosen) listed.add(build.id);
    // Its builds chosen now, and those an earlier log listed.
    const shown = log.builds.filter((build) => chosen.has(build) || earlier.has(build.id));
    const omittedKept = fresh.filter((build) => build.kept && !chosen.has(build)).length;
    return { builds: shown, omitted: fresh.length - chosen.size, omittedKept };
  });
}
