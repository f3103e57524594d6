// ## An upload's answer as text (`POST /api/logs?format=text`)
//
// What a CI step prints after pushing its console: each build with its verdict and a link to its
// analysis, one line each, so that the job's own console says where to look without jq. The same
// vocabulary as `npm run analyze` (INCIDENT / healthy, the culprit's class and subject). Text from
// the log (a room name, a job name, a file name) is written terminal-safe (lib/terminal-text.ts):
// a CI console is a terminal, and an ESC in a room name would be obeyed by it.
import type { IngestedBuild, IngestedLog } from "@/lib/db/ingest";
import { absoluteLink } from "@/lib/host-check";
import { terminalSafe } from "@/lib/terminal-text";
import { plural } from "@/lib/wording";
import { listedBuilds, MAX_ANSWER_BUILDS } from "./answer-builds";

/** A build as its line names it: `job #number`, `(attempt 2)` for a re-run; a snapshot by its time and source. */
function buildName(build: IngestedBuild): string {
  if (build.job !== null && build.number !== null) return `${build.job} #${build.number}${build.attempt > 1 ? ` (attempt ${build.attempt})` : ""}`;
  const what = build.sourceKind === "monitor" ? "monitor run" : `${build.sourceKind} snapshot`;
  const when = build.startedAt ? ` of ${build.startedAt}` : "";
  return `${build.job === null ? "" : `${build.job}: `}${what}${when}${build.node ? ` on ${build.node}` : ""}`;
}

function verdict(build: IngestedBuild): string {
  const culprit = build.culprit ? `, ${build.culprit.class}${build.culprit.subject ? ` ${build.culprit.subject}` : ""}` : "";
  return `${build.incident ? "INCIDENT" : "healthy"}${culprit}`;
}

/**
 * The answer's text: per log a line of what happened to it, then a line per build, its note and warnings. `origin`: the
 * dashboard's, for the links (lib/host-check.ts `linkOrigin`, as CSV links); null: the links are paths.
 */
export function uploadAnswerText(logs: IngestedLog[], origin: string | null, max = MAX_ANSWER_BUILDS): string {
  const lines: string[] = [];
  const listed = listedBuilds(logs, max);
  for (const [i, log] of logs.entries()) {
    // A duplicate's note says it all (uploaded before, which log, metadata not applied); its builds are the stored ones.
    // A file that grew since its last upload: the builds it keeps were stored (and printed) then; the new ones are listed.
    const kept = log.builds.filter((build) => build.kept).length;
    const head = log.duplicate
      ? `${log.fileName}: ${log.note ?? `this content was uploaded before (log ${log.logId}); nothing new was stored`}`
      : kept > 0 && log.replaced
        ? `${log.fileName}: stored ${plural(log.builds.length - kept, "new build")} (log ${log.logId}; ${plural(kept, "build")} kept from log ${log.replaced.logId}, which this file grew from)`
        : log.buildsUnread
          ? `${log.fileName}: stored (log ${log.logId}); its builds could not be read back for this answer`
          : `${log.fileName}: stored ${plural(log.builds.length, "build")} (log ${log.logId})`;
    lines.push(terminalSafe(head));
    const { builds: shown } = listed[i]!;
    for (const build of shown) if (!build.kept) lines.push(terminalSafe(`  ${buildName(build)}: ${verdict(build)}  ${absoluteLink(origin, build.permalink) ?? build.permalink}`));
    // Past the answer's bound (lib/upload/answer-builds.ts): the new builds not listed, and where they all are.
    const unlisted = log.builds.filter((build) => !build.kept).length - shown.filter((build) => !build.kept).length;
    if (unlisted > 0) {
      const all = `/builds?logId=${log.logId}`;
      lines.push(`  … and ${plural(unlisted, "more build")}, not listed here: ${absoluteLink(origin, all) ?? all}`);
    }
    if (log.note && !log.duplicate) lines.push(terminalSafe(`  note: ${log.note}`));
    for (const warning of log.warnings) lines.push(terminalSafe(`  warning: ${warning}`));
  }
  return `${lines.join("\n")}\n`;
}

