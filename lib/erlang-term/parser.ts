// ## Parser
//
// Recursive descent over the closure tokenizer, in acorn's vocabulary:
// `eat(kind)` consumes a token if it is there, `expect(kind, what)` insists,
// `unexpected(what)` reports. Tokens are pulled one at a time; no token array
// is ever built.
//
// Two modes share every grammar function:
//   - strict: the first problem throws an ErlangTermError;
//   - tolerant (for logs): the first problem, or the point where the log cut
//     the term (end of input, a `....` line, an unindented line), is recorded
//     as a ParseIssue and every container still open is closed with a
//     `truncated` node, so the caller gets the best-effort tree.
//
// Recursion depth is bounded by `maxDepth` (nesting of containers), so a
// hostile `[[[[...` gets the ordinary error instead of a stack overflow.

import {
  binaryFromSegments as binaryFromSegmentsImport,
  binarySegments,
  flatBinary as flatBinaryImport,
  segmentedBinary,
} from "./binary";
import { describeProblem, ErlangTermError, problemWords, REST_OF_TERM, type ProblemDetails } from "./errors";
import { detectElixir } from "./elixir";
import { fastParse } from "./fast";
import { decodeHtml, detectHtml, type DecodedHtml } from "./html";
import { printAtom } from "./printer";
import { exactSlice as exactSliceImport } from "./scratch";
import { T as tokenKinds, type TokenKind } from "./tokens";
import { createTokenizer, type Tokenizer } from "./tokenizer";
import type { BinEncoding, BinSegment, ErlRecord, ErlTerm, ErlTruncated, Span } from "./types";

// Imports used per token or per node, read once into module constants (see
// the note in tokenizer.ts: under CommonJS each use of an import is otherwise
// a getter call, possibly on a dictionary-mode object).
const T = tokenKinds;
const flatBinary = flatBinaryImport;
const binaryFromSegments = binaryFromSegmentsImport;
const exactSlice = exactSliceImport;

/**
 * Deepest container nesting accepted. Monitor output is a few dozen levels
 * deep; 1,000 keeps the recursive grammar (and the recursive printer, and
 * callers walking the tree recursively) far from any JS stack limit, even in
 * test workers with small stacks. A RangeError from a raised limit is still
 * turned into an ErlangTermError (see `execute`).
 */
export const DEFAULT_MAX_DEPTH = 1000;

/** A problem found in tolerant mode: the same details an ErlangTermError carries. */
export type ParseIssue = ProblemDetails & {
  /**
   * `truncated`: the text stopped before the term did (end of input, `....`,
   * an unindented line). `syntax`: something unreadable; the term was closed there.
   */
  code: "truncated" | "syntax";
};

export type ParseOptions = {
  /** Offset where the term starts (leading whitespace and tags are skipped). Default 0. */
  start?: number;
  /** Collect issues and close cut-off terms instead of throwing. Default false. */
  tolerant?: boolean;
  /**
   * Is the text HTML-escaped (`&lt;0.1.0&gt;`)? `"auto"` (the default) looks
   * at the term itself; see `detectHtml`.
   */
  html?: "auto" | boolean;
  /** Deepest container nesting accepted. Default 1,000. */
  maxDepth?: number;
  /**
   * Which language's term syntax the text is in. `"erlang"` (the default) is
   * what io:format prints; `"elixir"` is what IEx / `inspect/2` print, read
   * into the same kinds (see elixir.md); `"auto"` decides per call from the
   * first 2 KiB of the term (see `detectElixir`).
   */
  syntax?: "erlang" | "elixir" | "auto";
};

export type ParseTermResult = {
  /** The term, or null when not even its first token could be read (tolerant mode). */
  term: ErlTerm | null;
  /** Offset just after the term (after `....` when that cut it), in the caller's text. */
  end: number;
  issues: ParseIssue[];
};

type Mode = "one" | "whole" | "all";

// Internal: carries an ErlangTermError out of the grammar without being
// mistaken for one when the HTML path wants to retry with more text.
class NeedMoreText {}

