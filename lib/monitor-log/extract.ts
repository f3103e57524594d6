// ## From collected text to records (the reshape step)
//
// The scanner hands over term blocks and marker lines; these functions turn
// them into the plain records of types.ts. Only the top list is required to
// parse; samples are read tolerantly, one element at a time, so a cut or
// garbled message costs an issue, not the run.
//
// Both lists have a fast path that builds no term tree: the top list's fixed
// shape is read by char code, and each sample goes through the shallow reader
// (lib/erlang-term/shallow.ts), which records offsets and decodes binaries.
// Whatever either is not sure of (HTML, a cut, an unusual token) is handed to
// the full parser, so the records are the same either way; equivalence.test.ts
// compares the two paths over every fixture and thousands of generated builds.

import { ErlangTermError, parseTerm, skipTerm, type ParseIssue } from "../erlang-term";
import { problemWords, REST_OF_TERM } from "../erlang-term/errors";
import { decodeHtml, detectHtml } from "../erlang-term/html";
import { createShallowTape, readShallow } from "../erlang-term/shallow";
import type { ErlTerm } from "../erlang-term/types";
import { MonitorLogError } from "./errors";
import { compactText, sampleFacts, shallowSampleFacts, type SampleFacts } from "./sample-facts";
import type { TermBlock } from "./term-block";
import type { LogIssue, SampleInfo, TopEntry } from "./types";

const TOP_SHAPE = "{Pid,{message_queue_len,N}}";

/**
 * Entries of a top list, and messages of a sample list, read at the most; the rest is left unread
 * (an issue of the run says so). The monitor prints 10 processes and about 20 messages. Without a
 * bound a crafted upload made a record per entry: 20 million one-atom messages, 39 KB of gzip,
 * took a server past its 4 GB heap (a security review, 2026-12-06). The database stores fewer
 * still (lib/db/ingest.ts MAX_STORED_ENTRIES).
 */
export const MAX_LIST_ENTRIES = 10_000;

/**
 * Longest top list, or message, the parser reads whole (the plain and shallow readers take any
 * length). A top list the plain reader passes over (HTML-pasted, unusually spaced) is one tree; at
 * this size, about 40,000 entries, a bigger one is no monitor's output, and its tree would take
 * gigabytes. A message the shallow reader passes over (a record, an escape, HTML) likewise.
 */
export const MAX_PARSED_TERM = 4 * 1024 * 1024;

/** The issue of a list read only to MAX_LIST_ENTRIES. */
const restUnread = (what: string) => `the ${what} goes on past ${MAX_LIST_ENTRIES.toLocaleString("en-US")} entries: the rest is not read`;
export const TOP_REST_UNREAD = restUnread("top list");
export const MESSAGES_REST_UNREAD = restUnread("message list");

function unreadable(block: TermBlock, offset: number, message: string): MonitorLogError {
  const at = block.locate(offset);
  return new MonitorLogError({ code: "unreadable_term", message, line: at.line, column: at.column, offset: at.offset });
}

function intValue(t: ErlTerm | undefined): number | null {
  return t && t.kind === "integer" && t.value >= 0n && t.value <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(t.value) : null;
}

/** How the lists are read; `shallow: false` is the reference path (full parse of everything). */
export type ReadOptions = { shallow: boolean };

const FAST: ReadOptions = { shallow: true };

// ### Top list, fast path

const isDigit = (c: number) => c >= 48 && c <= 57;

/** Next non-blank offset; -1 at anything the tokenizer would also skip (control characters, tags). */
function blanks(text: string, p: number): number {
  for (; p < text.length; p++) {
    const c = text.charCodeAt(p);
    if (c === 32 || c === 10 || c === 9 || c === 13) continue;
    return c === 60 && !isDigit(text.charCodeAt(p + 1)) ? -1 : c < 32 ? -1 : p;
  }
  return p;
}

/** Offset after a run of 1 to 15 digits at `p` (no leading zero when `canonical`), or -1. */
function digitsEnd(text: string, p: number, canonical: boolean): number {
  let q = p;
  while (isDigit(text.charCodeAt(q))) q++;
  if (q === p || q - p > 15 || (canonical && q - p > 1 && text.charCodeAt(p) === 48)) return -1;
  return q;
}

