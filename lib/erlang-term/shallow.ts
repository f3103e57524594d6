// ## Shallow reading: a term as a tape of offsets
//
// The ingest path needs a few facts from each queued message (its tag, a JID
// or two, the text of its binaries) and keeps the rest as raw text. Building
// the full tree (a node, a span, a bigint, a string per token) for that is
// what made ingest GC-bound. This reader walks the text once by char code and
// records each value as one row of a flat tape (typed arrays reused from one
// term to the next): kind, start, end, and where its subtree ends. Atom names
// and pid texts are sliced only when someone asks for them; binaries are
// decoded as they are met, since every one of them is wanted.
//
// It reads a deliberately plain subset of what the parser accepts: exactly
// the shapes `~p` prints for mailbox messages, indented as `~p` indents.
// Anything else (floats, `$c`, escapes in quoted text, `...` cuts, HTML,
// records, sized binary segments, a token in column 1, bytes that are not
// plain ASCII-or-/utf8...) makes `readShallow` answer -1, and the caller
// parses that term with `parseTerm` instead. Inside the subset the answer is
// exactly the parser's (tolerant, raw text): same end offset, no issues, and
// the values the tree would hold. The monitor-log equivalence tests hold
// this module to that.
//
// Tolerant reads (`readShallow(..., true)`) also take a term the text ends
// inside, as a monitor list cut off mid-message ends: when the next token
// would be the end of the text, the reader closes every open container as
// the tolerant parser does (a `truncated` row where the parser puts a
// `truncated` node, a cut binary with no text) and `tape.cut` says where the
// term's last token ended. A cut anywhere else (inside a token, in a list's
// tail, after `"..."/`) is still left to the parser.

import { Buffer } from "node:buffer";

/** What a tape row holds. */
export const SK = {
  tuple: 1,
  list: 2,
  binary: 3,
  map: 4,
  atom: 5,
  quotedAtom: 6,
  string: 7,
  integer: 8,
  pid: 9,
  ref: 10,
  fun: 11,
  port: 12,
  /** Where the text cut the term (tolerant reads): the parser's `truncated` node. */
  truncated: 13,
} as const;

export type ShallowKind = (typeof SK)[keyof typeof SK];

/** The tree kind (types.ts) of each tape kind. */
export const SHALLOW_KIND_NAMES: Record<ShallowKind, "tuple" | "list" | "binary" | "map" | "atom" | "string" | "integer" | "pid" | "ref" | "fun" | "port" | "truncated"> = {
  [SK.tuple]: "tuple",
  [SK.list]: "list",
  [SK.binary]: "binary",
  [SK.map]: "map",
  [SK.atom]: "atom",
  [SK.quotedAtom]: "atom",
  [SK.string]: "string",
  [SK.integer]: "integer",
  [SK.pid]: "pid",
  [SK.ref]: "ref",
  [SK.fun]: "fun",
  [SK.port]: "port",
  [SK.truncated]: "truncated",
};

/**
 * One term as read by `readShallow`. Rows are numbered in text order (a
 * container before its elements); row 0 is the term itself. Valid until the
 * next `readShallow` with the same tape.
 */
export type ShallowTape = {
  /** The text the rows point into. */
  text: string;
  /** Rows in use. */
  count: number;
  kind: Uint8Array;
  start: Int32Array;
  end: Int32Array;
  /** First row after this row's subtree (the next sibling, if any). */
  next: Int32Array;
  /** Lists: 1 when the last element row is an improper tail. Binaries: index into the binary tables. */
  aux: Int32Array;
  /**
   * Every binary in text order: its text when its bytes are valid UTF-8
   * (what `binaryText` gives), else null; and its size in bytes (-1: cut, not known).
   */
  binaryTexts: (string | null)[];
  binaryBytes: number[];
  /** Reading tolerantly (see the top of this file). */
  tolerant: boolean;
  /** Tolerant reads: where the term was cut (the end of its last token before the text's end), else -1. */
  cut: number;
  /** The first backslash in `text` at or after `searchedFrom` (-1: none). */
  backslash: number;
  searchedFrom: number;
  /** The same for the first character outside ASCII (-2: not searched yet). */
  nonAscii: number;
  nonAsciiFrom: number;
};

const INITIAL_ROWS = 256;
/** Nesting deeper than this is left to the parser (which has its own limit). */
const MAX_DEPTH = 200;

