// ## ejabberd_system_monitor: ejabberd's own overload watchdog (≥ 18.06)
//
// Three kinds of lines in ejabberd.log (lager or OTP logger prefixes):
//
//   <ts> [warning] <0.86.0>@ejabberd_system_monitor:handle_overload/2:143 The system is overloaded with
//        1967163 messages queued by 10 process(es) (2%) from the following applications: ejabberd
//        (1967163 msgs); the top processes are:
//   ** <0.5005.3>: msgs = 819617, memory = 6331179968, initial_call = xmpp_stream_in:init/1, ...
//   ** mod_bosh_r2webusers: msgs = ..., ...             (a registered name instead of a pid)
//   <ts> [warning] <0.86.0>@ejabberd_system_monitor:... Killed 10 process(es) consuming more than 196716 message(s) each
//
// ejabberd 18.x (the watchdog of 18.06 to 19.x) logged through error_logger, not lager's macros
// ("lager can be overloaded too", ejabberd_system_monitor.erl): lager writes its lines with no
// location, `[warning] <0.86.0> The system is overloaded …`, `[error] <0.86.0> Killed …` (as
// it writes any error_logger line: `[error] <0.648.0> CRASH REPORT …`, ejabberd issue 1616),
// read when one of the watchdog's messages follows; lager's crash.log holds errors only, the
// `Killed` line, on the line after an `=ERROR REPORT====` line:
//
//   2018-12-28 13:26:55 =ERROR REPORT====
//   Killed 29 process(es) consuming more than 19715 message(s) each
//
// A `Killed` line in any of these forms ends the warning it follows (within KILLED_WINDOW
// lines); one that follows none (a crash report is none) is a section of its own: the watchdog acted (`killed`), but
// the line names no process (the overload warning that lists them, a warning, is never in
// crash.log). A crash.log pasted with its line breaks lost before each report's date
// (`…message(s) each2018-12-28 13:27:26 =ERROR REPORT====`, ejabberd issue 2749) still reads:
// the count and threshold end before ` message(s)`, and the date run in is the next `Killed`
// line's time.
//
// older releases (≤ 20.x) print one process per warning:
//
//   <ts> [warning] <0.87.0>@ejabberd_system_monitor:handle_event:94 Process <0.588.0> consumes more than
//        5% of OS memory (msgs = 9618520, memory = 4084255564, initial_call = ..., application = ejabberd)
//
// and a process that hit ejabberd's `max_queue` dies with a crash report
// naming `{process_limit,{max_queue,N}}`: N messages were queued when it gave up.
// lager prints the report on one line; OTP's logger (ejabberd ≥ 19.x) on many:
//
//   <ts> [error] <0.5005.3>@proc_lib:crash_report/4:539 crasher:
//       initial call: xmpp_stream_in:init/1
//       pid: <0.5005.3>
//       registered_name: []
//       exception exit: {process_limit,{max_queue,10001}}
//         in function  p1_server:terminate/7 (src/p1_server.erl, line 878)
//       ancestors: [ejabberd_c2s_sup,ejabberd_sup,<0.110.0>]
//       message_queue_len: 10002
//       ...
//     neighbours:
//
// (OTP's default formatter: `=CRASH REPORT==== <date> ===`, then `  crasher:` alone, then the
// same indented lines; lager's crash.log: `<date> <time> =CRASH REPORT====`, then the same.)
// Its `messages:` list is what the process's queue held: read as the monitor's message list is
// (lib/monitor-log's readSamples), they are the process's samples. A report hard-wrapped at a
// width (a ticket, a mail) goes on at the line's start, not indented: such a line, with no
// stamp of its own, while the report's brackets or quotes are open, is the rest of the line
// before, joined without a blank (a terminal cuts mid-word, even mid-string). The section opens at the line ending `crasher:`, takes the indented
// lines after it, and reads them joined as the one-line report is read; a report that never
// names max_queue is no section. Why not open at the `max_queue` line, which holds a piece the
// noise prefilter already searches for: the crasher's pid comes before it (`pid:`, and the
// logging pid of the first line), never after, and the prefilter hands a reader no line
// before the one that opens its section. So `crasher:` is a piece of its own (noise.ts).
//
// A line may be wrapped (a terminal, a mail, a ticket): a following line with
// no timestamp that is not a `** ` line continues the one before. Pieces are
// joined as they were cut: with one space when either side has one at the
// cut, directly otherwise (a terminal cuts mid-word, even mid-number).
//
// At ordinary terminal widths (80, 100, 120) the logger's prefix alone (its
// stamp, `[warning] <0.86.0>@ejabberd_system_monitor:handle_overload/2:143 `)
// fills most of the first line: a warning's first piece may end inside the
// prefix or inside "The system is overloaded" / "Process ". Such a piece
// opens a section (phase `prefix`) whose pieces are joined until the line
// reads as a warning; one that never does carries an issue. A piece cut
// before `@ejabb` is not recognised: the noise prefilter hands the readers
// only lines holding one of READER_PIECES (noise.ts), and `@ejabb` is the
// watchdog's; `[warning] <0.86.0>@eja` alone would be a guess anyway.