/** After `expected` at `p` and the blanks behind it, or -1. */
function punct(text: string, p: number, expected: number): number {
  return p >= 0 && text.charCodeAt(p) === expected ? blanks(text, p + 1) : -1;
}

const QUEUE_LEN = "message_queue_len";

/**
 * The top list in the one shape the monitor prints, read without a tree; null
 * for anything else (HTML, other spacing of tokens, odd values), which the
 * parser then reads, or rejects with its precise message.
 */
function readTopListPlain(text: string, issues: { offset: number; message: string }[]): TopEntry[] | null {
  let p = punct(text, blanks(text, 0), 91);
  const entries: TopEntry[] = [];
  if (p >= 0 && text.charCodeAt(p) === 93) return entries;
  while (p >= 0) {
    if (entries.length === MAX_LIST_ENTRIES) {
      issues.push({ offset: p, message: TOP_REST_UNREAD });
      return entries;
    }
    p = punct(text, p, 123);
    if (p < 0 || text.charCodeAt(p) !== 60) return null;
    const a = digitsEnd(text, p + 1, true);
    const b = a < 0 || text.charCodeAt(a) !== 46 ? -1 : digitsEnd(text, a + 1, true);
    const c = b < 0 || text.charCodeAt(b) !== 46 ? -1 : digitsEnd(text, b + 1, true);
    if (c < 0 || text.charCodeAt(c) !== 62) return null;
    // Built from its numbers so that it holds no reference to the block's text.
    const pid = `<${text.slice(p + 1, a)}.${text.slice(a + 1, b)}.${text.slice(b + 1, c)}>`;
    p = punct(text, punct(text, blanks(text, c + 1), 44), 123);
    if (p < 0 || !text.startsWith(QUEUE_LEN, p)) return null;
    const after = text.charCodeAt(p + QUEUE_LEN.length);
    if (after !== 44 && after !== 32 && after !== 10 && after !== 9 && after !== 13) return null;
    p = punct(text, blanks(text, p + QUEUE_LEN.length), 44);
    if (p < 0) return null;
    const n = digitsEnd(text, p, false);
    const next = text.charCodeAt(n);
    if (n < 0 || next === 35 || (next === 46 && isDigit(text.charCodeAt(n + 1)))) return null;
    entries.push({ rank: entries.length + 1, pid, queueLen: Number(text.slice(p, n)) });
    p = punct(text, punct(text, blanks(text, n), 125), 125);
    if (p < 0) return null;
    if (text.charCodeAt(p) === 93) return entries;
    p = punct(text, p, 44);
  }
  return null;
}

/**
 * `[{<6562.783.478>,{message_queue_len,3102}}, ...]` → entries (at most MAX_LIST_ENTRIES, an issue
 * for the rest); throws MonitorLogError.
 */
