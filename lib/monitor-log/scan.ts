// ## Scanner: console log → monitor runs
//
// A line-driven state machine. Noise lines cost a charCode test or two
// (markers.ts); the lines of a term are collected into a block until its
// brackets balance (term-block.ts); a finished run is reshaped into a
// MonitorRun (extract.ts) and handed out at once, so memory holds one run's
// text, never the log. The string and the streaming entry points share every
// step: the string is one chunk.
//
// What a run looks like (build 25877; the header is missing in build 27044):
//
//   processes sorted by queue_len desc:
//    [{<6562.25870.402>,{message_queue_len,3102}}, ...]
//   message queue len of pid <6562.25870.402> : {message_queue_len,3102}   (or `: undefined`)
//   message in pid <6562.25870.402> :
//    [{'$gen_event', ...}, ...
//                      ....                                               (the monitor cut the list)

import { MonitorLogError } from "./errors";
import { pidIn, readQueueValue, readSamples, readTopList, type ReadOptions } from "./extract";
import { createLineSplitter, forEachLine, type NoisePlan } from "./line-reader";
import { bomLength, contentEndBeforeEscapes, HEADER, INSPECT, linePrefixLength, markerAt, parseBuildUrl, parseSourceName, skipBlanks, timestampText, timestampToIso } from "./markers";
import { monitorNoisePlan } from "./noise";
import { createBlockBuilder, detachString, type BlockBuilder } from "./term-block";
import type { InspectedProcess, LogChunk, LogIssue, MonitorRun, ScanOptions, UnreadMarkers } from "./types";

type Meta = { job: string | null; number: number | null; url: string | null; stamp: string | null };

/** A run being collected. */
type Pending = {
  line: number;
  start: number;
  end: number;
  meta: Meta;
  top: BlockBuilder | null;
  inspected: { pid: string; queueLen: number | null; dead: boolean; line: number; fetchError?: string } | null;
  samples: BlockBuilder | null;
  dotsCut: boolean;
  issues: LogIssue[];
  html: boolean;
};

/**
 * - `idle`: looking for markers among noise;
 * - `expect-top`: after the header, the list comes next;
 * - `top` / `samples`: collecting a term's lines;
 * - `expect-samples`: after `message in pid <pid> :`.
 */
type State = "idle" | "expect-top" | "top" | "expect-samples" | "samples";

export type RunScanner = {
  line(buf: string, start: number, end: number, next: number): void;
  /** Flushes the last run; throws when the log held none. */
  end(): void;
  /** Noise skipping (line-reader.ts's NoiseFilter): which lines may matter now; null while every line may. */
  plan(): NoisePlan | null;
  /** Collecting the lines of a term (the top list or the message list): an indented line continues it. */
  inTerm(): boolean;
  /** Noise lines that went by without being handed over: they only move the counters. */
  skip(lines: number, length: number): void;
};

const isDotsLine = (buf: string, p: number, end: number): boolean => {
  let q = end;
  while (q > p && (buf.charCodeAt(q - 1) === 32 || buf.charCodeAt(q - 1) === 9)) q--;
  if (q - p < 3) return false;
  for (let i = p; i < q; i++) if (buf.charCodeAt(i) !== 46) return false;
  return true;
};

/**
 * Where a noise line `buf[p, e)` holds a monitor marker that runs to the line's end (nothing but
 * blanks after a header; a readable pid and queue value after an inspect line), or -1. A shell
 * echoing the command that prints one (`+ echo 'processes sorted by queue_len desc:'`) or the
 * monitor's own source does not count: the marker is not the end of its line there.
 */
function completeMarkerIn(buf: string, p: number, e: number): number {
  const line = buf.slice(p, e);
  const header = line.indexOf(HEADER);
  if (header > 0) return line.slice(header + HEADER.length).trim() === "" ? p + header : -1;
  const inspect = line.indexOf(INSPECT);
  if (inspect <= 0) return -1;
  const rest = line.slice(inspect);
  return pidIn(rest) !== null && readQueueValue(rest).ok ? p + inspect : -1;
}

