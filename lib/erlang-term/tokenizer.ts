// ## Tokenizer
//
// A reentrant, closure-based scanner in the style of jsonc-parser's
// `createScanner`: all state (`pos`, the current token) lives in the closure,
// `scan()` advances one token, and the parser reads the current token from
// the returned object's fields. No token objects are allocated on the hot
// path; `tokenize()` (for debugging and tests) materializes them on demand.
//
// Everything is scanned by char code. The only substrings taken are token
// values (atom names, string contents, number text that overflows a double).
//
// HTML is handled in two layers. Outside quotes, `<` followed by a letter,
// `/`, `!` or `?` is never Erlang (a pid is `<digit`, a binary is `<<`), so a
// tag such as `<span style="color:red">` is skipped like whitespace here, in
// every mode. Entities (`&lt;`) are not this file's business: in HTML mode
// the parser decodes the text first (html.ts) and tokenizes the result.
//
// Elixir (`elixir: true`) is a second spelling of the same values, as IEx
// and `inspect/2` print them. Only the entry points differ (`:atom`,
// `Alias.Name`, `%{`, `#PID<`, `key:` ...); the Erlang path pays nothing for
// it beyond one flag test on characters Erlang never starts a token with.
// What each Elixir form becomes is written down in elixir.md.

import { tagEndAt as tagEndAtImport } from "./html";
import { printAtom } from "./printer";
import { T as tokenKinds, type TokenKind } from "./tokens";
import type { BinEncoding } from "./types";

// Imports used on the hot path are read once into module constants. Compiled
// to CommonJS (tsx, which runs the scripts and benchmarks), every use of an
// import becomes a getter call on the exporting module's object, and V8 may
// put that object in dictionary mode when another module has already
// defined the same export names: a lookup and a call per token that a local
// constant does not pay. A second copy of these modules loaded in the same
// process (as an A/B harness does) parsed 2x slower before this.
const T = tokenKinds;
const tagEndAt = tagEndAtImport;

// ## Character classes
//
// One byte of flags per Latin-1 code; anything above 255 is in no class
// (outside quotes, Erlang is Latin-1 only).

const DIGIT = 1;
/** May start a bare atom: lowercase ASCII and Latin-1 lowercase letters. */
export const ATOM_START = 2;
/** May continue a bare atom (or a variable, which we reject). */
export const NAME = 4;
export const UPPER = 8;

export const charClass = new Uint8Array(256);
for (let c = 48; c <= 57; c++) charClass[c] = DIGIT | NAME;
for (let c = 97; c <= 122; c++) charClass[c] = ATOM_START | NAME;
for (let c = 65; c <= 90; c++) charClass[c] = UPPER | NAME;
charClass[95] = NAME; // _
charClass[64] = NAME; // @
for (let c = 0xc0; c <= 0xde; c++) if (c !== 0xd7) charClass[c] = UPPER | NAME;
for (let c = 0xdf; c <= 0xff; c++) if (c !== 0xf7) charClass[c] = ATOM_START | NAME;

/** Value of a digit in bases up to 36, or 99. */
export function digitValue(c: number): number {
  if (c >= 48 && c <= 57) return c - 48;
  if (c >= 97 && c <= 122) return c - 87;
  if (c >= 65 && c <= 90) return c - 55;
  return 99;
}

// Integers are bigints in the tree. Most integers in monitor output are
// small (bytes of a binary, counters), so the first few are shared instead of
// converted one by one.
export const SMALL_INTS: bigint[] = [];
for (let i = 0; i < 1024; i++) SMALL_INTS.push(BigInt(i));

/** Largest digit count whose value is exact in a double. */
const SAFE_DIGITS = 15;
/** Interning cache size (a power of two) and the longest text worth interning. */
export const INTERN_SLOTS = 1024;
export const INTERN_MAX = 40;
/** Tags longer than this are not treated as tags, which keeps junk input linear. */

/** Erlang's one-letter escapes (`\n`, `\e`...); 0 means "not an escape letter". */
export const ESCAPES = new Uint8Array(128);
ESCAPES[98] = 8; // \b
ESCAPES[100] = 127; // \d
ESCAPES[101] = 27; // \e
ESCAPES[102] = 12; // \f
ESCAPES[110] = 10; // \n
ESCAPES[114] = 13; // \r
ESCAPES[115] = 32; // \s
ESCAPES[116] = 9; // \t
ESCAPES[118] = 11; // \v

// ## Readers shared with the fast path
//
// fast.ts reads plain text with the same rules as this file; the pieces
// both need are written once here, as module-level functions over
// `(text, at, len, ...)`: `len` is the end of the range read (the
// tokenizer's may stop short of `text.length`). Each returns the offset
// after what it read and leaves the rest in `readOut`; a failure is a
// negative code (below) with its place in `readOut.at`, which the
// tokenizer turns into its error token and the fast path into giving up.

/** What a shared reader leaves besides the offset it returns. */
export const readOut = {
  /** A decoded escape's code point. */
  value: 0,
  /** Where a failure is reported. */
  at: 0,
  /** A quoted literal's contents. */
  text: "",
  /** A string's look for a literal to join ran to the end of the range. */
  hitEnd: false,
  /** A flat binary's encoding. */
  encoding: "latin1" as BinEncoding,
  /** A pid's three numbers, and whether one was written with leading zeros. */
  pidNode: 0,
  pidId: 0,
  pidSerial: 0,
  pidZeros: false,
  /** `#Ref<`, `#Fun<` or `#Port<`: HASHED_REF, HASHED_FUN or HASHED_PORT. */
  hashed: 0,
};

export const HASHED_REF = 1;
export const HASHED_FUN = 2;
export const HASHED_PORT = 3;

// ### Bare atoms

/** End of the bare atom (or variable) whose first character is at `start`. */
export function bareAtomEnd(text: string, start: number, len: number): number {
  let p = start + 1;
  while (p < len) {
    const c = text.charCodeAt(p);
    if (c >= 256 || (charClass[c]! & NAME) === 0) break;
    p++;
  }
  return p;
}

// ### Numbers, pids, refs