export function readTopList(block: TermBlock, options: ReadOptions = FAST): { top: TopEntry[]; issues: LogIssue[] } {
  const found: { offset: number; message: string }[] = [];
  const plain = readTopListPlain(block.text, found);
  // The plain reader's answer, where the parser would give the same (the fast path; the reference
  // parses even a plain list, up to MAX_PARSED_TERM), and for a list it read to the bound: the
  // parser would read the rest too, and refuse a tail the plain reader leaves unread.
  if (plain && !block.html && (options.shallow || block.text.length > MAX_PARSED_TERM || found.length > 0)) {
    return { top: plain, issues: found.map((issue) => toLogIssue(block, issue)) };
  }
  if (block.text.length > MAX_PARSED_TERM) {
    const mb = (block.text.length / (1024 * 1024)).toFixed(1);
    throw unreadable(block, 0, `cannot read the top list: ${mb} MiB of it ${block.html ? "pasted as HTML" : "in a form other than the monitor's"}, read only up to ${MAX_PARSED_TERM / (1024 * 1024)} MiB (a monitor's top list is a few lines)`);
  }
  let term: ErlTerm | null;
  try {
    term = parseTerm(block.text, { start: 0 }).term;
  } catch (e) {
    if (e instanceof ErlangTermError) {
      throw unreadable(block, e.offset, `cannot read the top list: expected ${e.expected} but found ${e.found}`);
    }
    throw e;
  }
  if (!term || term.kind !== "list") {
    throw unreadable(block, term?.start ?? 0, `cannot read the top list: expected a list of ${TOP_SHAPE}`);
  }
  const issues: LogIssue[] = [];
  const elements = term.elements.length > MAX_LIST_ENTRIES ? term.elements.slice(0, MAX_LIST_ENTRIES) : term.elements;
  if (elements !== term.elements) issues.push(toLogIssue(block, { offset: term.elements[MAX_LIST_ENTRIES]!.start, message: TOP_REST_UNREAD }));
  const top = elements.map((e, i) => {
    const inner = e.kind === "tuple" ? e.elements[1] : undefined;
    const pid = e.kind === "tuple" ? e.elements[0] : undefined;
    const queueLen =
      inner?.kind === "tuple" && inner.elements[0]?.kind === "atom" && inner.elements[0].value === "message_queue_len"
        ? intValue(inner.elements[1])
        : null;
    if (e.kind !== "tuple" || pid?.kind !== "pid" || queueLen === null) {
      throw unreadable(block, e.start, `cannot read the top list: expected ${TOP_SHAPE} as entry ${i + 1}`);
    }
    return { rank: i + 1, pid: pid.text, queueLen };
  });
  return { top, issues };
}

// ## Marker lines

const PID_RE = /(?:<|&lt;)(\d+)\.(\d+)\.(\d+)(?:>|&gt;)/;

/** The pid in a marker line, in canonical `<a.b.c>` form. */
export function pidIn(text: string): string | null {
  const m = PID_RE.exec(text);
  return m ? `<${m[1]}.${m[2]}.${m[3]}>` : null;
}

/**
 * The value after `message queue len of pid <pid> :`: `{message_queue_len,N}`,
 * or `undefined` when `process_info` found no process.
 */
export function readQueueValue(text: string): { queueLen: number | null; dead: boolean; ok: boolean; unsafe?: string } {
  const plain = text
    // `[^<>]`, not `[^>]`: on `<a<a<a…` without a `>`, each `<` scanned to the line's end (quadratic:
    // 150,000 of them, a 617-byte gzip, held the server 18 s).
    .replace(/<[a-zA-Z/][^<>]*>/g, "")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">");
  const pidEnd = plain.search(/>\s*:/);
  const value = plain.slice(plain.indexOf(":", pidEnd === -1 ? 0 : pidEnd) + 1).trim();
  if (value === "undefined") return { queueLen: null, dead: true, ok: true };
  const m = /^\{\s*message_queue_len\s*,\s*(\d+)\s*\}$/.exec(value);
  if (!m) return { queueLen: null, dead: false, ok: false };
  const queueLen = Number(m[1]);
  // Past 2^53 a number is no longer the digits written (…993 reads as …992): as in the top list, not a queue length.
  return Number.isSafeInteger(queueLen) ? { queueLen, dead: false, ok: true } : { queueLen: null, dead: false, ok: false, unsafe: m[1] };
}

// ## Samples

const isBlank = (c: number) => c === 32 || c === 9 || c === 10 || c === 13;

/**
 * Skips whitespace (U+00A0 too: indentation copied from a web page, whitespace to the tokenizer)
 * and HTML tags (pasted consoles put `</span>` anywhere).
 */
function skipFiller(text: string, p: number): number {
  for (;;) {
    while (p < text.length && (isBlank(text.charCodeAt(p)) || text.charCodeAt(p) === 0xa0)) p++;
    if (text.charCodeAt(p) !== 60) return p;
    const n = text.charCodeAt(p + 1);
    const tagStart = (n >= 97 && n <= 122) || (n >= 65 && n <= 90) || n === 47;
    const close = tagStart ? text.indexOf(">", p) : -1;
    if (close === -1) return p;
    p = close + 1;
  }
}

function toLogIssue(block: TermBlock, issue: { offset: number; message: string }): LogIssue {
  const at = block.locate(issue.offset);
  // The parser's message ends with a position in the block; the log's position replaces it.
  const message = issue.message.replace(/ at \d+:\d+$/, "");
  return { message, line: at.line, column: at.column, offset: at.offset };
}

