// ## Printer
//
// Writes a tree back as Erlang text that this parser (and erl_parse, for the
// parts Erlang itself can read) reads back to the same tree. `print` is
// compact like `~w`, except that strings and binaries stay in their printed
// `"text"` form instead of lists of numbers. `printPretty` lays the same text
// out like `~p`: whatever fits in the line width stays on one line, the rest
// breaks after each element, aligned under the first one.

import { binarySegments } from "./binary";
import type { BinSegment, ErlTerm } from "./types";

// Reserved words must be quoted to be read back as atoms (~p does the same).
const RESERVED = new Set(
  ("after and andalso band begin bnot bor bsl bsr bxor case catch cond div else end fun if let maybe not of or " +
    "orelse receive rem try when xor").split(" "),
);

function isBareAtom(name: string): boolean {
  const n = name.length;
  if (n === 0) return false;
  const c0 = name.charCodeAt(0);
  if (!((c0 >= 97 && c0 <= 122) || (c0 >= 0xdf && c0 <= 0xff && c0 !== 0xf7))) return false;
  for (let i = 1; i < n; i++) {
    const c = name.charCodeAt(i);
    const ok =
      (c >= 97 && c <= 122) ||
      (c >= 65 && c <= 90) ||
      (c >= 48 && c <= 57) ||
      c === 95 ||
      c === 64 ||
      (c >= 0xc0 && c <= 0xff && c !== 0xd7 && c !== 0xf7);
    if (!ok) return false;
  }
  return !RESERVED.has(name);
}

const NAMED_ESCAPES: Record<number, string> = {
  8: "\\b",
  9: "\\t",
  10: "\\n",
  11: "\\v",
  12: "\\f",
  13: "\\r",
  27: "\\e",
  92: "\\\\",
  127: "\\d",
};

/**
 * A control character (C0, DEL, C1) as Erlang writes it inside quotes: `\e`, `\r`, `\d`…, else
 * `\x{1e}`. For text shown outside a term (a decoded binary) written the way the term view writes it.
 */
export function printControl(code: number): string {
  return NAMED_ESCAPES[code] ?? `\\x{${code.toString(16)}}`;
}

/** Escaped form of one UTF-16 unit (or surrogate pair) inside quotes. */
function escapeUnit(s: string, i: number, quote: number): string {
  const c = s.charCodeAt(i);
  if (c === quote) return quote === 34 ? '\\"' : "\\'";
  const named = NAMED_ESCAPES[c];
  if (named !== undefined) return named;
  if (c < 32 || (c >= 0x80 && c < 0xa0)) return `\\x{${c.toString(16)}}`;
  if (c >= 0xd800 && c <= 0xdbff) {
    const d = s.charCodeAt(i + 1);
    if (d >= 0xdc00 && d <= 0xdfff) return s.slice(i, i + 2);
  }
  // A lone surrogate cannot be written literally and survive a round trip.
  if (c >= 0xd800 && c <= 0xdfff) return `\\x{${c.toString(16)}}`;
  return s[i]!;
}

/** Splits quoted text into escaped units, so long literals can be wrapped between them. */
function escapedUnits(s: string, quote: number): string[] {
  const units: string[] = [];
  for (let i = 0; i < s.length; i++) {
    const u = escapeUnit(s, i, quote);
    units.push(u);
    if (u.length === 2 && u.charCodeAt(0) >= 0xd800 && u.charCodeAt(0) <= 0xdbff) i++;
  }
  return units;
}

function quote(s: string, q: number): string {
  // Fast path: nothing to escape.
  let plain = true;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 32 || c === q || c === 92 || (c >= 127 && c < 0xa0) || (c >= 0xd800 && c <= 0xdfff)) {
      plain = false;
      break;
    }
  }
  const body = plain ? s : escapedUnits(s, q).join("");
  return q === 34 ? `"${body}"` : `'${body}'`;
}

/**
 * A string in double quotes, escaped as Erlang writes it: `\n`, `\t`, `\e`,
 * `\x{1e}` for other control characters (never JSON's `\u001e`).
 */
export function printString(value: string): string {
  return quote(value, 34);
}

/** An atom as Erlang prints it: bare when it can be, else in single quotes. */
export function printAtom(name: string): string {
  return isBareAtom(name) ? name : quote(name, 39);
}

/**
 * A float in Erlang syntax, always with a digit on both sides of the dot.
 * Like Erlang's shortest form, picks the shorter of `123.0` and `1.0e20`
 * (so `1.0e-5`, `0.1`, `1.0e20`), with the same digits as JavaScript's
 * shortest round-trip representation.
 */