/**
 * `{badrpc,Reason}` at `q`, what the monitor's rpc:call printed instead of a list when it failed
 * (the node down, a timeout), as written (cut to 120 characters); or null.
 */
function badRpcAt(buf: string, q: number, e: number): string | null {
  if (!buf.startsWith("{badrpc,", q)) return null;
  const text = buf.slice(q, e).trim();
  return text.length > 120 ? `${text.slice(0, 119)}…` : text;
}

/** How the scanner reads; the defaults are what the entry points use. */
export type ScannerTuning = {
  /**
   * false: parse every term in full (the reference the fast path is held to
   * in tests and benchmarks). Default true.
   */
  shallow?: boolean;
  /**
   * Copy what runs keep (sample text, metadata) out of the buffers the lines
   * arrived in, so that a run held by the caller does not keep a whole
   * stream chunk alive. Default false: `scanLog`'s buffer is the caller's
   * own log, and slicing it is free.
   */
  detach?: boolean;
};

/** The core state machine; `emit` receives each run as soon as it is complete. */
export function createRunScanner(options: ScanOptions, emit: (run: MonitorRun) => void, tuning: ScannerTuning = {}): RunScanner {
  const reading: ReadOptions = { shallow: tuning.shallow ?? true };
  const detach = tuning.detach ?? false;
  /** Small strings sliced from a line outlive it (in runs): copied out when asked to. */
  const keep = detach ? detachString : (s: string) => s;
  // One builder per list, reused run after run: a run's blocks are read (reshapeRun) before the next run starts.
  const topBuilder = createBlockBuilder({ detach });
  const samplesBuilder = createBlockBuilder({ detach });
  const fromName = parseSourceName(options.source);
  const localOffset = options.localOffset ?? "Z";
  let meta: Meta = { job: null, number: null, url: null, stamp: null };
  let state: State = "idle";
  let pending: Pending | null = null;
  let seq = 0;
  let lineNo = 0;
  let offset = 0;
  /** Marker lines behind unknown text (see UnreadMarkers). */
  let unread: UnreadMarkers | null = null;
  /** The first run left out because the monitor's call failed (ScanOptions.onDroppedRun). */
  let firstDropped: { line: number; column: number; offset: number; reason: string } | null = null;
  /**
   * Where the next `queue` (both markers hold it) is in `queueBuf`, searched once and kept until
   * the lines pass it: idle noise lines cost a comparison, not a search each, when `buf` is a
   * whole log.
   */
  let queueBuf = "";
  let queueAt = -1;

  function noteUnread(buf: string, s: number, p: number, e: number, abs: number): void {
    if (buf !== queueBuf || (queueAt !== -1 && queueAt < p)) {
      queueBuf = buf;
      queueAt = buf.indexOf("queue", p);
    }
    if (queueAt === -1 || queueAt >= e) return;
    const at = completeMarkerIn(buf, p, e);
    if (at === -1) return;
    if (unread) unread.count++;
    else {
      const before = buf.slice(p, at).trimEnd();
      unread = { count: 1, line: lineNo, column: at - s + 1, offset: abs + (at - s), before: before.length > 60 ? `${before.slice(0, 59)}…` : before };
    }
  }

  const startRun = (line: number, start: number): Pending => {
    finishRun();
    pending = { line, start, end: start, meta: { ...meta }, top: null, inspected: null, samples: null, dotsCut: false, issues: [], html: false };
    return pending;
  };

  function finishRun(): void {
    const p = pending;
    if (!p) return;
    pending = null;
    state = "idle";
    emit(reshapeRun(p, seq++));
  }

  function reshapeRun(p: Pending, runSeq: number): MonitorRun {
    const issues = [...p.issues];
    let html = p.html;
    let top: MonitorRun["top"] = [];
    if (p.top) {
      const block = p.top.build();
      html ||= block.html;
      top = readTopList(block, reading);
    }
    let inspected: InspectedProcess | null = null;
    if (p.inspected) {
      inspected = { ...p.inspected, samples: [], samplesCut: p.dotsCut };
      if (p.samples) {
        const block = p.samples.build();
        html ||= block.html;
        const read = readSamples(block, reading);
        inspected.samples = read.samples;
        inspected.samplesCut ||= read.cut;
        issues.push(...read.issues);
      }
    }
    const url = p.meta.url;
    const fromUrl = url ? parseBuildUrl(url) : { job: null, number: null };
    return {
      seq: runSeq,
      line: p.line,
      start: p.start,
      end: p.end,
      job: p.meta.job ?? fromUrl.job ?? fromName.job,
      number: p.meta.number ?? fromUrl.number ?? fromName.number,
      url,
      startedAt: p.meta.stamp ? timestampToIso(p.meta.stamp, localOffset) : null,
      html,
      top,
      inspected,
      issues,
    };
  }

  function handleIdle(buf: string, s: number, p: number, e: number, abs: number, prefix: number, next: number): void {
    const m = markerAt(buf, p, e);
    switch (m.kind) {
      case "noise":
        noteUnread(buf, s, p, e, abs);
        return;
      case "header": {
        const run = startRun(lineNo, abs + prefix);
        run.end = abs + (e - s);
        state = "expect-top";
        return;
      }
      case "top-start": {
        const run = pending && !pending.top && !pending.inspected ? pending : startRun(lineNo, abs + prefix);
        startTop(run, buf, s, prefix, e, next, abs);
        return;
      }
      case "inspect": {
        const run = pending && !pending.inspected ? pending : startRun(lineNo, abs + prefix);
        const text = buf.slice(p, e);
        const pid = pidIn(text);
        const value = readQueueValue(text);
        if (value.unsafe !== undefined) {
          throw new MonitorLogError({
            code: "unreadable_term",
            message: `the queue length ${value.unsafe} is beyond what a number holds exactly (2^53)`,
            line: lineNo,
            column: prefix + 1 + text.indexOf(value.unsafe),
            offset: abs + prefix + text.indexOf(value.unsafe),
          });
        }
        if (!pid || !value.ok) {
          run.issues.push({ message: "cannot read 'message queue len of pid' line", line: lineNo, column: prefix + 1, offset: abs + prefix });
        }
        if (!run.top) run.issues.push({ message: "no top list before the inspected pid", line: lineNo, column: prefix + 1, offset: abs + prefix });
        run.html ||= text.includes("&lt;") || text.includes("<span");
        run.inspected = { pid: pid ?? "<unknown>", queueLen: value.queueLen, dead: value.dead, line: lineNo };
        run.end = abs + (e - s);
        return;
      }
      case "samples": {
        const run = pending;
        if (!run || !run.inspected || run.samples) return; // a stray marker: noise
        run.end = abs + (e - s);
        const pid = pidIn(buf.slice(p, e));
        if (pid && pid !== run.inspected.pid) {
          run.issues.push({ message: `message list is for ${pid}, not ${run.inspected.pid}`, line: lineNo, column: prefix + 1, offset: abs + prefix });
        }
        // The list usually starts on the next line; `message in pid <p> : [...]` also works.
        const colon = buf.slice(p, e).indexOf(":");
        const after = colon === -1 ? e : skipBlanks(buf, p + colon + 1, e);
        if (after < e && buf.charCodeAt(after) === 91) {
          run.samples = samplesBuilder.reset();
          state = "samples";
          if (run.samples.push(buf, s, prefix, e, next, abs, lineNo, after)) finishRun();
          return;
        }
        state = "expect-samples";
        return;
      }
      case "build-start":
        finishRun();
        meta = { job: null, number: null, url: null, stamp: null };
        return;
      case "meta":
        if (m.key === "job") meta.job = keep(m.value) || null;
        else if (m.key === "url") meta.url = keep(m.value) || null;
        else {
          const n = Number(m.value);
          meta.number = Number.isSafeInteger(n) && n >= 0 ? n : null;
        }
        return;
    }
  }

  function startTop(run: Pending, buf: string, s: number, prefix: number, e: number, next: number, abs: number): void {
    run.top = topBuilder.reset();
    run.end = abs + (e - s);
    state = "top";
    if (run.top.push(buf, s, prefix, e, next, abs, lineNo)) state = "idle";
  }

  return {
    line(buf, s, end, next) {
      lineNo++;
      const abs = offset;
      offset += next - s;
      // Colour codes closing the line (`…3102ESC[0m`) are no part of its last value.
      const e = contentEndBeforeEscapes(buf, s, end);
      const bom = bomLength(buf, s, lineNo);
      const prefix = linePrefixLength(buf, s, e, bom);
      const p = s + prefix;
      // A prefix may be escapes alone (no time): the stamp's text says, and is only read when wanted.
      const stamped = prefix > bom;
      // The build's first timestamp is its start; `Started by` resets it (in handleIdle) first.
      // The text is only taken when it is the first.
      if (stamped && meta.stamp === null && state !== "idle") meta.stamp = keep(timestampText(buf, s + bom, e)) || null;
      if (state === "top" || state === "samples") {
        const run = pending;
        if (!run) {
          state = "idle";
          return;
        }
        const builder = state === "top" ? run.top : run.samples;
        const q = skipBlanks(buf, p, e);
        if (q < e && isDotsLine(buf, q, e)) {
          // `....` on its own line: the monitor cut the list here.
          run.dotsCut = true;
          run.end = abs + (e - s);
          finishRun();
          return;
        }
        // ~p indents every continuation line: a blank or unindented line ends a cut term.
        if (q >= e || q === p) {
          if (state === "top") {
            state = "idle";
          } else finishRun();
          handleIdle(buf, s, p, e, abs, prefix, next);
          return;
        }
        run.end = abs + (e - s);
        if (builder?.push(buf, s, prefix, e, next, abs, lineNo)) {
          if (state === "samples") finishRun();
          else state = "idle";
        }
        return;
      }

      if (state === "expect-top" || state === "expect-samples") {
        const q = skipBlanks(buf, p, e);
        if (q >= e) return; // blank lines in between are tolerated
        const run = pending;
        if (run && buf.charCodeAt(q) === 91) {
          if (state === "expect-top") startTop(run, buf, s, prefix, e, next, abs);
          else {
            run.samples = samplesBuilder.reset();
            run.end = abs + (e - s);
            state = "samples";
            if (run.samples.push(buf, s, prefix, e, next, abs, lineNo)) finishRun();
          }
          return;
        }
        const failed = badRpcAt(buf, q, e);
        if (failed !== null && state === "expect-top") {
          // The monitor's call for the list failed: a run with nothing to read, left out and said so.
          const dropped = { line: lineNo, column: q - s + 1, offset: abs + (q - s), reason: `the monitor's call for the top list failed (${failed}): that run was not read` };
          firstDropped ??= dropped;
          options.onDroppedRun?.(dropped);
          pending = null;
          state = "idle";
          return;
        }
        if (failed !== null && run?.inspected) {
          run.inspected.fetchError = failed;
          run.issues.push({ message: `the monitor could not fetch the messages: ${failed}`, line: lineNo, column: q - s + 1, offset: abs + (q - s) });
          run.end = abs + (e - s);
          finishRun();
          return;
        }
        if (state === "expect-top") {
          throw new MonitorLogError({
            code: "unreadable_term",
            message: "expected the top list after 'processes sorted by queue_len desc:'",
            line: lineNo,
            column: q - s + 1,
            offset: abs + (q - s),
          });
        }
        run?.issues.push({ message: "expected the message list after 'message in pid'", line: lineNo, column: q - s + 1, offset: abs + (q - s) });
        finishRun();
        handleIdle(buf, s, p, e, abs, prefix, next);
        return;
      }

      handleIdle(buf, s, p, e, abs, prefix, next);
      if (stamped && meta.stamp === null) {
        meta.stamp = keep(timestampText(buf, s + bom, e)) || null;
        // A run that started on this very line (a log whose first stamped line is the header) took
        // its copy of the metadata before the stamp was read.
        const started = pending as Pending | null;
        if (started && started.line === lineNo && started.meta.stamp === null) started.meta.stamp = meta.stamp;
      }
      // A dead process has no message list: the run is complete.
      const run = pending as Pending | null;
      if (run?.inspected?.dead && state === "idle") finishRun();
    },
    end() {
      if (state === "expect-top" && pending) {
        throw new MonitorLogError({
          code: "unreadable_term",
          message: "expected the top list after 'processes sorted by queue_len desc:' but the log ended",
          line: lineNo,
          column: 1,
          offset,
        });
      }
      finishRun();
      const hidden = unread as UnreadMarkers | null;
      if (hidden) options.onUnread?.(hidden);
      if (seq === 0) {
        throw new MonitorLogError({
          code: "no_monitor_output",
          message: hidden
            ? `no monitor output read in ${lineNo} line${lineNo === 1 ? "" : "s"}: ${unreadText(hidden)}`
            : firstDropped
              ? `no monitor output read in ${lineNo} line${lineNo === 1 ? "" : "s"}: ${firstDropped.reason}`
              : `no monitor output in ${lineNo} line${lineNo === 1 ? "" : "s"} (no 'processes sorted by queue_len desc:' or top list)`,
          line: hidden?.line ?? firstDropped?.line ?? 1,
          column: hidden?.column ?? firstDropped?.column ?? 1,
          offset: hidden?.offset ?? firstDropped?.offset ?? 0,
        });
      }
    },
    // ## Noise skipping hooks (line-reader.ts's NoiseFilter; patterns in noise.ts)
    // Idle, a noise line only moves the counters, except: the build's start
    // time still unknown (a timestamped line sets it), and a dead process's
    // run, which the next line closes (after an unindented inspect line ended a list).
    inTerm() {
      return state === "top" || state === "samples";
    },
    plan() {
      if (state !== "idle") return null;
      const run = pending as Pending | null;
      if (run?.inspected?.dead) return null;
      return monitorNoisePlan(meta.stamp === null, run?.inspected != null && run.samples === null);
    },
    skip(lines, length) {
      lineNo += lines;
      offset += length;
    },
  };
}