/** End of the decimal digits from `from`; their value (exact up to SAFE_DIGITS digits) in `readOut.value`. */
export function decimalEnd(text: string, from: number, len: number): number {
  let p = from;
  let value = 0;
  while (p < len) {
    const c = text.charCodeAt(p);
    if (c < 48 || c > 57) break;
    value = value * 10 + (c - 48);
    p++;
  }
  readOut.value = value;
  return p;
}

/** The integer of the decimal digits `text[digitsStart, end)`, whose value as a double is `value` (decimalEnd). */
export function decimalValue(text: string, digitsStart: number, end: number, negative: boolean, value: number): bigint {
  if (end - digitsStart <= SAFE_DIGITS) {
    if (!negative && value < 1024) return SMALL_INTS[value]!;
    return BigInt(negative ? -value : value);
  }
  const n = BigInt(text.slice(digitsStart, end));
  return negative ? -n : n;
}

/**
 * A float's fraction and exponent, from `p` at its `.` (followed by a
 * digit): their end. `1.0e` keeps the `e` out (a float `1.0`, then an atom).
 */
export function fractionEnd(text: string, p: number, len: number): number {
  p += 2;
  while (p < len && isDigit(text.charCodeAt(p))) p++;
  const e = p < len ? text.charCodeAt(p) : -1;
  if (e === 101 || e === 69) {
    let q = p + 1;
    const s = q < len ? text.charCodeAt(q) : -1;
    if (s === 43 || s === 45) q++;
    if (q < len && isDigit(text.charCodeAt(q))) {
      while (q < len && isDigit(text.charCodeAt(q))) q++;
      p = q;
    }
  }
  return p;
}

// readPid's failures: a number missing or too long, a `.` missing, the `>` missing.
const PID_DIGITS = -8, PID_DOT = -9, PID_CLOSE = -10;

/** `<a.b.c>` at `at` (the `<`): the numbers into `readOut`; the offset after it, or PID_DIGITS, PID_DOT or PID_CLOSE. */
export function readPid(text: string, at: number, len: number): number {
  let p = at + 1;
  let zeros = false;
  for (let i = 0; i < 3; i++) {
    const digitsStart = p;
    p = decimalEnd(text, p, len);
    if (p === digitsStart || p - digitsStart > SAFE_DIGITS) return fail(PID_DIGITS, p);
    if (p - digitsStart > 1 && text.charCodeAt(digitsStart) === 48) zeros = true;
    if (i === 0) readOut.pidNode = readOut.value;
    else if (i === 1) readOut.pidId = readOut.value;
    else readOut.pidSerial = readOut.value;
    if (p >= len || text.charCodeAt(p) !== (i < 2 ? 46 : 62)) return fail(i < 2 ? PID_DOT : PID_CLOSE, p);
    p++;
  }
  readOut.pidZeros = zeros;
  return p;
}

// readHashed's failures: another name than Ref, Fun or Port; no `<` after it; no `>` where one belongs.
const HASHED_NAME = -11, HASHED_OPEN = -12, HASHED_CLOSE = -13;

/**
 * `#Ref<...>`, `#Fun<...>`, `#Port<...>` at `at` (the `#`): which in
 * `readOut.hashed`; the offset after it, or HASHED_NAME, HASHED_OPEN or
 * HASHED_CLOSE, with `readOut.at` at the end of the name.
 */
export function readHashed(text: string, at: number, len: number): number {
  let p = at + 1;
  while (p < len) {
    const c = text.charCodeAt(p);
    if (c >= 256 || (charClass[c]! & (UPPER | ATOM_START)) === 0) break;
    p++;
  }
  const name = text.slice(at + 1, p);
  const kind = name === "Ref" ? HASHED_REF : name === "Fun" ? HASHED_FUN : name === "Port" ? HASHED_PORT : 0;
  if (kind === 0) return fail(HASHED_NAME, p);
  if (p >= len || text.charCodeAt(p) !== 60) return fail(HASHED_OPEN, p);
  readOut.hashed = kind;
  // The contents are dot-separated numbers and names, never brackets.
  const limit = Math.min(len, p + 256);
  for (let q = p + 1; q < limit; q++) {
    const c = text.charCodeAt(q);
    if (c === 62) {
      if (q === p + 1) break;
      return q + 1;
    }
    if (c === 60 || c === 10 || c === 44 || c === 123 || c === 125) break;
  }
  return fail(HASHED_CLOSE, p);
}

// ### Interning
//
// Monitor dumps repeat the same short names thousands of times (`xmlel`,
// `<<"easemob.com">>`). A slice allocates a fresh string each time; a small
// direct-mapped cache, checked without allocating, hands back the same
// string instead: less garbage to collect, smaller trees. One set of caches
// per tokenizer, and per fast parse.

export type Interner = {
  strings: (string | undefined)[];
  /** Where in the text each cached string was read: a hit is checked against that copy, char by char. */
  stringsAt: number[];
  /**
   * Binary literals (`<<"easemob.com">>`, most of a dump's strings) have a
   * cache of their own, keyed by a hash of every character that
   * `readFlatBinary` computes while looking for the closing quote anyway. A
   * hit is confirmed by one `startsWith` (a native compare), instead of
   * reading the text a second time char by char, as `intern` does.
   */
  literals: (string | undefined)[];
};

export function createInterner(): Interner {
  return { strings: new Array(INTERN_SLOTS), stringsAt: new Array(INTERN_SLOTS), literals: new Array(INTERN_SLOTS) };
}

/** `text.slice(start, end)`, the same string as last time when it was read before. */
export function intern(text: string, start: number, end: number, cache: Interner): string {
  const n = end - start;
  if (n > INTERN_MAX || n === 0) return text.slice(start, end);
  const h = (n * 31 + text.charCodeAt(start) * 7 + text.charCodeAt(end - 1) * 13 + text.charCodeAt(start + (n >> 1))) & (INTERN_SLOTS - 1);
  const hit = cache.strings[h];
  if (hit !== undefined && hit.length === n) {
    // Cheaper than `text.startsWith(hit, start)` for names this short, and
    // it reads only `text`, so the loads stay monomorphic.
    const at = cache.stringsAt[h]! - start;
    let i = start;
    while (i < end && text.charCodeAt(i) === text.charCodeAt(i + at)) i++;
    if (i === end) return hit;
  }
  const s = text.slice(start, end);
  cache.strings[h] = s;
  cache.stringsAt[h] = start;
  return s;
}