type Run = { terms: ErlTerm[]; end: number; issues: ParseIssue[]; hitEnd: boolean };

/** The pid as written, which is canonical unless a number has leading zeros (or it is Elixir's `#PID<...>`). */
function pidText(src: string, start: number, end: number, node: number, id: number, serial: number): string {
  const text = src.slice(start, end);
  return src.charCodeAt(start) === 35 || /<0\d|\.0\d/.test(text) ? `<${node}.${id}.${serial}>` : text;
}

/**
 * Runs the grammar over `src` (the caller's text, or its HTML-decoded form).
 * `report` turns an offset in `src` into problem details against the caller's text.
 */
function run(
  src: string,
  from: number,
  to: number,
  mode: Mode,
  tolerant: boolean,
  maxDepth: number,
  report: (srcOffset: number, expected: string, found: string) => ProblemDetails,
  chunked: boolean,
  elixir: boolean,
): Run {
  const tk: Tokenizer = createTokenizer(src, { start: from, end: to, elixir });
  const issues: ParseIssue[] = [];
  let depth = 0;
  /** Tolerant mode stopped reading: every open container closes. */
  let halted = false;
  /** End of the last consumed token. */
  let lastEnd = from;
  /** A depth-0 value had to read one token too far (a bare `fun`); the next term starts there. */
  let lookaheadReady = false;
  /**
   * Elements of the containers being read, innermost last. Each container
   * copies its own out (`slice`) when it closes: arrays of exactly the right
   * size, where pushing into a fresh array would leave most of its backing
   * store unused (and a ~p dump is mostly small tuples).
   */
  const scratch: ErlTerm[] = [];
  /** Scratch entries in use; slots above it are stale (shrinking `length` would cost more). */
  let top = 0;
  /** Segments of the binary being read (a binary never nests); `binTop` of them are in use, as with `scratch`. */
  const binScratch: BinSegment[] = [];
  let binTop = 0;
  /** Appends a finished element (its own nested elements already taken off the scratch). */
  const keep = (element: ErlTerm): void => {
    scratch[top++] = element;
  };
  /** The elements kept since `base`, as an array of exactly their number; the scratch drops them. */
  const takeFrom = (base: number): ErlTerm[] => {
    const n = top - base;
    top = base;
    return exactSlice(scratch, base, n);
  };

  // ## Token helpers

  function next(): void {
    lastEnd = tk.end;
    tk.scan();
  }

  /** Consumes the last token of a value. At depth 0 the term is complete: look no further. */
  function finish(): void {
    lastEnd = tk.end;
    if (depth > 0) tk.scan();
  }

  /** Is the current token of this kind? (A call, so TypeScript does not keep stale narrowing across `next()`.) */
  function at(kind: TokenKind): boolean {
    return tk.kind === kind;
  }

  function eat(kind: TokenKind): boolean {
    if (tk.kind !== kind) return false;
    next();
    return true;
  }

  function foundText(): string {
    switch (tk.kind) {
      case T.EOF:
        return "end of input";
      case T.Error:
        return tk.errorFound;
      default: {
        const s = src.slice(tk.start, Math.min(tk.end, tk.start + 40));
        return tk.end - tk.start > 40 ? `'${s}...'` : `'${s}'`;
      }
    }
  }

  /**
   * Reports that the current token is not `expected`. Strict: throws.
   * Tolerant: records the issue and halts.
   */
  function unexpected(expected: string): void {
    let offset = tk.start;
    let what = expected;
    if (at(T.Error)) {
      offset = tk.errorOffset;
      if (tk.errorExpected !== "") what = tk.errorExpected;
    }
    // A token the text ended inside (a string, a quoted atom: `<<"abc`) is where the term was cut,
    // as much as `{a,` is: a console read mid-line. Anything else found is a syntax error.
    const cut = at(T.Error) && tk.errorFound === "end of input";
    fail(offset, what, foundText(), cut ? "truncated" : "syntax");
  }

  function fail(at: number, expected: string, found: string, code: ParseIssue["code"]): void {
    if (chunked && tk.hitEnd) throw new NeedMoreText();
    const details = report(at, expected, found);
    if (!tolerant) throw new ErlangTermError(details);
    if (!halted) issues.push({ ...details, code });
    halted = true;
  }

  function expect(kind: TokenKind, expected: string): void {
    if (!eat(kind) && !stopped()) unexpected(expected);
  }

  /**
   * Tolerant mode: has the log cut the term here? The first time, the
   * reason is recorded; from then on every container closes.
   */
  function stopped(): boolean {
    if (halted) return true;
    if (!tolerant) return false;
    const k: TokenKind = tk.kind;
    if (k === T.EOF || k === T.Cut || (tk.unindented && depth > 0)) {
      if (chunked && k === T.EOF) throw new NeedMoreText();
      const found = k === T.EOF ? "end of input" : k === T.Cut ? "'....'" : `a new line ${foundText()}`;
      issues.push({ ...report(tk.start, REST_OF_TERM, found), code: "truncated" });
      halted = true;
      return true;
    }
    return false;
  }

  function truncatedHere(): ErlTruncated {
    return { kind: "truncated", start: lastEnd, end: lastEnd };
  }

  function enter(): boolean {
    if (++depth <= maxDepth) return true;
    fail(tk.start, `at most ${maxDepth} nested terms`, "deeper nesting", "syntax");
    return false;
  }

  // ## Terms

  function parseValue(what: string): ErlTerm {
    if (stopped()) return truncatedHere();
    const start = tk.start;
    switch (tk.kind) {
      case T.Atom: {
        const name = tk.text;
        if (!tk.quoted && name === "fun" && !elixir) return parseExternalFun(start);
        finish();
        return { kind: "atom", value: name, start, end: lastEnd };
      }
      case T.Integer: {
        const value = tk.int;
        finish();
        return { kind: "integer", value, start, end: lastEnd };
      }
      case T.Float: {
        const value = tk.float;
        finish();
        return { kind: "float", value, start, end: lastEnd };
      }
      case T.String: {
        const value = tk.text;
        // Elixir: `"text"` is a UTF-8 binary; `'text'` and `~c"text"` are charlists.
        const binary = elixir && src.charCodeAt(start) === 34;
        finish();
        if (!binary) return { kind: "string", value, start, end: lastEnd };
        // Its one segment spans the whole binary, not `start + 2` .. `end - 2`: segmented (unless empty).
        const segments: BinSegment[] = value === "" ? [] : [{ kind: "string", value, encoding: "utf8", start, end: lastEnd }];
        return binaryFromSegments(segments, start, lastEnd);
      }
      case T.LBrace:
        return parseTuple(start);
      case T.LBracket:
        return parseList(start);
      case T.BinOpen:
        return parseBinary(start);
      case T.MapOpen:
        return parseMap(start, null);
      case T.StructOpen:
        return parseMap(start, tk.text);
      case T.Hash:
        return parseRecord(start);
      case T.Pid: {
        const node = tk.pidNode;
        const id = tk.pidId;
        const serial = tk.pidSerial;
        const end = tk.end;
        finish();
        return { kind: "pid", node, id, serial, text: pidText(src, start, end, node, id, serial), start, end };
      }
      case T.Ref:
      case T.Fun:
      case T.Port: {
        const kind = at(T.Ref) ? "ref" : at(T.Fun) ? "fun" : "port";
        const text = tk.text;
        finish();
        return { kind, text, start, end: lastEnd };
      }
      case T.Ellipsis:
        finish();
        return { kind: "truncated", start, end: lastEnd };
      default:
        unexpected(what);
        return truncatedHere();
    }
  }

  /** `fun mod:name/arity`, how ~p prints an external fun. */
  function parseExternalFun(start: number): ErlTerm {
    next();
    if (!at(T.Atom)) {
      // A bare `fun` with no module after it is just the atom.
      lastEnd = start + 3;
      if (depth === 0) lookaheadReady = true;
      return { kind: "atom", value: "fun", start, end: start + 3 };
    }
    const mod = tk.text;
    next();
    expect(T.Colon, "':' in fun Module:Name/Arity");
    const name = tk.text;
    if (!at(T.Atom) || halted) {
      if (!halted && !stopped()) unexpected("function name in fun Module:Name/Arity");
      return truncatedHere();
    }
    next();
    expect(T.Slash, "'/' in fun Module:Name/Arity");
    if (!at(T.Integer) || halted) {
      if (!halted && !stopped()) unexpected("arity in fun Module:Name/Arity");
      return truncatedHere();
    }
    const arity = tk.int;
    finish();
    return { kind: "fun", text: `fun ${printAtom(mod)}:${printAtom(name)}/${arity}`, start, end: lastEnd };
  }

  function parseTuple(start: number): ErlTerm {
    if (!enter()) return truncatedHere();
    const base = top;
    next();
    if (!at(T.RBrace)) {
      for (;;) {
        keep(parseValue("a term in tuple"));
        if (halted) break;
        if (at(T.Comma)) {
          next();
          continue;
        }
        if (at(T.RBrace)) break;
        if (!stopped()) unexpected("',' or '}' in tuple");
        break;
      }
    }
    depth--;
    if (halted) {
      if (top === base || scratch[top - 1]!.kind !== "truncated") keep(truncatedHere());
    } else finish();
    const elements = takeFrom(base);
    return { kind: "tuple", elements, start, end: lastEnd };
  }

  function parseList(start: number): ErlTerm {
    let tail: ErlTerm | null = null;
    if (!enter()) return truncatedHere();
    const base = top;
    next();
    if (!at(T.RBracket)) {
      for (;;) {
        keep(at(T.Key) ? parseKeyword() : parseValue("a term in list"));
        if (halted) break;
        if (at(T.Comma)) {
          next();
          continue;
        }
        if (at(T.Bar)) {
          next();
          tail = parseValue("a tail after '|'");
          if (halted) break;
          if (!at(T.RBracket) && !stopped()) unexpected("']' to close list");
          break;
        }
        if (at(T.RBracket)) break;
        if (!stopped()) unexpected("',', '|' or ']' in list");
        break;
      }
    }
    depth--;
    if (halted) {
      // Cut off: the rest of the list is unknown, which is what `|...` says.
      // A placeholder element left by the cut itself becomes that tail.
      const last = top > base ? scratch[top - 1] : undefined;
      if (tail === null && last?.kind === "truncated" && last.start === last.end) top--;
      if (tail === null || tail.kind !== "truncated") tail = truncatedHere();
    } else finish();
    const elements = takeFrom(base);
    return { kind: "list", elements, tail, start, end: lastEnd };
  }

  /** Elixir `key: value` in a list: the 2-tuple `{key, value}` it stands for. */
  function parseKeyword(): ErlTerm {
    const start = tk.start;
    const key: ErlTerm = { kind: "atom", value: tk.text, start, end: tk.end - 1 };
    next();
    const value = parseValue("a value after a keyword key");
    return { kind: "tuple", elements: [key, value], start, end: value.end };
  }

  /** `#{...}`, Elixir's `%{...}`, and `%Name{...}` (a map whose `__struct__` is `struct`). */
  function parseMap(start: number, struct: string | null): ErlTerm {
    const entries: { key: ErlTerm; value: ErlTerm }[] = [];
    if (struct !== null) {
      const name: ErlTerm = { kind: "atom", value: struct, start, end: tk.end - 1 };
      entries.push({ key: { kind: "atom", value: "__struct__", start, end: start }, value: name });
    }
    if (!enter()) return truncatedHere();
    next();
    if (!at(T.RBrace)) {
      for (;;) {
        if (at(T.Key) && !halted) {
          const key: ErlTerm = { kind: "atom", value: tk.text, start: tk.start, end: tk.end - 1 };
          next();
          entries.push({ key, value: parseValue("a value after a keyword key") });
        } else if (at(T.Ellipsis) && !halted) {
          // `#{a => 1,...}`: ~P dropped the remaining entries. (Unless an
          // arrow follows: then `...` was a key cut short.)
          const cut: ErlTruncated = { kind: "truncated", start: tk.start, end: tk.end };
          next();
          if (at(T.Arrow)) {
            next();
            entries.push({ key: cut, value: parseValue("a value after '=>'") });
          } else entries.push({ key: cut, value: cut });
        } else {
          const key = parseValue("a key in map");
          let value: ErlTerm;
          if (halted) value = truncatedHere();
          else if (at(T.Arrow)) {
            next();
            value = parseValue("a value after '=>'");
          } else {
            if (!stopped()) unexpected("'=>' after map key");
            value = truncatedHere();
          }
          entries.push({ key, value });
        }
        if (halted) break;
        if (at(T.Comma)) {
          next();
          continue;
        }
        if (at(T.RBrace)) break;
        if (!stopped()) unexpected("',' or '}' in map");
        break;
      }
    }
    depth--;
    if (halted) {
      const last = entries[entries.length - 1];
      if (!last || last.value.kind !== "truncated") {
        const cut = truncatedHere();
        entries.push({ key: cut, value: cut });
      }
    } else finish();
    return { kind: "map", entries, start, end: lastEnd };
  }

  function parseRecord(start: number): ErlTerm {
    next();
    if (!at(T.Atom)) {
      if (!stopped()) unexpected("record name after '#'");
      return truncatedHere();
    }
    const name = tk.text;
    next();
    if (!at(T.LBrace)) {
      if (!stopped()) unexpected(`'{' after #${printAtom(name)}`);
      return truncatedHere();
    }
    const fields: ErlRecord["fields"] = [];
    if (!enter()) return truncatedHere();
    next();
    if (!at(T.RBrace)) {
      for (;;) {
        if (at(T.Ellipsis) && !halted) {
          // `#state{socket = a,...}` / `#state{...}`: the shell's printer (io_lib_pretty, with the
          // record's definition) dropped the remaining fields at its depth limit.
          fields.push({ name: "...", value: { kind: "truncated", start: tk.start, end: tk.end } });
          next();
          if (!at(T.RBrace) && !stopped()) unexpected("'}' after '...' in record");
          break;
        }
        if (!at(T.Atom) || halted) {
          if (!stopped()) unexpected("field name in record");
          break;
        }
        const field = tk.text;
        next();
        let value: ErlTerm;
        if (at(T.Equals)) {
          next();
          value = parseValue("a value after '='");
        } else {
          if (!stopped()) unexpected("'=' after record field name");
          value = truncatedHere();
        }
        fields.push({ name: field, value });
        if (halted) break;
        if (at(T.Comma)) {
          next();
          continue;
        }
        if (at(T.RBrace)) break;
        if (!stopped()) unexpected("',' or '}' in record");
        break;
      }
    }
    depth--;
    if (halted) {
      const last = fields[fields.length - 1];
      if (!last || last.value.kind !== "truncated") fields.push({ name: "...", value: truncatedHere() });
    } else finish();
    return { kind: "record", name, fields, start, end: lastEnd };
  }

  // ## Binaries
  //
  // Segments are scalars, so a binary never recurses: `<<"text"/utf8>>`,
  // `<<13,122>>`, `<<1,"ab",2:4>>`, `<<5:3>>`, `<<"abc"...>>` (~P).
  //
  // Nearly every binary in a dump is one plain literal, `<<"text">>` or
  // `<<"text"/utf8>>`: the tokenizer reads those whole in one step
  // (`scanFlatBinary`), straight to a flat node. Anything else (whitespace,
  // escapes, other segments) takes the general path below, token by token.

  function parseBinary(start: number): ErlTerm {
    if (!enter()) return truncatedHere();
    if (tk.scanFlatBinary()) {
      // The current token is now the closing `>>`, and the literal filled the brackets.
      depth--;
      const text = tk.text;
      const encoding: BinEncoding = tk.binEncoding;
      finish();
      return flatBinary(text, encoding, start, lastEnd);
    }
    binTop = 0;
    next();
    if (!at(T.BinClose)) {
      for (;;) {
        if (stopped()) {
          binScratch[binTop++] = truncatedHere();
          break;
        }
        const segStart = tk.start;
        const k: TokenKind = tk.kind;
        if (k === T.String) {
          const value = tk.text;
          next();
          const encoding = at(T.Slash) ? parseTypeList() : elixir ? "utf8" : "latin1";
          binScratch[binTop++] = { kind: "string", value, encoding, start: segStart, end: lastEnd };
          if (at(T.Ellipsis) && !halted) {
            binScratch[binTop++] = { kind: "truncated", start: tk.start, end: tk.end };
            next();
          }
        } else if (k === T.Integer || k === T.Float) {
          const int = tk.int;
          const float = tk.float;
          next();
          let size: number | null = null;
          if (at(T.Colon)) {
            next();
            if (at(T.Integer) && tk.int >= 0n && tk.int <= 0xffffffffn) {
              size = Number(tk.int);
              next();
            } else if (!stopped()) unexpected("segment size after ':'");
          }
          const encoding = at(T.Slash) ? parseTypeList() : null;
          const end = lastEnd;
          if (k === T.Float) binScratch[binTop++] = { kind: "float", value: float, size, start: segStart, end };
          else if (encoding !== null && encoding !== "latin1" && int >= 0n && int <= 0x10ffffn) {
            // <<20013/utf8>>: a code point written as a number.
            binScratch[binTop++] = { kind: "string", value: String.fromCodePoint(Number(int)), encoding, start: segStart, end };
          } else binScratch[binTop++] = { kind: "integer", value: int, size, start: segStart, end };
        } else if (k === T.Ellipsis) {
          binScratch[binTop++] = { kind: "truncated", start: segStart, end: tk.end };
          next();
        } else {
          unexpected("a segment in binary");
          binScratch[binTop++] = truncatedHere();
          break;
        }
        if (halted) {
          if (binTop === 0 || binScratch[binTop - 1]!.kind !== "truncated") binScratch[binTop++] = truncatedHere();
          break;
        }
        if (at(T.Comma)) {
          next();
          continue;
        }
        if (at(T.BinClose)) break;
        if (!stopped()) unexpected("',' or '>>' in binary");
        binScratch[binTop++] = truncatedHere();
        break;
      }
    }
    depth--;
    // Copied out at its exact size; the scratch slots are simply reused by the next binary.
    const segments = binScratch.slice(0, binTop);
    binTop = 0;
    let end = lastEnd;
    if (!halted && at(T.BinClose)) {
      finish();
      end = lastEnd;
    } else if (!halted && !stopped()) unexpected("'>>' to close binary");
    return binaryFromSegments(segments, start, end);
  }

  /** `/utf8`, `/big-unsigned-integer`, `/unit:8`: only the encoding matters to us. */
  function parseTypeList(): BinEncoding {
    let encoding: BinEncoding = "latin1";
    next(); // '/'
    for (;;) {
      if (!at(T.Atom)) {
        if (!stopped()) unexpected("a type after '/' in binary segment");
        return encoding;
      }
      const t = tk.text;
      if (t === "utf8" || t === "utf16" || t === "utf32") encoding = t;
      next();
      if (at(T.Colon)) {
        next();
        if (!eat(T.Integer) && !stopped()) unexpected("unit size after ':'");
      }
      if (!eat(T.Minus)) return encoding;
    }
  }

  // ## Entry points

  const terms: ErlTerm[] = [];
  tk.scan();
  if (mode === "one") {
    if (at(T.EOF) && tolerant) {
      if (chunked) throw new NeedMoreText();
      issues.push({ ...report(tk.start, "a term", "end of input"), code: "truncated" });
      return { terms, end: from, issues, hitEnd: tk.hitEnd };
    }
    const term = parseValue("a term");
    // Nothing usable at all: report no term rather than a lone `...`.
    const empty = halted && lastEnd === from && term.kind === "truncated";
    if (!empty) terms.push(term);
    if (halted && at(T.Cut)) lastEnd = tk.end;
    return { terms, end: empty ? from : lastEnd, issues, hitEnd: tk.hitEnd };
  }

  // "whole" and "all": terms until the end of the text, each optionally
  // followed by a full stop (as in a file of terms).
  for (;;) {
    if (at(T.EOF)) break;
    const term = parseValue("a term");
    terms.push(term);
    if (halted) break;
    if (!lookaheadReady) tk.scan();
    lookaheadReady = false;
    if (at(T.Dot)) {
      lastEnd = tk.end;
      tk.scan();
    }
    if (mode === "whole" && !at(T.EOF)) {
      unexpected("end of input after the term");
      break;
    }
  }
  if (terms.length === 0 && mode === "whole") unexpected("a term");
  return { terms, end: lastEnd, issues, hitEnd: tk.hitEnd };
}

