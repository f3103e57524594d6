// ## An upload's answer as JSON (`POST /api/logs`)
//
// `{"logs":[…],"builds":[…]}`: each log with its builds, then every build of the upload again in
// one list (README: Pushing logs from CI). What JSON.stringify gives for that object, byte for
// byte, but each log's builds are serialized once and the text used in both places: a 100 MB log
// has ~8,000 builds, and serializing them twice was most of building the answer.
import type { IngestedLog } from "@/lib/db/ingest";

export function uploadAnswerJson(logs: IngestedLog[]): string {
  const logParts: string[] = [];
  const buildParts: string[] = [];
  for (const log of logs) {
    const builds = JSON.stringify(log.builds);
    if (log.builds.length > 0) buildParts.push(builds.slice(1, -1));
    // Every field of the log in its order, as JSON.stringify writes an object (one it leaves out, left out).
    const fields: string[] = [];
    for (const [key, value] of Object.entries(log)) {
      const json: string | undefined = key === "builds" ? builds : JSON.stringify(value);
      if (json !== undefined) fields.push(`${JSON.stringify(key)}:${json}`);
    }
    logParts.push(`{${fields.join(",")}}`);
  }
  return `{"logs":[${logParts.join(",")}],"builds":[${buildParts.join(",")}]}`;
}