/** `intern` for a literal whose characters `hash` covers (`h * 31 + c` over `text[start, end)`). */
export function internHashed(text: string, start: number, end: number, hash: number, cache: Interner): string {
  const h = (hash ^ (hash >>> 10)) & (INTERN_SLOTS - 1);
  const hit = cache.literals[h];
  if (hit !== undefined && hit.length === end - start && text.startsWith(hit, start)) return hit;
  const s = text.slice(start, end);
  cache.literals[h] = s;
  return s;
}

// ### Plain binaries in one step
//
// `<<"text">>` is most of a monitor dump. Read as tokens it costs a quoted
// string scan (with its adjacent-literal check), a `>>` token and, for
// `/utf8`, three more tokens. Here the common spellings are matched
// directly: no escape, nothing between the pieces, and the `>>` right
// after. Anything else returns -1, and the token path reads it as before,
// so this only ever agrees with that path.

/**
 * After a `<<`, at `open`: `"text">>`, or `"text"/utf8>>` (not in Elixir,
 * whose binaries are all utf8), with no escape and not empty. Returns the
 * offset after the `>>`, with the text and its encoding in `readOut`; or -1.
 */
export function readFlatBinary(text: string, open: number, len: number, elixir: boolean, cache: Interner): number {
  if (open >= len || text.charCodeAt(open) !== 34) return -1;
  let p = open + 1;
  let hash = 0;
  for (;;) {
    if (p >= len) return -1;
    const c = text.charCodeAt(p);
    if (c === 34) break;
    if (c === 92) return -1;
    hash = (hash * 31 + c) | 0;
    p++;
  }
  const close = p;
  // `<<"">>` keeps its one (empty) segment: the token path reads it.
  if (close === open + 1) return -1;
  p++;
  let encoding: BinEncoding = elixir ? "utf8" : "latin1";
  if (!elixir && p < len && text.charCodeAt(p) === 47) {
    // `/utf8`, and only that: `/utf16`, `/utf8-little` and the rest take the token path.
    if (
      p + 4 < len &&
      text.charCodeAt(p + 1) === 117 &&
      text.charCodeAt(p + 2) === 116 &&
      text.charCodeAt(p + 3) === 102 &&
      text.charCodeAt(p + 4) === 56
    ) {
      encoding = "utf8";
      p += 5;
    } else return -1;
  }
  if (p + 1 >= len || text.charCodeAt(p) !== 62 || text.charCodeAt(p + 1) !== 62) return -1;
  readOut.text = close - open - 1 <= INTERN_MAX ? internHashed(text, open + 1, close, hash, cache) : text.slice(open + 1, close);
  readOut.encoding = encoding;
  return p + 2;
}

// ### Quoted text
//
// Strings and quoted atoms share one loop. The fast path finds the closing
// quote and slices once; escapes switch to accumulating pieces. Adjacent
// string literals (`"abc"\n   "def"`, how ~p may wrap a long literal) are
// joined here, so the parser sees one string token.

/** No closing quote before the end of the range. */
const UNCLOSED = -7;

/**
 * The literal whose opening `quote` is at `at`, escapes decoded (`elixir`:
 * Elixir's too), and with `join` the string literals right after it taken
 * in, into `readOut.text`; returns the offset after it, or a negative
 * failure code (UNCLOSED or an escape's).
 */
export function readQuoted(text: string, at: number, len: number, quote: number, join: boolean, elixir: boolean, cache: Interner): number {
  let p = at + 1;
  let chunkStart = p;
  let acc: string | null = null;
  readOut.hitEnd = false;
  for (;;) {
    while (p < len) {
      const c = text.charCodeAt(p);
      if (c === quote || c === 92) break;
      p++;
    }
    if (p >= len) return fail(UNCLOSED, p);
    if (text.charCodeAt(p) === 92) {
      const piece = text.slice(chunkStart, p);
      const r = readEscape(text, p, len, elixir);
      if (r < 0) return r;
      const v = readOut.value;
      const ch = v <= 0xffff ? String.fromCharCode(v) : String.fromCodePoint(v);
      acc = acc === null ? piece + ch : acc + piece + ch;
      p = chunkStart = r;
      continue;
    }
    const last: string = acc === null && p - chunkStart <= INTERN_MAX ? intern(text, chunkStart, p, cache) : text.slice(chunkStart, p);
    acc = acc === null ? last : acc + last;
    p++;
    if (!join) break;
    // Adjacent literal? Only plain whitespace may separate them.
    let q = p;
    while (q < len) {
      const c = text.charCodeAt(q);
      if (c === 32 || c === 10 || c === 13 || c === 9) q++;
      else break;
    }
    if (q >= len) readOut.hitEnd = true;
    if (q < len && text.charCodeAt(q) === 34) {
      p = chunkStart = q + 1;
      continue;
    }
    break;
  }
  readOut.text = acc ?? "";
  return p;
}

// readEscape's failures.
/** `\` at the end of the range. */
const ESCAPE_END = -1;
/** `\^` at the end of the range. */
const CARET_END = -2;
/** `\x{...}` without hex digits and `}`, or past U+10FFFF. */
const BRACED_HEX = -3;
/** `\xH?` where the first of the two hex digits is missing. */
const HEX_FIRST = -4;
/** `\xH?` where the second is missing. */
const HEX_SECOND = -5;
/** Elixir's `\u` without its hex digits. */
const UNICODE_HEX = -6;

/**
 * Decodes the escape at `at` (a backslash) into `readOut.value`; returns the
 * offset after it, or a negative failure code. `elixir` adds Elixir's `\a`
 * and `\u`.
 */