// ## HTML plumbing
//
// In HTML mode the grammar runs over decoded text; spans and error offsets
// are mapped back to the caller's text afterwards. For `parseTerm` at an
// offset inside a big page, decoding the whole rest of the page for every
// call would be quadratic, so decoding grows geometrically from a small
// chunk until the term fits.

function remapSpans(term: ErlTerm, d: DecodedHtml): void {
  const stack: ErlTerm[] = [term];
  const fix = (span: Span): void => {
    const s = span.start;
    const e = span.end;
    span.start = d.sourceStart[s] ?? d.stoppedAt;
    span.end = e > s ? (d.sourceEnd[e - 1] ?? d.stoppedAt) : span.start;
  };
  // Nodes may be shared (a truncated map entry uses one node for key and value).
  const seen = new Set<Span>();
  const fixOnce = (span: Span): void => {
    if (seen.has(span)) return;
    seen.add(span);
    fix(span);
  };
  while (stack.length > 0) {
    const t = stack.pop()!;
    if (seen.has(t)) continue;
    const s0 = t.start;
    const e0 = t.end;
    fixOnce(t);
    switch (t.kind) {
      case "tuple":
        for (const e of t.elements) stack.push(e);
        break;
      case "list":
        for (const e of t.elements) stack.push(e);
        if (t.tail) stack.push(t.tail);
        break;
      case "map":
        for (const e of t.entries) stack.push(e.key, e.value);
        break;
      case "record":
        for (const f of t.fields) stack.push(f.value);
        break;
      case "binary":
        // The node's own span is remapped (above). A flat binary's segment
        // span is implied by it, which no longer holds in the caller's text
        // (`&lt;&lt;` is 8 characters): it becomes segmented, the segment
        // taking its span in the decoded text, remapped like any other.
        if (t.segments === null) {
          if (t.text === "") break;
          const segments = binarySegments({ ...t, start: s0, end: e0 });
          Object.assign(t, segmentedBinary(segments, t.start, t.end));
        }
        for (const s of t.segments!) fixOnce(s);
        break;
      default:
        break;
    }
  }
}

