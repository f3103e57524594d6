// ## Experiment, not product code: how fast can the scanner's fast path be? (issue #3)
//
// Nothing imports this file; it measures a design. Written 2026-12-05 to answer whether the
// ingest path can reach JSON.parse's speed, which the current line-driven scanner misses by
// 3-4x (bench:scan: fast path / JSON.parse 0.28-0.38x). Measured then on the bench's 10 MB log
// (seed 7, 835 runs, 16,825 samples), each operation in its own child process, 9 children,
// median of 7 after 5 warm-ups, on this 2-core shared machine:
//   (a) top list, queue lengths, pids, each sample's span + kind + destination (the issue's
//       list): 39.3 ms, 1.01x JSON.parse by MB/s (JSON.parse 18.7 ms on the 4.75 MB of JSON);
//   (b) (a) + summary and decoded binaries, as the product stores them: 78.0 ms, 0.51x;
//   element boundaries alone: 17.0 ms (2.34x); the current fast path: 143.9 ms (0.28x).
// Its runs and samples agreed with createRunScanner's (shallow) on every field for that log
// (the only log it was checked on: no HTML, GitLab cuts or unusual prefixes). What integrating
// it would take: streaming (it reads one whole string; the ingest reads 256 KB chunks with
// noise skipping and must keep memory flat), per-run fallback to the line scanner (line
// prefixes other than a uniform Jenkins stamp, HTML pages, GitLab's cut lines), a reader for
// cut elements that answers as the tolerant parser does, and computing summaries and decoded
// binaries when a sample is opened instead of at ingest (what (b) costs over (a)).
//
// Throw-away prototype: a single-pass fast scan of plain monitor logs (raw ~p text, optional
// Jenkins `[ISO] ` stamps, no HTML, no GitLab cuts). Markers found with indexOf; one tight
// quote-aware bracket loop over each sample list records top-level element boundaries and a few
// comma positions; kind/destination from targeted reads inside each element's span. Anything
// unusual in an element falls back to the shallow reader / parser on the prefix-stripped text.
//
//   npx tsx scripts/experiments/fast-scan-prototype.ts   (bench + correctness vs createRunScanner shallow)

import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseTerm } from "../../lib/erlang-term/index";
import { createShallowTape, readShallow } from "../../lib/erlang-term/shallow";
import { generateLog } from "../../lib/monitor-log/generate";
import { forEachLine } from "../../lib/monitor-log/line-reader";
import { linePrefixLength, timestampText, timestampToIso } from "../../lib/monitor-log/markers";
import { compactText, sampleFacts, shallowSampleFacts, type SampleFacts } from "../../lib/monitor-log/sample-facts";
import { createRunScanner } from "../../lib/monitor-log/scan";
import type { MonitorRun } from "../../lib/monitor-log/types";

export type PSample = {
  index: number;
  start: number;
  end: number;
  raw: string;
  kind: string;
  destination: string | null;
  // full mode only
  stanza?: string | null;
  sender?: string | null;
  request?: string | null;
  summary?: string;
  decoded?: string[];
  truncated?: boolean;
  line?: number;
  column?: number;
};
export type PRun = {
  start: number;
  end: number;
  line: number;
  job: string | null;
  number: number | null;
  url: string | null;
  startedAt: string | null;
  top: { rank: number; pid: string; queueLen: number }[];
  inspected: { pid: string; queueLen: number | null; dead: boolean; samples: PSample[]; samplesCut: boolean } | null;
};

/** Not an Error: no stack trace to capture (that cost ~1.4 ms per scan). */
class Fallback {
  constructor(readonly message: string) {}
}
const fail = (why: string): never => {
  (globalThis as { __lastFail?: string }).__lastFail = why;
  throw new Fallback(why);
};

const HEADER = "processes sorted by queue_len desc:";
const INSPECT = "message queue len of pid ";
const SAMPLES = "message in pid ";

// char classes for the list loop
const K_OPEN = 1,
  K_CLOSE = 2,
  K_DQ = 3,
  K_SQ = 4,
  K_COMMA = 5,
  K_NL = 6,
  K_LT = 7;
const cls = new Uint8Array(128);
cls[123] = cls[91] = K_OPEN;
cls[125] = cls[93] = K_CLOSE;
cls[34] = K_DQ;
cls[39] = K_SQ;
cls[44] = K_COMMA;
cls[10] = K_NL;
cls[60] = K_LT;

let T = ""; // the log
let stamped = false;
let full = false;
/** Ablation: element boundaries only, no kind/destination. */
let noFacts = false;
/** Ablation: cut elements not sent to the parser. */
let noCutFallback = false;
const stats = { elemFallbacks: 0, runFallbacks: 0, fallbackWhy: new Map<string, number>() };

const utf8 = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });

/** Skip blanks, newlines (and the stamp after them on stamped runs). */
function ws(p: number): number {
  for (;;) {
    const c = T.charCodeAt(p);
    if (c === 32 || c === 9) p++;
    else if (c === 10) {
      p++;
      if (stamped) {
        if (T.charCodeAt(p) !== 91) fail("unstamped line");
        p = T.indexOf("] ", p) + 2;
      }
    } else return p;
  }
}

/** End of the string/quoted atom opened at p (index after the closing quote). */
function skipQuoted(p: number, q: number): number {
  let j = T.indexOf(q === 34 ? '"' : "'", p + 1);
  for (;;) {
    if (j < 0) fail("open quote");
    let k = j - 1;
    while (T.charCodeAt(k) === 92) k--;
    if ((j - 1 - k) % 2 === 0) return j + 1;
    j = T.indexOf(q === 34 ? '"' : "'", j + 1);
  }
}

// ## Binaries

