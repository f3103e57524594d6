// ## Snapshot scanner: one pass, every format
//
// Each line goes to the monitor scanner (lib/monitor-log's own state
// machine, unchanged) and to the format readers of this folder. A reader
// claims the lines of its section; the monitor scanner still sees every
// line, so its offsets, line numbers and runs are exactly what `streamRuns`
// gives. Only a claimed line that the monitor would mistake for one of its
// markers is handed to it blanked (same length, no content).
//
// A line GitLab's runner cut (`…Z 00O+rest`) goes on in pieces: each goes to
// the monitor scanner as the line it continues did (it joins them itself);
// CI metadata and whether a monitor run may open are read again from the
// pieces joined. The format readers read whole lines only and are not handed
// the pieces (a section holding a cut line reads its first piece alone).
//
// Snapshots leave in log order. A monitor run is only known when it ends,
// so the other formats' snapshots wait while a monitor run may be open
// (a marker line was seen and no run came out since); at most MAX_HELD of
// them, after which they leave anyway (a monitor run spanning thousands of
// watchdog warnings is not worth unbounded memory).

import { decodeHtml } from "../erlang-term/html";
import { createRunScanner, MonitorLogError, type MonitorRun } from "../monitor-log";
import { unreadText } from "../monitor-log/scan";
import type { UnreadMarkers } from "../monitor-log/types";
import type { NoisePlan } from "../monitor-log/line-reader";
import {
  bomLength,
  contentEndBeforeEscapes,
  continuesLine,
  createCutEscapes,
  gitlabStamped,
  linePrefixLength,
  markerAt,
  parseBuildUrl,
  timestampPrefix,
  timestampText,
  timestampToIso,
  type LineMarker,
} from "../monitor-log/markers";
import { createEjabberdReader, hiddenWatchdogAt } from "./ejabberd";
import { createEtopReader } from "./etop";
import { createReaderWatch, snapshotNoisePlan } from "./noise";
import { mucServiceOf } from "./process-info";
import type { FormatReader, LineView, Section } from "./reader";
import { createReconReader } from "./recon";
import { createSystemMonitorReader } from "./system-monitor";
import type { Snapshot, SnapshotOptions, SnapshotProcess } from "./types";

const MAX_HELD = 1000;