import { readSamples } from "../monitor-log/extract";
import { createBlockBuilder, type BlockBuilder } from "../monitor-log/term-block";
import { ancestorsFromText, canonicalPid, emptyInfo, intFromText, keyValues, mfaFromText, nameFromText } from "./process-info";
import { addEntry, hasOwnStamp, issueAt, openSection, type Entry, type FormatReader, type LineView, type Section } from "./reader";
import { depthDelta } from "./recon";
import type { ProcessInfo } from "./types";

/** A log level as lager and OTP's logger print it, bracketed. */
const LEVEL = String.raw`\[(?:warning|error|info|notice|critical)\]`;
/** `[warning] <0.86.0>@ejabberd_system_monitor:handle_overload/2:143 ` (lager: `handle_event:94`). */
const WATCHDOG = new RegExp(String.raw`^${LEVEL}\s+<[\d.]+>@ejabberd_system_monitor:\S+\s+`);
const OVERLOAD = /^The system is overloaded/;
const CONSUMES = /^Process (\S+) consumes more than (\d+)% of OS memory \((.*)\)\s*$/;
const KILLED = /^Killed (\d+) process\(es\) consuming more than (\d+) message\(s\) each/;
/**
 * ejabberd 18.x's watchdog lines through error_logger: lager's `[warning] <0.86.0> ` with no
 * location (see above), taken only before one of the watchdog's own messages (far enough into
 * them to hold a piece of READER_PIECES: noise.ts).
 */
const ERROR_LOGGER = new RegExp(String.raw`^${LEVEL}\s+<[\d.]+>\s+(?=The system is overloaded|Process \S+ consumes more than \d+% of OS memory|Unable to kill process |Killed \d)`);

/** The text after the watchdog's prefix (lager's or logger's, or 18.x's without a location), or null when the line is not the watchdog's. */
function watchdogText(text: string): string | null {
  const m = WATCHDOG.exec(text) ?? ERROR_LOGGER.exec(text);
  return m ? text.slice(m[0].length) : null;
}
/** A crash.log report's date run into the `Killed` line before it (its line break lost): `each2018-12-28 13:27:26 =ERROR REPORT====`. */
const RUN_IN_REPORT = /each(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d(?:\.\d+)?) =[A-Z ]+REPORT====\s*$/;
/**
 * do_kill's warning for a process at the threshold that belongs to an application it never kills
 * (kernel, mnesia, …): printed between the overload warning and its `Killed` line, one per such
 * process, the name as the `** ` line gives it (a pid, an atom, a quoted atom).
 */