export function createShallowTape(): ShallowTape {
  return {
    text: "",
    count: 0,
    kind: new Uint8Array(INITIAL_ROWS),
    start: new Int32Array(INITIAL_ROWS),
    end: new Int32Array(INITIAL_ROWS),
    next: new Int32Array(INITIAL_ROWS),
    aux: new Int32Array(INITIAL_ROWS),
    binaryTexts: [],
    binaryBytes: [],
    tolerant: false,
    cut: -1,
    backslash: 0,
    searchedFrom: 0,
    nonAscii: -2,
    nonAsciiFrom: 0,
  };
}

function grow(t: ShallowTape): void {
  const n = t.kind.length * 2;
  const kind = new Uint8Array(n);
  kind.set(t.kind);
  t.kind = kind;
  for (const key of ["start", "end", "next", "aux"] as const) {
    const bigger = new Int32Array(n);
    bigger.set(t[key]);
    t[key] = bigger;
  }
}

function addRow(t: ShallowTape, kind: ShallowKind, start: number): number {
  if (t.count === t.kind.length) grow(t);
  const row = t.count++;
  t.kind[row] = kind;
  t.start[row] = start;
  t.aux[row] = 0;
  return row;
}

/** A leaf row: its subtree is itself. */
function closeLeaf(t: ShallowTape, row: number, end: number): number {
  t.end[row] = end;
  t.next[row] = row + 1;
  return end;
}

// ## Cut terms (tolerant reads)
//
// The parser, finding the end of the text where a token should start, stops
// reading: each open container closes where the last token ended, with a
// `truncated` node after what it holds (parser.ts parseTuple, parseList,
// parseMap, parseBinary): a tuple gets one; a list gets one as its tail; a
// map one entry of two (key and value), or only the value when the cut came
// after a key; a binary one segment, which leaves it without text.

/** Returned up through the readers once the text has cut the term; `t.cut` says where. */
const CUT = -2;

/** The text ends where the next token should start: the term's last token ended before the whitespace. */
function cutAtEnd(t: ShallowTape, text: string, len: number): void {
  let e = len;
  for (; e > 0; e--) {
    const c = text.charCodeAt(e - 1);
    if (c !== 32 && c !== 9 && c !== 10 && c !== 13) break;
  }
  t.cut = e;
}

/** Closes a container the cut left open: `placeholders` truncated rows after its own (a list's: its tail). */
function closeCut(t: ShallowTape, row: number, placeholders: number, tail: boolean): number {
  const at = t.cut;
  for (let i = 0; i < placeholders; i++) closeLeaf(t, addRow(t, SK.truncated, at), at);
  if (tail) t.aux[row] = 1;
  t.end[row] = at;
  t.next[row] = t.count;
  return CUT;
}

/** The text ends right here, inside the container at `row`. */
function cutHere(t: ShallowTape, text: string, len: number, row: number, placeholders: number, tail: boolean): number {
  cutAtEnd(t, text, len);
  return closeCut(t, row, placeholders, tail);
}

/** A binary the text ends inside: its bytes are not known, so it has no text (`binaryText` of the parser's). */
function cutBinary(t: ShallowTape, text: string, len: number, row: number): number {
  cutAtEnd(t, text, len);
  t.aux[row] = t.binaryTexts.length;
  t.binaryTexts.push(null);
  t.binaryBytes.push(-1);
  closeLeaf(t, row, t.cut);
  return CUT;
}

// ## Character tests

