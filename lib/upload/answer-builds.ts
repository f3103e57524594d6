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
  return logs.map((log) => {
    if (log.builds.length <= left) {
      left -= log.builds.length;
      return { builds: log.builds, omitted: 0, omittedKept: 0 };
    }
    // The new builds first, then the kept ones, as many as are left; listed in the log's order.
    const chosen = new Set<IngestedBuild>();
    for (const build of log.builds) if (!build.kept && chosen.size < left) chosen.add(build);
    for (const build of log.builds) if (build.kept && chosen.size < left) chosen.add(build);
    left -= chosen.size;
    const omittedKept = log.builds.filter((build) => build.kept && !chosen.has(build)).length;
    return { builds: log.builds.filter((build) => chosen.has(build)), omitted: log.builds.length - chosen.size, omittedKept };
  });
}
