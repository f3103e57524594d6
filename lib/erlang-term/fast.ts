// ## Fast path: plain ~p text straight to the tree
//
// The grammar (parser.ts) pulls tokens from the tokenizer one at a time;
// for a 10 MB dump that is ~60 ms of token bookkeeping on top of building
// the tree. Nearly all of what io:format prints is a handful of shapes —
// tuples, lists, maps, records, bare and quoted atoms, decimal numbers,
// strings and quoted atoms (escapes included), `<<"text">>` binaries,
// pids, `#Ref<...>`, ~P's `...` — and those are read here character by
// character, building the nodes directly.
//
// This path only ever agrees with the full parser, or gives up: anything
// it does not know for certain (a tag, `....`, `16#ff`, `$a`, a bare
// `fun`, `:=`, sized or typed binary segments, any syntax error, nesting
// past `maxDepth`, a RangeError) throws BAIL, and the caller runs the full
// parser from the start, which then produces the tree or the error (with
// its line and column) exactly as before. Giving up late costs the work
// done so far on top of the full parse. Only strict, raw (non-HTML)
// Erlang text comes here; tolerant parses keep the full parser.
//
// Spans, node shapes and field order are the full parser's; the
// equivalence test (fast.test.ts) compares the two on random and fixture
// text.

import { exactSlice as exactSliceImport } from "./scratch";
import { binaryFromSegments as binaryFromSegmentsImport, flatBinary as flatBinaryImport } from "./binary";
import {
  ATOM_START as ATOM_START_IMPORT,
  bareAtomEnd as bareAtomEndImport,
  charClass as charClassImport,
  createInterner as createInternerImport,
  decimalEnd as decimalEndImport,
  decimalValue as decimalValueImport,
  fractionEnd as fractionEndImport,
  HASHED_FUN as HASHED_FUN_IMPORT,
  HASHED_REF as HASHED_REF_IMPORT,
  intern as internImport,
  type Interner,
  readFlatBinary as readFlatBinaryImport,
  readHashed as readHashedImport,
  readOut as readOutImport,
  readPid as readPidImport,
  readQuoted as readQuotedImport,
} from "./tokenizer";
import type { BinEncoding, BinSegment, ErlRecord, ErlTerm } from "./types";

// Read once into module constants (see the note at the top of tokenizer.ts).
const binaryFromSegments = binaryFromSegmentsImport;
const flatBinary = flatBinaryImport;
const exactSlice = exactSliceImport;
const charClass = charClassImport;
const ATOM_START = ATOM_START_IMPORT;
const bareAtomEnd = bareAtomEndImport;
const createInterner = createInternerImport;
const intern = internImport;
const readQuoted = readQuotedImport;
const readFlatBinary = readFlatBinaryImport;
const readOut = readOutImport;
const decimalEnd = decimalEndImport;
const decimalValue = decimalValueImport;
const fractionEnd = fractionEndImport;
const readPid = readPidImport;
const readHashed = readHashedImport;
const HASHED_REF = HASHED_REF_IMPORT;
const HASHED_FUN = HASHED_FUN_IMPORT;

/** Caches of no parse, to drop the last parse's. */
const NO_INTERNER: Interner = { strings: [], stringsAt: [], literals: [] };

/** Thrown to give up; never leaves this module. A plain object: no stack trace to capture. */
const BAIL = { bail: true };

export type FastMode = "one" | "whole" | "all";

/** What `fastParse` read: the terms, and the offset after the last token used. */
export type FastResult = { terms: ErlTerm[]; end: number };

// ## State of the one parse in progress (the path never calls out, so never re-enters)

let s = "";
let len = 0;
let p = 0;
let depth = 0;
let maxDepth = 0;
/** Elements of open containers, innermost last; as `scratch` in parser.ts. */
let scratch: ErlTerm[] = [];
let top = 0;
let binScratch: BinSegment[] = [];
let interner: Interner = NO_INTERNER;

function bail(): never {
  throw BAIL;
}

/**
 * Reads the text from `from` as the parser would in `mode` (strict, raw
 * Erlang), or returns null when it must be left to the full parser.
 */