function issueText(i: Pick<ParseIssue, "code" | "offset" | "message">): { offset: number; message: string } {
  return { offset: i.offset, message: i.code === "truncated" ? `term cut: ${i.message}` : i.message };
}

/**
 * A sample's text as its summary shows it when its facts give none: in HTML-pasted text, decoded
 * as the parser read it (`#Ref<0.1.2>`, not `#Ref&lt;0.1.2&gt;`), when the parser decided so.
 */
function shownText(block: TermBlock, start: number, end: number): string {
  return block.html && detectHtml(block.text, start) ? decodeHtml(block.text, start, end).text : block.text.slice(start, end);
}

function toSample(block: TermBlock, start: number, end: number, facts: SampleFacts, index: number, truncated: boolean): SampleInfo {
  const at = block.locate(start);
  return {
    index,
    raw: block.raw(start, end),
    start: at.offset,
    end: block.toAbsEnd(end),
    line: at.line,
    column: at.column,
    kind: facts.kind,
    stanza: facts.stanza,
    summary: facts.summary ?? compactText(shownText(block, start, end)),
    destination: facts.destination,
    sender: facts.sender,
    request: facts.request,
    decoded: facts.decoded,
    truncated: facts.truncated || truncated,
  };
}

/**
 * Messages with a syntax error (not a cut: the text goes on) that the list is read past, at most;
 * past them the list counts as cut there, as before (each costs an issue).
 */
const MAX_GARBLED = 8;

/**
 * Where the garbled list element starting at `p` ends, by skipTerm (brackets, `<<>>`, quoted text,
 * `$c`, pids and refs counted; nothing else checked), with the `,`, `]` or `|` (~P's `|...]`)
 * after it; null when its brackets do not balance or no separator follows.
 */
function garbledEnd(text: string, p: number): { end: number; separator: number } | null {
  const end = skipTerm(text, p);
  if (end < 0) return null;
  const separator = skipFiller(text, end);
  const c = text.charCodeAt(separator);
  return c === 44 || c === 93 || c === 124 ? { end, separator } : null;
}

/** One tape for every sample: its rows are reused, so reading a sample allocates almost nothing. */
const tape = createShallowTape();


/**
 * Does `{messages,` open at `q` (before `e`)? A monitor that prints `process_info(Pid, messages)`
 * as it is prints its list inside that tuple; with `~p` the list starts on the next line.
 */
export function messagesTupleAt(text: string, q: number, e: number): boolean {
  if (!text.startsWith("{messages", q)) return false;
  const c = text.charCodeAt(q + 9);
  return q + 9 >= e || c === 44 || isBlank(c);
}

/** Where the list inside `{messages, […]}` at `p` starts (its `[`, or `...` where ~P cut it); -1 when it is not that tuple. */
function messagesListAt(text: string, p: number): number {
  if (!messagesTupleAt(text, p, text.length)) return -1;
  const comma = skipFiller(text, p + 9);
  return text.charCodeAt(comma) === 44 ? skipFiller(text, comma + 1) : -1;
}

/**
 * Reads the sample list `[Msg1, Msg2, ...]` element by element. Each element
 * is read alone (its tape or tree lives only while its facts are taken), so
 * memory follows the largest message, not the list, and a `....` line after
 * a complete message is a clean cut, not a parse issue.
 */
