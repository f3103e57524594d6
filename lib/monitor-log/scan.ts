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
//
// GitLab's runner may cut any line (`…Z 00O+rest`: markers.ts's continuesLine), wherever its
// read of the job's output ended. A piece is read as the rest of the line before it, whatever
// stream either is on: pushed into the term being collected (term-block.ts joins it with no
// newline), or joined with the idle line before and that line read again (a marker may be
// whole only then; a stamp in front of the text may go on into the piece: `settled`). The few
// lines whose meaning a later piece could change once acted on (`message queue len of pid`,
// `message in pid`, the line after a header or `message in pid`, a blank, unindented or
// dotted line inside a term) are held until the next line says whether a piece follows; only
// in a log from GitLab's runner (gitlabStamped), and the plan asks for every line meanwhile,
// so the splitter never skips the piece that would follow. A piece whose line was skipped as
// noise (the splitter skips a cut line only when told nothing is cut) is noise too.

import { MonitorLogError } from "./errors";
import { messagesTupleAt, pidIn, readQueueValue, readSamples, readTopList, type ReadOptions } from "./extract";
import { createLineSplitter, forEachLine, type NoisePlan } from "./line-reader";
import {
  bomLength,
  contentEndBeforeEscapes,
  continuesLine,
  createCutEscapes,
  gitlabStamped,
  HEADER,
  INSPECT,
  linePrefixLength,
  markerAt,
  parseBuildUrl,
  parseSourceName,
  skipBlanks,
  skipIndent,
  timestampPrefixLength,
  timestampLength,
  timestampText,
  timestampToIso,
  type LineMarker,
} from "./markers";
import { monitorNoisePlan } from "./noise";
import { C_CLOSE, C_LT, C_OPEN, C_QUOTE, charClass, createBlockBuilder, detachString, isAlnum, isTagStart, type BlockBuilder } from "./term-block";
import type { InspectedProcess, LogChunk, LogIssue, MonitorRun, ScanOptions, UnreadMarkers } from "./types";

type Meta = { job: string | null; number: number | null; url: string | null; stamp: string | null };

/** A run being collected. */
type Pending = {
  line: number;
  start: number;
  end: number;
  meta: Meta;
  top: BlockBuilder | null;
  /**
   * `unread`: the issue of a `message queue len of pid` line whose pid was read and its value not;
   * the run's top list may still say the queue length (reshapeRun).
   */
  inspected: { pid: string; queueLen: number | null; dead: boolean; line: number; fetchError?: string; unread?: LogIssue } | null;
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
  /**
   * `line`, for a caller that has read the line's content end and prefix already (the snapshot
   * scanner reads every line so): `e` is contentEndBeforeEscapes(buf, start, end), `bom` and
   * `prefix` are bomLength and linePrefixLength as the caller counted its lines. They are only
   * taken when `bom` is this scanner's own for the line (it counts lines itself); else read again.
   */
  lineRead(buf: string, start: number, end: number, next: number, e: number, bom: number, prefix: number): void;
  /** Flushes the last run; throws when the log held none. */
  end(): void;
  /** Noise skipping (line-reader.ts's NoiseFilter): which lines may matter now; null while every line may. */
  plan(): NoisePlan | null;
  /** Collecting the lines of a term (the top list or the message list): an indented line continues it. */
  inTerm(): boolean;
  /** Noise lines that went by without being handed over: they only move the counters. */
  skip(lines: number, length: number): void;
  /** Message lists read ahead so far (ScannerTuning's readAhead): for tests and benchmarks. */
  readonly listsReadAhead: number;
  /**
   * Whether the line `buf[start, next)` is one of a message list's lines read ahead already:
   * then it is passed over now, as `line` would (a caller that would only hand it over may skip
   * that; it must not hand it over after this). A line inside the list's term, in its buffer.
   */
  passesOver(buf: string, start: number, next: number): boolean;
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
/**
 * `undefined` where the message list was expected: `process_info(Pid, messages)` found the process
 * gone. It died after its queue was read, before its messages were fetched (ejabberd's watchdog
 * kills such processes, and copying a huge mailbox takes long: a domain review, 2026-12-07, on a
 * real node). The same verdict as `undefined` for its queue: dead.
 */
function diedAt(buf: string, q: number, e: number): boolean {
  if (!buf.startsWith("undefined", q)) return false;
  for (let i = q + 9; i < e; i++) {
    const c = buf.charCodeAt(i);
    if (c !== 32 && c !== 9 && c !== 13) return false;
  }
  return true;
}

/**
 * Does a list open at `q` (before `e`): `[`, or, where a message list is expected, `{messages,`
 * (a monitor printing `process_info(Pid, messages)` as it is)?
 */
function listOpens(buf: string, q: number, e: number, samples: boolean): boolean {
  const c = buf.charCodeAt(q);
  return c === 91 || (samples && c === 123 && messagesTupleAt(buf, q, e));
}

function badRpcAt(buf: string, q: number, e: number): string | null {
  if (!buf.startsWith("{badrpc,", q)) return null;
  const text = buf.slice(q, e).trim();
  return text.length > 120 ? `${text.slice(0, 119)}…` : text;
}

/**
 * Does the line prefix at `at` (one linePrefixLength found) carry a time? A prefix that opens with a
 * digit is a stamp, and so is one that opens `[2015-`; escapes, a tag or a date-less clock
 * (`[10:00:04] `) may lead one, or be all there is: those are read in full (timestampPrefixLength).
 */
function carriesTime(buf: string, at: number, e: number): boolean {
  const c = buf.charCodeAt(at);
  if (c >= 48 && c <= 57) return true;
  if (c === 91 && buf.charCodeAt(at + 5) === 45 && buf.charCodeAt(at + 1) >= 48 && buf.charCodeAt(at + 1) <= 57) return true;
  return timestampPrefixLength(buf, at, e) > 0;
}

/** One line as the scanner was handed it (`buf[s, e)`, its content from `s + prefix`). */
type Piece = { buf: string; s: number; prefix: number; e: number; next: number; abs: number; lineNo: number };

/**
 * A line as the monitor printed it: its first line in the log and the pieces GitLab's runner
 * cut off it. `text` is their contents joined with nothing between; `at[k]` where piece k's is.
 */
type Joined = { pieces: Piece[]; text: string; at: number[] };

/** A line with a line prefix, for its time if it is wanted: its number and where its text is (`buf[at, end)`). */
type StampedLine = { lineNo: number; buf: string; at: number; end: number };

const contentOf = (piece: Piece) => piece.buf.slice(piece.s + piece.prefix, piece.e);

function joinedOf(piece: Piece): Joined {
  return { pieces: [piece], text: contentOf(piece), at: [0] };
}

function extendJoined(j: Joined, piece: Piece): void {
  j.at.push(j.text.length);
  j.pieces.push(piece);
  j.text += contentOf(piece);
}

/** Where `j.text[i]` is in the log. */
function locateJoined(j: Joined, i: number): { line: number; column: number; offset: number } {
  let k = j.at.length - 1;
  while (k > 0 && j.at[k]! > i) k--;
  const piece = j.pieces[k]!;
  const column = piece.prefix + (i - j.at[k]!);
  return { line: piece.lineNo, column: column + 1, offset: piece.abs + column };
}

/**
 * The line read from where its content starts once joined: a prefix may go on past the first cut
 * (an inner stamp cut inside: `…00O [2015-08-2` + `…00O+5T03:47:00Z] text`), and then the
 * pieces it covers have less content, or none. The same `j` when nothing changes; otherwise a new
 * one (`j` is kept as it was: the next piece joins it, and this is read again).
 */
function settled(j: Joined): Joined {
  if (j.pieces.length === 1) return j;
  const first = j.pieces[0]!;
  const raw = first.buf.slice(first.s, first.s + first.prefix) + j.text;
  const shift = linePrefixLength(raw, 0, raw.length, bomLength(raw, 0, first.lineNo)) - first.prefix;
  if (shift <= 0) return j;
  const out: Joined = { pieces: [], text: "", at: [] };
  j.pieces.forEach((piece, k) => {
    const into = Math.min(Math.max(shift - j.at[k]!, 0), piece.e - (piece.s + piece.prefix));
    const moved = into === 0 ? piece : { ...piece, prefix: piece.prefix + into };
    if (k === 0) {
      out.pieces.push(moved);
      out.at.push(0);
      out.text = contentOf(moved);
    } else extendJoined(out, moved);
  });
  return out;
}

/** Absolute offset of the end of the line's last piece's content. */
function joinedEnd(j: Joined): number {
  const last = j.pieces[j.pieces.length - 1]!;
  return last.abs + (last.e - last.s);
}

/** Pushes every piece into `builder`, the term starting at `j.text[from]`; true when it closed. */
function pushJoined(builder: BlockBuilder, j: Joined, from: number): boolean {
  let closed = false;
  for (let k = 0; k < j.pieces.length; k++) {
    const piece = j.pieces[k]!;
    const content = piece.s + piece.prefix;
    const at = j.at[k]!;
    // Before the piece holding `from`: nothing fed (its end); after it: all of it.
    const feedFrom = from <= at ? -1 : Math.min(piece.e, content + (from - at));
    if (builder.push(piece.buf, piece.s, piece.prefix, piece.e, piece.next, piece.abs, piece.lineNo, feedFrom, k > 0)) closed = true;
  }
  return closed;
}

/**
 * A line held or joined longer than this (characters, or pieces) is decided as it is: a marker
 * line is far shorter, and memory stays one short line (a long noise line cut in many pieces is
 * not joined further).
 */
const MAX_JOINED = 4096;
const MAX_PIECES = 256;
const joinedEnough = (j: Joined) => j.text.length >= MAX_JOINED || j.pieces.length >= MAX_PIECES;

/** What a piece GitLab's runner cut off the last line handed over means (see `follow`). */
const F_NONE = 0; // the line was read whole already (or skipped): the piece is noise
const F_TERM = 1; // the line went into the term being collected: so does the piece
const F_HELD = 2; // the line is held: the piece joins it
const F_IDLE = 3; // an idle line (noise, metadata): joined with it, read again
const F_LINE = 4; // a blank line while a list was expected: the piece is read as a line

/** Blanks and dots only from `q` (a `....` line a piece may complete). */
const dotsOnly = (buf: string, q: number, e: number): boolean => {
  for (let i = q; i < e; i++) {
    const c = buf.charCodeAt(i);
    if (c !== 46 && c !== 32 && c !== 9) return false;
  }
  return true;
};

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
  /**
   * Read a plain message list ahead in the buffer its first line came in (readListAhead), and
   * pass over its lines when they are handed over. Default true; only for a caller that hands
   * every line of a buffer over in order, from that buffer (forEachLine, createLineSplitter). A
   * function says, at each list's first line, whether it may be read ahead: the snapshot scanner's
   * (lib/formats), which hands a line its readers claim over blank, allows it while no reader's
   * section is open (the lines of a term then go to this scanner alone, as they come).
   */
  readAhead?: boolean | (() => boolean);
};


