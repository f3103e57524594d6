// A build's page by job and number, from the path's segments. A Jenkins folder job
// (`team/ejabberd-monitor`) has its permalink with the slash encoded
// (`/builds/team%2Fejabberd-monitor/30394`), but a proxy may decode `%2F` (nginx) or refuse it
// (Apache's default), and people type the job as Jenkins shows it: so `/builds/team/ejabberd-monitor/30394`
// names the same build (every segment but the last is the job, the last its number).
import { decodeParam, pathInteger } from "@/components/ui/decode-param";
import { getBuild } from "@/lib/db/queries";

export type BuildRouteParams = { job: string; number: string; rest?: string[] };

/** The job and the number segment a build path names. */
export function jobAndNumber(params: BuildRouteParams): { job: string; number: string } {
  const segments = [params.job, params.number, ...(params.rest ?? [])];
  const number = segments.pop() ?? "";
  return { job: segments.map(decodeParam).join("/"), number };
}

export async function loadBuild(params: BuildRouteParams) {
  const { job, number } = jobAndNumber(params);
  const n = pathInteger(number);
  if (n === null) return null;
  return getBuild({ job, number: n });
}