const LATIN1_HIGH = /[\x80-\xff]/;
let binEnd = 0;
let binSize = 0;
const byteBuf = new Uint8Array(1 << 16);
/** Decodes the binary at p (`<<`): its UTF-8 text or null; sets binEnd, binSize. */
function readBin(p: number): string | null {
  let q = p + 2;
  let c = T.charCodeAt(q);
  if (c === 62 && T.charCodeAt(q + 1) === 62) {
    binEnd = q + 2;
    binSize = 0;
    return "";
  }
  if (c === 34) {
    const e = skipQuoted(q, 34);
    const s = T.slice(q + 1, e - 1);
    if (s.indexOf("\\") >= 0) fail("escape in binary");
    if (T.charCodeAt(e) === 62 && T.charCodeAt(e + 1) === 62) {
      if (LATIN1_HIGH.test(s)) fail("latin1 binary");
      binEnd = e + 2;
      binSize = -1; // computed where needed
      return s;
    }
    if (T.startsWith("/utf8>>", e)) {
      binEnd = e + 7;
      binSize = -1;
      return s;
    }
    return fail("binary segments");
  }
  let n = 0;
  // bytes: digits, commas, blanks, newlines (+ stamps); the caller checked the list for a cut
  for (;;) {
    c = T.charCodeAt(q);
    if (c >= 48 && c <= 57) {
      let v = c - 48;
      c = T.charCodeAt(++q);
      while (c >= 48 && c <= 57) {
        v = v * 10 + c - 48;
        c = T.charCodeAt(++q);
      }
      if (v > 255 || n >= byteBuf.length) fail("byte>255");
      byteBuf[n++] = v;
      continue;
    }
    if (c === 44 || c === 32) q++;
    else if (c === 62) {
      if (T.charCodeAt(q + 1) !== 62) fail("byte list");
      break;
    } else if (c === 10) q = ws(q);
    else fail("byte");
  }
  binEnd = q + 2;
  binSize = n;
  // The same bytes as last time (a room's name, sample after sample): the same text, no decode.
  if (n === lastN) {
    let same = true;
    for (let k = 0; k < n; k++)
      if (byteBuf[k] !== lastBytes[k]) {
        same = false;
        break;
      }
    if (same) return lastText;
  }
  let text: string | null;
  try {
    text = utf8.decode(byteBuf.subarray(0, n));
  } catch {
    text = null;
  }
  if (n <= lastBytes.length) {
    lastBytes.set(byteBuf.subarray(0, n));
    lastN = n;
    lastText = text;
  }
  return text;
}
const lastBytes = new Uint8Array(256);
let lastN = -1;
let lastText: string | null = null;

// ## Small targeted readers

let termEnd = 0;
/** Skips the term at p (quote-aware bracket count); returns its end. */
function skipTerm(p: number): number {
  let depth = 0;
  for (let i = p; ; i++) {
    const c = T.charCodeAt(i);
    if (i >= T.length) fail("eof");
    if (c === 123 || c === 91) depth++;
    else if (c === 125 || c === 93) {
      if (depth === 0) return i;
      if (--depth === 0) return i + 1;
    } else if (c === 34 || c === 39) i = skipQuoted(i, c) - 1;
    else if (c === 60 && T.charCodeAt(i + 1) === 60) {
      if (T.charCodeAt(i + 2) === 34) i = T.indexOf(">>", skipQuoted(i + 2, 34)) + 1;
      else {
        const e = skipBytes(i + 2);
        if (e < 0) fail("cut bytes");
        i = e - 1;
      }
    } else if (c === 44 && depth === 0) return i;
    else if (c === 10) {
      if (stamped) i = T.indexOf("] ", i) + 1;
    }
  }
}