/** Where the first `ch` at or after `from` is in `buf`, searched once and kept while it lies ahead (-1: none). */
function createNextIndex(ch: string) {
  let inBuf = "";
  let at = -1;
  let from = 0;
  return (buf: string, p: number): number => {
    if (buf !== inBuf || p < from || (at !== -1 && at < p)) {
      inBuf = buf;
      from = p;
      at = buf.indexOf(ch, p);
    }
    return at;
  };
}

/**
 * Length of a Jenkins Timestamper prefix `[2015-08-25T03:47:00.000Z] ` at `p` (any timestampLength
 * shape inside the brackets, one space after), or 0. When the text after it opens with a blank, this
 * is the line's whole prefix (markers.ts's linePrefixLength): no second stamp or lead can follow.
 */
function bracketStampLength(buf: string, p: number, end: number): number {
  if (buf.charCodeAt(p) !== 91) return 0;
  const n = timestampLength(buf, p + 1, end);
  return n > 0 && buf.charCodeAt(p + 1 + n) === 93 && buf.charCodeAt(p + 2 + n) === 32 && p + 3 + n < end ? n + 3 : 0;
}

/** What readListAhead did: nothing; read lines and the run goes on; read the run to its end (finish it). */
type Ahead = 0 | 1 | 2;
const AHEAD_NONE = 0;
const AHEAD_OPEN = 1;
const AHEAD_FINISHED = 2;

