// ## An upload's answer as JSON (`POST /api/logs`)
//
// `{"logs":[…],"builds":[…]}`: each log with its builds, then every build of the upload again in
// one list, each once (README: Pushing logs from CI). What JSON.stringify gives for that object, byte for
// byte, but each log's builds are serialized once and the text used in both places: a 100 MB log
// has ~8,000 builds, and serializing them twice was most of building the answer.
import type { IngestedLog } from "@/lib/db/ingest";
import { listedBuilds, MAX_ANSWER_BUILDS } from "./answer-builds";

/**
 * The answer. Past MAX_ANSWER_BUILDS builds in all (lib/upload/answer-builds.ts), a log lists some
 * of its builds and adds `buildsOmitted` (how many it leaves out) and `buildsOmittedKept` (how many
 * of those it kept from a log it grew from) after them, and the answer adds the totals after its
 * `builds`.
 */
export function uploadAnswerJson(logs: IngestedLog[], max = MAX_ANSWER_BUILDS): string {
  const logParts: string[] = [];
  const buildParts: string[] = [];
  const listed = listedBuilds(logs, max);
  let omitted = 0;
  let omittedKept = 0;
  const listedIds = new Set<number>();
  for (const [i, log] of logs.entries()) {
    const { builds: shown, omitted: left, omittedKept: leftKept } = listed[i]!;
    omitted += left;
    omittedKept += leftKept;
    const builds = JSON.stringify(shown);
    // Each build once in the answer's own list: two identical files in one upload are one log, the
    // second a duplicate listing the first's builds (a CI review: a script counting `builds` saw 2).
    const fresh = shown.some((build) => listedIds.has(build.id)) ? shown.filter((build) => !listedIds.has(build.id)) : shown;
    if (fresh.length > 0) buildParts.push((fresh === shown ? builds : JSON.stringify(fresh)).slice(1, -1));
    for (const build of fresh) listedIds.add(build.id);
    // Every field of the log in its order, as JSON.stringify writes an object (one it leaves out, left out).
    const fields: string[] = [];
    for (const [key, value] of Object.entries(log)) {
      const json: string | undefined = key === "builds" ? builds : JSON.stringify(value);
      if (json !== undefined) fields.push(`${JSON.stringify(key)}:${json}`);
      if (key === "builds" && left > 0) fields.push(`"buildsOmitted":${left}`, `"buildsOmittedKept":${leftKept}`);
    }
    logParts.push(`{${fields.join(",")}}`);
  }
  // The answer's totals count each build once (two identical files of one upload hold the same builds).
  if (omitted > 0) {
    const all = new Map<number, boolean>();
    for (const log of logs) for (const build of log.builds) all.set(build.id, build.kept);
    omitted = 0;
    omittedKept = 0;
    for (const [id, kept] of all) {
      if (listedIds.has(id)) continue;
      omitted++;
      if (kept) omittedKept++;
    }
  }
  const totals = omitted > 0 ? `,"buildsOmitted":${omitted},"buildsOmittedKept":${omittedKept}` : "";
  return `{"logs":[${logParts.join(",")}],"builds":[${buildParts.join(",")}]${totals}}`;
}