export function printFloat(value: number): string {
  if (Object.is(value, -0)) return "-0.0";
  if (!Number.isFinite(value)) return String(value);
  const sci = value.toExponential(); // shortest digits, e.g. "1.5e+21"
  const e = sci.indexOf("e");
  let mantissa = sci.slice(0, e);
  if (!mantissa.includes(".")) mantissa += ".0";
  const exp = Number(sci.slice(e + 1));
  const scientific = `${mantissa}e${exp}`;
  let plain = String(value);
  if (plain.includes("e")) return scientific;
  if (!plain.includes(".")) plain += ".0";
  return scientific.length < plain.length ? scientific : plain;
}

function printSegment(seg: BinSegment): string {
  switch (seg.kind) {
    case "string":
      return quote(seg.value, 34) + (seg.encoding === "latin1" ? "" : `/${seg.encoding}`);
    case "integer":
      return seg.size === null ? String(seg.value) : `${seg.value}:${seg.size}`;
    case "float":
      return seg.size === null ? printFloat(seg.value) : `${printFloat(seg.value)}:${seg.size}`;
    case "truncated":
      return "...";
  }
}

function printSegments(segments: BinSegment[]): string {
  let out = "<<";
  for (let i = 0; i < segments.length; i++) {
    const seg = segments[i]!;
    // ~P writes `<<"abc"...>>`, with no comma before the cut.
    if (i > 0 && !(seg.kind === "truncated" && segments[i - 1]!.kind === "string")) out += ",";
    out += printSegment(seg);
  }
  return out + ">>";
}

/** Leaf text, or null for containers. */
function printLeaf(t: ErlTerm): string | null {
  switch (t.kind) {
    case "atom":
      return printAtom(t.value);
    case "integer":
      return String(t.value);
    case "float":
      return printFloat(t.value);
    case "string":
      return quote(t.value, 34);
    case "binary":
      return printSegments(binarySegments(t));
    case "pid":
      return `<${t.node}.${t.id}.${t.serial}>`;
    case "ref":
    case "fun":
    case "port":
      return t.text;
    case "truncated":
      return "...";
    default:
      return null;
  }
}

export function isCutEntry(e: { key: ErlTerm; value: ErlTerm }): boolean {
  return e.key.kind === "truncated" && e.value.kind === "truncated";
}

/** `...` among a record's fields (the parser's `{ name: "...", value: truncated }`): printed as the shell did. */
export function isCutField(f: { name: string; value: ErlTerm }): boolean {
  return f.name === "..." && f.value.kind === "truncated";
}

function printCompact(t: ErlTerm, out: string[]): void {
  const leaf = printLeaf(t);
  if (leaf !== null) {
    out.push(leaf);
    return;
  }
  switch (t.kind) {
    case "tuple":
      out.push("{");
      t.elements.forEach((e, i) => {
        if (i > 0) out.push(",");
        printCompact(e, out);
      });
      out.push("}");
      return;
    case "list":
      out.push("[");
      t.elements.forEach((e, i) => {
        if (i > 0) out.push(",");
        printCompact(e, out);
      });
      if (t.tail) {
        out.push("|");
        printCompact(t.tail, out);
      }
      out.push("]");
      return;
    case "map":
      out.push("#{");
      t.entries.forEach((e, i) => {
        if (i > 0) out.push(",");
        if (isCutEntry(e)) out.push("...");
        else {
          printCompact(e.key, out);
          out.push(" => ");
          printCompact(e.value, out);
        }
      });
      out.push("}");
      return;
    case "record":
      out.push("#", printAtom(t.name), "{");
      t.fields.forEach((f, i) => {
        if (i > 0) out.push(",");
        if (isCutField(f)) {
          out.push("...");
          return;
        }
        out.push(printAtom(f.name), " = ");
        printCompact(f.value, out);
      });
      out.push("}");
      return;
    default:
      return;
  }
}

/** Compact one-line text, like `~w` but with strings and binaries kept readable. */
export function print(term: ErlTerm): string {
  const out: string[] = [];
  printCompact(term, out);
  return out.join("");
}

// ## Pretty layout

export type PrettyOptions = {
  /** Line width to fit in (default 80, like ~p). */
  width?: number;
  /** Column the first line starts at (default 0): where the caller already is. */
  column?: number;
};

/**
 * Length of the compact form of `t`, or any number > `limit` as soon as it
 * is known to exceed it: the fit test costs at most `limit` characters.
 */
