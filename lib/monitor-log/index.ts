// ## Public API of lib/monitor-log
//
// CI console log → monitor runs (types.ts), tolerant where logs are messy,
// precise (line:column) where they cannot be read.

export type * from "./types";
export { MonitorLogError, type MonitorLogErrorCode } from "./errors";
/** Whole log in memory → runs. */
export { scanLog, scanLogStream, streamRuns, createRunScanner, unreadText } from "./scan";
/** Scan + classify, in the CLI's `--json` shape. */
export { analyzeLog, analyzeLogStream, analyzeRun, formatReport, type AnalysisReport, type BuildAnalysis, type AnalyzeOptions } from "./analyze";
/** A log file's bytes in chunks, two buffers reused (what the scanners need, without a fresh buffer per chunk). */
export { readFileChunks } from "./file-chunks";
/** Seeded generator of large realistic logs (benchmarks, demos). */
export { generateLog, type GenerateOptions } from "./generate";