const isDigit = (c: number) => c >= 48 && c <= 57;
/** Continues a bare atom (the tokenizer's NAME class, ASCII part). */
const isNameChar = (c: number) => (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || isDigit(c) || c === 95 || c === 64;
/** Latin-1 letters also continue an atom; the subset leaves such atoms to the parser. */
const isLatin1Letter = (c: number) => c >= 0xc0 && c <= 0xff;

/**
 * The next token's offset after whitespace, or -1 when the parser would not
 * read it as plainly: control characters and HTML tags (the tokenizer skips
 * those), or a token in column 1 of a new line (tolerant parsing takes that
 * for the start of the next log line and cuts the term there). At the end of
 * the text: `len`, where every reader finds no token (a cut, in tolerant reads).
 */
function skipSpace(text: string, p: number, len: number): number {
  if (p < len && text.charCodeAt(p) > 32) return p;
  let newline = false;
  let indented = false;
  for (; p < len; p++) {
    const c = text.charCodeAt(p);
    if (c === 32 || c === 9) indented = true;
    else if (c === 10) {
      newline = true;
      indented = false;
    } else if (c !== 13) break;
  }
  return newline && !indented && p < len ? -1 : p;
}

/**
 * Offset after the quoted text opening at `p`, or -1 (unterminated, or an
 * escape: left to the parser). The closing quote is found with `indexOf`;
 * `t.backslash` (the next `\\` at or after some earlier point, kept per
 * text) says whether an escape lies in between, so the text is searched for
 * backslashes once, not once per string.
 */
function quotedEnd(t: ShallowTape, text: string, p: number, quote: number): number {
  const close = text.indexOf(quote === 34 ? '"' : "'", p + 1);
  if (close < 0) return -1;
  if (t.backslash !== -1 && t.backslash <= p) {
    t.backslash = text.indexOf("\\", p + 1);
    t.searchedFrom = p + 1;
  }
  return t.backslash !== -1 && t.backslash < close ? -1 : close + 1;
}

/** A `"..."` right after (the tokenizer joins adjacent literals): left to the parser. */
function joinsNext(text: string, p: number, len: number): boolean {
  while (p < len) {
    const c = text.charCodeAt(p);
    if (c === 32 || c === 10 || c === 13 || c === 9) p++;
    else return c === 34;
  }
  return false;
}

/** Offset after `<a.b.c>` at `p`, or -1; numbers with leading zeros are not canonical, so not plain. */
function pidEnd(text: string, p: number, len: number): number {
  let q = p + 1;
  for (let part = 0; part < 3; part++) {
    const digits = q;
    while (q < len && isDigit(text.charCodeAt(q))) q++;
    const n = q - digits;
    if (n === 0 || n > 15 || (n > 1 && text.charCodeAt(digits) === 48)) return -1;
    if (text.charCodeAt(q) !== (part < 2 ? 46 : 62)) return -1;
    q++;
  }
  return q;
}

/** `#Ref<...>`, `#Fun<...>`, `#Port<...>` at `p` (the `#`): the tokenizer's rule for where the body ends. */
function hashedEnd(text: string, lt: number, len: number): number {
  const limit = Math.min(len, lt + 256);
  for (let q = lt + 1; q < limit; q++) {
    const c = text.charCodeAt(q);
    if (c === 62) return q === lt + 1 ? -1 : q + 1;
    if (c === 60 || c === 10 || c === 44 || c === 123 || c === 125) return -1;
  }
  return -1;
}

// ## Binaries
//
// Plain binaries are all string segments (`<<"abc">>`, `<<"运维"/utf8>>`)
// or all byte values (`<<229,134,178>>`). Their text is what `binaryText`
// gives the tree: strings joined as they are (ASCII or /utf8), byte lists
// decoded as strict UTF-8.

/**
 * A Buffer, so that a byte list's text is read with `toString` (no view allocated per binary, and
 * a cheaper call than TextDecoder's): for bytes that are strict UTF-8 (isUtf8 below) it is the text
 * `new TextDecoder("utf-8", { ignoreBOM: true })` gives, BOM kept; all-ASCII bytes read as Latin-1 alike.
 */
let byteScratch = Buffer.alloc(1024);

/** Bytes TextEncoder would write for `text[from, to)` (a lone surrogate becomes U+FFFD, 3 bytes). */
function utf8Length(text: string, from: number, to: number): number {
  let n = 0;
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < to) {
      const d = text.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        n += 4;
        i++;
      } else n += 3;
    } else n += 3;
  }
  return n;
}

/** Strict UTF-8 check, as `new TextDecoder("utf-8", { fatal: true })` decides it, without throwing. */
function isUtf8(bytes: Uint8Array, n: number): boolean {
  let i = 0;
  while (i < n) {
    const b = bytes[i]!;
    if (b < 0x80) {
      i++;
      continue;
    }
    let need: number;
    let min: number;
    let cp: number;
    if (b >= 0xc2 && b <= 0xdf) {
      need = 1;
      min = 0x80;
      cp = b & 0x1f;
    } else if (b >= 0xe0 && b <= 0xef) {
      need = 2;
      min = 0x800;
      cp = b & 0x0f;
    } else if (b >= 0xf0 && b <= 0xf4) {
      need = 3;
      min = 0x10000;
      cp = b & 0x07;
    } else return false;
    if (i + need >= n) return false;
    for (let k = 1; k <= need; k++) {
      const c = bytes[i + k]!;
      if ((c & 0xc0) !== 0x80) return false;
      cp = (cp << 6) | (c & 0x3f);
    }
    if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return false;
    i += need + 1;
  }
  return true;
}