function measure(t: ErlTerm, limit: number): number {
  const leaf = printLeaf(t);
  if (leaf !== null) return leaf.length;
  let n = 0;
  const add = (child: ErlTerm): boolean => {
    n += measure(child, limit - n);
    return n <= limit;
  };
  switch (t.kind) {
    case "tuple":
      n = 2 + Math.max(0, t.elements.length - 1);
      for (const e of t.elements) if (!add(e)) return n;
      return n;
    case "list":
      n = 2 + Math.max(0, t.elements.length - 1) + (t.tail ? 1 : 0);
      for (const e of t.elements) if (!add(e)) return n;
      if (t.tail) add(t.tail);
      return n;
    case "map":
      n = 3 + Math.max(0, t.entries.length - 1);
      for (const e of t.entries) {
        if (isCutEntry(e)) n += 3;
        else {
          n += 4;
          if (!add(e.key) || !add(e.value)) return n;
        }
      }
      return n;
    case "record":
      n = 3 + printAtom(t.name).length + Math.max(0, t.fields.length - 1);
      for (const f of t.fields) {
        if (isCutField(f)) {
          n += 3;
          continue;
        }
        n += printAtom(f.name).length + 3;
        if (!add(f.value)) return n;
      }
      return n;
    default:
      return n;
  }
}

/**
 * `~p`-like text: terms that fit stay on one line; others break after each
 * element, aligned one column right of the opening bracket. Long strings and
 * binary string segments are wrapped as adjacent literals (`"abc"\n  "def"`),
 * which the parser joins again.
 */
export function printPretty(term: ErlTerm, options: PrettyOptions = {}): string {
  const width = Math.max(10, options.width ?? 80);
  const out: string[] = [];
  let col = options.column ?? 0;

  function emit(s: string): void {
    out.push(s);
    const nl = s.lastIndexOf("\n");
    col = nl < 0 ? col + s.length : s.length - nl - 1;
  }

  function newline(indent: number): void {
    emit("\n" + " ".repeat(indent));
  }

  /** Quoted text wrapped into adjacent literals, each fitting from `indent`. */
  function emitWrapped(s: string, indent: number, suffix: string): void {
    const units = escapedUnits(s, 34);
    let line = '"';
    let first = true;
    for (const u of units) {
      if (line.length > 1 && col + line.length + u.length + 1 > width) {
        emit(line + '"');
        newline(indent);
        line = '"';
        first = false;
      }
      line += u;
    }
    void first;
    emit(line + '"' + suffix);
  }

  function layout(t: ErlTerm): void {
    if (col + measure(t, width - col) <= width) {
      printCompact(t, out);
      // printCompact never writes a newline, so the column just moves right.
      col += measure(t, Infinity);
      return;
    }
    const indent = col + 1;
    switch (t.kind) {
      case "string":
        emitWrapped(t.value, col, "");
        return;
      case "binary": {
        emit("<<");
        const inner = col;
        const segments = binarySegments(t);
        segments.forEach((seg, i) => {
          const glued = seg.kind === "truncated" && segments[i - 1]?.kind === "string";
          if (i > 0 && !glued) {
            emit(",");
            newline(inner);
          }
          if (seg.kind === "string" && col + printSegment(seg).length > width) {
            emitWrapped(seg.value, inner, seg.encoding === "latin1" ? "" : `/${seg.encoding}`);
          } else emit(printSegment(seg));
        });
        emit(">>");
        return;
      }
      case "tuple":
        emit("{");
        t.elements.forEach((e, i) => {
          if (i > 0) {
            emit(",");
            newline(indent);
          }
          layout(e);
        });
        emit("}");
        return;
      case "list":
        emit("[");
        t.elements.forEach((e, i) => {
          if (i > 0) {
            emit(",");
            newline(indent);
          }
          layout(e);
        });
        if (t.tail) {
          emit("|");
          layout(t.tail);
        }
        emit("]");
        return;
      case "map": {
        emit("#{");
        const inner = col;
        t.entries.forEach((e, i) => {
          if (i > 0) {
            emit(",");
            newline(inner);
          }
          if (isCutEntry(e)) {
            emit("...");
            return;
          }
          layout(e.key);
          emit(" =>");
          if (col + 1 + measure(e.value, width) <= width) emit(" ");
          else newline(inner + 4);
          layout(e.value);
        });
        emit("}");
        return;
      }
      case "record": {
        emit(`#${printAtom(t.name)}{`);
        const inner = col;
        t.fields.forEach((f, i) => {
          if (i > 0) {
            emit(",");
            newline(inner);
          }
          if (isCutField(f)) {
            emit("...");
            return;
          }
          emit(`${printAtom(f.name)} =`);
          if (col + 1 + measure(f.value, width) <= width) emit(" ");
          else newline(inner + 4);
          layout(f.value);
        });
        emit("}");
        return;
      }
      default:
        emit(printLeaf(t) ?? "");
    }
  }

  layout(term);
  return out.join("");
}