export function readSamples(block: TermBlock, options: ReadOptions = FAST): { samples: SampleInfo[]; cut: boolean; issues: LogIssue[] } {
  const text = block.text;
  const samples: SampleInfo[] = [];
  const issues: LogIssue[] = [];
  let garbled = 0;
  const html = block.html ? "auto" : false;
  // HTML-pasted text is decoded by the parser; the shallow reader only reads raw text.
  const shallow = options.shallow && !block.html;
  let p = skipFiller(text, block.termStart);
  // `{messages, […]}`: the list is the tuple's second element (the `}` after it is not read).
  const inTuple = text.charCodeAt(p) === 123 ? messagesListAt(text, p) : -1;
  if (inTuple !== -1) {
    p = inTuple;
    // `{messages,...}`: ~P cut the tuple before its list.
    if (text.startsWith("...", p) || p >= text.length) return { samples, cut: true, issues };
  }
  if (text.charCodeAt(p) !== 91) {
    issues.push(toLogIssue(block, { offset: p, message: "expected '[' to open the message list" }));
    return { samples, cut: true, issues };
  }
  p++;
  try {
    for (;;) {
      p = skipFiller(text, p);
      // End of the collected text: the list never closed.
      if (p >= text.length) return { samples, cut: true, issues };
      if (text.charCodeAt(p) === 93) return { samples, cut: false, issues };
      // `...` where ~P cut the list.
      if (text.startsWith("...", p)) return { samples, cut: true, issues };
      if (samples.length === MAX_LIST_ENTRIES) {
        issues.push(toLogIssue(block, { offset: p, message: MESSAGES_REST_UNREAD }));
        return { samples, cut: true, issues };
      }
      // A message's tree costs some 50 times its text (a review measured 1.7 GB for a 32 MB message
      // in a record), its tape some 10 times: one is read whole up to MAX_PARSED_TERM, as a top
      // list is; past it, neither path reads it or the rest of the list.
      if (text.length - p > MAX_PARSED_TERM) {
        const whole = block.html ? -1 : skipTerm(text, p);
        if (whole === -1 || whole - p > MAX_PARSED_TERM) {
          const what = block.html ? "a message list pasted as HTML goes on" : "a message goes on";
          issues.push(toLogIssue(block, { offset: p, message: `${what} for more than ${MAX_PARSED_TERM / (1024 * 1024)} MiB: it and the rest of the list are not read` }));
          return { samples, cut: true, issues };
        }
      }
      // Tolerant: a message the text ends inside (the monitor's list cut mid-message) is read here
      // too, with what the parser's partial tree would give, instead of by the parser.
      const end = shallow ? readShallow(tape, text, p, true) : -1;
      if (end >= 0) {
        const cut = tape.cut >= 0;
        samples.push(toSample(block, p, end, shallowSampleFacts(tape), samples.length, cut));
        if (cut) {
          // The parser's one issue for it (tolerant parseTerm: `truncated`, at the end of the text).
          const words = problemWords(REST_OF_TERM, "end of input");
          issues.push(toLogIssue(block, issueText({ code: "truncated", offset: text.length, message: words })));
          return { samples, cut: true, issues };
        }
        p = skipFiller(text, end);
      } else {
        const r = parseTerm(text, { start: p, tolerant: true, html });
        for (const i of r.issues) issues.push(toLogIssue(block, issueText(i)));
        // A syntax error the text goes on after (a message garbled, not cut): the message is kept as
        // written, to the `,` or `]` after it, and the list is read on from there.
        const resync =
          r.term && r.issues.length > 0 && !block.html && garbled < MAX_GARBLED && r.issues.every((i) => i.code === "syntax") ? garbledEnd(text, r.term.start) : null;
        // Not when the parser read past that end: the two disagree on where the message ends, and the list is not read on.
        if (resync && r.term && r.term.end <= resync.end) {
          garbled++;
          samples.push(toSample(block, r.term.start, resync.end, sampleFacts(r.term), samples.length, true));
          p = resync.separator;
        } else {
          if (!r.term) return { samples, cut: true, issues };
          const { start, end: termEnd } = r.term;
          samples.push(toSample(block, start, termEnd, sampleFacts(r.term), samples.length, r.issues.length > 0));
          if (r.issues.length > 0) return { samples, cut: true, issues };
          p = skipFiller(text, Math.max(r.end, termEnd));
        }
      }
      const sep = text.charCodeAt(p);
      if (sep === 44) p++; // ,
      else if (sep === 93) return { samples, cut: false, issues }; // ]
      else if (sep === 124 || p >= text.length) return { samples, cut: true, issues }; // |...] or the end
      else {
        issues.push(toLogIssue(block, { offset: p, message: "expected ',' or ']' after a message" }));
        return { samples, cut: true, issues };
      }
    }
  } finally {
    // The tape would otherwise keep the last block's text alive.
    tape.text = "";
  }
}