const NON_ASCII = /[^\x00-\x7f]/g;
/** `nonAscii` before the first search. */
const UNKNOWN = -2;

/**
 * Is `text[from, to)` plain ASCII? Like backslashes, the next non-ASCII
 * character is searched for once and remembered, so most strings cost a
 * comparison instead of a loop over their characters.
 */
function asciiOnly(t: ShallowTape, text: string, from: number, to: number): boolean {
  if (t.nonAscii === UNKNOWN || (t.nonAscii !== -1 && t.nonAscii < from)) {
    NON_ASCII.lastIndex = from;
    t.nonAscii = NON_ASCII.exec(text)?.index ?? -1;
    t.nonAsciiFrom = from;
  }
  return t.nonAscii === -1 || t.nonAscii >= to;
}

/** Reads `<<...>>` at `p`; records its text and size. Returns the offset after `>>`, or -1. */
function readBinary(t: ShallowTape, text: string, p: number, len: number): number {
  const row = addRow(t, SK.binary, p);
  let q = skipSpace(text, p + 2, len);
  if (q < 0) return -1;
  let out: string | null = "";
  let bytes = 0;
  let strings = 0;
  let ints = 0;
  /** The bytes' bits or'ed: below 0x80, they are ASCII. */
  let high = 0;
  if (!(text.charCodeAt(q) === 62 && text.charCodeAt(q + 1) === 62)) {
    for (;;) {
      const c = text.charCodeAt(q);
      if (c === 34) {
        const end = quotedEnd(t, text, q, 34);
        if (end < 0 || joinsNext(text, end, len)) return -1;
        const from = q + 1;
        const to = end - 1;
        q = skipSpace(text, end, len);
        if (q < 0) return -1;
        let utf8 = false;
        if (text.charCodeAt(q) === 47) {
          // Only `/utf8`; other types (and unit sizes) are left to the parser.
          q = skipSpace(text, q + 1, len);
          if (q < 0 || !text.startsWith("utf8", q) || isNameChar(text.charCodeAt(q + 4)) || isLatin1Letter(text.charCodeAt(q + 4))) return -1;
          utf8 = true;
          q = skipSpace(text, q + 4, len);
          if (q < 0) return -1;
        }
        const ascii = asciiOnly(t, text, from, to);
        if (!utf8 && !ascii) return -1;
        bytes += ascii ? to - from : utf8Length(text, from, to);
        out = strings === 0 ? text.slice(from, to) : out + text.slice(from, to);
        strings++;
      } else if (isDigit(c)) {
        // Byte lists are long (`<<13,122,104,...>>`): the common `N,` step stays in this loop.
        let d = c;
        for (;;) {
          let v = d - 48;
          let r = q + 1;
          d = text.charCodeAt(r);
          if (isDigit(d)) {
            v = v * 10 + d - 48;
            d = text.charCodeAt(++r);
            if (isDigit(d)) {
              v = v * 10 + d - 48;
              d = text.charCodeAt(++r);
            }
          }
          if (v > 255 || isDigit(d)) return -1;
          if (ints === byteScratch.length) {
            const bigger = Buffer.alloc(byteScratch.length * 2);
            bigger.set(byteScratch);
            byteScratch = bigger;
          }
          high |= v;
          byteScratch[ints++] = v;
          q = r;
          if (d !== 44) break;
          d = text.charCodeAt(q + 1);
          if (!isDigit(d)) break;
          q++;
        }
        bytes = ints;
        q = skipSpace(text, q, len);
        if (q < 0) return -1;
      } else return q === len && t.tolerant ? cutBinary(t, text, len, row) : -1;
      const sep = text.charCodeAt(q);
      if (sep === 44) {
        q = skipSpace(text, q + 1, len);
        if (q < 0) return -1;
        continue;
      }
      if (sep === 62 && text.charCodeAt(q + 1) === 62) break;
      return q === len && t.tolerant ? cutBinary(t, text, len, row) : -1;
    }
  }
  if (strings > 0 && ints > 0) return -1;
  if (ints > 0) out = high < 0x80 ? byteScratch.toString("latin1", 0, ints) : isUtf8(byteScratch, ints) ? byteScratch.toString("utf8", 0, ints) : null;
  t.aux[row] = t.binaryTexts.length;
  t.binaryTexts.push(out);
  t.binaryBytes.push(bytes);
  return closeLeaf(t, row, q + 2);
}

