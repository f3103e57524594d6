// A build's page by job and number, from the path's segments. A Jenkins folder job
// (`team/ejabberd-monitor`) has its permalink with the slash encoded
// (`/builds/team%2Fejabberd-monitor/30394`), but a proxy may decode `%2F` (nginx) or refuse it
// (Apache's default), and people type the job as Jenkins shows it: so `/builds/team/ejabberd-monitor/30394`
// names the same build (every segment but the last is the job, the last its number).
import { decodeParam, pathInteger } from "@/components/ui/decode-param";
import { buildPathParts, type BuildPathParams } from "@/lib/db/permalink";
import { getBuild } from "@/lib/db/queries";

/**
 * `attempt`: the page's `?attempt=` (a re-run of the build, stored apart: its permalink); without it,
 * the build's first stored run (getBuild). One that is not a positive integer names no build.
 */
export async function loadBuild(params: BuildPathParams, attempt?: string | string[]) {
  const { job, number } = buildPathParts(params, decodeParam);
  const n = pathInteger(number);
  if (n === null) return null;
  if (Array.isArray(attempt)) return null;
  const a = attempt === undefined ? undefined : pathInteger(attempt);
  if (a === null || (a !== undefined && a < 1)) return null;
  return getBuild({ job, number: n, attempt: a });
}