function mapEnd(d: DecodedHtml, decodedEnd: number): number {
  return decodedEnd > 0 ? (d.sourceEnd[decodedEnd - 1] ?? d.stoppedAt) : (d.sourceStart[0] ?? d.stoppedAt);
}

type Plan = {
  text: string;
  start: number;
  mode: Mode;
  tolerant: boolean;
  html: "auto" | boolean;
  maxDepth: number;
  syntax: "erlang" | "elixir" | "auto";
};

function execute(plan: Plan): Run {
  try {
    return executeUnguarded(plan);
  } catch (e) {
    if (!(e instanceof RangeError)) throw e;
    // Only reachable when a caller raised maxDepth past what the stack holds.
    const details = describeProblem(plan.text, plan.start, `at most ${plan.maxDepth} nested terms`, "deeper nesting than the stack allows");
    if (!plan.tolerant) throw new ErlangTermError(details);
    return { terms: [], end: plan.start, issues: [{ ...details, code: "syntax" }], hitEnd: false };
  }
}

let fastPathEnabled = true;

/**
 * For tests only (not exported from index.ts): turn the fast path off to get
 * the full parser's answer for the same input, to compare the two.
 */
export function setFastPathForTests(enabled: boolean): void {
  fastPathEnabled = enabled;
}

