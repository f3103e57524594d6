// ## Erlang term tree
//
// What the parser returns for text printed by io:format ~p / ~w / ~P. Every
// node carries the span of source text it came from as `start` and `end`
// (UTF-16 offsets into the string that was parsed, end exclusive), so the UI
// can map a node back to the log. They sit on the node itself, as in acorn's
// trees, rather than in a span object of their own: a ~p dump is mostly tiny
// nodes, and one object fewer per node is a quarter less to allocate.
// Discriminated on `kind`; consumers switch on it.

/** Half-open range of UTF-16 offsets into the parsed text; every node is one. */
export type Span = { start: number; end: number };

export type ErlAtom = { kind: "atom"; value: string } & Span;
/** Integers are exact: `bigint` whatever their size (`16#ff`, `$a` included). */
export type ErlInteger = { kind: "integer"; value: bigint } & Span;
export type ErlFloat = { kind: "float"; value: number } & Span;
/** A character list printed as "text". */
export type ErlString = { kind: "string"; value: string } & Span;

/** One segment of a binary: `"text"`, `"text"/utf8`, `13`, `5:3`, `X:16/little`... */
export type BinSegment =
  | { kind: "string"; value: string; encoding: BinEncoding } & Span
  | { kind: "integer"; value: bigint; size: number | null } & Span
  | { kind: "float"; value: number; size: number | null } & Span
  /** `...` where ~P or the printer cut the binary short. */
  | { kind: "truncated" } & Span;

export type BinEncoding = "latin1" | "utf8" | "utf16" | "utf32";

/**
 * A binary, in one of two shapes (one hidden class: every field is always
 * present, the unused ones null):
 *   - flat: `<<>>` (`text` "", no segment), or a binary that is exactly one
 *     non-empty string segment filling the brackets, `<<"abc">>`,
 *     `<<"中"/utf8>>`, `<<20013/utf8>>`, `<<"ab"\n  "cd">>`: the string is
 *     `text`, and the segment's span is implied, from just after `<<` to
 *     just before `>>` (`start + 2` .. `end - 2`). That is how ~p and ~w
 *     print nearly every binary, and it costs one object instead of four
 *     (node, segment array and its backing store, segment).
 *   - segmented, for everything else: byte lists, several segments, bit
 *     strings, `...` cuts, `<<"">>`, and a lone string whose span the rule
 *     above would not give (`<< "a" >>`, Elixir's bare `"abc"`, HTML input
 *     whose `&lt;&lt;` is longer than two characters): `segments` lists them.
 * `binaryFromSegments` (binary.ts) makes that choice; `binarySegments` reads
 * the segments of either shape, spans included.
 */
export type ErlBinary =
  | ({
      kind: "binary";
      text: string;
      /** For `<<>>` (no segment), "latin1". */
      encoding: BinEncoding;
      segments: null;
    } & Span)
  | ({ kind: "binary"; text: null; encoding: null; segments: BinSegment[] } & Span);
export type ErlTuple = { kind: "tuple"; elements: ErlTerm[] } & Span;
/** Proper list: `tail` is null. Improper `[a|b]`: tail is the term after `|`. */
export type ErlList = { kind: "list"; elements: ErlTerm[]; tail: ErlTerm | null } & Span;
export type ErlMap = { kind: "map"; entries: { key: ErlTerm; value: ErlTerm }[] } & Span;
/** A record as the shell prints it: `#rec{a = 1}`. */
export type ErlRecord = { kind: "record"; name: string; fields: { name: string; value: ErlTerm }[] } & Span;
/** `<0.12.0>` / `<6562.26699.4254>`; `text` is always the canonical `<a.b.c>` form. */
export type ErlPid = { kind: "pid"; node: number; id: number; serial: number; text: string } & Span;
/** `#Ref<7091.0.87991.137462>`: `text` is the canonical printed form. */
export type ErlRef = { kind: "ref"; text: string } & Span;
/** `#Fun<mnesia.select.2>` and the other printed fun forms. */
export type ErlFun = { kind: "fun"; text: string } & Span;
/** `#Port<0.5>`. */
export type ErlPort = { kind: "port"; text: string } & Span;
/** `...` where ~P (or the log) cut a term short; also the tail of `|...]`. */
export type ErlTruncated = { kind: "truncated" } & Span;

export type ErlTerm =
  | ErlAtom
  | ErlInteger
  | ErlFloat
  | ErlString
  | ErlBinary
  | ErlTuple
  | ErlList
  | ErlMap
  | ErlRecord
  | ErlPid
  | ErlRef
  | ErlFun
  | ErlPort
  | ErlTruncated;

export type ErlTermKind = ErlTerm["kind"];