export function fastParse(text: string, from: number, mode: FastMode, maxDepthOption: number): FastResult | null {
  s = text;
  len = text.length;
  p = from;
  depth = 0;
  maxDepth = maxDepthOption;
  scratch = [];
  top = 0;
  binScratch = [];
  interner = createInterner();
  try {
    return readTop(from, mode);
  } catch (e) {
    // A RangeError is a stack too small for a raised maxDepth (or a string
    // too long): the full parser reports it as it always has.
    if (e === BAIL || e instanceof RangeError) return null;
    throw e;
  } finally {
    // Nothing of this text or its tree stays reachable from the module.
    s = "";
    scratch = [];
    binScratch = [];
    interner = NO_INTERNER;
  }
}

function readTop(from: number, mode: FastMode): FastResult {
  if (mode === "one") {
    const c = ws();
    if (c < 0) bail();
    const term = value(c);
    return { terms: [term], end: p };
  }
  // "whole" and "all": terms until the end, each optionally followed by `.`.
  const terms: ErlTerm[] = [];
  let end = from;
  for (;;) {
    let c = ws();
    if (c < 0) break;
    terms.push(value(c));
    end = p;
    c = ws();
    if (c === 46) {
      // One `.` is a full stop; `..`, `...` and `....` are other tokens.
      if (s.charCodeAt(p + 1) === 46) bail();
      p++;
      end = p;
      c = ws();
    }
    if (mode === "whole" && c >= 0) bail();
  }
  if (terms.length === 0 && mode === "whole") bail();
  return { terms, end };
}

/** Skips plain whitespace; returns the code at `p`, or -1 at the end. Anything else the tokenizer skips (tags, control characters) is left for the caller to give up on. */
function ws(): number {
  let q = p;
  while (q < len) {
    const c = s.charCodeAt(q);
    if (c === 32 || c === 10 || c === 9 || c === 13) q++;
    else {
      p = q;
      return c;
    }
  }
  p = q;
  return -1;
}

// ## Values

/** The value whose first character, `c`, is at `p`. */
function value(c: number): ErlTerm {
  const start = p;
  switch (c) {
    case 123: // {
      return tuple(start);
    case 91: // [
      return list(start);
    case 60: {
      // <
      const n = s.charCodeAt(start + 1);
      if (n === 60) return binary(start);
      if (n >= 48 && n <= 57) return pid(start);
      return bail();
    }
    case 34: {
      // "
      const text = quoted(34, true);
      return { kind: "string", value: text, start, end: p };
    }
    case 39: {
      // '
      const name = quotedAtom();
      return { kind: "atom", value: name, start, end: p };
    }
    case 35: {
      // #
      const n = s.charCodeAt(start + 1);
      if (n === 123) return map(start);
      if (n >= 65 && n <= 90) return hashed(start);
      return record(start);
    }
    case 46:
      // `...`, where ~P cut the term (`.`, `..` and the monitor's `....` are no value)
      if (!isEllipsis(start)) bail();
      p = start + 3;
      return { kind: "truncated", start, end: p };
    case 45: {
      // - (a negative number, or nothing this path reads)
      const n = s.charCodeAt(start + 1);
      if (n >= 48 && n <= 57) return number(start, start + 1);
      return bail();
    }
    default:
      break;
  }
  if (c >= 48 && c <= 57) return number(start, start);
  if (c < 256 && (charClass[c]! & ATOM_START) !== 0) {
    const q = bareAtomEnd(s, start, len);
    // A bare `fun` starts `fun m:f/a` (or is the atom): the full parser decides.
    if (q - start === 3 && c === 102 && s.charCodeAt(start + 1) === 117 && s.charCodeAt(start + 2) === 110) bail();
    p = q;
    return { kind: "atom", value: intern(s, start, q, interner), start, end: q };
  }
  return bail();
}

/** Exactly three dots at `q` (scanDots: one is a full stop, two an error, four or more a cut). */
function isEllipsis(q: number): boolean {
  return s.charCodeAt(q) === 46 && s.charCodeAt(q + 1) === 46 && s.charCodeAt(q + 2) === 46 && s.charCodeAt(q + 3) !== 46;
}

/** An atom token (bare or quoted) at `p`, whose first character is `c`: its name. */
function atomName(c: number): string {
  if (c === 39) return quotedAtom();
  if (c < 0 || c >= 256 || (charClass[c]! & ATOM_START) === 0) bail();
  const start = p;
  const q = bareAtomEnd(s, start, len);
  p = q;
  return intern(s, start, q, interner);
}

/** `'name'`; `p` moves past it. */
function quotedAtom(): string {
  return quoted(39, false);
}