const TAGS = ["'$gen_event'", "'$gen_call'", "route", "p1_mysql_recv", "'$gen_cast'", "timeout", "tcp_closed"];
const TAG_NAMES = TAGS.map((t) => t.replace(/'/g, ""));
/** A common tag at p as a constant string (no allocation); sets termEnd. */
function knownTag(p: number): string | null {
  for (let k = 0; k < TAGS.length; k++) {
    const t = TAGS[k]!;
    if (T.startsWith(t, p)) {
      const c = T.charCodeAt(p + t.length);
      if (c === 44 || c === 125 || c === 32 || c === 10) {
        termEnd = p + t.length;
        return TAG_NAMES[k]!;
      }
    }
  }
  return null;
}

/** Unquoted atom at p, or null; sets termEnd. */
function atomAt(p: number): string | null {
  let c = T.charCodeAt(p);
  if (c === 39) {
    const e = skipQuoted(p, 39);
    termEnd = e;
    const s = T.slice(p + 1, e - 1);
    if (s.indexOf("\\") >= 0) fail("escaped atom");
    return s;
  }
  if (c < 97 || c > 122) return null;
  let q = p + 1;
  for (;;) {
    c = T.charCodeAt(q);
    if ((c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95 || c === 64) q++;
    else break;
  }
  termEnd = q;
  return T.slice(p, q);
}

/** Pid/ref/port text at p (`<a.b.c>`, `#Ref<...>`, `#Port<...>`), or null. */
function idAt(p: number): string | null {
  const c = T.charCodeAt(p);
  if (c === 60) {
    const e = T.indexOf(">", p);
    const s = T.slice(p, e + 1);
    if (!/^<\d+\.\d+\.\d+>$/.test(s)) return null;
    return s;
  }
  if (c === 35 && (T.startsWith("#Ref<", p) || T.startsWith("#Port<", p))) {
    const e = T.indexOf(">", p);
    return T.slice(p, e + 1);
  }
  return null;
}

/** Text of a binary at p, or null (not a binary). `[]` → "". */
function textAt(p: number): string | null {
  if (T.charCodeAt(p) === 60 && T.charCodeAt(p + 1) === 60) return readBin(p);
  if (T.charCodeAt(p) === 91 && T.charCodeAt(p + 1) === 93) return "";
  if (T.charCodeAt(p) === 34) fail("char list text");
  return null;
}

/** Next element start after the term at p (expects `,`); -1 at the tuple's end. */
function nextEl(p: number): number {
  const e = ws(skipTerm(p));
  return T.charCodeAt(e) === 44 ? ws(e + 1) : -1;
}

/** `{jid,U,S,R,...}` at p → `u@s/r`, or null. */
function jidAt(p: number): string | null {
  if (!T.startsWith("{jid,", p)) return null;
  let q = ws(p + 5);
  const u = textAt(q);
  q = nextEl(q);
  if (q < 0) return null;
  const s = textAt(q);
  q = nextEl(q);
  if (q < 0) return null;
  const r = textAt(q);
  if (s === null || s === "") return null;
  return `${u ? `${u}@` : ""}${s}${r ? `/${r}` : ""}`;
}

type Stanza = { name: string; to: string | null; from: string | null; route: boolean };

/** findStanza for the packet at p. */
function stanzaAt(p: number): Stanza | null {
  if (T.charCodeAt(p) !== 123) return null;
  const tag = T.startsWith("xmlel,", p + 1) ? ((termEnd = p + 6), "xmlel") : atomAt(p + 1);
  if (tag === null) return null;
  if (tag === "xmlel") {
    let q = ws(termEnd);
    if (T.charCodeAt(q) !== 44) return null;
    q = ws(q + 1);
    const name = textAt(q);
    if (name !== "message" && name !== "iq" && name !== "presence") return null;
    q = ws(binEnd);
    if (T.charCodeAt(q) !== 44) return null;
    q = ws(q + 1);
    if (T.charCodeAt(q) !== 91) fail("attrs");
    let to: string | null = null;
    let from: string | null = null;
    q = ws(q + 1);
    while (T.charCodeAt(q) !== 93) {
      if (T.charCodeAt(q) !== 123) fail("attr");
      // the key compared in place; only the values wanted are decoded, the others skipped
      const kp = ws(q + 1);
      const isTo = T.startsWith('<<"to">>', kp);
      const isFrom = !isTo && T.startsWith('<<"from">>', kp);
      let v = isTo ? kp + 8 : isFrom ? kp + 10 : skipTerm(kp);
      v = ws(v);
      if (T.charCodeAt(v) !== 44) fail("attr,");
      v = ws(v + 1);
      let e: number;
      if ((isTo && to === null) || (isFrom && from === null && full)) {
        const val = textAt(v);
        if (val === null) fail("attr value");
        e = ws(binEnd);
        if (isTo) to = val;
        else from = val;
      } else e = ws(skipTerm(v));
      if (T.charCodeAt(e) !== 125) fail("attr shape");
      e = ws(e + 1);
      if (T.charCodeAt(e) === 44) q = ws(e + 1);
      else q = e;
    }
    return { name, to, from, route: false };
  }
  if (tag === "xmlelement") return fail("xmlelement");
  if (tag === "message" || tag === "iq" || tag === "presence") {
    let q = ws(termEnd);
    if (T.charCodeAt(q) !== 44) return null;
    q = ws(q + 1);
    for (let i = 1; i < 4 && q >= 0; i++) q = nextEl(q);
    if (q < 0) return null;
    const fromAt = q;
    q = nextEl(q);
    if (q < 0) return null;
    const to = jidAt(q);
    // the sender only when wanted, or when it decides whether this is a stanza at all
    const from = full || to === null ? jidAt(fromAt) : null;
    if (to === null && from === null) return null;
    if (nextEl(q) < 0) return null; // el.length >= 6
    return { name: tag, to, from, route: false };
  }
  return null;
}

// ## Per-element facts

const facts: SampleFacts = { kind: "other", stanza: null, destination: null, sender: null, request: null, decoded: [], summary: null, truncated: false };
let elDecoded: string[] = [];

function requestShape(p: number): string | null {
  const c = T.charCodeAt(p);
  if (c === 123) {
    if (T.charCodeAt(p + 1) === 125) return "{}";
    const tag = atomAt(p + 1);
    if (tag === null) return "tuple";
    const e = ws(termEnd);
    return T.charCodeAt(e) === 125 ? `{${tag}}` : tag;
  }
  const a = atomAt(p);
  if (a !== null) return a;
  return fail("request kind");
}

function rpcTarget(p: number): string | null {
  if (T.charCodeAt(p) !== 123) return null;
  const tag = atomAt(p + 1);
  if (tag !== "call" && tag !== "block_call" && tag !== "cast") return null;
  let q = ws(termEnd);
  if (T.charCodeAt(q) !== 44) return null;
  q = ws(q + 1);
  const m = atomAt(q);
  q = ws(termEnd);
  if (m === null || T.charCodeAt(q) !== 44) return null;
  const f = atomAt(ws(q + 1));
  if (f === null) return null;
  const after = ws(termEnd);
  if (T.charCodeAt(after) !== 44) return null; // at least 4 elements
  return `${m}:${f}`;
}

/**
 * Kind, destination (and in full mode the rest) of the tuple element [s, e); c2a/c2b: first two
 * depth-2 commas, c2: last depth-2 comma, n2: their count, c3: last depth-3 comma.
 */
function elemFacts(s: number, c2a: number, c2b: number, c2: number, n2: number, c3: number): void {
  facts.kind = "other";
  facts.stanza = null;
  facts.destination = null;
  facts.sender = null;
  facts.request = null;
  facts.summary = null;
  const p = ws(s + 1);
  const tag = knownTag(p) ?? atomAt(p);
  if (tag === null) {
    if (n2 !== 1) return;
    const c = T.charCodeAt(p);
    let reply = false;
    let sender: string | null = null;
    const body = ws(c2 + 1);
    if (c === 35 && T.startsWith("#Ref<", p)) {
      reply = true;
      sender = idAt(p);
    } else if (c === 60) {
      reply = T.startsWith("{reply,", body);
      sender = idAt(p);
    } else if (c === 91 && T.startsWith("[alias|#Ref<", p)) {
      reply = true;
      sender = "[alias|Ref]";
    }
    if (!reply) return;
    facts.kind = "reply";
    facts.sender = sender;
    if (full) {
      const isReplyTuple = T.startsWith("{reply,", body);
      const v = isReplyTuple ? ws(body + 7) : body;
      const a = atomAt(v);
      let vk: string;
      if (a !== null) vk = a;
      else if (T.charCodeAt(v) === 91) vk = "list";
      else if (T.charCodeAt(v) === 123) vk = "tuple";
      else vk = fail("reply value");
      facts.summary = `reply to ${sender} (${vk})`;
    }
    return;
  }
  facts.kind = tag;
  // findStanza through the envelopes
  let st: Stanza | null = null;
  if (tag === "route" || tag.startsWith("$gen_")) {
    if (n2 >= 1) {
      const last = ws(c2 + 1);
      if (tag === "route") {
        st = stanzaAt(last);
        if (st) {
          st.route = true;
          if (n2 >= 3 && (st.to === null || (full && st.from === null))) {
            const from = ws(c2a + 1);
            const to = ws(c2b + 1);
            st.from ??= jidAt(from);
            st.to ??= jidAt(to);
          }
        }
      } else if (T.charCodeAt(last) === 123) {
        const inner = atomAt(last + 1);
        if (inner === "route") {
          const routeTagEnd = termEnd;
          if (c3 > last) {
            st = stanzaAt(ws(c3 + 1));
            if (st) {
              st.route = true;
              if (st.to === null || (full && st.from === null)) {
                // route's own From/To (4 elements)
                let q = ws(ws(routeTagEnd) + 1);
                const from = q;
                q = nextEl(q);
                const to = q;
                const third = q < 0 ? -1 : nextEl(q);
                if (third >= 0) {
                  st.from ??= jidAt(from);
                  st.to ??= jidAt(to);
                }
              }
            }
          }
        } else if (inner !== null && (inner.startsWith("$gen_") || inner === "xmlel" || inner === "message" || inner === "iq" || inner === "presence" || inner === "xmlelement")) {
          if (inner.startsWith("$gen_")) fail("nested gen envelope");
          st = stanzaAt(last);
        }
      }
    }
  } else if (tag === "xmlel" || tag === "message" || tag === "iq" || tag === "presence" || tag === "xmlelement") {
    st = stanzaAt(s);
  }
  if (st) {
    facts.stanza = st.name as SampleFacts["stanza"];
    facts.destination = st.to;
    facts.sender = st.from;
    if (full) {
      const envelope = tag === st.name ? "" : tag === "route" || !st.route ? `${tag} ` : `${tag} route `;
      facts.summary = `${envelope}${st.name}${st.to ? ` to ${st.to}` : ""}${st.from ? ` from ${st.from}` : ""}`;
    }
    return;
  }
  if (tag === "$gen_call" || tag === "$gen_sync_event" || tag === "$gen_sync_all_state_event") {
    if (n2 < 2) {
      if (full) fail("short gen_call");
      return;
    }
    const req = ws(c2b + 1);
    facts.destination = rpcTarget(req);
    if (full) {
      facts.request = requestShape(req);
      const from = ws(c2a + 1);
      if (T.charCodeAt(from) === 123) facts.sender = idAt(ws(from + 1));
      facts.summary = `${tag} ${facts.request ?? "?"}${facts.destination ? ` ${facts.destination}` : ""}${facts.sender ? ` from ${facts.sender}` : ""}`;
    }
    return;
  }
  if (tag === "$gen_cast") {
    fail("gen_cast");
  }
  if (full && tag === "p1_mysql_recv") {
    if (n2 < 3) fail("short p1_mysql");
    facts.sender = idAt(ws(c2a + 1));
    const what = atomAt(ws(c2b + 1));
    const pk = nextEl(ws(c2b + 1));
    let size: number | undefined;
    if (pk >= 0 && T.charCodeAt(pk) === 60 && T.charCodeAt(pk + 1) === 60) {
      const t = readBin(pk);
      size = binSize >= 0 ? binSize : Buffer.byteLength(t ?? "");
    }
    facts.summary = `p1_mysql_recv ${what ?? "?"} from ${facts.sender ?? "?"}${size !== undefined ? ` (${size} bytes)` : ""}`;
    return;
  }
  if (full && (tag === "EXIT" || tag === "DOWN")) fail("EXIT/DOWN");
}

// ## Fallback: the existing readers on the prefix-stripped element text

const tape = createShallowTape();
const STAMP_RE = /\n\[[^\]\n]*\] /g;
const strip = (raw: string) => (stamped ? raw.replace(STAMP_RE, "\n") : raw);

function fallbackFacts(s: number, e: number, cut: boolean): SampleFacts {
  stats.elemFallbacks++;
  const text = strip(T.slice(s, e));
  if (!cut) {
    const end = readShallow(tape, text, 0);
    if (end >= 0) {
      tape.text = "";
      return shallowSampleFacts(tape);
    }
  }
  const r = parseTerm(text, { start: 0, tolerant: true, html: false });
  const f = sampleFacts(r.term);
  f.truncated ||= r.issues.length > 0 || cut;
  return f;
}

// ## Lines (full mode)

let lineAt = 0; // offset up to which lines were counted
let lineNo = 1;
let lineStart = 0;
function countLines(to: number): void {
  let nl = T.indexOf("\n", lineAt);
  while (nl !== -1 && nl < to) {
    lineNo++;
    lineStart = nl + 1;
    nl = T.indexOf("\n", nl + 1);
  }
  lineAt = to;
}

// ## The sample list

function pushSample(samples: PSample[], s: number, e: number, c2a: number, c2b: number, c2: number, n2: number, c3: number, cut: boolean): void {
  if (noFacts) {
    samples.push({ index: samples.length, start: s, end: e, raw: "", kind: "", destination: null });
    return;
  }
  let f: SampleFacts = facts;
  if (noCutFallback && cut) {
    facts.kind = "other";
    facts.destination = null;
  } else if (cut && !full && T.charCodeAt(s) === 123) {
    if (!cutFacts(s, e)) f = fallbackFacts(s, e, cut);
  } else if (cut || T.charCodeAt(s) !== 123) f = fallbackFacts(s, e, cut);
  else {
    try {
      elemFacts(s, c2a, c2b, c2, n2, c3);
    } catch (err) {
      if (!(err instanceof Fallback)) throw err;
      stats.fallbackWhy.set(err.message, (stats.fallbackWhy.get(err.message) ?? 0) + 1);
      f = fallbackFacts(s, e, cut);
    }
  }
  if (!full) {
    // raw kept as a span (start, end): the text is sliced when someone opens the sample
    samples.push({ index: samples.length, start: s, end: e, raw: "", kind: f.kind, destination: f.destination });
    return;
  }
  const raw = T.slice(s, e);
  let decoded: string[];
  if (f === facts) {
    decoded = [];
    for (const d of elDecoded) if (d && !decoded.includes(d)) decoded.push(d);
  } else decoded = f.decoded;
  countLines(s);
  samples.push({
    index: samples.length,
    start: s,
    end: e,
    raw,
    kind: f.kind,
    destination: f.destination,
    stanza: f.stanza,
    sender: f.sender,
    request: f.request,
    summary: f.summary ?? compactText(strip(raw)),
    decoded,
    truncated: f.truncated || cut,
    line: lineNo,
    column: s - lineStart + 1,
  });
}

/**
 * A cut element read by the targeted readers over its own (prefix-stripped) text: anything they
 * need beyond the cut reads NaN and fails, and the parser takes it. Min mode only.
 */
function cutFacts(s: number, e: number): boolean {
  const saveT = T;
  const saveStamped = stamped;
  T = strip(T.slice(s, e));
  stamped = false;
  try {
    let depth = 0;
    let c2a = -1,
      c2b = -1,
      c2 = -1,
      n2 = 0,
      c3 = -1;
    for (let i = 0; i < T.length; i++) {
      const c = T.charCodeAt(i);
      if (c === 123 || c === 91) depth++;
      else if (c === 125 || c === 93) depth--;
      else if (c === 34 || c === 39) {
        const j = T.indexOf(c === 34 ? '"' : "'", i + 1);
        if (j < 0) break;
        i = j;
      } else if (c === 60 && T.charCodeAt(i + 1) === 60) {
        const j = T.indexOf(">>", i + 2);
        if (j < 0) break;
        i = j + 1;
      } else if (c === 44) {
        if (depth === 1) {
          if (n2 === 0) c2a = i;
          else if (n2 === 1) c2b = i;
          c2 = i;
          n2++;
        } else if (depth === 2) c3 = i;
      }
    }
    elemFacts(0, c2a, c2b, c2, n2, c3);
    return true;
  } catch (err) {
    if (!(err instanceof Fallback)) throw err;
    return false;
  } finally {
    T = saveT;
    stamped = saveStamped;
  }
}

let listEnd = 0; // content end of the list's last line
/** Reads the list whose `[` is at p. Returns cut. */
function readList(p: number, samples: PSample[]): boolean {
  let depth = 1;
  let i = ws(p + 1);
  if (T.charCodeAt(i) === 93) {
    listEnd = lineEndOf(i);
    return false;
  }
  let eStart = i;
  let eEnd = -1;
  let c2a = -1,
    c2b = -1,
    c2 = -1,
    n2 = 0,
    c3 = -1;
  if (full) elDecoded = [];
  const len = T.length;
  for (; i < len; i++) {
    const c = T.charCodeAt(i);
    const k = c < 128 ? cls[c]! : 0;
    if (k === 0) continue;
    switch (k) {
      case K_OPEN:
        depth++;
        break;
      case K_CLOSE:
        depth--;
        if (depth === 1) eEnd = i + 1;
        else if (depth === 0) {
          if (eEnd < 0) eEnd = i; // non-tuple element
          pushSample(samples, eStart, eEnd, c2a, c2b, c2, n2, c3, false);
          listEnd = lineEndOf(i);
          return false;
        }
        break;
      case K_DQ:
      case K_SQ:
        i = skipQuoted(i, c) - 1;
        break;
      case K_COMMA:
        if (depth === 1) {
          if (eEnd < 0) eEnd = i;
          pushSample(samples, eStart, eEnd, c2a, c2b, c2, n2, c3, false);
          if (full) elDecoded = [];
          c2a = c2b = c2 = c3 = -1;
          n2 = 0;
          eEnd = -1;
          // next element (or the `....` cut)
          let q = i + 1;
          for (;;) {
            const d = T.charCodeAt(q);
            if (d === 32 || d === 9) q++;
            else if (d === 10) {
              const nl = q;
              q++;
              if (stamped) {
                if (T.charCodeAt(q) !== 91) fail("unstamped line");
                q = T.indexOf("] ", q) + 2;
              }
              const d2 = T.charCodeAt(q);
              if (d2 !== 32 && d2 !== 9) {
                listEnd = nl;
                return true; // unindented: list ended after a comma
              }
            } else break;
          }
          if (T.charCodeAt(q) === 46 && T.startsWith("...", q)) {
            listEnd = lineEndOf(q);
            return true;
          }
          eStart = q;
          i = q - 1;
        } else if (depth === 2) {
          if (n2 === 0) c2a = i;
          else if (n2 === 1) c2b = i;
          c2 = i;
          n2++;
        } else if (depth === 3) c3 = i;
        break;
      case K_NL: {
        let q = i + 1;
        if (stamped) {
          if (T.charCodeAt(q) !== 91) fail("unstamped line");
          q = T.indexOf("] ", q) + 2;
        }
        let d = T.charCodeAt(q);
        if (d === 32) {
          // the indentation: a tight loop
          do d = T.charCodeAt(++q);
          while (d === 32);
          i = q - 1;
          break;
        }
        if (d !== 9) {
          // unindented line: the list was cut (mid-element unless the element closed)
          listEnd = i;
          if (depth === 1 && eEnd >= 0) pushSample(samples, eStart, eEnd, c2a, c2b, c2, n2, c3, false);
          else pushSample(samples, eStart, i, c2a, c2b, c2, n2, c3, true);
          return true;
        }
        i = q - 1;
        break;
      }
      case K_LT:
        if (T.charCodeAt(i + 1) === 60) {
          const d = T.charCodeAt(i + 2);
          let end: number;
          if (d === 34) {
            const e = skipQuoted(i + 2, 34);
            end = T.indexOf(">>", e) + 2;
          } else {
            end = skipBytes(i + 2);
            if (end < 0) {
              // the list was cut inside a byte list
              const nl = -end - 1;
              listEnd = nl;
              pushSample(samples, eStart, nl, c2a, c2b, c2, n2, c3, true);
              return true;
            }
          }
          if (full) elDecoded.push(readBin(i) ?? "");
          i = end - 1;
        }
        break;
    }
  }
  listEnd = len;
  pushSample(samples, eStart, len, c2a, c2b, c2, n2, c3, true);
  return true;
}

/** End (after `>>`) of the byte list whose bytes start at p, or -(newline)-1 when an unindented line cuts it. */
function skipBytes(p: number): number {
  let e = T.indexOf(">>", p);
  if (e < 0) e = T.length;
  // Only the newlines inside need a look: an unindented line after one cuts the list.
  for (let nl = T.indexOf("\n", p); nl !== -1 && nl < e; nl = T.indexOf("\n", nl + 1)) {
    let q = nl + 1;
    if (stamped) {
      if (T.charCodeAt(q) !== 91) fail("unstamped line");
      q = T.indexOf("] ", q) + 2;
    }
    const d = T.charCodeAt(q);
    if (d !== 32 && d !== 9) return -nl - 1;
  }
  if (e >= T.length) return -T.length - 1;
  return e + 2;
}

function lineEndOf(p: number): number {
  const nl = T.indexOf("\n", p);
  return nl < 0 ? T.length : nl;
}
function nextLineContent(p: number): number {
  // p: index of '\n'
  let q = p + 1;
  if (stamped) {
    if (T.charCodeAt(q) !== 91) fail("unstamped line");
    q = T.indexOf("] ", q) + 2;
  }
  return q;
}

// ## Top list, metadata

function readTop(p: number): { rank: number; pid: string; queueLen: number }[] {
  const top: { rank: number; pid: string; queueLen: number }[] = [];
  p = ws(p);
  if (T.charCodeAt(p) !== 91) fail("top [");
  p = ws(p + 1);
  if (T.charCodeAt(p) === 93) {
    termEnd = p + 1;
    return top;
  }
  for (;;) {
    if (T.charCodeAt(p) !== 123 || T.charCodeAt(p + 1) !== 60) fail("top entry");
    const e = T.indexOf(">", p);
    const pid = T.slice(p + 1, e + 1);
    if (!T.startsWith(",{message_queue_len,", e + 1)) fail("top shape");
    let q = e + 21;
    let n = 0;
    let c = T.charCodeAt(q);
    const d0 = q;
    while (c >= 48 && c <= 57) {
      n = n * 10 + c - 48;
      c = T.charCodeAt(++q);
    }
    if (q === d0 || T.charCodeAt(q) !== 125 || T.charCodeAt(q + 1) !== 125) fail("top n");
    top.push({ rank: top.length + 1, pid, queueLen: n });
    q += 2;
    c = T.charCodeAt(q);
    if (c === 93) {
      termEnd = q + 1;
      return top;
    }
    if (c !== 44) fail("top sep");
    p = ws(q + 1);
  }
}

function lastValue(key: string, before: number, after: number): string | null {
  const k = T.lastIndexOf(key, before);
  if (k < after) return null;
  const c = T.charCodeAt(k - 1);
  if (k > 0 && c !== 10 && c !== 32) return null;
  return T.slice(k + key.length, lineEndOf(k));
}

function startedAtFor(h: number, prevEnd: number): string | null {
  const sb = T.lastIndexOf("Started by ", h);
  let s = sb < prevEnd ? prevEnd : T.lastIndexOf("\n", sb) + 1;
  while (s < h) {
    const e = lineEndOf(s);
    if (linePrefixLength(T, s, e, 0) > 0) {
      if (T.charCodeAt(s) === 91 && T.charCodeAt(s + 25) === 93 && T.charCodeAt(s + 24) === 90 && T.charCodeAt(s + 11) === 84) return T.slice(s + 1, s + 25);
      const st = timestampText(T, s, e);
      if (st) return timestampToIso(st, "Z");
    }
    s = e + 1;
  }
  return null;
}

// ## The scan

export function protoScan(text: string, wantFull: boolean, emit?: (run: PRun) => void): PRun[] {
  T = text;
  full = wantFull;
  lineAt = 0;
  lineNo = 1;
  lineStart = 0;
  const runs: PRun[] = [];
  let pos = 0;
  let prevEnd = 0;
  try {
    for (;;) {
      const h = T.indexOf(HEADER, pos);
      if (h < 0) break;
      const ls = T.lastIndexOf("\n", h - 1) + 1;
      stamped = h > ls;
      if (stamped && !(T.charCodeAt(ls) === 91 && T.indexOf("] ", ls) === h - 2)) {
        stats.runFallbacks++;
        pos = h + HEADER.length;
        continue;
      }
      const hEnd = h + HEADER.length;
      if (T.charCodeAt(hEnd) !== 10) fail("header end");
      const run: PRun = {
        start: h,
        end: hEnd,
        line: 0,
        job: lastValue("JOB_NAME=", h, prevEnd),
        number: null,
        url: lastValue("BUILD_URL=", h, prevEnd),
        startedAt: startedAtFor(h, prevEnd),
        top: [],
        inspected: null,
      };
      const num = lastValue("BUILD_NUMBER=", h, prevEnd);
      run.number = num === null ? null : Number(num);
      if (full) {
        countLines(h);
        run.line = lineNo;
      }
      run.top = readTop(hEnd);
      const e = lineEndOf(termEnd);
      run.end = e;
      // inspect line
      let q = nextLineContent(e);
      while (T.charCodeAt(q) === 32) q++;
      if (T.startsWith(INSPECT, q)) {
        const pe = T.indexOf(">", q);
        const pid = T.slice(q + INSPECT.length, pe + 1);
        const le = lineEndOf(q);
        const v = T.slice(T.indexOf(":", pe) + 1, le).trim();
        const dead = v === "undefined";
        const m = dead ? null : /^\{message_queue_len,(\d+)\}$/.exec(v);
        run.inspected = { pid, queueLen: m ? Number(m[1]) : null, dead, samples: [], samplesCut: false };
        run.end = le;
        if (!dead) {
          const sq = nextLineContent(le);
          if (T.startsWith(SAMPLES, sq)) {
            const se = lineEndOf(sq);
            run.end = se;
            const lq = ws(nextLineContent(se));
            if (T.charCodeAt(lq) !== 91) fail("samples [");
            run.inspected.samplesCut = readList(lq, run.inspected.samples);
            run.end = listEnd;
          }
        }
      }
      if (emit) emit(run);
      else runs.push(run);
      prevEnd = run.end;
      pos = run.end;
    }
  } finally {
    T = "";
  }
  return runs;
}

// ## Bench + check

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;

function reference(text: string): MonitorRun[] {
  const runs: MonitorRun[] = [];
  const sc = createRunScanner({}, (r) => runs.push(r), { shallow: true });
  forEachLine(text, sc.line);
  sc.end();
  return runs;
}

function compare(text: string, ref: MonitorRun[], got: PRun[], wantFull: boolean): void {
  const diffs = new Map<string, number>();
  const ex: string[] = [];
  const bump = (k: string, msg: string) => {
    diffs.set(k, (diffs.get(k) ?? 0) + 1);
    if (ex.length < 12 && (diffs.get(k) ?? 0) <= 2) ex.push(`${k}: ${msg}`);
  };
  let runsAgree = 0;
  let samples = 0;
  let sampleAgree = 0;
  const fields = ["start", "end", "raw", "kind", "destination"].concat(wantFull ? ["stanza", "sender", "request", "summary", "decoded", "truncated", "line", "column"] : []);
  const fieldAgree = new Map<string, number>(fields.map((f) => [f, 0]));
  if (ref.length !== got.length) bump("runCount", `${ref.length} vs ${got.length}`);
  for (let r = 0; r < Math.min(ref.length, got.length); r++) {
    const a = ref[r]!;
    const b = got[r]!;
    let ok = true;
    const chk = (k: string, x: unknown, y: unknown) => {
      if (JSON.stringify(x) !== JSON.stringify(y)) {
        ok = false;
        bump(`run.${k}`, `run ${r}: ${JSON.stringify(x)?.slice(0, 150)} vs ${JSON.stringify(y)?.slice(0, 150)}`);
      }
    };
    chk("start", a.start, b.start);
    chk("end", a.end, b.end);
    if (wantFull) chk("line", a.line, b.line);
    chk("job", a.job, b.job);
    chk("number", a.number, b.number);
    chk("url", a.url, b.url);
    chk("startedAt", a.startedAt, b.startedAt);
    chk("top", a.top, b.top);
    chk("inspected.pid", a.inspected?.pid, b.inspected?.pid);
    chk("inspected.queueLen", a.inspected?.queueLen, b.inspected?.queueLen);
    chk("inspected.dead", a.inspected?.dead, b.inspected?.dead);
    chk("samplesCut", a.inspected?.samplesCut, b.inspected?.samplesCut);
    const sa = a.inspected?.samples ?? [];
    const sb = b.inspected?.samples ?? [];
    chk("sampleCount", sa.length, sb.length);
    for (let i = 0; i < Math.min(sa.length, sb.length); i++) {
      samples++;
      const x = sa[i] as unknown as Record<string, unknown>;
      const y = { ...sb[i] } as unknown as Record<string, unknown>;
      if (!wantFull) y.raw = text.slice(y.start as number, y.end as number);
      let sok = true;
      for (const f of fields) {
        if (JSON.stringify(x[f]) === JSON.stringify(y[f])) fieldAgree.set(f, fieldAgree.get(f)! + 1);
        else {
          sok = false;
          bump(`sample.${f}`, `run ${r} #${i} ${JSON.stringify(x[f])?.slice(0, 120)} vs ${JSON.stringify(y[f])?.slice(0, 120)}`);
        }
      }
      if (sok) sampleAgree++;
      else ok = false;
    }
    if (ok) runsAgree++;
  }
  const refSamples = ref.reduce((n, r) => n + (r.inspected?.samples.length ?? 0), 0);
  console.log(`  [${wantFull ? "full" : "min"}] runs ${got.length}/${ref.length}, all-fields-agree runs ${runsAgree}; samples compared ${samples}/${refSamples}, all-fields-agree ${sampleAgree}`);
  console.log(`    per field: ${[...fieldAgree].map(([f, n]) => `${f} ${n}`).join(", ")}`);
  if (diffs.size) console.log(`    diffs: ${JSON.stringify([...diffs])}\n    ${ex.join("\n    ")}`);
}

/** Runs are handed over and dropped (as the bench's scan does): keeping them all tripled GC time. */
const noop = (run: PRun): void => void run;

function childTime(op: string, logFile: string, jsonFile: string): number {
  const text = op === "json" ? "" : readFileSync(logFile, "utf8");
  const json = op === "json" ? readFileSync(jsonFile, "utf8") : "";
  const times: number[] = [];
  const WARM = Number(process.env.PROTO_WARM ?? "5");
  const N = Number(process.env.PROTO_N ?? "7");
  for (let i = 0; i < WARM + N; i++) {
    const t0 = performance.now();
    if (op === "json") JSON.parse(json);
    else if (op === "protoMin") protoScan(text, false, noop);
    else if (op === "protoNoCut") {
      noCutFallback = true;
      protoScan(text, false, noop);
      noCutFallback = false;
    } else if (op === "protoBounds") {
      noFacts = true;
      protoScan(text, false, noop);
      noFacts = false;
    }
    else if (op === "protoFull") protoScan(text, true, noop);
    else if (op === "fast") {
      const sc = createRunScanner({}, () => {}, { shallow: true });
      forEachLine(text, sc.line);
      sc.end();
    } else if (op === "charLoop") {
      let d = 0;
      for (let k = 0; k < text.length; k++) {
        const c = text.charCodeAt(k);
        if (c === 123 || c === 91) d++;
        else if (c === 125 || c === 93) d--;
      }
      if (d === 12345) console.log("x");
    }
    if (i >= WARM) times.push(performance.now() - t0);
  }
  return median(times);
}

function isolated(logFile: string, jsonFile: string, logMb: number, jsonMb: number): void {
  const ops = (process.env.PROTO_ISO_OPS ?? "protoMin,protoFull,json,fast,charLoop").split(",");
  const rounds = Number(process.env.PROTO_ISO_ROUNDS ?? "5");
  const times = new Map<string, number[]>(ops.map((o) => [o, []]));
  for (let r = 0; r < rounds; r++)
    for (const op of ops) {
      const res = spawnSync(process.execPath, [...process.execArgv, "scripts/experiments/fast-scan-prototype.ts", "--time", op, logFile, jsonFile], { encoding: "utf8" });
      if (res.status !== 0) throw new Error(res.stderr);
      times.get(op)!.push(Number(res.stdout.trim().split("\n").pop()));
    }
  const tj = median(times.get("json") ?? [NaN]);
  console.log(`isolated: ${rounds} children per op, interleaved; each: warm-ups then median of ${process.env.PROTO_N ?? 7}`);
  for (const op of ops) {
    const t = median(times.get(op)!);
    const rate = (op === "json" ? jsonMb : logMb) / (t / 1000);
    console.log(
      `  ${op.padEnd(10)} ${t.toFixed(1).padStart(7)} ms ${rate.toFixed(0).padStart(5)} MB/s  by MB/s vs JSON ${(rate / (jsonMb / (tj / 1000))).toFixed(2)}x  by wall ${(tj / t).toFixed(2)}x  [children: ${times.get(op)!.map((x) => x.toFixed(1)).join(" ")}]`,
    );
  }
}

function main(): void {
  if (process.argv[2] === "--time") {
    console.log(childTime(process.argv[3]!, process.argv[4]!, process.argv[5]!));
    return;
  }
  const dir = mkdtempSync(join(tmpdir(), "proto-scan-"));
  try {
    const text = [...generateLog({ seed: 7, targetSize: 10e6 })].join("");
    const logFile = join(dir, "monitor.log");
    writeFileSync(logFile, text);
    const jsonFile = join(dir, "monitor.json");
    const res = spawnSync(process.execPath, [...process.execArgv, "scripts/bench-scan.ts", "--prepare", logFile, jsonFile], { encoding: "utf8" });
    if (res.status !== 0) throw new Error(res.stderr);
    console.log(`prepare: ${res.stdout.trim()}`);
    const json = readFileSync(jsonFile, "utf8");
    const logMb = Buffer.byteLength(text) / 1e6;
    const jsonMb = Buffer.byteLength(json) / 1e6;
    console.log(`log ${logMb.toFixed(2)} MB, json ${jsonMb.toFixed(2)} MB, Node ${process.version}`);

    if (process.env.PROTO_CHECK !== "0") {
      const ref = reference(text);
      compare(text, ref, protoScan(text, false), false);
      compare(text, ref, protoScan(text, true), true);
      console.log(`  element fallbacks (both checks): ${stats.elemFallbacks}, run fallbacks ${stats.runFallbacks}, why ${JSON.stringify([...stats.fallbackWhy])}`);
    }
    if (process.env.PROTO_ISO !== "0") isolated(logFile, jsonFile, logMb, jsonMb);
    const REPEAT = Number(process.env.PROTO_REPEAT ?? "9");
    if (REPEAT <= 0) return;
    const fns: Record<string, () => void> = {
      protoMin: () => {
        protoScan(text, false, noop);
      },
      protoFull: () => {
        protoScan(text, true, noop);
      },
      json: () => {
        JSON.parse(json);
      },
      fast: () => {
        const sc = createRunScanner({}, () => {}, { shallow: true });
        forEachLine(text, sc.line);
        sc.end();
      },
      charLoop: () => {
        let d = 0;
        for (let i = 0; i < text.length; i++) {
          const c = text.charCodeAt(i);
          if (c === 123 || c === 91) d++;
          else if (c === 125 || c === 93) d--;
        }
        if (d === 12345) console.log("x");
      },
    };
    const only = process.env.PROTO_ONLY?.split(",");
    const names = Object.keys(fns).filter((n) => !only || only.includes(n));
    const times = new Map<string, number[]>(names.map((n) => [n, []]));
    const WARM = 3;
    for (let round = 0; round < REPEAT + WARM; round++) {
      for (const n of names) {
        const t0 = performance.now();
        fns[n]!();
        if (round >= WARM) times.get(n)!.push(performance.now() - t0);
      }
    }
    const tj = median(times.get("json") ?? [NaN]);
    for (const n of names) {
      const t = median(times.get(n)!);
      const mb = n === "json" ? jsonMb : logMb;
      const rate = mb / (t / 1000);
      console.log(
        `${n.padEnd(10)} ${t.toFixed(1).padStart(7)} ms ${rate.toFixed(0).padStart(5)} MB/s  by MB/s vs JSON ${(rate / (jsonMb / (tj / 1000))).toFixed(2)}x  by wall ${(tj / t).toFixed(2)}x  [min ${Math.min(...times.get(n)!).toFixed(1)} max ${Math.max(...times.get(n)!).toFixed(1)}]`,
      );
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1]?.endsWith("fast-scan-prototype.ts")) main();