const UNABLE = /^Unable to kill process (.+?) from whitelisted application (\S+)/;
const MAX_QUEUE = /\{process_limit,\s*\{max_queue,\s*(\d+)\}\}/;
/** A watchdog line's level and logging pid, up to the `@` before the module. */
const LEVEL_PID = new RegExp(String.raw`^${LEVEL}\s+<[\d.]+>@`);
/** A watchdog line's start anywhere in a line: its own time, if any, then its level and pid. */
const WATCHDOG_ANYWHERE = new RegExp(String.raw`(?:\d{4}-\d\d-\d\d[ T]\d\d:\d\d:\d\d(?:[.,]\d+)?(?:Z|[+-]\d\d:?\d\d)? )?${LEVEL}\s+<[\d.]+>@ejabberd_system_monitor:`);

/**
 * Where a watchdog line starts inside `text`, behind text no prefix reader knows (docker compose's
 * `ejabberd-1  | `, journald's `Feb 20 22:55:00 im-1 ejabberd[4121]: `), or -1 (none, or at 0).
 */
export function hiddenWatchdogAt(text: string): number {
  if (text.indexOf("@ejabb") === -1) return -1;
  const m = WATCHDOG_ANYWHERE.exec(text);
  return m && m.index > 0 ? m.index : -1;
}
const MODULE = "ejabberd_system_monitor:";
/** The messages a section opens at (OVERLOAD, CONSUMES). */
const OPENERS = ["The system is overloaded", "Process "];

/**
 * A watchdog line cut before it says whether it opens a section: in the module name (from
 * `@ejabb` on, READER_PIECES' piece), in the function, or in the first words of an opening
 * message. Whitespace at the cut does not count (a terminal may keep or drop it).
 */
function cutWatchdog(text: string): boolean {
  const m = LEVEL_PID.exec(text);
  if (!m) return false;
  const s = text.slice(m[0].length).trimEnd();
  if (!s.startsWith("ejabb")) return false;
  if (s.length <= MODULE.length) return MODULE.startsWith(s);
  if (!s.startsWith(MODULE)) return false;
  const fn = s.slice(MODULE.length);
  const space = fn.search(/\s/);
  if (space === -1) return true; // cut in the function, or just after it
  const message = fn.slice(space).trimStart();
  return OPENERS.some((o) => o.length > message.length && o.startsWith(message));
}

/** The first line of a multi-line crash report: it ends `crasher:` (the report follows, indented). */
const CRASHER = /(?:^|\s)crasher:\s*$/;
/** A crash report's text is joined up to this many characters (`messages:` may print a whole mailbox). */
const MAX_REPORT = 65536;
/** `    messages: [` in a crash report: the process's queue when it crashed, its samples (group 1: up to the `[`). */
const MESSAGES = /^(\s*messages:\s*)\[/;
/** A crash report's `messages:` list is read up to this many characters; past them it is cut. */
const MAX_MESSAGES = 4 * 1024 * 1024;

/** How many unrelated lines a finished overload warning waits for its `Killed` line. */
const KILLED_WINDOW = 50;
/** A wrapped line is cut in at most this many pieces; more is something else following it. */
const MAX_PIECES = 8;
/** ejabberd writes `application = App` last: a `** ` line that has it is complete. */
const COMPLETE_TOP_LINE = /application = \S+\s*$/;

/** `** <name>: msgs = ..., ...` → one entry (the name is a pid or a registered atom). */
function readTopLine(text: string, line: number): Entry | null {
  const colon = text.indexOf(": ");
  if (!text.startsWith("** ") || colon === -1) return null;
  return readFields(text.slice(3, colon), text.slice(colon + 2), line);
}

function readFields(name: string, fields: string, line: number): Entry | null {
  const kv = keyValues(fields);
  const queueLen = intFromText(kv.get("msgs"));
  if (queueLen === null) return null;
  const pid = canonicalPid(name);
  const info: ProcessInfo = {
    ...emptyInfo(),
    registeredName: pid ? null : nameFromText(name),
    initialCall: mfaFromText(kv.get("initial_call") ?? ""),
    currentFunction: mfaFromText(kv.get("current_function") ?? ""),
    ancestors: ancestorsFromText(kv.get("ancestors") ?? ""),
    application: nameFromText(kv.get("application") ?? ""),
    memory: intFromText(kv.get("memory")),
  };
  return { pid: pid ?? info.registeredName ?? name.trim(), queueLen, info, line };
}

/** The pid a crash report is about: `Process <p>`, `pid: <p>`, `server <p>`, else the logging pid. */
function crashPid(text: string): string | null {
  const m = /(?:Process|pid:|server|process)\s+(<\d+\.\d+\.\d+>)/.exec(text) ?? /(<\d+\.\d+\.\d+>)/.exec(text);
  return m?.[1] ? canonicalPid(m[1]) : null;
}

function readCrash(text: string, line: number): Entry | null {
  const m = MAX_QUEUE.exec(text);
  const pid = crashPid(text);
  if (!m || !pid) return null;
  const initial = /initial call: ([^\s,]+)/.exec(text);
  const registered = /registered_name: ([^\s,]+)/.exec(text);
  const ancestors = /ancestors: (\[[^\]]*\])/.exec(text);
  const info: ProcessInfo = {
    ...emptyInfo(),
    registeredName: registered?.[1] ? nameFromText(registered[1]) : null,
    initialCall: initial?.[1] ? mfaFromText(initial[1]) : null,
    ancestors: ancestors?.[1] ? ancestorsFromText(ancestors[1]) : [],
    exit: m[0].replace(/\s+/g, ""),
  };
  return { pid, queueLen: Number(m[1]), info, line };
}