/** What UnreadMarkers says, in words (after `file:line:column: `, whose place is the first such line's). */
export function unreadText(u: UnreadMarkers): string {
  const lines = u.count === 1 ? "this line holds" : `${u.count} lines, this the first, hold`;
  return `${lines} monitor output after ${JSON.stringify(u.before)}, which is not a line prefix this reader knows (a CI's timestamp or log fields?); the runs there were not read`;
}

// ## Entry points

/** Scans a whole log held in memory. Throws MonitorLogError (see errors.ts). */
export function scanLog(text: string, options: ScanOptions = {}): MonitorRun[] {
  const runs: MonitorRun[] = [];
  const scanner = createRunScanner(options, (r) => runs.push(r));
  forEachLine(text, scanner.line);
  scanner.end();
  return runs;
}

/**
 * Scans a log arriving in chunks (strings, or UTF-8 bytes split anywhere) and
 * yields each run as soon as it is complete. Memory: one run's text.
 */
export async function* streamRuns(
  chunks: AsyncIterable<LogChunk> | Iterable<LogChunk>,
  options: ScanOptions = {},
): AsyncGenerator<MonitorRun> {
  const ready: MonitorRun[] = [];
  const scanner = createRunScanner(options, (r) => ready.push(r), { detach: true });
  const splitter = createLineSplitter(scanner.line, scanner); // scanner: skips noise in byte chunks
  for await (const chunk of chunks as AsyncIterable<LogChunk>) {
    splitter.push(chunk);
    while (ready.length > 0) yield ready.shift() as MonitorRun;
  }
  splitter.end();
  scanner.end();
  while (ready.length > 0) yield ready.shift() as MonitorRun;
}

/** Streaming scan collected into an array (same result as `scanLog`). */
export async function scanLogStream(
  chunks: AsyncIterable<LogChunk> | Iterable<LogChunk>,
  options: ScanOptions = {},
): Promise<MonitorRun[]> {
  const runs: MonitorRun[] = [];
  for await (const r of streamRuns(chunks, options)) runs.push(r);
  return runs;
}
