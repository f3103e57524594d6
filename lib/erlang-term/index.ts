// ## Public API of lib/erlang-term
//
// Reads Erlang terms as io:format prints them (~p, ~w, ~P), from raw console
// text or from HTML copied off a CI page, into the typed tree of types.ts,
// and writes trees back. With `syntax: "elixir"` (or `"auto"`) it also reads
// Elixir terms as IEx / `inspect` print them, into the same kinds (elixir.md).
// Everything here is pure: no Node or Next imports.
// Everything it throws is an ErlangTermError.

import {
  binaryBytes as binaryBytesImpl,
  binaryFromSegments as binaryFromSegmentsImpl,
  binaryLatin1Literal as binaryLatin1LiteralImpl,
  binarySegments as binarySegmentsImpl,
  binaryText as binaryTextImpl,
  binaryTruncated as binaryTruncatedImpl,
} from "./binary";
import { detectElixir } from "./elixir";
import { detectHtml } from "./html";
import { lineColumnAt as lineColumnAtImpl } from "./location";
import {
  parse as parseImpl,
  parseAll as parseAllImpl,
  parseTerm as parseTermImpl,
  type ParseOptions,
  type ParseTermResult,
} from "./parser";
import {
  isCutEntry as isCutEntryImpl,
  isCutField as isCutFieldImpl,
  print as printImpl,
  printAtom as printAtomImpl,
  printPretty as printPrettyImpl,
  printString as printStringImpl,
  type PrettyOptions,
} from "./printer";
import { skipTerm as skipTermImpl } from "./skip";
import { createTokenizer } from "./tokenizer";
import { T, tokenNames, type Token } from "./tokens";
import type { BinSegment, ErlBinary, ErlTerm } from "./types";

export type * from "./types";
export type { ParseIssue, ParseOptions, ParseTermResult } from "./parser";
export type { PrettyOptions } from "./printer";
export type { Token, TokenKind } from "./tokens";
export type { LineColumn } from "./location";

/**
 * The one error type thrown by this module, for any input. Carries
 * `expected`, `found`, `offset` and 1-based `line`/`column`; the message reads
 * `expected '>>' to close binary but found end of input at 12:40`.
 */
export { ErlangTermError } from "./errors";

/**
 * Reads ONE term starting at `options.start` (default 0; leading whitespace
 * and HTML tags are skipped) and reports where it ended, so a log scanner
 * can read a term embedded in other lines. Nothing after the term is read.
 *
 * Strict (default): the first problem throws an ErlangTermError.
 * `tolerant: true`: never throws for bad text; problems become `issues`.
 * When the text cuts the term short — end of input, a `....` line, or a line
 * that starts in column 1 (~p indents every continuation line) — every open
 * container is closed with a `truncated` node; `end` is after the last token
 * used (after the `....` when that is what cut it). Other syntax errors close
 * the term the same way at the bad token. `term` is null when not even the
 * first token is usable.
 *
 * `html` ("auto" by default): decode entities and drop tags first, with
 * spans still pointing into `text`; "auto" decides per term (see detectHtml).
 */
export function parseTerm(text: string, options?: ParseOptions): ParseTermResult {
  return parseTermImpl(text, options);
}

/**
 * Strict parse of a whole text holding exactly one term (an optional final
 * `.` is allowed). Throws ErlangTermError otherwise.
 */
export function parse(text: string, options?: Pick<ParseOptions, "html" | "maxDepth" | "syntax">): ErlTerm {
  return parseImpl(text, options);
}

/**
 * Strict parse of a sequence of terms separated by whitespace, each
 * optionally ended by `.` (a file of terms, a paste of several samples).
 */
export function parseAll(text: string, options?: Pick<ParseOptions, "html" | "maxDepth" | "syntax">): ErlTerm[] {
  return parseAllImpl(text, options);
}

/**
 * Fast path: offset just after the term at `start` without building it, or
 * -1 if no complete term is there. Quote-aware bracket matching only (raw
 * text; tags skipped, entities not decoded). Agrees with `parseTerm(...).end`
 * on well-formed terms.
 */
