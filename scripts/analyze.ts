// npm run analyze -- FILE... [--json] [--threshold N] [--utc-offset ±HH:MM]     (FILE `-`: standard input)
//
// Thin shell over lib/formats (every format: the monitor's runs, ejabberd's
// watchdog, recon, system_monitor, etop; see lib/formats/index.ts): reads
// each file as a stream (gzip, told by its magic bytes, inflated), prints
// the report (or the JSON contract, each entry with its `sourceKind`), and
// reports unreadable logs as `file:line:column: what` on stderr with exit
// code 1.

import { basename } from "node:path";
import { formatSnapshotReport, type SnapshotAnalysis } from "../lib/formats";
import { analyzeSnapshotBytes, analyzeSnapshotFile } from "../lib/formats/analyze-file";
import { GzipError } from "../lib/gzip";
import { MonitorLogError, type UnreadMarkers, unreadText } from "../lib/monitor-log";
import { parseUtcOffset, UTC_OFFSET_HINT } from "../lib/validation/params";

function usage(message: string): never {
  process.stderr.write(`${message}\nusage: npm run analyze -- FILE... [--json] [--threshold N] [--utc-offset ±HH:MM]   (FILE - reads standard input;\n  --utc-offset: the offset of times the logs print without a zone, default Z)\n`);
  process.exit(2);
}

/** The value of the option at `args[i]` (`--name=value` or `--name value`), and the index of the last argument it took. */
function optionValue(args: string[], i: number): [string | undefined, number] {
  const a = args[i] ?? "";
  return a.includes("=") ? [a.slice(a.indexOf("=") + 1), i] : [args[i + 1], i + 1];
}

async function main(): Promise<number> {
  const files: string[] = [];
  let json = false;
  let threshold: number | undefined;
  let localOffset: string | undefined;
  const args = process.argv.slice(2);
  for (let i = 0; i < args.length; i++) {
    const a = args[i] ?? "";
    if (a === "--json") json = true;
    else if (a === "--threshold" || a.startsWith("--threshold=")) {
      let v: string | undefined;
      [v, i] = optionValue(args, i);
      const n = Number(v);
      if (!Number.isFinite(n) || n < 0) usage(`--threshold wants a non-negative number, got ${v ?? "nothing"}`);
      threshold = n;
    } else if (a === "--utc-offset" || a.startsWith("--utc-offset=")) {
      let v: string | undefined;
      [v, i] = optionValue(args, i);
      const offset = v === undefined ? null : parseUtcOffset(v);
      if (offset === null) usage(`--utc-offset wants ${UTC_OFFSET_HINT}, got ${v ?? "nothing"}`);
      localOffset = offset;
    } else if (a === "-h" || a === "--help") usage("");
    else if (a.startsWith("--") || (a.startsWith("-") && a !== "-")) usage(`unknown option ${a}`);
    else files.push(a);
  }
  if (files.length === 0) usage("no log file given");
  if (files.filter((f) => f === "-").length > 1) usage("standard input (-) can be read once");

  const builds: SnapshotAnalysis[] = [];
  let failed = false;
  for (const file of files) {
    try {
      // `-`: standard input, as a pipe delivers it (`source` is then "-": no job or number from a file name).
      // A file is closed by analyzeSnapshotFile, also when it does not read.
      // Monitor lines behind a prefix the scanner does not know: their runs are missing from the report
      // (said once the file has read; a file with no run at all says it in its error).
      let unread: UnreadMarkers | null = null;
      const onUnread = (u: UnreadMarkers) => (unread = u);
      // Runs left out because the monitor's own call failed (`{badrpc,nodedown}`), said the same way.
      const dropped: string[] = [];
      const onDroppedRun = (d: { line: number; column: number; reason: string }) => dropped.push(`${file}:${d.line}:${d.column}: warning: ${d.reason}\n`);
      const report =
        file === "-"
          ? await analyzeSnapshotBytes(process.stdin as AsyncIterable<Uint8Array>, { source: "-", threshold, localOffset, onUnread, onDroppedRun })
          : await analyzeSnapshotFile(file, { source: basename(file), threshold, localOffset, onUnread, onDroppedRun });
      builds.push(...report.builds);
      const u = unread as UnreadMarkers | null;
      if (u) process.stderr.write(`${file}:${u.line}:${u.column}: warning: ${unreadText(u)}\n`);
      for (const line of dropped) process.stderr.write(line);
      warnRepeatedBuilds(file, report.builds);
    } catch (e) {
      failed = true;
      if (e instanceof MonitorLogError) process.stderr.write(`${file}:${e.line}:${e.column}: ${e.reason}\n`);
      else if (e instanceof GzipError) process.stderr.write(`${file}:1:1: ${e.message}\n`);
      else if (e && typeof e === "object" && "code" in e && typeof e.code === "string") {
        process.stderr.write(`${file}:1:1: cannot read file (${e.code})\n`);
      } else throw e;
    }
  }
  process.stdout.write(json ? `${JSON.stringify({ builds }, null, 2)}\n` : `${formatSnapshotReport({ builds })}\n`);
  return failed ? 1 : 0;
}

/**
 * A log that holds one build's number twice (two monitor runs of one CI build, or consoles pasted
 * together) is reported whole here, but an upload refuses it (409): say so, on stderr.
 */
function warnRepeatedBuilds(file: string, builds: SnapshotAnalysis[]): void {
  const first = new Map<string, number>();
  for (const b of builds) {
    if (b.sourceKind !== "monitor" || b.job === null || b.number === null) continue;
    const key = `${b.job}\u0000${b.number}`;
    const line = first.get(key);
    if (line === undefined) first.set(key, b.line);
    else process.stderr.write(`${file}:${b.line}: warning: build ${b.job} #${b.number} appears twice in this log (first at line ${line}); an upload refuses it (409)\n`);
  }
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    process.exit(1);
  },
);
