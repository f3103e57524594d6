// ## A log file (or standard input) as `npm run analyze` reads it
//
// The bytes go through gzip (told by its magic bytes) and UTF-16 detection to
// the snapshot scanner. A log that does not read stops the scanner midway,
// and the wrappers between (lib/utf16.ts, lib/gzip.ts, shared with uploads) do
// not pass that early stop on to the file they read: the file is closed here,
// in a finally, or its handle stays open until garbage collection closes it,
// with Node's "Closing file descriptor N on garbage collection" and DEP0137
// warnings on stderr.

import { inflateIfGzip } from "../gzip";
import { readFileChunks } from "../monitor-log/file-chunks";
import { utf16ToUtf8 } from "../utf16";
import { analyzeSnapshotStream, type SnapshotReport, type SnapshotSink, streamSnapshotAnalyses } from "./analyze";
import type { SnapshotOptions } from "./types";

type Options = SnapshotOptions & { source: string };

/** A log's bytes → report: gzip inflated, UTF-16 transcoded. Throws MonitorLogError, GzipError, and the source's own errors. */
export function analyzeSnapshotBytes(bytes: AsyncIterable<Uint8Array>, options: Options): Promise<SnapshotReport> {
  return analyzeSnapshotStream(utf16ToUtf8(inflateIfGzip(bytes)), options);
}

/** A log file → report, as analyzeSnapshotBytes; the file is closed whether it reads or not. */
export async function analyzeSnapshotFile(path: string, options: Options): Promise<SnapshotReport> {
  const chunks = readFileChunks(path);
  try {
    return await analyzeSnapshotBytes(chunks, options);
  } finally {
    // A no-op when the file was read to the end or failed to open; else its finally closes it.
    await chunks.return(undefined);
  }
}

/** A log's bytes → its entries as they are read, to `sink` (streamSnapshotAnalyses); gzip inflated, UTF-16 transcoded. */
export function streamSnapshotBytes(bytes: AsyncIterable<Uint8Array>, options: Options, sink: SnapshotSink): Promise<void> {
  return streamSnapshotAnalyses(utf16ToUtf8(inflateIfGzip(bytes)), options, sink);
}

/** A log file → its entries as they are read, to `sink`; the file is closed whether it reads or not. */
export async function streamSnapshotFile(path: string, options: Options, sink: SnapshotSink): Promise<void> {
  const chunks = readFileChunks(path);
  try {
    await streamSnapshotBytes(chunks, options, sink);
  } finally {
    await chunks.return(undefined);
  }
}