export function skipTerm(text: string, start = 0): number {
  return skipTermImpl(text, start);
}

/** Compact one-line text (~w-like; strings and binaries stay readable). `parse(print(t))` equals `t` minus spans. */
export function print(term: ErlTerm): string {
  return printImpl(term);
}

/** A string literal as Erlang writes it: `"a\x{1e}b"`, `"line\n"` (never JSON's `\u001e`). */
export function printString(value: string): string {
  return printStringImpl(value);
}

/** An atom as Erlang writes it: `ok`, `'$gen_call'`, `'Elixir.Foo'`. */
export function printAtom(name: string): string {
  return printAtomImpl(name);
}

/** A map entry that stands for the entries ~P cut (`#{a => 1,...}`): printed as `...`. */
export function isCutEntry(entry: { key: ErlTerm; value: ErlTerm }): boolean {
  return isCutEntryImpl(entry);
}

/** A record field that stands for the fields cut (`#state{socket = a,...}`): printed as `...`. */
export function isCutField(field: { name: string; value: ErlTerm }): boolean {
  return isCutFieldImpl(field);
}

/** ~p-like text wrapped to `width` (default 80), for display; parses back to the same tree. */
export function printPretty(term: ErlTerm, options?: PrettyOptions): string {
  return printPrettyImpl(term, options);
}

/** Bytes of a binary; null if not a whole number of bytes or cut short with `...`. */
export function binaryBytes(bin: ErlBinary): Uint8Array | null {
  return binaryBytesImpl(bin);
}

/**
 * The segments of a binary, whichever of its two shapes it has (see
 * ErlBinary): a flat `<<"abc">>` gives its one string segment, `<<>>` none.
 */
export function binarySegments(bin: ErlBinary): BinSegment[] {
  return binarySegmentsImpl(bin);
}

/** The binary node for these segments, flat or segmented as the parser would make it. */
export function binaryFromSegments(segments: BinSegment[], start: number, end: number): ErlBinary {
  return binaryFromSegmentsImpl(segments, start, end);
}

/** Was the binary cut short with `...`? */
export function binaryTruncated(bin: ErlBinary): boolean {
  return binaryTruncatedImpl(bin);
}

/** A binary's bytes decoded as UTF-8 (strictly), or null when they are not valid UTF-8. */
export function binaryText(bin: ErlBinary): string | null {
  return binaryTextImpl(bin);
}

/**
 * A binary that is not UTF-8 but mostly text (a MySQL error packet), as the Erlang string
 * literal of its bytes: `"\x{ff}\x{bf}0Tgfor configuring…"`; null otherwise (binary.ts).
 */
export function binaryLatin1Literal(bin: ErlBinary): string | null {
  return binaryLatin1LiteralImpl(bin);
}

/**
 * Would `html: "auto"` treat the term at `start` as HTML-escaped? Exposed
 * so a scanner can decide once per document and pass `html` explicitly.
 */
export function looksLikeHtml(text: string, start = 0): boolean {
  return detectHtml(text, start);
}

/**
 * Would `syntax: "auto"` read the term at `start` as Elixir (`#PID<0.1.0>`,
 * `:ok`, `Module.Name`, `%{}`)? Looks at most 2 KiB ahead, quote-aware.
 */
export function looksLikeElixir(text: string, start = 0): boolean {
  return detectElixir(text, start);
}

/** 1-based line and column of an offset (the convention every message uses). */
export function lineColumnAt(text: string, offset: number): { line: number; column: number } {
  return lineColumnAtImpl(text, offset);
}

/** All tokens of a raw text, for debugging and tests (the parser itself never builds this list). */
export function tokenize(text: string, options: { syntax?: "erlang" | "elixir" } = {}): Token[] {
  const tk = createTokenizer(text, { elixir: options.syntax === "elixir" });
  const tokens: Token[] = [];
  for (;;) {
    const kind = tk.scan();
    if (kind === T.EOF) return tokens;
    tokens.push({ kind, name: tokenNames[kind], text: text.slice(tk.start, tk.end), start: tk.start, end: tk.end });
    if (kind === T.Error) return tokens;
  }
}
