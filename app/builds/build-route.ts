// A build's page by job and number, from the path's segments. A Jenkins folder job
// (`team/ejabberd-monitor`) has its permalink with the slash encoded
// (`/builds/team%2Fejabberd-monitor/30394`), but a proxy may decode `%2F` (nginx) or refuse it
// (Apache's default), and people type the job as Jenkins shows it: so `/builds/team/ejabberd-monitor/30394`
// names the same build (every segment but the last is the job, the last its number).
import { decodeParam, pathInteger } from "@/components/ui/decode-param";
import { buildPathParts, type BuildPathParams } from "@/lib/db/permalink";
import { getBuild } from "@/lib/db/queries";

/**
 * The page's `?attempt=`: a re-run of the build (stored apart: its permalink), or undefined for its
 * first stored run (getBuild). One that is no positive integer written in plain digits (`abc`, `0`,
 * given twice) is ignored, and the page says so (`ignored`), as the lists do with a bad parameter:
 * a UI review's `?attempt=abc` answered "Build not found" for a stored build.
 */
export function parseAttempt(attempt?: string | string[]): { attempt: number | undefined; ignored: boolean } {
  if (attempt === undefined || attempt === "") return { attempt: undefined, ignored: false };
  const a = Array.isArray(attempt) ? null : pathInteger(attempt);
  return a === null || a < 1 ? { attempt: undefined, ignored: true } : { attempt: a, ignored: false };
}

/** The build the page names: its job and number from the path, its attempt (parseAttempt). */
export async function loadBuild(params: BuildPathParams, attempt?: string | string[]) {
  const { job, number } = buildPathParts(params, decodeParam);
  const n = pathInteger(number);
  if (n === null) return null;
  return getBuild({ job, number: n, attempt: parseAttempt(attempt).attempt });
}