export function readEscape(text: string, at: number, len: number, elixir: boolean): number {
  const q = at + 1;
  if (q >= len) return fail(ESCAPE_END, q);
  const c = text.charCodeAt(q);
  if (c >= 48 && c <= 55) {
    // Up to three octal digits.
    let v = c - 48;
    let r = q + 1;
    for (const stop = Math.min(len, q + 3); r < stop; r++) {
      const d = text.charCodeAt(r) - 48;
      if (d < 0 || d > 7) break;
      v = v * 8 + d;
    }
    readOut.value = v;
    return r;
  }
  if (c === 120) {
    // \xHH or \x{H...}
    let r = q + 1;
    if (r < len && text.charCodeAt(r) === 123) {
      r++;
      let v = 0;
      const digitsStart = r;
      while (r < len && digitValue(text.charCodeAt(r)) < 16 && r - digitsStart < 8) v = v * 16 + digitValue(text.charCodeAt(r++));
      if (r === digitsStart || r >= len || text.charCodeAt(r) !== 125 || v > 0x10ffff) return fail(BRACED_HEX, r);
      readOut.value = v;
      return r + 1;
    }
    const a = r < len ? digitValue(text.charCodeAt(r)) : 99;
    const b = r + 1 < len ? digitValue(text.charCodeAt(r + 1)) : 99;
    if (a >= 16 || b >= 16) return fail(a >= 16 ? HEX_FIRST : HEX_SECOND, r);
    readOut.value = a * 16 + b;
    return r + 2;
  }
  if (c === 94) {
    // \^A is control-A
    const r = q + 1;
    if (r >= len) return fail(CARET_END, r);
    readOut.value = text.charCodeAt(r) & 31;
    return r + 1;
  }
  if (elixir && (c === 97 || c === 117)) {
    // Elixir's \a (bell) and \uXXXX / \u{X...}.
    if (c === 97) {
      readOut.value = 7;
      return q + 1;
    }
    let r = q + 1;
    const braced = r < len && text.charCodeAt(r) === 123;
    if (braced) r++;
    let v = 0;
    const digitsStart = r;
    while (r < len && digitValue(text.charCodeAt(r)) < 16 && r - digitsStart < (braced ? 6 : 4)) v = v * 16 + digitValue(text.charCodeAt(r++));
    if (r === digitsStart || (!braced && r - digitsStart !== 4) || (braced && (r >= len || text.charCodeAt(r) !== 125)) || v > 0x10ffff) {
      return fail(UNICODE_HEX, r);
    }
    readOut.value = v;
    return braced ? r + 1 : r;
  }
  const named = c < 128 ? ESCAPES[c]! : 0;
  if (named !== 0) {
    readOut.value = named;
    return q + 1;
  }
  // Any other escaped character stands for itself (\" \' \\ and the rest).
  const cp = text.codePointAt(q)!;
  readOut.value = cp;
  return q + (cp > 0xffff ? 2 : 1);
}

function fail(code: number, at: number): number {
  readOut.at = at;
  return code;
}

export type TokenizerOptions = {
  /** Offset to start at (default 0). */
  start?: number;
  /** Offset to stop at, exclusive (default: end of text). */
  end?: number;
  /** Read Elixir term syntax instead of Erlang's (see elixir.md). Default false. */
  elixir?: boolean;
};

/**
 * Operator atoms as `inspect` prints them (`:+`, `:<>`), longest first so
 * `:===` is not read as `:==` followed by `=`.
 */
const ELIXIR_OPERATOR_ATOMS = [
  "<<>>", "...", "===", "!==", "<<<", ">>>", "<~>", "<|>", "|||", "&&&", "^^^", "~~~", "..//",
  "==", "!=", "<=", ">=", "&&", "||", "<>", "++", "--", "**", "//", "::", "<-", "->", "..", "|>", "=~", "%{}", "{}",
  "+", "-", "*", "/", "<", ">", "=", "!", "&", "|", "^", "@", "%", ".",
];

/** `&Mod.fun/2`, `&:mod.fun/2`: an external fun as `inspect` prints it. */
const ELIXIR_EXTERNAL_FUN = /&(?::([a-z_][A-Za-z0-9_@]*)|([A-Z][A-Za-z0-9_]*(?:\.[A-Z][A-Za-z0-9_]*)*))\.([a-z_][A-Za-z0-9_]*[?!]?)\/(\d+)/y;

/** `#Function<20.3316493/1 in :erl_eval.expr/6>` → module, index and unique number. */
const ELIXIR_FUNCTION = /^#Function<(\d+)\.(\d+)\/\d+ in (?::"?([^".\s]+)"?|([A-Z][A-Za-z0-9_.]*?))\.[^.\s]+\/\d+>$/;

/** Module atom of an Elixir alias: `Foo.Bar` → `Elixir.Foo.Bar` (`Elixir.Foo` is already one). */
export function elixirAliasAtom(alias: string): string {
  return alias === "Elixir" || alias.startsWith("Elixir.") ? alias : `Elixir.${alias}`;
}

/**
 * The current token, updated in place by `scan()`. Only the fields that
 * belong to the current kind are meaningful.
 */
export type Tokenizer = {
  /** Reads the next token into this object and returns its kind. */
  scan(): TokenKind;
  /**
   * Just after a `<<` token: if a plain literal and the closing `>>` follow
   * (`"text">>`, or `"text"/utf8>>` in Erlang), reads them whole, leaving the
   * `>>` as the current token with `start` at the opening quote, `text` and
   * `binEncoding` set; returns true. Otherwise changes nothing and returns false.
   */
  scanFlatBinary(): boolean;
  kind: TokenKind;
  start: number;
  end: number;
  /** Atom name or string contents (escapes decoded, adjacent literals joined). */
  text: string;
  /** After `scanFlatBinary`: the literal's encoding. */
  binEncoding: BinEncoding;
  /** For atoms: was it written in quotes? (`'fun'` is an atom, `fun` a keyword). */
  quoted: boolean;
  /** For integers. */
  int: bigint;
  /** For floats. */
  float: number;
  /** For pids: the three numbers of `<a.b.c>`. */
  pidNode: number;
  pidId: number;
  pidSerial: number;
  /**
   * The token is the first of its line and starts in column 1 (no indentation).
   * `~p` indents every continuation line, so tolerant mode treats such a
   * token as the start of the next log line rather than part of the term.
   */
  unindented: boolean;
  /** For `T.Error`: what was expected, or "" when any token would have done. */
  errorExpected: string;
  /** For `T.Error`: what was found instead. */
  errorFound: string;
  /** For `T.Error`: where the problem is (may be inside the token). */
  errorOffset: number;
  /** Set once scanning has looked at the end of the range (HTML chunking needs to know). */
  hitEnd: boolean;
};