/** A quoted literal at `p` (readQuoted: with `join`, a string and the literals right after it); `p` moves past it. */
function quoted(quote: number, join: boolean): string {
  const q = readQuoted(s, p, len, quote, join, false, interner);
  if (q < 0) bail();
  p = q;
  return readOut.text;
}

/** A decimal integer or float (`digitsStart` is after a leading `-`). `16#ff` and the like go to the full parser. */
function number(start: number, digitsStart: number): ErlTerm {
  let q = decimalEnd(s, digitsStart, len);
  const c = s.charCodeAt(q);
  if (c === 35) bail();
  const d = s.charCodeAt(q + 1);
  if (c === 46 && d >= 48 && d <= 57) {
    q = fractionEnd(s, q, len);
    const f = Number(s.slice(start, q));
    if (!Number.isFinite(f)) bail();
    p = q;
    return { kind: "float", value: f, start, end: q };
  }
  const value = decimalValue(s, digitsStart, q, digitsStart !== start, readOut.value);
  p = q;
  return { kind: "integer", value, start, end: q };
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

/** `<a.b.c>` (readPid); the text is as written unless a number has leading zeros (pidText in parser.ts). */
function pid(start: number): ErlTerm {
  const end = readPid(s, start, len);
  if (end < 0) bail();
  p = end;
  const node = readOut.pidNode;
  const id = readOut.pidId;
  const serial = readOut.pidSerial;
  const text = readOut.pidZeros ? `<${node}.${id}.${serial}>` : s.slice(start, end);
  return { kind: "pid", node, id, serial, text, start, end };
}

/** `#Ref<...>`, `#Fun<...>`, `#Port<...>` (readHashed). */
function hashed(start: number): ErlTerm {
  const end = readHashed(s, start, len);
  if (end < 0) bail();
  p = end;
  const which = readOut.hashed;
  const kind = which === HASHED_REF ? "ref" : which === HASHED_FUN ? "fun" : "port";
  return { kind, text: s.slice(start, end), start, end };
}

// ## Containers

/** The elements kept since `base`, at their exact number (takeFrom in parser.ts). */
function takeFrom(base: number): ErlTerm[] {
  const n = top - base;
  top = base;
  return exactSlice(scratch, base, n);
}

/**
 * Comma-separated elements from `p` onto `scratch`, until `close` or (a
 * list's tail) a `|`: returns the code it stopped at, `p` on it.
 */
function readElements(close: number): number {
  let c = ws();
  if (c === close) return c;
  for (;;) {
    scratch[top++] = value(c);
    c = ws();
    if (c !== 44) return c;
    p++;
    c = ws();
  }
}

/** At `c` after a map's or record's entry: past a `,`, true (another follows); at `}`, false; else gives up. */
function nextEntry(c: number): boolean {
  if (c === 44) {
    p++;
    return true;
  }
  if (c !== 125) bail();
  return false;
}

function tuple(start: number): ErlTerm {
  if (++depth > maxDepth) bail();
  const base = top;
  p = start + 1;
  if (readElements(125) !== 125) bail();
  depth--;
  const end = ++p;
  const elements = takeFrom(base);
  return { kind: "tuple", elements, start, end };
}

function list(start: number): ErlTerm {
  if (++depth > maxDepth) bail();
  const base = top;
  let tail: ErlTerm | null = null;
  p = start + 1;
  let c = readElements(93);
  if (c === 124) {
    p++;
    tail = value(ws());
    c = ws();
  }
  if (c !== 93) bail();
  depth--;
  const end = ++p;
  const elements = takeFrom(base);
  return { kind: "list", elements, tail, start, end };
}

function map(start: number): ErlTerm {
  const entries: { key: ErlTerm; value: ErlTerm }[] = [];
  if (++depth > maxDepth) bail();
  p = start + 2;
  let c = ws();
  if (c !== 125) {
    for (;;) {
      if (c === 46 && isEllipsis(p)) {
        // `#{a => 1,...}`: ~P dropped the other entries; `... => v`: a key cut short.
        const cut: ErlTerm = { kind: "truncated", start: p, end: p + 3 };
        p += 3;
        c = ws();
        if (c === 61 && s.charCodeAt(p + 1) === 62) {
          p += 2;
          entries.push({ key: cut, value: value(ws()) });
          c = ws();
        } else {
          if (c === 58) bail();
          entries.push({ key: cut, value: cut });
        }
      } else {
        const key = value(c);
        // `=>` only (`:=` is accepted by the full parser).
        if (ws() !== 61 || s.charCodeAt(p + 1) !== 62) bail();
        p += 2;
        const v = value(ws());
        entries.push({ key, value: v });
        c = ws();
      }
      if (!nextEntry(c)) break;
      c = ws();
    }
  }
  depth--;
  const end = ++p;
  return { kind: "map", entries, start, end };
}

/** `#name{field = value, ...}`; `start` is at the `#`. */
function record(start: number): ErlTerm {
  p = start + 1;
  const name = atomName(ws());
  if (ws() !== 123) bail();
  const fields: ErlRecord["fields"] = [];
  if (++depth > maxDepth) bail();
  p++;
  let c = ws();
  if (c !== 125) {
    for (;;) {
      const field = atomName(c);
      // `=`, not `=>`.
      if (ws() !== 61 || s.charCodeAt(p + 1) === 62) bail();
      p++;
      const v = value(ws());
      fields.push({ name: field, value: v });
      if (!nextEntry(ws())) break;
      c = ws();
    }
  }
  depth--;
  const end = ++p;
  return { kind: "record", name, fields, start, end };
}

// ## Binaries
//
// `<<"text">>` and `<<"text"/utf8>>` in one step (readFlatBinary, shared with the tokenizer),
// else a list of string (with one bare type), plain integer and `...`
// segments; sizes, type lists, floats and `$a` go to the full parser.

function binary(start: number): ErlTerm {
  if (++depth > maxDepth) bail();
  const flat = flatLiteral(start);
  if (flat !== null) {
    depth--;
    return flat;
  }
  p = start + 2;
  let k = 0;
  let c = ws();
  if (!(c === 62 && s.charCodeAt(p + 1) === 62)) {
    for (;;) {
      const segStart = p;
      if (c === 46) {
        if (!isEllipsis(p)) bail();
        p += 3;
        binScratch[k++] = { kind: "truncated", start: segStart, end: p };
        c = ws();
      } else if (c === 34) {
        const text = quoted(34, true);
        let encoding: BinEncoding = "latin1";
        let end = p;
        c = ws();
        if (c === 47) {
          // `/utf8`, `/binary`...: one bare type; `/big-unsigned` and `/unit:8` go to the full parser.
          p++;
          const t = ws();
          if (t < 0 || t >= 256 || (charClass[t]! & ATOM_START) === 0) bail();
          const typeStart = p;
          p = bareAtomEnd(s, typeStart, len);
          const type = s.slice(typeStart, p);
          if (type === "utf8" || type === "utf16" || type === "utf32") encoding = type;
          end = p;
          c = ws();
          if (c === 58 || c === 45) bail();
        }
        binScratch[k++] = { kind: "string", value: text, encoding, start: segStart, end };
        if (c === 46) {
          // `<<"abc"...>>`
          if (!isEllipsis(p)) bail();
          binScratch[k++] = { kind: "truncated", start: p, end: p + 3 };
          p += 3;
          c = ws();
        }
      } else {
        let digitsStart = segStart;
        if (c === 45) digitsStart++;
        const d = s.charCodeAt(digitsStart);
        if (!(d >= 48 && d <= 57)) bail();
        const q = decimalEnd(s, digitsStart, len);
        const after = s.charCodeAt(q);
        if (after === 35 || (after === 46 && isDigit(s.charCodeAt(q + 1)))) bail();
        const int = decimalValue(s, digitsStart, q, digitsStart !== segStart, readOut.value);
        p = q;
        c = ws();
        if (c === 58 || c === 47) bail();
        binScratch[k++] = { kind: "integer", value: int, size: null, start: segStart, end: q };
      }
      if (c === 44) {
        p++;
        c = ws();
        continue;
      }
      if (c === 62 && s.charCodeAt(p + 1) === 62) break;
      bail();
    }
  }
  p += 2;
  depth--;
  const segments = binScratch.slice(0, k);
  return binaryFromSegments(segments, start, p);
}

/** `<<"text">>` or `<<"text"/utf8>>` exactly (readFlatBinary), or null. */
function flatLiteral(start: number): ErlTerm | null {
  const end = readFlatBinary(s, start + 2, len, false, interner);
  if (end < 0) return null;
  p = end;
  return flatBinary(readOut.text, readOut.encoding, start, end);
}