/** The core state machine; `emit` receives each run as soon as it is complete. */
export function createRunScanner(options: ScanOptions, emit: (run: MonitorRun) => void, tuning: ScannerTuning = {}): RunScanner {
  const reading: ReadOptions = { shallow: tuning.shallow ?? true };
  const detach = tuning.detach ?? false;
  const readAhead = tuning.readAhead ?? true;
  /**
   * A message list read ahead (readListAhead): the lines of `skipBuf` from `skipNext` up to
   * `skipTo` are read already, and passed over as they are handed over. -1: none.
   */
  let skipBuf = "";
  let skipNext = -1;
  let skipTo = -1;
  let listsReadAhead = 0;
  const nextEscape = createNextIndex("\x1b");
  const nextReturn = createNextIndex("\r");
  const nextAmp = createNextIndex("&");
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
  /** The log comes from GitLab's runner (gitlabStamped): any line may go on in pieces. */
  let cuts = false;
  /** `cuts`: the line the build's stamp was taken from (line `stampLine`), joined so far, while a piece may still change the stamp; else "". */
  let stampRaw = "";
  let stampLine = 0;
  /** `cuts`: an escape the last line's end cut short (markers.ts's cutEscapeAt), for the piece after it. */
  const cutEscapes = createCutEscapes();
  /** What a piece cut off line `followLine` means (F_*); set as each line is read. */
  let follow = F_NONE;
  let followLine = 0;
  /** `follow === F_IDLE`: that line (scalars: most are noise, and most go on in no piece), or it joined so far. */
  let idleBuf = "";
  let idleS = 0;
  let idlePrefix = 0;
  let idleE = 0;
  let idleNext = 0;
  let idleAbs = 0;
  let idleJoined: Joined | null = null;
  /** The idle line was metadata (a piece lengthens its value), else noise; whether noteUnread counted it. */
  let idleMeta = false;
  let idleCounted = false;
  /** A line whose meaning a piece could still change: read when the next line is not one (F_HELD). */
  let held: { joined: Joined; kind: "idle" | "term" | "expect" } | null = null;

  /** Where a monitor marker stands behind other text in the noise line `buf[p, e)`, or -1. */
  function markerBehind(buf: string, p: number, e: number): number {
    if (buf !== queueBuf || (queueAt !== -1 && queueAt < p)) {
      queueBuf = buf;
      queueAt = buf.indexOf("queue", p);
    }
    if (queueAt === -1 || queueAt >= e) return -1;
    return completeMarkerIn(buf, p, e);
  }

  /**
   * Where the text a terminal shows of a line starts, when a marker at `at` follows a carriage
   * return (and blanks): a progress line overwritten in place (`compiling 10%\rcompiling 100%\r
   * processes sorted by queue_len desc:`) shows the marker alone. -1 when no return comes before it.
   */
  function afterReturn(buf: string, p: number, at: number): number {
    let k = at - 1;
    while (k >= p && (buf.charCodeAt(k) === 32 || buf.charCodeAt(k) === 9)) k--;
    return k >= p && buf.charCodeAt(k) === 13 ? k + 1 : -1;
  }

  /** Counts a monitor marker behind unknown text in the noise line `buf[p, e)`, at `at` (markerBehind); true when it did. */
  function noteUnread(buf: string, s: number, p: number, at: number, abs: number): boolean {
    if (at === -1) return false;
    countUnread(buf.slice(p, at), { line: lineNo, column: at - s + 1, offset: abs + (at - s) });
    return true;
  }

  function countUnread(before: string, at: { line: number; column: number; offset: number }): void {
    if (unread) unread.count++;
    else {
      const text = before.trimEnd();
      unread = { count: 1, ...at, before: text.length > 60 ? `${text.slice(0, 59)}…` : text };
    }
  }

  /** `noteUnread` for a joined noise line. */
  function noteUnreadJoined(j: Joined): boolean {
    const at = j.text.includes("queue") ? completeMarkerIn(j.text, 0, j.text.length) : -1;
    if (at === -1) return false;
    countUnread(j.text.slice(0, at), locateJoined(j, at));
    return true;
  }

  /** A run's job and number: what the log said before it, else its BUILD_URL, else the file name. */
  function runName(runMeta: Meta): { job: string | null; number: number | null } {
    const fromUrl = runMeta.url ? parseBuildUrl(runMeta.url) : { job: null, number: null };
    return { job: runMeta.job ?? fromUrl.job ?? fromName.job, number: runMeta.number ?? fromUrl.number ?? fromName.number };
  }

  /** Monitor runs started since the build's start (its `Started by` line, or the log's start). */
  let buildRuns = 0;

  /**
   * The last line with a line prefix (read only when wanted: a time, or escapes alone): its number,
   * where its text is; and the one before it (when the last is the marker's own line).
   */
  let lastStamped: StampedLine = { lineNo: 0, buf: "", at: 0, end: 0 };
  let priorStamped: StampedLine = { lineNo: 0, buf: "", at: 0, end: 0 };
  /** Where the last run's output ended (absolute offset), -1 before the first. */
  let lastRunEnd = -1;
  /**
   * The latest idle line carrying a time (a timestamp prefix, not escapes alone) that starts after
   * the last run ended, while a build has had a run (noteTimed); `abs` its start, -1: none.
   */
  const timed: StampedLine & { abs: number } = { lineNo: 0, buf: "", at: 0, end: 0, abs: -1 };

  /**
   * An idle line `buf[s, e)` whose prefix (`prefix` characters) holds more than a byte-order mark:
   * kept as `timed` when the prefix carries a time (not escapes or a date-less clock alone) and a
   * later run may want it.
   */
  function noteTimed(buf: string, s: number, prefix: number, e: number, abs: number): void {
    if (buildRuns === 0 || cuts || abs < lastRunEnd) return;
    const at = s + bomLength(buf, s, lineNo);
    if (prefix <= at - s || !carriesTime(buf, at, e)) return;
    timed.lineNo = lineNo;
    timed.buf = buf;
    timed.at = at;
    timed.end = e;
    timed.abs = abs;
  }

  /**
   * The time a run that is not its build's first starts at: the stamp of its own first line, else
   * of the line right before it, else of the latest line with a time since the run before it ended
   * (a cron job appending `date` and the monitor's output to one file has no `Started by` between
   * its runs: each run took the file's first time; an `echo ====` or a connect line may stand
   * between `date` and the monitor). Null when none is stamped: the build's start, as before.
   * (Noise skipping hands over the line before and each skipped stretch's last stamped line: see
   * NoisePlan's lineBefore and lastStamp.) Not in a log of GitLab's runner (`cuts`), whose lines
   * may be cut inside an inner stamp: there every run takes its build's start, as before.
   */
  function laterRunStamp(first: Piece): string | null {
    // A stamp is taken only when it reads as a time (not `2015-13-45`, not past year 9999): else the next place is tried.
    const time = (stamp: string) => (stamp !== "" && timestampToIso(stamp, localOffset) !== null ? stamp : "");
    const bom = bomLength(first.buf, first.s, first.lineNo);
    // A prefix may be escapes alone (colour codes before the marker): no time, the line before is read.
    const own = first.prefix > bom ? time(timestampText(first.buf, first.s + bom, first.e)) : "";
    if (own) return own;
    const before = lastStamped.lineNo === first.lineNo ? priorStamped : lastStamped;
    const justBefore = before.lineNo === first.lineNo - 1 ? time(timestampText(before.buf, before.at, before.end)) : "";
    if (justBefore) return justBefore;
    if (timed.abs >= 0 && timed.abs >= lastRunEnd && timed.lineNo < first.lineNo) return time(timestampText(timed.buf, timed.at, timed.end)) || null;
    return null;
  }

  const startRun = (line: number, start: number, first?: Piece): Pending => {
    finishRun();
    pending = { line, start, end: start, meta: { ...meta }, top: null, inspected: null, samples: null, dotsCut: false, issues: [], html: false };
    if (buildRuns++ > 0 && first && !cuts) {
      const stamp = laterRunStamp(first);
      if (stamp !== null) pending.meta.stamp = keep(stamp);
    }
    if (options.onRunStart) {
      const name = runName(pending.meta);
      options.onRunStart({ line, job: name.job, number: name.number });
    }
    return pending;
  };

  function finishRun(): void {
    const p = pending;
    if (!p) return;
    pending = null;
    state = "idle";
    lastRunEnd = p.end;
    emit(reshapeRun(p, seq++));
  }

  function reshapeRun(p: Pending, runSeq: number): MonitorRun {
    const issues = [...p.issues];
    let html = p.html;
    let top: MonitorRun["top"] = [];
    if (p.top) {
      const block = p.top.build();
      html ||= block.html;
      const read = readTopList(block, reading);
      top = read.top;
      issues.push(...read.issues);
    }
    let inspected: InspectedProcess | null = null;
    if (p.inspected) {
      const { unread, ...read } = p.inspected;
      inspected = { ...read, samples: [], samplesCut: p.dotsCut };
      // Its own line unreadable, the queue length is the one the top list printed for the pid moments
      // before (null would say the process died: the analysis' `queueLen` means that).
      const listed = unread ? top.find((entry) => entry.pid === read.pid) : undefined;
      if (unread && listed) {
        inspected.queueLen = listed.queueLen;
        unread.message = `cannot read 'message queue len of pid' line: the top list's queue length of ${read.pid}, ${listed.queueLen}, is taken`;
      }
      if (p.samples) {
        const block = p.samples.build();
        html ||= block.html;
        const read = readSamples(block, reading);
        inspected.samples = read.samples;
        inspected.samplesCut ||= read.cut;
        issues.push(...read.issues);
      }
    }
    const name = runName(p.meta);
    return {
      seq: runSeq,
      line: p.line,
      start: p.start,
      end: p.end,
      job: name.job,
      number: name.number,
      url: p.meta.url,
      startedAt: p.meta.stamp ? timestampToIso(p.meta.stamp, localOffset) : null,
      html,
      top,
      inspected,
      issues,
    };
  }

  /** An idle line (not a piece): a noise line costs markerAt and noteUnread, as before GitLab's cuts. */
  function handleIdle(buf: string, s: number, p: number, e: number, abs: number, prefix: number, next: number): void {
    if (prefix > 0) noteTimed(buf, s, prefix, e, abs);
    const m = markerAt(buf, p, e);
    if (m.kind === "noise") {
      const at = markerBehind(buf, p, e);
      const shown = at === -1 ? -1 : afterReturn(buf, p, at);
      if (shown !== -1) {
        // What the terminal showed: the line from its last carriage return, a marker line.
        handleIdle(buf, s, shown, e, abs, prefix + (shown - p), next);
        return;
      }
      const counted = noteUnread(buf, s, p, at, abs);
      if (cuts) {
        // A piece may follow that makes it a marker (`processes sorted by qu` + `eue_len desc:`).
        follow = F_IDLE;
        idleBuf = buf;
        idleS = s;
        idlePrefix = prefix;
        idleE = e;
        idleNext = next;
        idleAbs = abs;
        idleJoined = null;
        idleMeta = false;
        idleCounted = counted;
      }
      return;
    }
    const j = joinedOf({ buf, s, prefix, e, next, abs, lineNo });
    markerLine(m, j, j);
  }

  /** An idle line that is a marker: `j` read so far, `raw` as it was joined (see `settled`). */
  function markerLine(m: LineMarker, j: Joined, raw: Joined): void {
    // Read from the whole line only: a piece may still come (the plan hands it over).
    if (cuts && (m.kind === "inspect" || m.kind === "samples")) {
      held = { joined: raw, kind: "idle" };
      follow = F_HELD;
      return;
    }
    actOnMarker(m, j, raw);
  }

  /** An idle line read whole (no piece follows, or no more is joined). */
  function readIdleJoined(j: Joined): void {
    const m = markerAt(j.text, 0, j.text.length);
    if (m.kind === "noise") noteUnreadJoined(j);
    else actOnMarker(m, j, j);
  }

  /** What a marker line does; positions in the log through the line's pieces (`raw`: as joined, for more). */
  function actOnMarker(m: LineMarker, j: Joined, raw: Joined): void {
    const first = j.pieces[0]!;
    const line = first.lineNo;
    const start = first.abs + first.prefix;
    const text = j.text;
    switch (m.kind) {
      case "noise":
        return;
      case "header": {
        const run = startRun(line, start, first);
        run.end = joinedEnd(j);
        state = "expect-top";
        return;
      }
      case "top-start": {
        const run = pending && !pending.top && !pending.inspected ? pending : startRun(line, start, first);
        startTopJoined(run, j);
        return;
      }
      case "inspect": {
        const run = pending && !pending.inspected ? pending : startRun(line, start, first);
        const pid = pidIn(text);
        const value = readQueueValue(text);
        if (value.unsafe !== undefined) {
          const at = locateJoined(j, text.indexOf(value.unsafe));
          throw new MonitorLogError({
            code: "unreadable_term",
            message: `the queue length ${value.unsafe} is beyond what a number holds exactly (2^53)`,
            ...at,
          });
        }
        const here = { line, column: first.prefix + 1, offset: start };
        const unread: LogIssue | null = !pid || !value.ok ? { message: "cannot read 'message queue len of pid' line", ...here } : null;
        if (unread) run.issues.push(unread);
        if (!run.top) run.issues.push({ message: "no top list before the inspected pid", ...here });
        run.html ||= text.includes("&lt;") || text.includes("<span");
        run.inspected = { pid: pid ?? "<unknown>", queueLen: value.queueLen, dead: value.dead, line };
        if (pid && unread) run.inspected.unread = unread;
        run.end = joinedEnd(j);
        return;
      }
      case "samples": {
        const run = pending;
        if (!run || !run.inspected || run.samples) return; // a stray marker: noise
        run.end = joinedEnd(j);
        const pid = pidIn(text);
        if (pid && pid !== run.inspected.pid) {
          run.issues.push({ message: `message list is for ${pid}, not ${run.inspected.pid}`, line, column: first.prefix + 1, offset: start });
        }
        // The list usually starts on the next line; `message in pid <p> : [...]` also works.
        const colon = text.indexOf(":");
        const after = colon === -1 ? text.length : skipBlanks(text, colon + 1, text.length);
        if (after < text.length && listOpens(text, after, text.length, true)) {
          run.samples = samplesBuilder.reset();
          state = "samples";
          if (pushJoined(run.samples, j, after)) finishRun();
          else follow = F_TERM;
          return;
        }
        // `: undefined` or `: {badrpc,…}` on the marker's own line, as on the line after it.
        if (after < text.length) {
          const at = locateJoined(j, after);
          if (readFailedCall(badRpcAt(text, after, text.length), at, joinedEnd(j))) return;
          if (diedAt(text, after, text.length) && readDiedAtFetch(joinedEnd(j))) return;
        }
        state = "expect-samples";
        return;
      }
      case "build-start":
        finishRun();
        meta = { job: null, number: null, url: null, stamp: null };
        buildRuns = 0;
        if (raw.pieces.length > 1) {
          // A line cut in pieces: the build's start is the stamp of the line joined (an inner
          // stamp may run on into the pieces), not the last piece's own.
          const head = raw.pieces[0]!;
          const whole = head.buf.slice(head.s, head.s + head.prefix) + raw.text;
          meta.stamp = keep(timestampText(whole, bomLength(whole, 0, head.lineNo), whole.length)) || null;
          stampRaw = "";
        }
        return;
      case "meta":
        if (m.key === "job") meta.job = keep(m.value) || null;
        else if (m.key === "url") meta.url = keep(m.value) || null;
        else {
          // Digits only: `BUILD_NUMBER=` (echoed where the variable is unset: GitHub Actions, GitLab)
          // is no number, not build 0 (Number("") is 0), and neither is `1e3` or `0x10`.
          const n = /^\d+$/.test(m.value) ? Number(m.value) : NaN;
          meta.number = Number.isSafeInteger(n) ? n : null;
        }
        if (cuts && !joinedEnough(raw)) {
          // A piece lengthens the value: the line is read again with it.
          follow = F_IDLE;
          idleJoined = raw;
          idleMeta = true;
          idleCounted = false;
        }
        return;
    }
  }

  /** A piece cut off the idle line before: the two read as one line, again. */
  function continueIdle(piece: Piece): void {
    let raw = idleJoined;
    if (raw === null) raw = joinedOf({ buf: idleBuf, s: idleS, prefix: idlePrefix, e: idleE, next: idleNext, abs: idleAbs, lineNo: piece.lineNo - 1 });
    extendJoined(raw, piece);
    const j = settled(raw);
    const m = markerAt(j.text, 0, j.text.length);
    if (idleMeta) {
      // Still the same metadata (a value only grows): its longer value.
      if (m.kind === "meta") actOnMarker(m, j, raw);
      return;
    }
    if (m.kind !== "noise") {
      markerLine(m, j, raw);
      return;
    }
    if (!idleCounted) idleCounted = noteUnreadJoined(j);
    if (!joinedEnough(raw)) {
      follow = F_IDLE;
      idleJoined = raw;
    }
  }

  /** A piece cut off the line before, as `f` (that line's `follow`) says. */
  function continued(f: number, piece: Piece): void {
    if (f === F_TERM) {
      const run = pending;
      const builder = state === "top" ? run?.top : state === "samples" ? run?.samples : null;
      if (!run || !builder) return;
      run.end = piece.abs + (piece.e - piece.s);
      if (builder.push(piece.buf, piece.s, piece.prefix, piece.e, piece.next, piece.abs, piece.lineNo, -1, true)) {
        if (state === "samples") finishRun();
        else state = "idle";
      } else follow = F_TERM;
    } else if (f === F_HELD && held) {
      extendJoined(held.joined, piece);
      follow = F_HELD;
      if (joinedEnough(held.joined)) readHeld();
    } else if (f === F_IDLE) continueIdle(piece);
  }

  /** The held line, now that no piece follows (or it is long enough): read as it would have been whole. */
  function readHeld(): void {
    const h = held;
    if (!h) return;
    held = null;
    follow = F_NONE;
    const j = settled(h.joined);
    if (h.kind === "idle") {
      readIdleJoined(j);
      afterIdleLine();
    } else if (h.kind === "expect") readExpectJoined(j);
    else readTermJoined(j);
  }

  /** A line inside a term that was not plainly one of its lines (`line` held it): the same tests, on the whole line. */
  function readTermJoined(j: Joined): void {
    const run = pending;
    const builder = state === "top" ? run?.top : state === "samples" ? run?.samples : null;
    if (!run || !builder) return;
    const text = j.text;
    const q = skipIndent(text, 0, text.length);
    if (q < text.length && isDotsLine(text, q, text.length)) {
      run.dotsCut = true;
      run.end = joinedEnd(j);
      finishRun();
      return;
    }
    if (q >= text.length || q === 0) {
      if (state === "top") state = "idle";
      else finishRun();
      readIdleJoined(j);
      afterIdleLine();
      return;
    }
    run.end = joinedEnd(j);
    if (pushJoined(builder, j, 0)) {
      if (state === "samples") finishRun();
      else state = "idle";
    } else follow = F_TERM;
  }

  /** The line after a header or `message in pid`, held: the same tests, on the whole line. */
  function readExpectJoined(j: Joined): void {
    const text = j.text;
    const q = skipIndent(text, 0, text.length);
    if (q >= text.length) return; // blank lines in between are tolerated
    const run = pending;
    if (run && listOpens(text, q, text.length, state !== "expect-top")) {
      if (state === "expect-top") startTopJoined(run, j);
      else {
        run.samples = samplesBuilder.reset();
        run.end = joinedEnd(j);
        state = "samples";
        if (pushJoined(run.samples, j, 0)) finishRun();
        else follow = F_TERM;
      }
      return;
    }
    const at = locateJoined(j, q);
    if (readFailedCall(badRpcAt(text, q, text.length), at, joinedEnd(j))) return;
    if (diedAt(text, q, text.length) && readDiedAtFetch(joinedEnd(j))) return;
    if (state === "expect-top") {
      throw new MonitorLogError({ code: "unreadable_term", message: "expected the top list after 'processes sorted by queue_len desc:'", ...at });
    }
    run?.issues.push({ message: "expected the message list after 'message in pid'", ...at });
    finishRun();
    readIdleJoined(j);
    afterIdleLine();
  }

  /**
   * `{badrpc,…}` (`failed`, at `at`) where a list was expected: a failed top list leaves its run
   * out and says so (onDroppedRun); a failed message fetch ends its run, said in its issues and
   * its verdict. False when it is neither, for the caller's own error.
   */
  function readFailedCall(failed: string | null, at: { line: number; column: number; offset: number }, end: number): boolean {
    if (failed === null) return false;
    if (state === "expect-top") {
      const dropped = { ...at, reason: `the monitor's call for the top list failed (${failed}): that run was not read` };
      firstDropped ??= dropped;
      options.onDroppedRun?.(dropped);
      pending = null;
      state = "idle";
      return true;
    }
    const run = pending;
    if (!run?.inspected) return false;
    run.inspected.fetchError = failed;
    run.issues.push({ message: `the monitor could not fetch the messages: ${failed}`, ...at });
    run.end = end;
    finishRun();
    return true;
  }

  /** `undefined` for the message list (diedAt): the inspected process is dead, its queue as read; its run ends here. */
  function readDiedAtFetch(end: number): boolean {
    const run = pending;
    if (state === "expect-top" || !run?.inspected) return false;
    run.inspected.dead = true;
    run.end = end;
    finishRun();
    return true;
  }

  function startTopJoined(run: Pending, j: Joined): void {
    run.top = topBuilder.reset();
    run.end = joinedEnd(j);
    state = "top";
    if (pushJoined(run.top, j, 0)) state = "idle";
    else follow = F_TERM;
  }

  /** A dead process has no message list: its run is complete once its line is read. */
  function afterIdleLine(): void {
    const run = pending as Pending | null;
    if (run?.inspected?.dead && state === "idle") finishRun();
  }

  /** The build's first stamp: its start time. */
  function takeStamp(buf: string, from: number, e: number): void {
    meta.stamp = keep(timestampText(buf, from, e)) || null;
    // A piece may finish a stamp cut inside (`…00O [2015-09-01T00:0` + `…00O+0:00.007Z] …`).
    stampRaw = cuts && meta.stamp !== null ? buf.slice(from, e) : "";
    stampLine = lineNo;
  }

  /**
   * A piece cut off the line the build's stamp came from: the stamp read again with it, when the
   * line's prefix went on into the piece (an inner stamp, the innermost being the time).
   */
  function restamp(buf: string, p: number, e: number): void {
    const before = meta.stamp;
    stampRaw += buf.slice(p, e);
    stampLine = lineNo;
    const stamp = timestampText(stampRaw, 0, stampRaw.length) || null;
    if (stamp !== null && stamp !== before) {
      meta.stamp = keep(stamp);
      const run = pending as Pending | null;
      if (run && run.meta.stamp === before) run.meta.stamp = meta.stamp;
    }
    // Once more content is joined than a stamp's length (an inner stamp cut short looks like
    // content), or it is longer than any prefix, no piece changes the stamp.
    if (stampRaw.length - linePrefixLength(stampRaw, 0, stampRaw.length, 0) > 48 || stampRaw.length > 256) stampRaw = "";
  }

  /**
   * The message list whose first line (line `lineNo`) is `buf[s, e)` (prefix `prefix`, the next
   * line at `next`, `abs` its offset), read ahead in `buf` with one loop over the lines that are
   * plain: in `buf` and ended by `\n`, no `\r`, escape or `&` in them, no HTML tag, quoted text
   * closed on its line, each line after the first indented behind the first's prefix (none, or a
   * Jenkins stamp: bracketStampLength), not blank and not opening with `=`. Those lines go into
   * the samples' block without the line-by-line steps (`lineWith`, the block's bracket counter),
   * and are passed over as they are handed over (`line`). Where the list ends among them (its
   * closing bracket, or `....`: the monitor's cut) the run is finished; where a blank or
   * unindented line cuts it, or a line is not plain, or `buf` ends, the scanner is left as those
   * lines would have left it one by one (the counter resumed at the depth they opened), and the
   * next line goes line by line. The loop follows the bracket counter's rules
   * (term-block.ts's createDepthTracker) and `lineWith`'s tests for a line inside a term. False
   * (nothing done) when the first line is not plain itself.
   */
  function readListAhead(run: Pending, buf: string, s: number, prefix: number, e: number, next: number, abs: number): Ahead {
    if (readAhead === false || cuts || held !== null || e !== next - 1 || buf.charCodeAt(e) !== 10) return AHEAD_NONE;
    if (readAhead !== true && !readAhead()) return AHEAD_NONE;
    const stamped = prefix > 0;
    if (stamped && (meta.stamp === null || bracketStampLength(buf, s, e) !== prefix)) return AHEAD_NONE;
    // The first escape, `\r` or `&` ahead: no line holding one is read ahead.
    let stop = buf.length;
    for (const at of [nextEscape(buf, s), nextReturn(buf, s), nextAmp(buf, s)]) if (at !== -1 && at < stop) stop = at;
    const builder = samplesBuilder.reset();
    /** The line being read: `buf[ls, le)`, prefix `lp`, number `ln`. */
    let ls = s;
    let lp = prefix;
    let le = e;
    let ln = lineNo;
    let depth = 0;
    /** The depth at the end of the last line read ahead. */
    let readDepth = 0;
    /** The last line read ahead (-1: none yet) and the one before it (for the stamps). */
    let lastLs = -1;
    let lastLe = -1;
    let prevLs = -1;
    let prevLe = -1;
    /** How the lines read ahead end: the list closed; `....`; the next line cuts it (endsTerm); else it goes on line by line. */
    let outcome: "closed" | "dots" | "open" | "on" = "on";
    reading: for (;;) {
      if (stop <= le) break;
      let closed = false;
      for (let i = ls + lp; i < le; i++) {
        const c = buf.charCodeAt(i);
        const k = c < 128 ? charClass[c]! : 0;
        if (k === 0) continue;
        if (k === C_OPEN) depth++;
        else if (k === C_CLOSE) {
          if (--depth === 0) {
            closed = true;
            break;
          }
        } else if (k === C_QUOTE) {
          // The first quote not escaped by a `\` (an odd run of them) closes it, on this line.
          const quote = c === 34 ? '"' : "'";
          let j = buf.indexOf(quote, i + 1);
          for (;;) {
            if (j === -1 || j >= le) break reading;
            let b = j - 1;
            while (buf.charCodeAt(b) === 92) b--;
            if ((j - 1 - b) % 2 === 0) break;
            j = buf.indexOf(quote, j + 1);
          }
          i = j;
        } else if (k === C_LT) {
          // `<`: a tag (`<span`) where the counter would take it for one; `<<`, `<0.1.2>`, `#Fun<` are term text.
          const before = buf.charCodeAt(i - 1);
          if (!isAlnum(before) && before !== 60 && isTagStart(buf.charCodeAt(i + 1))) break reading;
        }
      }
      builder.append(buf, ls, lp, le, le + 1, abs + (ls - s), ln);
      readDepth = depth;
      prevLs = lastLs;
      prevLe = lastLe;
      lastLs = ls;
      lastLe = le;
      if (closed) {
        outcome = "closed";
        break;
      }
      // The next line: in `buf`, ended by `\n`, with the first line's kind of prefix, indented, not blank.
      const ns = le + 1;
      const nl = buf.indexOf("\n", ns);
      if (nl === -1) break;
      const np = stamped ? bracketStampLength(buf, ns, nl) : 0;
      const c0 = buf.charCodeAt(ns + np);
      const q = (stamped && np === 0) || (c0 !== 32 && c0 !== 9) ? -1 : skipIndent(buf, ns + np, nl);
      if (q === -1 || q >= nl) {
        // Not a line of the list: a blank or unindented line cuts it, as `lineWith` reads it.
        if (endsTerm(buf, ns, nl)) outcome = "open";
        break;
      }
      // (`=` opening a line: the snapshot scanner offers such a line to its readers, not to this scanner alone.)
      if (buf.charCodeAt(q) === 61) break;
      if (buf.charCodeAt(q) === 46 && isDotsLine(buf, q, nl)) {
        // `....`: the monitor cut the list (the line is the run's last, not the term's).
        if (stop <= nl) break;
        outcome = "dots";
        prevLs = lastLs;
        prevLe = lastLe;
        lastLs = ns;
        lastLe = nl;
        ln++;
        break;
      }
      ls = ns;
      lp = np;
      le = nl;
      ln++;
    }
    // Nothing read ahead (the first line is not plain), or the first line alone and more to come: line by line.
    if (lastLs === -1 || (lastLs === s && outcome === "on")) return AHEAD_NONE;
    // Read: the state the lines would have left, one by one.
    if (outcome !== "dots" && lastLs !== ls) ln--; // (the loop stopped before line `ln`)
    if (stamped && ln > lineNo) {
      if (ln > lineNo + 1) noteStamped(ln - 1, buf, prevLs, prevLe);
      noteStamped(ln, buf, lastLs, lastLe);
    }
    run.samples = builder;
    run.end = abs + (lastLe - s);
    if (outcome === "dots") run.dotsCut = true;
    lineNo = ln;
    offset = abs + (lastLe + 1 - s);
    follow = outcome === "closed" || outcome === "dots" ? F_NONE : F_TERM;
    followLine = ln;
    state = "samples";
    if (lastLe + 1 > next) {
      skipBuf = buf;
      skipNext = next;
      skipTo = lastLe + 1;
    }
    listsReadAhead++;
    if (outcome === "on") builder.resume(readDepth);
    // Open: the next line ends the run (endsTerm), as it would have line by line.
    return outcome === "closed" || outcome === "dots" ? AHEAD_FINISHED : AHEAD_OPEN;
  }

  /**
   * Whether `lineWith`, inside a term and with no GitLab cuts, reads the line `buf[s, nl)` (`nl` its
   * `\n`) as one that ends the term without pushing it: blank, unindented or `....`, and it neither
   * is a piece of a cut line nor makes the log a GitLab runner's (which would hold it instead).
   */
  function endsTerm(buf: string, s: number, nl: number): boolean {
    const e = contentEndBeforeEscapes(buf, s, nl > s && buf.charCodeAt(nl - 1) === 13 ? nl - 1 : nl);
    const prefix = linePrefixLength(buf, s, e, 0);
    const p = s + prefix;
    if (continuesLine(buf, s, p)) return false;
    if (prefix > 0 && meta.stamp === null && gitlabStamped(buf, s, e)) return false;
    const q = skipIndent(buf, p, e);
    return q >= e || q === p || isDotsLine(buf, q, e);
  }

  /** A line with a line prefix (not the bom alone) was read: the last one, and the one before it (lineWith's slots). */
  function noteStamped(ln: number, buf: string, at: number, end: number): void {
    const slot = priorStamped;
    priorStamped = lastStamped;
    lastStamped = slot;
    slot.lineNo = ln;
    slot.buf = buf;
    slot.at = at;
    slot.end = end;
  }

  function startTop(run: Pending, buf: string, s: number, prefix: number, e: number, next: number, abs: number): void {
    run.top = topBuilder.reset();
    run.end = abs + (e - s);
    state = "top";
    if (run.top.push(buf, s, prefix, e, next, abs, lineNo)) state = "idle";
    else follow = F_TERM;
  }

  /** One line: `e` (its content end), `bom` and `prefix` read already (see `line`). */
  function lineWith(buf: string, s: number, end: number, next: number, e: number, bom: number, prefix: number): void {
    const abs = offset;
    offset += next - s;
    let p = s + prefix;
    // A prefix may be escapes alone (no time): the stamp's text says, and is only read when wanted.
    const stamped = prefix > bom;
    if (stamped) {
      // The two slots trade places (no object per line): the one written now is the last.
      const slot = priorStamped;
      priorStamped = lastStamped;
      lastStamped = slot;
      slot.lineNo = lineNo;
      slot.buf = buf;
      slot.at = s + bom;
      slot.end = e;
    }
    // Whether the log is GitLab's runner's, from the line that gives a build its start time (any
    // scan is handed that one): a line may be cut from here on, and read as it goes on.
    if (stamped && meta.stamp === null && !cuts) cuts = gitlabStamped(buf, s + bom, e);
    // What a piece cut off the line before would mean; this line sets it for the next.
    const f = followLine === lineNo - 1 ? follow : F_NONE;
    follow = F_NONE;
    followLine = lineNo;
    const piece = continuesLine(buf, s, p);
    if (piece) cuts = true;
    if (cuts) {
      // An escape cut at the line before's end goes on at this piece's start: no part of the text.
      p = cutEscapes.contentStart(buf, s, p, e, end, piece);
      prefix = p - s;
    }
    if (piece && stampRaw !== "" && stampLine === lineNo - 1) restamp(buf, p, e);
    if (piece && f !== F_LINE) {
      // The rest of the line before (GitLab's runner cut it): never a line of its own.
      continued(f, { buf, s, prefix, e, next, abs, lineNo });
      if (stamped && meta.stamp === null) takeStamp(buf, s + bom, e);
      afterIdleLine();
      return;
    }
    if (held !== null) {
      // No piece follows the held line: read it, then this one (which says what follows it).
      readHeld();
      follow = F_NONE;
    }
    // The build's first timestamp is its start; `Started by` resets it (in handleIdle) first.
    // The text is only taken when it is the first.
    if (stamped && meta.stamp === null && state !== "idle") takeStamp(buf, s + bom, e);
    if (state === "top" || state === "samples") {
      const run = pending;
      if (!run) {
        state = "idle";
        return;
      }
      const builder = state === "top" ? run.top : run.samples;
      const q = skipIndent(buf, p, e);
      if (cuts && (q >= e || q === p || (buf.charCodeAt(q) === 46 && dotsOnly(buf, q, e)))) {
        // Blank, unindented or dots so far: a piece may make it a line of the term (its
        // indentation, or a stamp before it, cut), or the `....` cut.
        held = { joined: joinedOf({ buf, s, prefix, e, next, abs, lineNo }), kind: "term" };
        follow = F_HELD;
        return;
      }
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
      } else follow = F_TERM;
      return;
    }

    if (state === "expect-top" || state === "expect-samples") {
      if (cuts) {
        // What the line starts with may be cut (a blank, or a stamp, before the list's `[`).
        held = { joined: joinedOf({ buf, s, prefix, e, next, abs, lineNo }), kind: "expect" };
        follow = F_HELD;
        return;
      }
      const q = skipIndent(buf, p, e);
      if (q >= e) {
        // Blank lines in between are tolerated; a piece cut off one is read as a line.
        follow = F_LINE;
        return;
      }
      const run = pending;
      let ahead: Ahead;
      if (run && listOpens(buf, q, e, state !== "expect-top")) {
        if (state === "expect-top") startTop(run, buf, s, prefix, e, next, abs);
        else if ((ahead = readListAhead(run, buf, s, prefix, e, next, abs)) !== AHEAD_NONE) {
          if (ahead === AHEAD_FINISHED) finishRun();
          return;
        }
        else {
          run.samples = samplesBuilder.reset();
          run.end = abs + (e - s);
          state = "samples";
          if (run.samples.push(buf, s, prefix, e, next, abs, lineNo)) finishRun();
          else follow = F_TERM;
        }
        return;
      }
      if (readFailedCall(badRpcAt(buf, q, e), { line: lineNo, column: q - s + 1, offset: abs + (q - s) }, abs + (e - s))) return;
      if (diedAt(buf, q, e) && readDiedAtFetch(abs + (e - s))) return;
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
      takeStamp(buf, s + bom, e);
      // A run that started on this very line (a log whose first stamped line is the header) took
      // its copy of the metadata before the stamp was read.
      const started = pending as Pending | null;
      if (started && started.line === lineNo && started.meta.stamp === null) started.meta.stamp = meta.stamp;
    }
    afterIdleLine();
  }

  /** Whether the line at `buf[s, next)` was read ahead already (readListAhead): it is passed over. */
  function readAlready(buf: string, s: number, next: number): boolean {
    if (s !== skipNext || buf !== skipBuf) {
      // (Never for a caller that hands every line over in order, as `readAhead` asks.)
      skipTo = -1;
      skipBuf = "";
      return false;
    }
    skipNext = next;
    if (next >= skipTo) {
      skipTo = -1;
      skipBuf = "";
    }
    return true;
  }

  return {
    get listsReadAhead() {
      return listsReadAhead;
    },
    passesOver(buf, s, next) {
      return skipTo !== -1 && readAlready(buf, s, next);
    },
    line(buf, s, end, next) {
      if (skipTo !== -1 && readAlready(buf, s, next)) return;
      lineNo++;
      // Colour codes closing the line (`…3102ESC[0m`) are no part of its last value.
      const e = contentEndBeforeEscapes(buf, s, end);
      const bom = bomLength(buf, s, lineNo);
      lineWith(buf, s, end, next, e, bom, linePrefixLength(buf, s, e, bom));
    },
    lineRead(buf, s, end, next, e, bom, prefix) {
      if (skipTo !== -1 && readAlready(buf, s, next)) return;
      lineNo++;
      const own = bomLength(buf, s, lineNo);
      lineWith(buf, s, end, next, e, own, own === bom ? prefix : linePrefixLength(buf, s, e, own));
    },
    end() {
      skipTo = -1;
      skipBuf = "";
      // The last line was held: no piece follows it.
      readHeld();
      if (state === "expect-top" && pending) {
        throw new MonitorLogError({
          code: "unreadable_term",
          message: "expected the top list after 'processes sorted by queue_len desc:' but the log ended",
          line: lineNo,
          column: 1,
          offset,
        });
      }
      const open = pending as Pending | null;
      if (open && state === "expect-samples") {
        // The log ended right after `message in pid …:`, before any message: a console pushed while the
        // build was still writing it, or a file cut short. The verdict then says no messages were
        // printed, which is not what happened: the warning says so. (A list cut after some messages
        // is the monitor's own cut as often, the seed's builds show: the verdict's evidence already
        // says the list was cut. Cut inside the top list, a log is refused: that list cannot be read.)
        open.issues.push({
          message: "the log ends after 'message in pid …:', before its messages: read before the build finished writing its console, or cut short? (the verdict had no message to read)",
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
      return state === "top" || state === "samples" || skipTo !== -1;
    },
    plan() {
      // Lines read ahead are still to be handed over (and passed over): not skipped as noise.
      if (skipTo !== -1) return null;
      // A held line waits for the next line, which must be handed over (it may be a piece of it).
      if (state !== "idle" || held !== null) return null;
      const run = pending as Pending | null;
      if (run?.inspected?.dead) return null;
      return monitorNoisePlan(meta.stamp === null, run?.inspected != null && run.samples === null, cuts, buildRuns > 0);
    },
    skip(lines, length) {
      // (Never while a line is held: the plan asks for every line then.)
      readHeld();
      lineNo += lines;
      offset += length;
    },
  };
}

/** What UnreadMarkers says, in words (after `file:line:column: `, whose place is the first such line's). */
export function unreadText(u: UnreadMarkers): string {
  const lines = u.count === 1 ? "this line holds" : `${u.count} lines, this the first, hold`;
  if (u.what) return `${lines} ${u.what} after ${JSON.stringify(u.before)}, which is not a line prefix this reader knows (docker compose's service name? journald's fields? read the log without them: \`docker compose logs --no-log-prefix\`, \`journalctl -o cat\`); they were not read`;
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