/** Creates a tokenizer over `text[start, end)`. */
export function createTokenizer(text: string, options: TokenizerOptions = {}): Tokenizer {
  const len = Math.min(options.end ?? text.length, text.length);
  let pos = Math.max(0, Math.min(options.start ?? 0, len));
  const elixir = options.elixir === true;

  const tok: Tokenizer = {
    scan,
    scanFlatBinary,
    kind: T.EOF,
    start: pos,
    end: pos,
    text: "",
    binEncoding: "latin1",
    quoted: false,
    int: 0n,
    float: 0,
    pidNode: 0,
    pidId: 0,
    pidSerial: 0,
    unindented: false,
    errorExpected: "",
    errorFound: "",
    errorOffset: 0,
    hitEnd: false,
  };

  const interner = createInterner();

  // ## Errors as data
  //
  // The tokenizer never throws: an unreadable spot becomes a `T.Error` token
  // and the parser decides whether that is fatal (strict) or the point where
  // the term was cut (tolerant).

  function error(expected: string, found: string, at: number): TokenKind {
    tok.errorExpected = expected;
    tok.errorFound = found;
    tok.errorOffset = at;
    tok.end = Math.max(at, tok.start);
    if (at >= len) tok.hitEnd = true;
    return (tok.kind = T.Error);
  }

  function describeChar(at: number): string {
    if (at >= len) return "end of input";
    const cp = text.codePointAt(at) ?? 0;
    if (cp === 10) return "end of line";
    if (cp < 32 || cp === 127) return `character \\x{${cp.toString(16)}}`;
    return `'${String.fromCodePoint(cp)}'`;
  }

  // ## Whitespace and markup

  /** Returns the code of the character it stopped at (-1 at the end of the range), so `scan` need not read it again. */
  function skipSpace(): number {
    // On a local copy of `pos`: this loop runs over every indentation space.
    let p = pos;
    let newline = false;
    let indented = false;
    let c = -1;
    while (p < len) {
      c = text.charCodeAt(p);
      if (c === 32 || c === 9) {
        indented = true;
        p++;
      } else if (c === 10) {
        newline = true;
        indented = false;
        p++;
      } else if (c === 13) {
        p++;
      } else if (c < 32 || (c >= 0x7f && c <= 0xa0) || c === 0xfeff) {
        indented = true;
        p++;
      } else if (c === 60) {
        const after = tagEndAt(text, p, len);
        if (after < 0) break;
        p = after;
      } else break;
      c = -1;
    }
    pos = p;
    tok.unindented = newline && !indented;
    return c;
  }

  // ## Scanning

  function scan(): TokenKind {
    const c = skipSpace();
    const start = (tok.start = pos);
    if (c < 0) {
      tok.end = pos;
      tok.hitEnd = true;
      return (tok.kind = T.EOF);
    }
    const cls = c < 256 ? charClass[c]! : 0;
    let kind: TokenKind;
    if (cls & ATOM_START) kind = elixir ? scanElixirName() : scanBareAtom();
    else if (cls & DIGIT) kind = elixir ? scanElixirNumber(pos) : scanNumber(pos);
    else if (elixir && (cls & UPPER || c === 95)) kind = c === 95 ? scanElixirName() : scanAlias();
    else {
      // The character after `c` is read only by the cases that need it
      // (`,` `{` `}` `[` `]`, most of the tokens, do not).
      switch (c) {
        case 44: pos++; kind = T.Comma; break; // ,
        case 123: pos++; kind = T.LBrace; break; // {
        case 125: pos++; kind = T.RBrace; break; // }
        case 91: pos++; kind = T.LBracket; break; // [
        case 93: pos++; kind = T.RBracket; break; // ]
        case 40: pos++; kind = T.LParen; break; // (
        case 41: pos++; kind = T.RParen; break; // )
        case 124: pos++; kind = T.Bar; break; // |
        case 47: pos++; kind = T.Slash; break; // /
        case 34: kind = elixir ? scanElixirString() : scanQuoted(34); break; // "
        case 39: kind = elixir ? scanElixirCharlist() : scanQuoted(39); break; // '
        case 60: { // <
          const n = peek();
          if (n === 60) {
            pos += 2;
            kind = T.BinOpen;
          } else if (n >= 48 && n <= 57) kind = scanPid();
          else kind = error("", describeChar(pos), pos);
          break;
        }
        case 62: // >
          if (peek() === 62) {
            pos += 2;
            kind = T.BinClose;
          } else kind = error("", describeChar(pos), pos);
          break;
        case 61: // =
          if (peek() === 62) {
            pos += 2;
            kind = T.Arrow;
          } else {
            pos++;
            kind = T.Equals;
          }
          break;
        case 58: // :
          if (elixir) {
            kind = scanColonAtom();
            break;
          }
          if (peek() === 61) {
            pos += 2;
            kind = T.Arrow;
          } else {
            pos++;
            kind = T.Colon;
          }
          break;
        case 35: { // #
          const n = peek();
          if (elixir && n >= 65 && n <= 90) {
            kind = scanElixirHashed();
            break;
          }
          if (n === 123) {
            pos += 2;
            kind = T.MapOpen;
          } else if (n >= 65 && n <= 90) kind = scanHashed();
          else {
            pos++;
            kind = T.Hash;
          }
          break;
        }
        case 45: { // -
          const n = peek();
          if (n >= 48 && n <= 57) kind = elixir ? scanElixirNumber(pos + 1) : scanNumber(pos + 1);
          else {
            pos++;
            kind = T.Minus;
          }
          break;
        }
        case 46: // .
          kind = scanDots();
          break;
        case 36: // $
          kind = scanChar();
          break;
        default:
          kind = elixir ? scanElixirOther(c, peek()) : error("", describeChar(pos), pos);
      }
    }
    if (kind !== T.Error) tok.end = pos;
    if (pos >= len) tok.hitEnd = true;
    tok.start = start;
    return (tok.kind = kind);
  }

  /** See readFlatBinary. */
  function scanFlatBinary(): boolean {
    const open = pos;
    const end = readFlatBinary(text, open, len, elixir, interner);
    if (end < 0) return false;
    pos = end;
    tok.text = readOut.text;
    tok.binEncoding = readOut.encoding;
    tok.quoted = true;
    tok.unindented = false;
    tok.start = open;
    tok.end = pos;
    tok.kind = T.BinClose;
    if (pos >= len) tok.hitEnd = true;
    return true;
  }

  /** The character after the one at `pos`, or -1. */
  function peek(): number {
    return pos + 1 < len ? text.charCodeAt(pos + 1) : -1;
  }

  function scanBareAtom(): TokenKind {
    const start = pos;
    const p = bareAtomEnd(text, start, len);
    pos = p;
    tok.text = intern(text, start, p, interner);
    tok.quoted = false;
    return T.Atom;
  }

  /** `digitsStart` is after a leading `-` if there is one. */
  function scanNumber(digitsStart: number): TokenKind {
    const negative = digitsStart !== pos;
    let p = decimalEnd(text, digitsStart, len);
    const value = readOut.value;
    const digits = p - digitsStart;
    const c = p < len ? text.charCodeAt(p) : -1;

    // 16#ff: the part before `#` is the base.
    if (c === 35 && digits <= 2 && value >= 2 && value <= 36) {
      const base = value;
      let q = p + 1;
      while (q < len && digitValue(text.charCodeAt(q)) < base) q++;
      if (q === p + 1) return error(`digits in base ${base}`, describeChar(q), q);
      const n = baseDigitsValue(text, p + 1, q, base);
      pos = q;
      tok.int = negative ? -n : n;
      return T.Integer;
    }

    // 1.5, 1.0e-5: a dot only belongs to the number when a digit follows
    // (`[1|...]` and a full stop after `1` are not floats).
    const d = p + 1 < len ? text.charCodeAt(p + 1) : -1;
    if (c === 46 && d >= 48 && d <= 57) {
      p = fractionEnd(text, p, len);
      const f = Number(text.slice(pos, p));
      if (!Number.isFinite(f)) return error("a float within range", `'${text.slice(pos, p)}'`, pos);
      pos = p;
      tok.float = f;
      return T.Float;
    }

    pos = p;
    tok.int = decimalValue(text, digitsStart, p, negative, value);
    return T.Integer;
  }

  function scanDots(): TokenKind {
    let p = pos;
    while (p < len && text.charCodeAt(p) === 46) p++;
    const count = p - pos;
    if (count === 2) return error("", "'..'", pos);
    pos = p;
    return count === 1 ? T.Dot : count === 3 ? T.Ellipsis : T.Cut;
  }

  /** `<a.b.c>` (readPid); pos is at `<`. */
  function scanPid(): TokenKind {
    const p = readPid(text, pos, len);
    if (p < 0) {
      const at = readOut.at;
      return error(p === PID_DIGITS ? "digits in pid" : p === PID_DOT ? "'.' in pid" : "'>' to close pid", describeChar(at), at);
    }
    tok.pidNode = readOut.pidNode;
    tok.pidId = readOut.pidId;
    tok.pidSerial = readOut.pidSerial;
    pos = p;
    return T.Pid;
  }

  /** `#Ref<...>`, `#Fun<...>`, `#Port<...>` (readHashed); pos is at `#`. */
  function scanHashed(): TokenKind {
    const p = readHashed(text, pos, len);
    if (p < 0) {
      const at = readOut.at;
      const name = text.slice(pos + 1, at);
      if (p === HASHED_NAME) return error("#Ref<, #Fun<, #Port< or #{", `'#${name}'`, pos);
      if (p === HASHED_OPEN) return error(`'<' after #${name}`, describeChar(at), at);
      return error(`'>' to close #${name}<`, "something else", at);
    }
    pos = p;
    tok.text = text.slice(tok.start, pos);
    const kind = readOut.hashed;
    return kind === HASHED_REF ? T.Ref : kind === HASHED_FUN ? T.Fun : T.Port;
  }

  /** `$a`, `$\n`, `$\x{4e2d}`; pos is at `$`. */
  function scanChar(): TokenKind {
    return scanCharCode("'$'");
  }

  /**
   * A character literal's code as an integer token: Erlang's `$c` and
   * Elixir's `?c`, escapes included; pos is at the `$` or `?` (`marker`).
   */
  function scanCharCode(marker: string): TokenKind {
    const p = pos + 1;
    if (p >= len) return error(`a character after ${marker}`, "end of input", p);
    let cp = text.codePointAt(p)!;
    if (cp === 92) {
      const r = readEscape(text, p, len, elixir);
      if (r < 0) return readError(r, 0);
      cp = readOut.value;
      pos = r;
    } else pos = p + (cp > 0xffff ? 2 : 1);
    tok.int = cp < 1024 ? SMALL_INTS[cp]! : BigInt(cp);
    return T.Integer;
  }

  // ## Quoted text (readQuoted)

  /** The failure `code` of a shared reader (readEscape, readQuoted) as an error token; returns T.Error. */
  function readError(code: number, quote: number): TokenKind {
    const at = readOut.at;
    if (code === UNCLOSED) return error(quote === 34 ? `'"' to close string` : `"'" to close atom`, "end of input", at);
    if (code === ESCAPE_END) return error("an escape sequence", "end of input", at);
    if (code === CARET_END) return error("a character after \\^", "end of input", at);
    if (code === BRACED_HEX) return error("hex digits and '}' in \\x{...}", describeChar(at), at);
    if (code === HEX_FIRST) return error("two hex digits after \\x", describeChar(at), at);
    if (code === HEX_SECOND) return error("two hex digits after \\x", describeChar(at + 1), at);
    return error("hex digits in \\u escape", describeChar(at), at);
  }

  function scanQuoted(quote: number, join = quote === 34): TokenKind {
    const p = readQuoted(text, pos, len, quote, join, elixir, interner);
    if (p < 0) return readError(p, quote);
    if (readOut.hitEnd) tok.hitEnd = true;
    pos = p;
    tok.text = readOut.text;
    tok.quoted = true;
    return quote === 34 ? T.String : T.Atom;
  }

  // ## Elixir
  //
  // Only reached with `elixir: true`. Values map onto the Erlang kinds
  // (elixir.md); where the parser must tell two Elixir spellings apart that
  // share a token kind (a `"binary"` and a `'charlist'` are both T.String),
  // it looks at the token's first character.

  const isNameChar = (c: number) => c < 256 && (charClass[c]! & NAME) !== 0;

  /** After a name ending at `p`: `name: value` makes it a keyword key (`a::b` does not). */
  function keySuffix(p: number): boolean {
    if (p >= len || text.charCodeAt(p) !== 58) return false;
    const n = p + 1 < len ? text.charCodeAt(p + 1) : 32;
    return n === 32 || n === 9 || n === 10 || n === 13;
  }

  /** Reads `[A-Za-z0-9_@]*[?!]?` from `p`; returns its end. */
  function nameEnd(p: number): number {
    while (p < len && isNameChar(text.charCodeAt(p))) p++;
    const c = p < len ? text.charCodeAt(p) : -1;
    return c === 63 || c === 33 ? p + 1 : p;
  }

  /** A bare identifier: `true`, `nil`, `ok` (atoms), or a keyword key `ok:`. */
  function scanElixirName(): TokenKind {
    const start = pos;
    const p = nameEnd(pos + 1);
    tok.text = intern(text, start, p, interner);
    tok.quoted = false;
    if (keySuffix(p)) {
      pos = p + 1;
      return T.Key;
    }
    pos = p;
    return T.Atom;
  }

  /** `Foo.Bar` → atom `Elixir.Foo.Bar`; `Foo:` → keyword key `Foo`. */
  function scanAlias(): TokenKind {
    let p = pos;
    for (;;) {
      p++;
      while (p < len && isNameChar(text.charCodeAt(p))) p++;
      const n = p + 1 < len ? text.charCodeAt(p + 1) : -1;
      if (p < len && text.charCodeAt(p) === 46 && n >= 65 && n <= 90) continue;
      break;
    }
    const alias = text.slice(pos, p);
    tok.quoted = false;
    if (keySuffix(p) && !alias.includes(".")) {
      tok.text = alias;
      pos = p + 1;
      return T.Key;
    }
    tok.text = elixirAliasAtom(alias);
    pos = p;
    return T.Atom;
  }

  /** `:ok`, `:"quoted atom"`, `:'quoted'`, `:Foo`, `:+`; a lone `:` stays a Colon. */
  function scanColonAtom(): TokenKind {
    const p = pos + 1;
    const c = p < len ? text.charCodeAt(p) : -1;
    if (c === 34 || c === 39) {
      pos = p;
      const k = scanQuoted(c, false);
      if (k === T.Error) return k;
      tok.quoted = true;
      return T.Atom;
    }
    if (c >= 0 && (isNameChar(c) && !(c >= 48 && c <= 57))) {
      const e = nameEnd(p + 1);
      tok.text = intern(text, p, e, interner);
      tok.quoted = false;
      pos = e;
      return T.Atom;
    }
    for (const op of ELIXIR_OPERATOR_ATOMS) {
      if (text.startsWith(op, p) && p + op.length <= len) {
        tok.text = op;
        tok.quoted = false;
        pos = p + op.length;
        return T.Atom;
      }
    }
    pos = p;
    return T.Colon;
  }

  /** `"text"` (a binary to the parser), joined across `<>`; `"key": ` is a keyword key. */
  function scanElixirString(): TokenKind {
    let acc = "";
    for (;;) {
      const k = scanQuoted(34, false);
      if (k === T.Error) return k;
      acc += tok.text;
      // `"abc" <>\n  "def"`: how a long binary may be broken over lines.
      let q = pos;
      while (q < len && (text.charCodeAt(q) === 32 || text.charCodeAt(q) === 10 || text.charCodeAt(q) === 13 || text.charCodeAt(q) === 9)) q++;
      if (!(text.charCodeAt(q) === 60 && text.charCodeAt(q + 1) === 62)) break;
      q += 2;
      while (q < len && (text.charCodeAt(q) === 32 || text.charCodeAt(q) === 10 || text.charCodeAt(q) === 13 || text.charCodeAt(q) === 9)) q++;
      if (q >= len || text.charCodeAt(q) !== 34) break;
      pos = q;
    }
    tok.text = acc;
    if (keySuffix(pos)) {
      pos++;
      return T.Key;
    }
    return T.String;
  }

  /** `'abc'`: a charlist (T.String starting with `'`). `'key': ` is a keyword key. */
  function scanElixirCharlist(): TokenKind {
    const k = scanQuoted(39, false);
    if (k === T.Error) return k;
    if (keySuffix(pos)) {
      pos++;
      return T.Key;
    }
    return T.String;
  }

  /** 1_000, 0x1F, 0o17, 0b101, 1.5e3: digits may be grouped with `_`. */
  function scanElixirNumber(digitsStart: number): TokenKind {
    const negative = digitsStart !== pos;
    let p = digitsStart;
    const b = text.charCodeAt(p + 1);
    const base = text.charCodeAt(p) === 48 ? (b === 120 ? 16 : b === 111 ? 8 : b === 98 ? 2 : 0) : 0;
    if (base !== 0) {
      let q = p + 2;
      while (q < len && (digitValue(text.charCodeAt(q)) < base || text.charCodeAt(q) === 95)) q++;
      if (q === p + 2) return error(`digits in base ${base}`, describeChar(q), q);
      const v = baseDigitsValue(text.slice(p + 2, q).replace(/_/g, ""), 0, undefined, base);
      pos = q;
      tok.int = negative ? -v : v;
      return T.Integer;
    }
    const digits = () => {
      while (p < len && (isDigit(text.charCodeAt(p)) || (text.charCodeAt(p) === 95 && isDigit(text.charCodeAt(p + 1))))) p++;
    };
    digits();
    let isFloat = false;
    if (text.charCodeAt(p) === 46 && isDigit(text.charCodeAt(p + 1))) {
      isFloat = true;
      p++;
      digits();
      const e = text.charCodeAt(p);
      if (e === 101 || e === 69) {
        let q = p + 1;
        if (text.charCodeAt(q) === 43 || text.charCodeAt(q) === 45) q++;
        if (isDigit(text.charCodeAt(q))) {
          p = q;
          digits();
        }
      }
    }
    const body = text.slice(digitsStart, p).replace(/_/g, "");
    if (isFloat) {
      const f = Number(body);
      if (!Number.isFinite(f)) return error("a float within range", `'${text.slice(pos, p)}'`, pos);
      tok.float = negative ? -f : f;
      pos = p;
      return T.Float;
    }
    const v = BigInt(body);
    tok.int = negative ? -v : v;
    pos = p;
    return T.Integer;
  }

  /** `#PID<0.1.0>`, `#Reference<0.1.2.3>`, `#Port<0.5>`, `#Function<...>`; pos is at `#`. */
  function scanElixirHashed(): TokenKind {
    if (text.startsWith("#PID<", pos)) {
      pos += 4;
      return scanPid();
    }
    let p = pos + 1;
    while (p < len && isNameChar(text.charCodeAt(p))) p++;
    const name = text.slice(pos + 1, p);
    if (name !== "Reference" && name !== "Port" && name !== "Function") {
      return error("#PID<, #Reference<, #Port< or #Function<", `'#${name}'`, pos);
    }
    if (p >= len || text.charCodeAt(p) !== 60) return error(`'<' after #${name}`, describeChar(p), p);
    // `#Function<20.3316493/1 in :erl_eval.expr/6>` has spaces; none has brackets or a newline.
    const limit = Math.min(len, p + 512);
    for (let q = p + 1; q < limit; q++) {
      const c = text.charCodeAt(q);
      if (c === 62) {
        if (q === p + 1) break;
        const inner = text.slice(p + 1, q);
        pos = q + 1;
        if (name === "Reference") {
          tok.text = `#Ref<${inner}>`;
          return T.Ref;
        }
        if (name === "Port") {
          tok.text = `#Port<${inner}>`;
          return T.Port;
        }
        // The Erlang form of a local fun is `#Fun<Module.Index.Uniq>`.
        const written = text.slice(tok.start, pos);
        const m = ELIXIR_FUNCTION.exec(written);
        tok.text = m ? `#Fun<${printAtom(m[3] ?? elixirAliasAtom(m[4] ?? ""))}.${m[1]}.${m[2]}>` : written;
        return T.Fun;
      }
      if (c === 60 || c === 10 || c === 123 || c === 125) break;
    }
    return error(`'>' to close #${name}<`, "something else", p);
  }

  /** `%{`, `%Name{`, `?a`, `~c"..."`, `&Mod.fun/1`: the rest of Elixir's entry points. */
  function scanElixirOther(c: number, n: number): TokenKind {
    if (c === 37) {
      // %
      if (n === 123) {
        pos += 2;
        return T.MapOpen;
      }
      if (n >= 65 && n <= 90) {
        const start = pos;
        pos++;
        scanAlias();
        const name = text.slice(start + 1, pos);
        if (pos >= len || text.charCodeAt(pos) !== 123) return error(`'{' after %${name}`, describeChar(pos), pos);
        pos++;
        tok.text = elixirAliasAtom(name);
        return T.StructOpen;
      }
    } else if (c === 63) {
      // ?a: a character code
      return scanCharCode("'?'");
    } else if (c === 126 && n === 99) {
      // ~c"abc" / ~c'abc': a charlist sigil (Elixir ≥ 1.15 prints charlists this way)
      const q = text.charCodeAt(pos + 2);
      if (q === 34 || q === 39) {
        pos += 2;
        return scanQuoted(q, false) === T.Error ? T.Error : T.String;
      }
    } else if (c === 38) {
      // &Mod.fun/1
      ELIXIR_EXTERNAL_FUN.lastIndex = pos;
      const m = ELIXIR_EXTERNAL_FUN.exec(text);
      if (m && m.index + m[0].length <= len) {
        pos += m[0].length;
        const mod = m[1] ?? elixirAliasAtom(m[2] ?? "");
        tok.text = `fun ${printAtom(mod)}:${printAtom(m[3] ?? "")}/${m[4]}`;
        return T.Fun;
      }
    }
    return error("", describeChar(pos), pos);
  }

  return tok;
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

/** BigInt's own prefixes for the bases it reads itself (linear time). */
const BIGINT_PREFIX: Record<number, string> = { 2: "0b", 8: "0o", 10: "", 16: "0x" };

/**
 * The value of `text[from, to)`, digits of `base` (2–36, every one valid). Digit by digit
 * (`n * base + d`) is quadratic in the digits: `36#zzz…` with 400,000 digits, a 589-byte gzip
 * upload, held the server for five minutes. Bases BigInt reads natively are read so; the others
 * are split in halves (left × base^(right's length) + right), which BigInt's multiplication
 * makes subquadratic, with runs short enough for a double read directly.
 */
export function baseDigitsValue(text: string, from: number, to: number | undefined, base: number): bigint {
  const end = to ?? text.length;
  const prefix = BIGINT_PREFIX[base];
  if (prefix !== undefined) return BigInt(prefix + text.slice(from, end));
  const powers = new Map<number, bigint>();
  const power = (k: number): bigint => {
    let value = powers.get(k);
    if (value === undefined) {
      value = k === 1 ? BigInt(base) : power(Math.floor(k / 2)) * power(k - Math.floor(k / 2));
      powers.set(k, value);
    }
    return value;
  };
  const read = (a: number, b: number): bigint => {
    // 10 digits of base 36 stay below 2^53: exact as a double.
    if (b - a <= 10) return BigInt(parseInt(text.slice(a, b), base));
    const middle = a + Math.floor((b - a) / 2);
    return read(a, middle) * power(b - middle) + read(middle, b);
  };
  return read(from, end);
}
