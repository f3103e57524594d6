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
  return { ...analysis, number, sourceKind: s.sourceKind, node: s.node, killed: s.killed, service };
}

/** A log in memory → report. Throws MonitorLogError like `scanSnapshots`. */
export function analyzeSnapshots(text: string, options: SnapshotOptions & { source: string }): SnapshotReport {
  const builds: SnapshotAnalysis[] = [];
  const scanner = createSnapshotScanner(options, (s) => builds.push(analyzeSnapshot(s, options)));
  forEachLine(text, scanner.line);
  scanner.end();
  return { builds };
}

/** Same, reading chunks (a file stream) with memory bounded by one section. */
export async function analyzeSnapshotStream(
  chunks: AsyncIterable<LogChunk> | Iterable<LogChunk>,
  options: SnapshotOptions & { source: string },
): Promise<SnapshotReport> {
  const builds: SnapshotAnalysis[] = [];
  const scanner = createSnapshotScanner(options, (s) => builds.push(analyzeSnapshot(s, options)), { detach: true });
  const splitter = createLineSplitter(scanner.line, scanner); // scanner: skips noise in byte chunks
  for await (const chunk of chunks as AsyncIterable<LogChunk>) splitter.push(chunk);
  splitter.end();
  scanner.end();
  return { builds };
}

/**
 * The readable report: monitor-log's `formatReport` block for each snapshot,
 * with a `format:` line for those that are not monitor runs.
 */
export function formatSnapshotReport(report: SnapshotReport): string {
  const blocks = report.builds.map((b) => {
    const lines = formatReport({ builds: [b] }).split("\n").slice(0, -2); // its own summary and blank line
    if (b.sourceKind !== "monitor") {
      const extra = [b.node ? `node ${b.node}` : null, b.killed ? `watchdog killed ${b.killed.count} above ${b.killed.threshold}` : null, b.service ? "MUC service, not a room" : null];
      lines.splice(1, 0, `  format:    ${[b.sourceKind, ...extra.filter((x) => x !== null)].join(", ")}`);
    }
    return lines.join("\n");
  });
  const summary = formatReport({ builds: report.builds }).split("\n").at(-1) ?? "";
  return [...blocks.map((b) => `${b}\n`), summary].join("\n");
}