function executeUnguarded(plan: Plan): Run {
  const { text, start, mode, tolerant, maxDepth } = plan;
  const rawReport = (at: number, expected: string, found: string) => describeProblem(text, at, expected, found);
  const html = plan.html === "auto" ? detectHtml(text, start) : plan.html;
  const elixir = plan.syntax === "auto" ? detectElixir(text, start) : plan.syntax === "elixir";
  if (!html) {
    // Plain strict Erlang text: the fused fast path (fast.ts), which gives
    // the same tree or gives up, and then the grammar below reads it all.
    if (!tolerant && !elixir && fastPathEnabled) {
      const fast = fastParse(text, start, mode, maxDepth);
      if (fast !== null) return { terms: fast.terms, end: fast.end, issues: [], hitEnd: false };
    }
    return run(text, start, text.length, mode, tolerant, maxDepth, rawReport, false, elixir);
  }

  // Start small: most terms are far shorter than the page they sit in.
  let chunk = mode === "one" ? 4096 : 1 << 16;
  for (;;) {
    const d = decodeHtml(text, start, Math.min(text.length, start + chunk));
    const complete = d.stoppedAt >= text.length;
    const report = (at: number, expected: string, found: string) =>
      describeProblem(text, d.sourceStart[at] ?? d.stoppedAt, expected, found);
    let result: Run;
    try {
      result = run(d.text, 0, d.text.length, mode, tolerant, maxDepth, report, !complete, elixir);
    } catch (e) {
      if (e instanceof NeedMoreText) {
        chunk *= 4;
        continue;
      }
      throw e;
    }
    if (!complete && result.hitEnd) {
      chunk *= 4;
      continue;
    }
    for (const t of result.terms) remapSpans(t, d);
    return { ...result, end: result.end === 0 && result.terms.length === 0 ? start : mapEnd(d, result.end) };
  }
}