// ## Values

/** Offset after the value starting exactly at `p`, or -1 when it is not plain. */
function readValue(t: ShallowTape, text: string, p: number, len: number, depth: number): number {
  const c = text.charCodeAt(p);
  if (c >= 97 && c <= 122) {
    let q = p + 1;
    while (q < len && isNameChar(text.charCodeAt(q))) q++;
    if (isLatin1Letter(text.charCodeAt(q))) return -1;
    // A bare `fun` starts `fun m:f/2`.
    if (q - p === 3 && text.startsWith("fun", p)) return -1;
    return closeLeaf(t, addRow(t, SK.atom, p), q);
  }
  switch (c) {
    case 123: // {
    case 91: // [
      return readContainer(t, text, p, len, depth, c === 123 ? SK.tuple : SK.list);
    case 39: {
      const end = quotedEnd(t, text, p, 39);
      return end < 0 ? -1 : closeLeaf(t, addRow(t, SK.quotedAtom, p), end);
    }
    case 34: {
      const end = quotedEnd(t, text, p, 34);
      return end < 0 || joinsNext(text, end, len) ? -1 : closeLeaf(t, addRow(t, SK.string, p), end);
    }
    case 60: {
      // <
      const n = text.charCodeAt(p + 1);
      if (n === 60) return depth >= MAX_DEPTH ? -1 : readBinary(t, text, p, len);
      if (!isDigit(n)) return -1;
      const end = pidEnd(text, p, len);
      return end < 0 ? -1 : closeLeaf(t, addRow(t, SK.pid, p), end);
    }
    case 35: {
      // #
      const n = text.charCodeAt(p + 1);
      if (n === 123) return readContainer(t, text, p, len, depth, SK.map);
      const kind: ShallowKind | 0 = text.startsWith("Ref<", p + 1) ? SK.ref : text.startsWith("Fun<", p + 1) ? SK.fun : text.startsWith("Port<", p + 1) ? SK.port : 0;
      if (kind === 0) return -1;
      // The `<` after the name: `#Ref<`, `#Fun<`, `#Port<`.
      const end = hashedEnd(text, p + (kind === SK.port ? 5 : 4), len);
      return end < 0 ? -1 : closeLeaf(t, addRow(t, kind, p), end);
    }
    case 45: // -
      return isDigit(text.charCodeAt(p + 1)) ? readInteger(t, text, p, p + 1, len) : -1;
    default:
      return isDigit(c) ? readInteger(t, text, p, p, len) : -1;
  }
}

function readInteger(t: ShallowTape, text: string, p: number, digits: number, len: number): number {
  let q = digits;
  while (q < len && isDigit(text.charCodeAt(q))) q++;
  const n = text.charCodeAt(q);
  // `16#ff` and `1.5` are left to the parser.
  if (n === 35 || (n === 46 && isDigit(text.charCodeAt(q + 1)))) return -1;
  return closeLeaf(t, addRow(t, SK.integer, p), q);
}

/**
 * `{...}`, `[...]` (an improper tail included) and `#{K => V, ...}`. A map's
 * rows are its keys and values, alternating.
 */
