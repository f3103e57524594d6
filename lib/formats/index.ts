// ## Public API of lib/formats
//
// Every log format the dashboard reads → Snapshots (types.ts), one pass,
// detection automatic and per section, so a log may mix formats:
//
//   monitor                  the CI monitor's `processes sorted by queue_len desc:` runs (lib/monitor-log)
//   ejabberd_system_monitor  ejabberd's overload watchdog warnings, `Killed` lines, max_queue crash reports
//   recon_proc_count         `recon:proc_count(message_queue_len, N)` pasted from erl or IEx
//   system_monitor           klarna/system_monitor's `Suspect Proc` warning
//   etop                     etop's text screens
//
// A log that is only monitor output gives exactly `streamRuns`'s runs, each
// with `sourceKind: "monitor"`, `node: null`, `killed: null`, `service: false`.

import { createLineSplitter, forEachLine } from "../monitor-log/line-reader";
import type { LogChunk } from "../monitor-log/types";
import { createSnapshotScanner } from "./scanner";
import type { Snapshot, SnapshotOptions, SourceKind } from "./types";

export type { ProcessInfo, Snapshot, SnapshotOptions, SnapshotProcess, SourceKind } from "./types";
export { SOURCE_KINDS } from "./types";
export { createSnapshotScanner, runToSnapshot, type SnapshotScanner } from "./scanner";
export {
  analyzeSnapshot,
  analyzeSnapshots,
  analyzeSnapshotStream,
  formatSnapshotReport,
  type SnapshotAnalysis,
  type SnapshotReport,
} from "./analyze";

/**
 * Reads a log arriving in chunks (strings, or UTF-8 bytes split anywhere)
 * and yields each snapshot as soon as it is complete, in log order.
 * Memory: one section's text (plus, while a monitor run is open, the small
 * snapshots that must wait behind it). Throws MonitorLogError: the monitor
 * format's own errors, and `no_monitor_output` when no format was found.
 */
export async function* streamSnapshots(
  chunks: AsyncIterable<LogChunk> | Iterable<LogChunk>,
  options: SnapshotOptions = {},
): AsyncGenerator<Snapshot> {
  const ready: Snapshot[] = [];
  const scanner = createSnapshotScanner(options, (s) => ready.push(s), { detach: true });
  const splitter = createLineSplitter(scanner.line, scanner); // scanner: skips noise in byte chunks
  for await (const chunk of chunks as AsyncIterable<LogChunk>) {
    splitter.push(chunk);
    while (ready.length > 0) yield ready.shift() as Snapshot;
  }
  splitter.end();
  scanner.end();
  while (ready.length > 0) yield ready.shift() as Snapshot;
}

/** A whole log held in memory → snapshots (same result as `streamSnapshots`). */
export function scanSnapshots(text: string, options: SnapshotOptions = {}): Snapshot[] {
  const out: Snapshot[] = [];
  const scanner = createSnapshotScanner(options, (s) => out.push(s));
  forEachLine(text, scanner.line);
  scanner.end();
  return out;
}

/** Which formats a log holds, in order of first appearance (empty when none; never throws for that). */
export function detectFormats(text: string, options: SnapshotOptions = {}): SourceKind[] {
  const kinds: SourceKind[] = [];
  try {
    for (const s of scanSnapshots(text, options)) if (!kinds.includes(s.sourceKind)) kinds.push(s.sourceKind);
  } catch {
    // An unreadable or empty log holds no format we can vouch for.
  }
  return kinds;
}