/** A marker that may open a monitor run: the other formats' snapshots wait behind it (see above). */
const opensRun = (kind: string) => kind === "header" || kind === "top-start" || kind === "inspect";
/** A cut line is joined again for its markers up to this length (a marker line is far shorter). */
const MAX_JOINED = 4096;
/** An entity a page writes for what a console prints (`&lt;`, `&#39;`): the line is HTML. */
const HTML_ENTITY = /&(?:lt|gt|amp|quot|apos|#\d{1,7}|#x[\da-f]{1,6});/i;
const NO_STAMP = { length: 0, stamp: "", layers: 0 };

/** A piece GitLab's runner cut off a line: `buf[s, end)` (content from `p` to `e`), at `abs` in the log. */
type Piece = { buf: string; s: number; p: number; e: number; end: number; next: number; abs: number };

type Meta = { job: string | null; number: number | null; url: string | null };

export type SnapshotScanner = {
  /** Same contract as lib/monitor-log's line sink: content is `buf[start, end)`, `next - start` the full length. */
  line(buf: string, start: number, end: number, next: number): void;
  /** Flushes; throws MonitorLogError `no_monitor_output` when the log held no format at all. */
  end(): void;
  /** Noise skipping (monitor-log/line-reader.ts's NoiseFilter): which lines may matter now; null while every line may. */
  plan(): NoisePlan | null;
  /** Noise lines that went by without being handed over. */
  skip(lines: number, length: number): void;
  /** The monitor's message lists read ahead so far (lib/monitor-log's ScannerTuning readAhead): for tests and benchmarks. */
  readonly listsReadAhead: number;
};

/** A monitor run as a snapshot: the run itself, plus the fields it does not know. */
export function runToSnapshot(run: MonitorRun): Snapshot {
  return { ...run, sourceKind: "monitor", node: null, killed: null, service: false };
}

/** A reader's section → snapshot (seq set on the way out). */
export function sectionToSnapshot(s: Section, meta: Meta, startedAt: string | null): Snapshot {
  // Stable: equal queues keep the order the format printed them in.
  const ranked = s.entries.map((e, i) => ({ e, i })).sort((a, b) => b.e.queueLen - a.e.queueLen || a.i - b.i).map((x) => x.e);
  const worst = ranked[0];
  const inspected: SnapshotProcess | null = worst
    ? { pid: worst.pid, queueLen: worst.queueLen, dead: false, line: worst.line, samples: worst.samples?.samples ?? [], samplesCut: worst.samples?.cut ?? false, info: worst.info }
    : null;
  const fromUrl = meta.url ? parseBuildUrl(meta.url) : { job: null, number: null };
  return {
    seq: 0,
    line: s.line,
    start: s.start,
    end: s.end,
    job: meta.job ?? fromUrl.job,
    number: meta.number ?? fromUrl.number,
    url: meta.url,
    startedAt,
    html: false,
    top: ranked.map((e, i) => ({ rank: i + 1, pid: e.pid, queueLen: e.queueLen })),
    inspected,
    issues: s.issues,
    sourceKind: s.kind,
    node: s.node,
    killed: s.killed,
    service: worst?.info.initialCall === "mod_muc_room:init/1" && mucServiceOf(worst.info.ancestors) !== null,
  };
}

/** Line-driven scanner over every format; `emit` receives snapshots in log order. */
export function createSnapshotScanner(
  options: SnapshotOptions,
  emit: (s: Snapshot) => void,
  tuning: { detach?: boolean; readAhead?: boolean } = {},
): SnapshotScanner {
  // Streaming callers keep snapshots while chunks come and go: strings sliced
  // from a chunk would keep the whole chunk alive (V8 sliced strings), so
  // what a snapshot holds is copied out. Monitor runs copy their own
  // (createRunScanner's detach); the other readers' small snapshots are cloned.
  const detach = tuning.detach ?? false;
  const localOffset = options.localOffset ?? "Z";
  const readers: FormatReader[] = [createEjabberdReader(), createReconReader(), createSystemMonitorReader(), createEtopReader()];
  let active: FormatReader | null = null;
  /** The active section answered `pass`: it is complete, only waiting for an optional last line. */
  let waiting = false;
  let meta: Meta = { job: null, number: null, url: null };
  /** Latest full timestamp seen: the time of a paste that carries none itself. */
  let lastStamp: string | null = null;
  /**
   * The latest stamped line that continues a term, when it is later than `lastStamp`: its stamp
   * (`timestampText` of `termStampBuf[termStampAt, termStampEnd)`) is taken as text only when a section needs it. Most lines of
   * a timestamped log continue a term, and slicing each one's stamp was most of what the snapshot
   * layer added to the monitor scanner there.
   */
  let termStampBuf = "";
  let termStampAt = 0;
  let termStampEnd = 0;
  const latestStamp = (): string | null => {
    if (termStampBuf !== "") {
      // (A prefix of escapes alone carries no time: the latest stamp stays.)
      lastStamp = timestampText(termStampBuf, termStampAt, termStampEnd) || lastStamp;
      termStampBuf = "";
    }
    return lastStamp;
  };
  let held: Snapshot[] = [];
  let monitorOpen = false;
  let monitorEmitted = false;
  let others = 0;
  let seq = 0;
  let lineNo = 0;
  let offset = 0;
  /** Noise skipping: reader states that make every line matter (./noise.ts). */
  const watch = createReaderWatch();
  /** The last line read through the markers and its pieces (the last one's number), and whether the monitor was handed them blank. */
  let markedLine = 0;
  let markedBlank = false;
  /**
   * The log is GitLab's runner's (its first stamp says, or a piece): any line may go on in pieces
   * (`…Z 00O+rest`), so a line for the readers waits (`pend`, scalars: most lines have no piece)
   * until the next line is not one of its pieces, and is read joined with them.
   */
  let gitlab = false;
  /** Lines so far that went on with the line above (pieces): LineView's `printed` is lineNo less these. */
  let pieceLines = 0;
  let stampSeen = false;
  let pend: string | null = null;
  let pendS = 0;
  let pendE = 0;
  let pendEnd = 0;
  let pendNext = 0;
  let pendAbs = 0;
  let pendLine = 0;
  let pendLast = 0;
  let pendBom = 0;
  let pendPrefix = 0;
  let pendLength = 0;
  let pendPieces: Piece[] | null = null;
  /** An escape the last line's end cut short (markers.ts's cutEscapeAt), for a piece after it. */
  const cutEscapes = createCutEscapes();

  /** CI metadata a marker line sets (`Started by` starts a build's afresh). */
  function noteMeta(marker: LineMarker): void {
    if (marker.kind === "build-start") meta = { job: null, number: null, url: null };
    else if (marker.kind === "meta") {
      if (marker.key === "job") meta.job = marker.value || null;
      else if (marker.key === "url") meta.url = marker.value || null;
      else {
        const n = Number(marker.value);
        meta.number = Number.isSafeInteger(n) && n >= 0 ? n : null;
      }
    }
  }

  /** Hands a line to the monitor scanner; `starts`: it may open a monitor run. */
  function toMonitor(buf: string, s: number, e: number, next: number, starts: boolean): void {
    monitorEmitted = false;
    monitor.line(buf, s, e, next);
    if (starts) monitorOpen = true;
    else if (monitorEmitted) monitorOpen = false;
    if (!monitorOpen || held.length > MAX_HELD) release();
  }

  /**
   * A line that goes on with the monitor's term (or a piece of one), straight to it; its stamp,
   * when its prefix holds more than the bom, is kept as the latest, read only when a section
   * needs it (see termStampBuf).
   */
  function toMonitorInTerm(buf: string, s: number, end: number, next: number, e: number, bom: number, prefix: number): void {
    if (prefix > bom) {
      termStampBuf = buf;
      termStampAt = s + bom;
      termStampEnd = end;
    }
    // As toMonitor (such a line opens no run), with the line's content end and prefix as read here.
    monitorEmitted = false;
    monitor.lineRead(buf, s, end, next, e, bom, prefix);
    if (monitorEmitted) monitorOpen = false;
    if (!monitorOpen || held.length > MAX_HELD) release();
  }

  const out = (s: Snapshot) => emit({ ...(detach && s.sourceKind !== "monitor" ? structuredClone(s) : s), seq: seq++ });
  const release = () => {
    for (const s of held) out(s);
    held = [];
  };

  const monitor = createRunScanner(options, (run) => {
    monitorEmitted = true;
    // A watchdog warning still waiting for its `Killed` line started before this run ended: it goes first.
    if (active && waiting) {
      finishSection(active);
      active = null;
    }
    // Snapshots that started before the run go first; the rest follow it.
    const before = held.filter((s) => s.start < run.start);
    held = held.filter((s) => s.start >= run.start);
    for (const s of before) out(s);
    out(runToSnapshot(run));
  }, { detach, readAhead: tuning.readAhead === false ? false : () => active === null && !gitlab && pend === null });

  function finishSection(reader: FormatReader): void {
    const s = reader.close();
    if (!s) return;
    const stamp = s.stamp ?? latestStamp();
    held.push(sectionToSnapshot(s, meta, stamp ? timestampToIso(stamp, localOffset) : null));
    others++;
  }

  function offer(view: LineView): boolean {
    if (active) {
      const r = active.feed(view);
      waiting = r === "pass";
      if (r === "take") return true;
      if (r === "done") {
        finishSection(active);
        active = null;
        return true;
      }
      if (r === "end") {
        finishSection(active);
        active = null;
      }
    }
    // A section still open after `pass` (a watchdog warning waiting for its
    // `Killed` line) gives way to any new section, its own format's included.
    for (const reader of readers) {
      if (!reader.starts(view)) continue;
      if (active) {
        finishSection(active);
        active = null;
      }
      watch.begin(reader.kind, view);
      if (reader.begin(view) === "done") finishSection(reader);
      else active = reader;
      return true;
    }
    return false;
  }

  /**
   * A line through the markers and the readers, then to the monitor: `buf[s, e)` (to `end` with
   * closing escapes), with the pieces GitLab's runner cut off it (`pieces`, their content from
   * `p`), read as one line with them.
   */
  function readLine(buf: string, s: number, e: number, end: number, next: number, abs: number, line: number, bom: number, prefix: number, pieces: Piece[] | null): void {
    let text: string;
    let ts: { length: number; stamp: string; layers: number };
    let endOffset = abs + (e - s);
    if (pieces === null) {
      ts = prefix > bom ? timestampPrefix(buf, s + bom, e) : NO_STAMP;
      text = buf.slice(s + prefix, e);
    } else {
      // The line joined, its prefix read again (a stamp cut inside goes on in a piece).
      let raw = buf.slice(s, e);
      for (const piece of pieces) raw += piece.buf.slice(piece.p, piece.e);
      prefix = linePrefixLength(raw, 0, raw.length, bom);
      ts = prefix > bom ? timestampPrefix(raw, bom, raw.length) : NO_STAMP;
      text = raw.slice(prefix);
      const last = pieces[pieces.length - 1]!;
      endOffset = last.abs + (last.e - last.s);
    }
    // A console saved as HTML (a Jenkins page): `&lt;0.86.0&gt;@ejabberd_system_monitor`. The
    // monitor's terms are decoded by the term parser; the readers get the line as printed.
    if (text.indexOf("&") !== -1 && HTML_ENTITY.test(text)) text = decodeHtml(text).text;
    let q = 0;
    while (q < text.length && (text.charCodeAt(q) === 32 || text.charCodeAt(q) === 9)) q++;
    const view: LineView = {
      text,
      lineNo: line,
      printed: line - (pieceLines - (pieces?.length ?? 0)),
      offset: abs + Math.min(prefix, e - s),
      endOffset,
      prefix,
      stamp: ts.stamp,
      stamps: ts.layers,
      first: q < text.length ? text.charCodeAt(q) : -1,
    };

    const marker = markerAt(text, 0, text.length);
    noteMeta(marker);

    watch.line(view);
    const claimed = offer(view);
    if (ts.stamp !== "") {
      lastStamp = ts.stamp;
      termStampBuf = "";
    }

    if (!claimed) noteHiddenWatchdog(text, line, abs, prefix);
    const blank = claimed && marker.kind !== "noise";
    const starts = !claimed && opensRun(marker.kind);
    if (blank) toMonitor("", 0, 0, next - s, starts);
    else toMonitor(buf, s, end, next, starts);
    for (const piece of pieces ?? []) {
      if (blank) toMonitor("", 0, 0, piece.next - piece.s, false);
      else toMonitor(piece.buf, piece.s, piece.end, piece.next, false);
    }
    markedLine = line + (pieces?.length ?? 0);
    markedBlank = blank;
  }

  /**
   * ejabberd watchdog lines behind text no prefix reader knows (`ejabberd-1  | `, journald's
   * `Feb 20 22:55:00 im-1 ejabberd[4121]: `): counted, the first one's place and that text kept,
   * for a warning (or the error, when nothing else is read).
   */
  let hiddenWatchdog: UnreadMarkers | null = null;
  function noteHiddenWatchdog(text: string, line: number, abs: number, prefix: number): void {
    const at = hiddenWatchdogAt(text);
    if (at === -1) return;
    if (hiddenWatchdog) hiddenWatchdog.count++;
    else hiddenWatchdog = { count: 1, line, column: prefix + at + 1, offset: abs + prefix + at, before: text.slice(Math.max(0, at - 60), at), what: "ejabberd watchdog warnings" };
  }

  /** The waiting line's content so far, its pieces joined (`pendingText`'s cache, "" when not taken). */
  let pendText = "";
  function pendingText(): string {
    if (pendText === "" && pend !== null) {
      pendText = pend.slice(pendS + pendPrefix, pendE);
      for (const piece of pendPieces ?? []) pendText += piece.buf.slice(piece.p, piece.e);
    }
    return pendText;
  }

  /** The line waiting for its pieces (`pend`), read now that no more follow. */
  function readPending(): void {
    const buf = pend;
    if (buf === null) return;
    pend = null;
    readLine(buf, pendS, pendE, pendEnd, pendNext, pendAbs, pendLine, pendBom, pendPrefix, pendPieces);
  }

  return {
    get listsReadAhead() {
      return monitor.listsReadAhead;
    },
    line(buf, s, end, next) {
      if (monitor.passesOver(buf, s, next)) {
        // A line of a message list the monitor read ahead (only while no section is open, in a log
        // not GitLab's): indented, not blank, no `=` first, no escape; it would go to the monitor
        // alone (toMonitorInTerm), which emits nothing on it. Its stamp (a Jenkins one, `[` first;
        // unstamped lines open with a blank) is the latest.
        lineNo++;
        offset += next - s;
        if (buf.charCodeAt(s) === 91) {
          termStampBuf = buf;
          termStampAt = s;
          termStampEnd = end;
        }
        if (!monitorOpen || held.length > MAX_HELD) release();
        return;
      }
      lineNo++;
      const abs = offset;
      offset += next - s;
      // Colour codes closing the line are no part of it (the monitor scanner strips them too).
      const e = contentEndBeforeEscapes(buf, s, end);
      const bom = bomLength(buf, s, lineNo);
      const prefix = linePrefixLength(buf, s, e, bom);
      let p = s + prefix;
      const piece = continuesLine(buf, s, p);
      // An escape cut at the line before's end goes on at this piece's start: no part of the text.
      // (The monitor is handed the line to its end and reads it so itself.)
      if (piece || e < end || cutEscapes.open !== "") p = cutEscapes.contentStart(buf, s, p, e, end, piece);
      if (piece) {
        gitlab = true;
        if (pend !== null && pendLast === lineNo - 1 && pendLength < MAX_JOINED) {
          // A piece of the line waiting to be read: read with it.
          (pendPieces ??= []).push({ buf, s, p, e, end, next, abs });
          pieceLines++;
          pendLength += e - p;
          pendLast = lineNo;
          pendText = "";
          return;
        }
        readPending();
        pieceLines++;
        if (markedLine === lineNo - 1 && markedBlank) {
          // The rest of a line the monitor was handed blank (a reader's, read once it was long enough).
          markedLine = lineNo;
          toMonitor("", 0, 0, next - s, false);
          return;
        }
        // A piece of a term line: to the monitor, which joins it itself.
        toMonitorInTerm(buf, s, end, next, e, bom, prefix);
        return;
      }
      readPending();
      let q = p;
      while (q < e && (buf.charCodeAt(q) === 32 || buf.charCodeAt(q) === 9)) q++;

      // Most lines of a monitor log continue a printed term (the top list, the
      // messages): indented, not blank, while the monitor collects the term.
      // They belong to it: no reader's section starts inside a printed term,
      // and no marker starts such a line (markers begin with `p`, `m`, `S`, `J`,
      // `B` or `[{` at a line's start; a term's continuation lines cannot, except
      // `[{` ... `message_queue_len`, which only says again that a monitor run
      // is open). So they go straight to the monitor, without a line view, the
      // markers or the readers: the bulk of a log's lines, not its noise.
      if (active === null && q > p && q < e && buf.charCodeAt(q) !== 61 && monitor.inTerm()) {
        toMonitorInTerm(buf, s, end, next, e, bom, prefix);
        return;
      }
      if (!stampSeen && prefix > bom) {
        // The log's first stamp says whether it is GitLab's runner's, which may cut any line.
        stampSeen = true;
        if (gitlabStamped(buf, s + bom, e)) gitlab = true;
      }
      if (gitlab) {
        // Its pieces may follow: read once the next line is not one of them.
        pend = buf;
        pendS = s;
        pendE = e;
        pendEnd = end;
        pendNext = next;
        pendAbs = abs;
        pendLine = lineNo;
        pendLast = lineNo;
        pendBom = bom;
        pendPrefix = prefix;
        pendLength = e - s;
        pendPieces = null;
        pendText = "";
        return;
      }
      readLine(buf, s, e, end, next, abs, lineNo, bom, prefix, null);
    },
    end() {
      readPending();
      if (active) {
        finishSection(active);
        active = null;
      }
      const hidden = hiddenWatchdog as UnreadMarkers | null;
      try {
        monitor.end();
      } catch (e) {
        // The monitor's "nothing here" is only an error when no other format spoke either; then
        // watchdog lines behind an unknown prefix are what the log held.
        const nothing = e instanceof MonitorLogError && e.code === "no_monitor_output";
        if (nothing && others === 0 && hidden && !e.reason.includes("not a line prefix")) {
          throw new MonitorLogError({ code: "no_monitor_output", message: `nothing read in ${lineNo} line${lineNo === 1 ? "" : "s"}: ${unreadText(hidden)}`, line: hidden.line, column: hidden.column, offset: hidden.offset });
        }
        if (!(nothing && others > 0)) throw e;
      }
      if (hidden) options.onUnread?.(hidden);
      release();
    },
    // ## Noise skipping hooks (patterns and reader states in ./noise.ts)
    // No section open, a line matters only through a reader's `starts`, the
    // monitor scanner, CI metadata and the latest timestamp (the plan's lastStamp).
    plan() {
      if (active !== null || watch.busy(lineNo - pieceLines)) return null;
      const monitorPlan = monitor.plan();
      if (monitorPlan === null) return null;
      const plan = snapshotNoisePlan(monitorPlan);
      // A line still waiting for its pieces has not been read: the plan is right if it is noise.
      // It is when it holds none of the plan's pieces so far (any piece after it is handed over,
      // and asks again); otherwise the next line is, whatever it is, and the line is read then.
      if (pend !== null) {
        const text = pendingText();
        if (plan.texts.some((piece) => text.includes(piece))) return null;
      }
      return plan;
    },
    skip(lines, length) {
      readPending();
      lineNo += lines;
      offset += length;
      monitor.skip(lines, length);
    },
  };
}