function checkOptions(text: unknown, start: number, maxDepth: number): void {
  const bad = (expected: string, found: string) =>
    new ErlangTermError({ expected, found, offset: 0, line: 1, column: 1, message: `${problemWords(expected, found)} at 1:1` });
  if (typeof text !== "string") throw bad("text to be a string", typeof text);
  if (!Number.isInteger(start) || start < 0 || start > text.length) throw bad(`start within 0..${text.length}`, String(start));
  if (!Number.isInteger(maxDepth) || maxDepth < 1) throw bad("maxDepth to be a positive integer", String(maxDepth));
}

export function parseTerm(text: string, options: ParseOptions = {}): ParseTermResult {
  const start = options.start ?? 0;
  const maxDepth = options.maxDepth ?? DEFAULT_MAX_DEPTH;
  checkOptions(text, start, maxDepth);
  const r = execute({
    text,
    start,
    mode: "one",
    tolerant: options.tolerant ?? false,
    html: options.html ?? "auto",
    maxDepth,
    syntax: options.syntax ?? "erlang",
  });
  return { term: r.terms[0] ?? null, end: r.end, issues: r.issues };
}

export function parse(text: string, options: Pick<ParseOptions, "html" | "maxDepth" | "syntax"> = {}): ErlTerm {
  const maxDepth = options.maxDepth ?? DEFAULT_MAX_DEPTH;
  checkOptions(text, 0, maxDepth);
  const r = execute({ text, start: 0, mode: "whole", tolerant: false, html: options.html ?? "auto", maxDepth, syntax: options.syntax ?? "erlang" });
  return r.terms[0]!;
}

export function parseAll(text: string, options: Pick<ParseOptions, "html" | "maxDepth" | "syntax"> = {}): ErlTerm[] {
  const maxDepth = options.maxDepth ?? DEFAULT_MAX_DEPTH;
  checkOptions(text, 0, maxDepth);
  return execute({ text, start: 0, mode: "all", tolerant: false, html: options.html ?? "auto", maxDepth, syntax: options.syntax ?? "erlang" }).terms;
}