type Phase =
  | { kind: "prefix"; text: string } // a watchdog line cut before it says what it is (cutWatchdog)
  | { kind: "header"; text: string } // the overload line, maybe wrapped, until "the top processes are:"
  | { kind: "top"; current: { text: string; line: number; pieces: number } | null }
  | { kind: "consumes"; text: string } // the old one-process line, maybe wrapped
  | { kind: "crash"; text: string }
  | { kind: "report"; text: string; joining: boolean } // a multi-line crash report, its indented lines joined until `neighbours:`
  | { kind: "waiting"; lines: number }; // complete; a `Killed` line may still follow

/**
 * The `Killed …` message of a line in any of its forms: behind the watchdog's prefix, behind
 * error_logger's `[error] <pid> ` (18.x), or at the line's start (18.x's crash.log); else null.
 */
function killedText(text: string): string | null {
  const c = text.charCodeAt(0);
  if (c === 75) return KILLED.test(text) ? text : null; // K
  if (c !== 91 || !text.includes("Killed ")) return null;
  const rest = watchdogText(text);
  return rest !== null && KILLED.test(rest) ? rest : null;
}

export function createEjabberdReader(): FormatReader {
  let section: Section | null = null;
  let phase: Phase = { kind: "waiting", lines: 0 };
  /** The processes do_kill said it could not kill (entries' `pid`: a canonical pid or a registered name). */
  let spared = new Set<string>();

  function flushEntry(): void {
    if (phase.kind !== "top" || !phase.current || !section) return;
    const e = readTopLine(phase.current.text, phase.current.line);
    if (e) addEntry(section, e);
    else section.issues.push({ message: "cannot read the watchdog's process line", line: phase.current.line, column: 1, offset: section.end });
    phase.current = null;
  }

  /** Ends the open phase's text: the section is then complete but for a `Killed` line. */
  function settle(): void {
    if (!section) return;
    if (phase.kind === "top") flushEntry();
    else if (phase.kind === "consumes") {
      const m = CONSUMES.exec(phase.text);
      const e = m ? readFields(m[1] ?? "", m[3] ?? "", section.line) : null;
      if (e) addEntry(section, e);
      else section.issues.push({ message: "cannot read the watchdog's 'consumes more than' line", line: section.line, column: 1, offset: section.start });
    } else if (phase.kind === "crash") {
      const e = readCrash(phase.text, section.line);
      if (e) addEntry(section, e);
    } else if (phase.kind === "report") {
      const e = MAX_QUEUE.test(phase.text) ? readCrash(phase.text, section.line) : null;
      if (e) readMessages(e);
      messages = null;
      if (e) addEntry(section, e);
      else if (MAX_QUEUE.test(phase.text)) section.issues.push(issueAt({ lineNo: section.line, offset: section.start, prefix: 0 }, "a crash report naming max_queue does not say which process crashed"));
      else nothing = true; // a crash report about something else
    } else if (phase.kind === "header") {
      section.issues.push({ message: "the overload warning never reached 'the top processes are:'", line: section.line, column: 1, offset: section.start });
    } else if (phase.kind === "prefix") {
      section.issues.push({ message: "the watchdog's line was cut before it said what it was, and no piece went on with it", line: section.line, column: 1, offset: section.start });
    }
    phase = { kind: "waiting", lines: 0 };
  }

  /**
   * A line with fewer stamps than the warning's first line has no timestamp of its own: in a CI
   * console that stamps every line, the first holds the CI's stamp and ejabberd's, a wrapped
   * piece the CI's alone. Blank and `** ` lines are never a piece.
   */
  const isContinuation = (l: LineView) => !hasOwnStamp(l, openStamps) && l.text.trim() !== "" && !l.text.startsWith("** ");
  /** The warning's first line: its stamps, its number as printed (for MAX_PIECES). */
  let openStamps = 0;
  let openPrinted = 0;
  // A piece keeps the blank it ends with: the next cut is then at a space (a terminal that wraps
  // `…by 10 ` / `process(es)…` keeps it), and the pieces join with it.
  const join = (before: string, piece: string) =>
    /\s$/.test(before) || /^\s/.test(piece) ? `${before.trimEnd()} ${piece.trimStart()}` : before + piece;
  /** A cut line turned out to be another watchdog message (a cut `Killed` line): no section. */
  let nothing = false;
  /**
   * The section is a crash report, not an overload warning: a `Killed` line after it is not its
   * own (the watchdog's count is of the warning's processes; the crashed process stopped itself)
   * and reads as a section of its own.
   */
  let crashed = false;
  /** A multi-line crash report: its brackets and quotes open so far (depthDelta's), its `messages:` list's lines. */
  let reportDepth = 0;
  const reportQuote = { quote: 0 };
  let messages: { builder: BlockBuilder; chars: number; done: boolean; lastEnd: number } | null = null;

  /**
   * A line of a crash report to its `messages:` list, if the list is open (`wrapped`: the line goes
   * on with the one before). The builder gets the log's own offsets: each line is preceded by what
   * separated it from the line before (its line break; blanks for a stamp this reader is not handed).
   */
  function feedMessages(l: LineView, wrapped: boolean): void {
    if (messages === null) {
      const m = wrapped ? null : MESSAGES.exec(l.text);
      if (!m) return;
      messages = { builder: createBlockBuilder(), chars: 0, done: false, lastEnd: l.endOffset };
      messages.done = messages.builder.push(l.text, 0, 0, l.text.length, l.text.length, l.offset, l.lineNo, m[1]!.length);
      messages.chars = l.text.length;
      return;
    }
    if (messages.done) return;
    if (messages.chars > MAX_MESSAGES) {
      messages.done = true; // read as a list cut there
      return;
    }
    const gap = l.offset - messages.lastEnd;
    const before = gap === 1 ? "\n" : gap === 2 ? "\r\n" : `\n${" ".repeat(Math.max(0, gap - 1))}`;
    const buf = before + l.text;
    messages.done = messages.builder.push(buf, 0, before.length, buf.length, buf.length, l.offset - before.length, l.lineNo, -1, wrapped);
    messages.chars += l.text.length;
    messages.lastEnd = l.endOffset;
  }

  /** The open crash report's `messages:` list, read as the crashed process's samples. */
  function readMessages(e: Entry): void {
    if (!messages || !section) return;
    const r = readSamples(messages.builder.build());
    e.samples = { samples: r.samples, cut: r.cut };
    section.issues.push(...r.issues);
  }

  /** The date of a crash.log report run into the end of a `Killed` line (RUN_IN_REPORT), and that line's number. */
  let runIn: { stamp: string; line: number } | null = null;

  /** Reads a `Killed` line into the open section: the processes it killed are marked. */
  function readKilled(killed: string, l: LineView): void {
    if (!section) return;
    const k = KILLED.exec(killed);
    if (!k) return;
    section.killed = { count: Number(k[1]), threshold: Number(k[2]) };
    // do_kill kills every process with `Len >= Threshold` (ejabberd_system_monitor.erl), the
    // threshold being the mean queue: in a one-process overload it is that process's queue.
    for (const e of section.entries) if (e.queueLen >= section.killed.threshold && !spared.has(e.pid)) e.info.killed = true;
    section.end = l.endOffset;
    const r = RUN_IN_REPORT.exec(killed);
    runIn = r?.[1] ? { stamp: r[1], line: l.lineNo } : null;
  }

  /** Opens the phase of a watchdog line (`text` with its level and pid) that reads as a warning; false when it does not. */
  function openWarning(text: string): boolean {
    const rest = watchdogText(text);
    if (rest !== null && OVERLOAD.test(rest)) {
      phase = rest.includes("the top processes are:") ? { kind: "top", current: null } : { kind: "header", text: rest };
      return true;
    }
    if (rest !== null && rest.startsWith("Process ")) {
      phase = { kind: "consumes", text: rest };
      if (CONSUMES.test(rest)) settle();
      return true;
    }
    return false;
  }

  return {
    kind: "ejabberd_system_monitor",
    starts(l) {
      // Every line of interest starts with its level (`[warning]`, `[error]`),
      // or is error_logger's `** Reason for termination ==` line.
      // (`crasher:` alone on its line: OTP's default formatter, after `=CRASH REPORT====`.)
      if (l.first === 99) return l.text.includes("crasher:") && CRASHER.test(l.text);
      // A `Killed` line that follows no warning (18.x's crash.log, a log cut before the warning).
      if (l.first === 75) return killedText(l.text) !== null;
      if (l.first !== 91 && l.first !== 42) return false;
      if (l.text.charCodeAt(0) === 91) {
        if (killedText(l.text) !== null) return true;
        const rest = watchdogText(l.text);
        if (rest !== null && (OVERLOAD.test(rest) || rest.startsWith("Process "))) return true;
        if (l.text.includes("@ejabb") && cutWatchdog(l.text)) return true;
      }
      // The first line of OTP logger's multi-line crash report.
      if (l.text.includes("crasher:") && CRASHER.test(l.text)) return true;
      // A crash report on one line (lager's `CRASH REPORT`, logger's `crasher:`) naming max_queue.
      return l.text.includes("max_queue") && MAX_QUEUE.test(l.text) && crashPid(l.text) !== null;
    },
    begin(l) {
      section = openSection("ejabberd_system_monitor", l);
      spared = new Set();
      openStamps = l.stamps;
      openPrinted = l.printed;
      nothing = false;
      crashed = false;
      const killed = killedText(l.text);
      if (killed !== null) {
        if (runIn && runIn.line === l.lineNo - 1 && !l.stamp) section.stamp = runIn.stamp;
        phase = { kind: "waiting", lines: 0 };
        readKilled(killed, l);
        const k = section.killed;
        if (k) {
          section.issues.push(
            issueAt(l, `ejabberd's watchdog killed ${k.count} process(es) with ${k.threshold} or more messages each; this line names none of them, and no overload warning read before it lists them (crash.log never holds that warning)`),
          );
        }
        return "done";
      }
      runIn = null;
      if (openWarning(l.text)) return "take";
      if (l.text.charCodeAt(0) === 91 && cutWatchdog(l.text)) {
        phase = { kind: "prefix", text: l.text };
        return "take";
      }
      crashed = true;
      if (!MAX_QUEUE.test(l.text) && CRASHER.test(l.text)) {
        phase = { kind: "report", text: l.text.trim(), joining: true };
        reportDepth = 0;
        reportQuote.quote = 0;
        messages = null;
        return "take";
      }
      phase = { kind: "crash", text: l.text };
      settle();
      return "take";
    },
    feed(l) {
      if (!section) return "end";
      // (A `Killed …` piece going on with a watchdog line cut in its prefix is that line's rest: phase `prefix` reads it.)
      const killed = (l.first === 75 && phase.kind !== "prefix") || l.first === 91 ? killedText(l.text) : null;
      if (killed !== null) {
        settle();
        if (crashed) return "end";
        readKilled(killed, l);
        return "done";
      }
      const rest = l.text.charCodeAt(0) === 91 ? watchdogText(l.text) : null;
      if (rest !== null) {
        const u = UNABLE.exec(rest);
        if (u) {
          // Part of the warning (the `Killed` line may still follow, or none when every process
          // at the threshold was spared): that process was not killed.
          settle();
          const name = u[1] ?? "";
          const id = canonicalPid(name) ?? nameFromText(name);
          if (id !== null) spared.add(id);
          section.end = l.endOffset;
          return "take";
        }
        settle();
        return "end"; // the next warning starts its own section
      }
      switch (phase.kind) {
        case "prefix": {
          if (!isContinuation(l) || l.printed - openPrinted >= MAX_PIECES) break;
          const text = join(phase.text, l.text);
          section.end = l.endOffset;
          if (openWarning(text)) return "take";
          if (cutWatchdog(text)) {
            phase.text = text;
            return "take";
          }
          // Another of the watchdog's lines (a `Killed` line cut in its prefix): nothing to read.
          nothing = true;
          phase = { kind: "waiting", lines: 0 };
          return "done";
        }
        case "header":
          if (!isContinuation(l) || l.printed - openPrinted >= MAX_PIECES) break;
          phase.text = join(phase.text, l.text);
          if (phase.text.includes("the top processes are:")) phase = { kind: "top", current: null };
          section.end = l.endOffset;
          return "take";
        case "top":
          if (l.text.startsWith("** ")) {
            flushEntry();
            phase.current = { text: l.text, line: l.lineNo, pieces: 1 };
            section.end = l.endOffset;
            return "take";
          }
          if (phase.current && isContinuation(l) && !COMPLETE_TOP_LINE.test(phase.current.text) && phase.current.pieces++ < MAX_PIECES) {
            phase.current.text = join(phase.current.text, l.text);
            section.end = l.endOffset;
            return "take";
          }
          break;
        case "consumes":
          if (!isContinuation(l) || l.printed - openPrinted >= MAX_PIECES) break;
          phase.text = join(phase.text, l.text);
          section.end = l.endOffset;
          if (CONSUMES.test(phase.text)) settle();
          return "take";
        case "crash":
          break;
        case "report": {
          // The report is its indented lines; the next line of the log is not indented, unless
          // it is the rest of a line hard-wrapped inside a term (see the file comment).
          const atStart = l.first !== -1 && l.text.charCodeAt(0) === l.first;
          const wrapped = atStart && phase.joining && !hasOwnStamp(l, openStamps) && (reportDepth > 0 || reportQuote.quote !== 0);
          if (l.first === -1 || (atStart && !wrapped)) {
            settle();
            return "end";
          }
          if (phase.joining) {
            // The neighbours' facts follow (their own `pid:`, `initial call:`): not the crasher's.
            if (!wrapped && /^\s*neighbours:/.test(l.text)) phase.joining = false;
            else {
              if (phase.text.length < MAX_REPORT) phase.text += wrapped ? l.text : ` ${l.text.trim()}`;
              reportDepth += depthDelta(l.text, reportQuote);
              feedMessages(l, wrapped);
            }
          }
          section.end = l.endOffset;
          return "take";
        }
        case "waiting":
          if (++phase.lines > KILLED_WINDOW) return "end";
          return "pass";
      }
      settle();
      return "pass";
    },
    close() {
      settle();
      const s = nothing ? null : section;
      section = null;
      nothing = false;
      if (s && s.entries.length === 0 && s.issues.length === 0) {
        s.issues.push(issueAt({ lineNo: s.line, offset: s.start, prefix: 0 }, "no process in the watchdog's warning"));
      }
      return s;
    },
  };
}
