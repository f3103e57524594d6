// ## Analysis: scan + classify, as the CLI prints it
//
// The `--json` shape of `npm run analyze` is a contract (scripts and the
// dashboard's import read it): `{ builds: [{ source, job, number, startedAt,
// url, top, inspected, incident, culprit }] }`. More fields may be added;
// none of these may change.

import { classify, DEFAULT_THRESHOLD, isIncident } from "../classify";
import type { Classification, CulpritClass } from "../classify";
import { scanLog, streamRuns } from "./scan";
import type { LogChunk, MonitorRun, ScanOptions } from "./types";
import { pluralWord } from "../wording";

export type BuildAnalysis = {
  source: string;
  job: string | null;
  number: number | null;
  startedAt: string | null;
  url: string | null;
  top: { pid: string; queueLen: number; rank: number }[];
  inspected: { pid: string; queueLen: number | null; samples: number; dead: boolean; samplesCut: boolean } | null;
  incident: boolean;
  culprit: {
    class: CulpritClass;
    subject: string | null;
    rule: string;
    evidence: string[];
    room: Classification["room"];
    /** A `muc_room` verdict naming the MUC service host, not a room (Classification.service). */
    service: boolean;
  } | null;
  /** Position of the run in its log. */
  seq: number;
  line: number;
  /** Problems the tolerant reading worked around. */
  issues: { message: string; line: number; column: number }[];
};

export type AnalysisReport = { builds: BuildAnalysis[] };

export type AnalyzeOptions = ScanOptions & { source: string; threshold?: number };

/** One run → one entry of the report. */
export function analyzeRun(run: MonitorRun, options: { source: string; threshold?: number }): BuildAnalysis {
  const threshold = options.threshold ?? DEFAULT_THRESHOLD;
  const verdict = classify({ inspected: run.inspected, top: run.top, threshold });
  return {
    source: options.source,
    job: run.job,
    number: run.number,
    startedAt: run.startedAt,
    url: run.url,
    top: run.top.map((t) => ({ pid: t.pid, queueLen: t.queueLen, rank: t.rank })),
    inspected: run.inspected
      ? {
          pid: run.inspected.pid,
          queueLen: run.inspected.queueLen,
          samples: run.inspected.samples.length,
          dead: run.inspected.dead,
          samplesCut: run.inspected.samplesCut,
        }
      : null,
    incident: verdict ? verdict.incident : isIncident({ inspected: run.inspected, top: run.top, threshold }),
    culprit: verdict
      ? { class: verdict.class, subject: verdict.subject, rule: verdict.rule, evidence: verdict.evidence, room: verdict.room, service: verdict.service }
      : null,
    seq: run.seq,
    line: run.line,
    issues: run.issues.map(({ message, line, column }) => ({ message, line, column })),
  };
}

/** Analyzes a log held in memory. Throws MonitorLogError when it is not a monitor log. */
export function analyzeLog(text: string, options: AnalyzeOptions): AnalysisReport {
  return { builds: scanLog(text, options).map((r) => analyzeRun(r, options)) };
}

/** Same as `analyzeLog`, reading chunks (a file stream) with memory bounded by one run. */
export async function analyzeLogStream(
  chunks: AsyncIterable<LogChunk> | Iterable<LogChunk>,
  options: AnalyzeOptions,
): Promise<AnalysisReport> {
  const builds: BuildAnalysis[] = [];
  for await (const run of streamRuns(chunks, options)) builds.push(analyzeRun(run, options));
  return { builds };
}

// ## Text report

function buildTitle(b: BuildAnalysis): string {
  const name = b.job && b.number !== null ? `${b.job} #${b.number}` : (b.job ?? (b.number !== null ? `#${b.number}` : "(unknown build)"));
  return `${name}${b.startedAt ? `  ${b.startedAt}` : ""}  [${b.source}:${b.line}]`;
}

/** Readable report, one block per build. */
export function formatReport(report: AnalysisReport): string {
  const out: string[] = [];
  for (const b of report.builds) {
    out.push(buildTitle(b));
    if (b.url) out.push(`  url:       ${b.url}`);
    const head = b.top.slice(0, 3).map((t) => `${t.pid} ${t.queueLen}`);
    out.push(`  top:       ${head.join(", ")}${b.top.length > 3 ? `, … (${b.top.length})` : ""}`);
    if (b.inspected) {
      const q = b.inspected.dead
        ? b.inspected.queueLen === null
          ? "dead (undefined)"
          : `${b.inspected.queueLen} ${pluralWord(b.inspected.queueLen, "message")}, then dead (its messages: undefined)`
        : b.inspected.queueLen === null ? "? messages" : `${b.inspected.queueLen} ${pluralWord(b.inspected.queueLen, "message")}`;
      out.push(`  inspected: ${b.inspected.pid}, ${q}, ${b.inspected.samples} sample${b.inspected.samples === 1 ? "" : "s"}${b.inspected.samplesCut ? " (cut)" : ""}`);
    } else out.push("  inspected: none");
    out.push(`  verdict:   ${b.incident ? "INCIDENT" : "healthy"}${b.culprit ? `, ${b.culprit.class}${b.culprit.subject ? ` ${b.culprit.subject}` : ""}` : ""}`);
    for (const e of b.culprit?.evidence ?? []) out.push(`             - ${e}`);
    for (const i of b.issues) out.push(`  issue:     ${b.source}:${i.line}:${i.column}: ${i.message}`);
    out.push("");
  }
  const incidents = report.builds.filter((b) => b.incident).length;
  out.push(`${report.builds.length} run${report.builds.length === 1 ? "" : "s"}, ${incidents} incident${incidents === 1 ? "" : "s"}`);
  return out.join("\n");
}