function readContainer(t: ShallowTape, text: string, p: number, len: number, depth: number, kind: ShallowKind): number {
  if (depth >= MAX_DEPTH) return -1;
  const row = addRow(t, kind, p);
  const close = kind === SK.list ? 93 : 125;
  const list = kind === SK.list;
  /** Truncated rows after a cut between elements, or after an element: a map's are an entry. */
  const filler = kind === SK.map ? 2 : 1;
  let q = skipSpace(text, p + (kind === SK.map ? 2 : 1), len);
  if (q < 0) return -1;
  if (text.charCodeAt(q) !== close) {
    for (;;) {
      const v = readValue(t, text, q, len, depth + 1);
      if (v < 0) {
        // Cut inside the element (a map's key: its value is the cut), or where it should start.
        if (v === CUT) return closeCut(t, row, 1, list);
        return q === len && t.tolerant ? cutHere(t, text, len, row, filler, list) : -1;
      }
      q = skipSpace(text, v, len);
      if (q < 0) return -1;
      if (kind === SK.map) {
        if (text.charCodeAt(q) !== 61 || text.charCodeAt(q + 1) !== 62) return q === len && t.tolerant ? cutHere(t, text, len, row, 1, false) : -1;
        q = skipSpace(text, q + 2, len);
        if (q < 0) return -1;
        const w = readValue(t, text, q, len, depth + 1);
        if (w < 0) {
          if (w === CUT) return closeCut(t, row, 2, false);
          return q === len && t.tolerant ? cutHere(t, text, len, row, 1, false) : -1;
        }
        q = skipSpace(text, w, len);
        if (q < 0) return -1;
      }
      const sep = text.charCodeAt(q);
      if (sep === 44) {
        q = skipSpace(text, q + 1, len);
        if (q < 0) return -1;
        continue;
      }
      if (sep === close) break;
      if (sep === 124 && list) {
        q = skipSpace(text, q + 1, len);
        if (q < 0) return -1;
        // Cut right after `|`: the tail is the cut. The parser drops a tail the text cuts inside or
        // after (the list's tail becomes the cut): that is left to it (-1, CUT included).
        if (q === len) return t.tolerant ? cutHere(t, text, len, row, 1, true) : -1;
        q = readValue(t, text, q, len, depth + 1);
        if (q < 0) return -1;
        q = skipSpace(text, q, len);
        if (q < 0 || text.charCodeAt(q) !== 93) return -1;
        t.aux[row] = 1;
        break;
      }
      return q === len && t.tolerant ? cutHere(t, text, len, row, filler, list) : -1;
    }
  }
  t.end[row] = q + 1;
  t.next[row] = t.count;
  return q + 1;
}

// ## Entry point and accessors

/**
 * Reads the tuple starting exactly at `start` into `tape` (reset first).
 * Returns the offset just after it, or -1 when the term is not plain and
 * must go through `parseTerm`. Only tuples are read: a queued message is one,
 * and anything else is rare enough for the parser. `tolerant`: a tuple the
 * text ends inside is read too (see the top of this file); then `tape.cut`
 * is not -1, and the offset returned is that of the cut (the parser's end).
 */
export function readShallow(tape: ShallowTape, text: string, start: number, tolerant = false): number {
  // Samples of one list are read in order from the same text: what is known
  // about backslashes carries over; another text, or going back, starts again.
  if (tape.text !== text || start < tape.searchedFrom || start < tape.nonAsciiFrom) {
    tape.backslash = 0;
    tape.searchedFrom = 0;
    tape.nonAscii = UNKNOWN;
    tape.nonAsciiFrom = 0;
  }
  tape.text = text;
  tape.count = 0;
  tape.binaryTexts.length = 0;
  tape.binaryBytes.length = 0;
  tape.tolerant = tolerant;
  tape.cut = -1;
  if (text.charCodeAt(start) !== 123) return -1;
  const end = readContainer(tape, text, start, text.length, 0, SK.tuple);
  if (end === CUT) return tape.cut;
  // Left to the parser, even when a cut was met on the way (in a list's tail).
  if (end < 0) tape.cut = -1;
  return end;
}

/** Rows of a tuple's or list's elements (a list's improper tail excluded). */
export function shallowElements(tape: ShallowTape, row: number): number[] {
  const out: number[] = [];
  const stop = tape.next[row]!;
  for (let r = row + 1; r < stop; r = tape.next[r]!) out.push(r);
  if (tape.kind[row] === SK.list && tape.aux[row] === 1) out.pop();
  return out;
}

/** A list's improper tail row, or -1. */
export function shallowTail(tape: ShallowTape, row: number): number {
  if (tape.kind[row] !== SK.list || tape.aux[row] !== 1) return -1;
  let last = -1;
  const stop = tape.next[row]!;
  for (let r = row + 1; r < stop; r = tape.next[r]!) last = r;
  return last;
}

/** The atom's name (quotes removed), or null when the row is not an atom. */
export function shallowAtom(tape: ShallowTape, row: number): string | null {
  const k = tape.kind[row];
  if (k === SK.atom) return tape.text.slice(tape.start[row], tape.end[row]);
  if (k === SK.quotedAtom) return tape.text.slice(tape.start[row]! + 1, tape.end[row]! - 1);
  return null;
}

/** A char list's contents, or null. */
export function shallowString(tape: ShallowTape, row: number): string | null {
  return tape.kind[row] === SK.string ? tape.text.slice(tape.start[row]! + 1, tape.end[row]! - 1) : null;
}

/** The row's source text (a pid, ref, fun or port is its own canonical text). */
export function shallowSource(tape: ShallowTape, row: number): string {
  return tape.text.slice(tape.start[row], tape.end[row]);
}
