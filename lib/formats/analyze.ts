// ## Snapshots in the CLI's `--json` shape
//
// Each snapshot is reported exactly like a monitor run (lib/monitor-log's
// `analyzeRun`: the contract `{ source, job, number, startedAt, url, top,
// inspected, incident, culprit, ... }`), plus what only snapshots know:
// `sourceKind`, `node`, `killed`, `service`. `classifyRun` reads the
// snapshot's process facts itself, so nothing here depends on the format.

import { analyzeRun, formatReport, type BuildAnalysis } from "../monitor-log/analyze";
import type { LogChunk } from "../monitor-log/types";
import { createLineSplitter, forEachLine } from "../monitor-log/line-reader";
import { createSnapshotScanner } from "./scanner";
import type { Snapshot, SnapshotOptions, SourceKind } from "./types";

export type SnapshotAnalysis = BuildAnalysis & {
  sourceKind: SourceKind;
  node: string | null;
  killed: { count: number; threshold: number } | null;
  service: boolean;
};

export type SnapshotReport = { builds: SnapshotAnalysis[] };

/** One snapshot → one entry of the report. */
export function analyzeSnapshot(s: Snapshot, options: { source: string; threshold?: number }): SnapshotAnalysis {
  const analysis = analyzeRun(s, options);
  // The format named only a MUC service, or the stanzas went to many rooms (culprit.service).
  const service = analysis.culprit?.class === "muc_room" && (s.service || analysis.culprit.service);
  // Only a monitor run is a CI build with a number, as an upload stores it: a watchdog warning or a
  // pasted screen in the same console is a snapshot at its time (several may share the build).
  const number = s.sourceKind === "monitor" ? analysis.number : null;
  // One answer in both places: `culprit.service` (what the API's and the CSV's `service` is) says it too.
  const culprit = analysis.culprit && analysis.culprit.service !== service ? { ...analysis.culprit, service } : analysis.culprit;
  return { ...analysis, culprit, number, sourceKind: s.sourceKind, node: s.node, killed: s.killed, service };
}

/** A log in memory → report. Throws MonitorLogError like `scanSnapshots`. */
export function analyzeSnapshots(text: string, options: SnapshotOptions & { source: string }): SnapshotReport {
  const builds: SnapshotAnalysis[] = [];
  const scanner = createSnapshotScanner(options, (s) => builds.push(analyzeSnapshot(s, options)));
  forEachLine(text, scanner.line);
  scanner.end();
  return { builds };
}

/**
 * Hands over the entries as they come (after each chunk read, those it finished), so that a caller
 * that writes them out and lets them go holds one section at a time, not the log's report; the
 * returned promise is awaited before the next chunk is read (an output's backpressure).
 */
export type SnapshotSink = (builds: SnapshotAnalysis[]) => void | Promise<void>;

/** Same, reading chunks (a file stream) with memory bounded by one section. */
export async function analyzeSnapshotStream(
  chunks: AsyncIterable<LogChunk> | Iterable<LogChunk>,
  options: SnapshotOptions & { source: string },
): Promise<SnapshotReport> {
  const builds: SnapshotAnalysis[] = [];
  await streamSnapshotAnalyses(chunks, options, (some) => void builds.push(...some));
  return { builds };
}

/**
 * The entries of a log as they are read, to `sink` (see SnapshotSink); none kept here. Entries of
 * the sections read before a MonitorLogError have gone to the sink when it is thrown.
 */
export async function streamSnapshotAnalyses(
  chunks: AsyncIterable<LogChunk> | Iterable<LogChunk>,
  options: SnapshotOptions & { source: string },
  sink: SnapshotSink,
): Promise<void> {
  let pending: SnapshotAnalysis[] = [];
  const flush = async () => {
    if (pending.length === 0) return;
    const out = pending;
    pending = [];
    await sink(out);
  };
  const scanner = createSnapshotScanner(options, (s) => pending.push(analyzeSnapshot(s, options)), { detach: true });
  const splitter = createLineSplitter(scanner.line, scanner); // scanner: skips noise in byte chunks
  try {
    for await (const chunk of chunks as AsyncIterable<LogChunk>) {
      splitter.push(chunk);
      await flush();
    }
    splitter.end();
    scanner.end();
  } finally {
    // What was read before an error is handed over too (the caller says where it stopped).
    await flush();
  }
}

/**
 * The readable report: monitor-log's `formatReport` block for each snapshot,
 * with a `format:` line for those that are not monitor runs.
 */
export function formatSnapshotReport(report: SnapshotReport): string {
  const incidents = report.builds.filter((b) => b.incident).length;
  return [...report.builds.map((b) => `${formatSnapshotBlock(b)}\n`), formatSummary(report.builds.length, incidents)].join("\n");
}

/** One entry of the readable report (its lines, no blank line after). */
export function formatSnapshotBlock(b: SnapshotAnalysis): string {
  const lines = formatReport({ builds: [b] }).split("\n").slice(0, -2); // its own summary and blank line
  if (b.sourceKind !== "monitor") {
    const extra = [b.node ? `node ${b.node}` : null, b.killed ? `watchdog killed ${b.killed.count} above ${b.killed.threshold}` : null, b.service ? "MUC service, not a room" : null];
    lines.splice(1, 0, `  format:    ${[b.sourceKind, ...extra.filter((x) => x !== null)].join(", ")}`);
    // No process read (a `Killed` line alone, a warning cut before its processes): no verdict, not
    // "healthy" (a watchdog that killed processes is anything but); an upload stores no build for it.
    if (b.top.length === 0 && b.inspected === null) {
      const at = lines.findIndex((line) => line.startsWith("  verdict:"));
      if (at !== -1) lines[at] = "  verdict:   none, no process read (an upload stores no build for it)";
    }
  }
  return lines.join("\n");
}

/** The readable report's last line: `3 runs, 2 incidents`. */
export function formatSummary(runs: number, incidents: number): string {
  return `${runs} run${runs === 1 ? "" : "s"}, ${incidents} incident${incidents === 1 ? "" : "s"}`;
}
