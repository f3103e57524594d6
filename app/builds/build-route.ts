// A build's page by job and number, from the path's segments. A Jenkins folder job
// (`team/ejabberd-monitor`) has its permalink with the slash encoded
// (`/builds/team%2Fejabberd-monitor/30394`), but a proxy may decode `%2F` (nginx) or refuse it
// (Apache's default), and people type the job as Jenkins shows it: so `/builds/team/ejabberd-monitor/30394`
// names the same build (every segment but the last is the job, the last its number).
import { decodeParam, pathInteger } from "@/components/ui/decode-param";
import { buildPathParts, type BuildPathParams } from "@/lib/db/permalink";
import { getBuild } from "@/lib/db/queries";

export async function loadBuild(params: BuildPathParams) {
  const { job, number } = buildPathParts(params, decodeParam);
  const n = pathInteger(number);
  if (n === null) return null;
  return getBuild({ job, number: n });
}
