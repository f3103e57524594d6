import { describe, expect, it } from "vitest";
import { binaryBytes, binaryFromSegments, binaryLatin1Literal, binarySegments, binaryText, binaryTruncated, parse, parseTerm, print } from "./index";
import { withoutSpans } from "./testing/helpers";
import type { BinSegment, ErlBinary } from "./types";

const binary = (text: string): ErlBinary => {
  const t = parse(text);
  if (t.kind !== "binary") throw new Error("binary expected");
  return t;
};

const bytes: [string, number[] | null][] = [
  ["<<>>", []],
  ['<<"abc">>', [97, 98, 99]],
  ["<<256,-1>>", [0, 255]],
  ['<<"中"/utf8>>', [228, 184, 173]],
  ['<<"é">>', [233]],
  ['<<"a"/utf16>>', [0, 97]],
  ['<<"a"/utf32>>', [0, 0, 0, 97]],
  ["<<1:4,2:4>>", [0x12]],
  ["<<1:16>>", [0, 1]],
  ["<<1.0:32/float>>", [0x3f, 0x80, 0, 0]],
  ["<<5:3>>", null],
  ["<<1,2,...>>", null],
  ['<<"ab"...>>', null],
];

describe("binaryBytes", () => {
  it.each(bytes)("%s", (text, expected) => {
    const b = binaryBytes(binary(text));
    expect(b === null ? null : [...b]).toEqual(expected);
  });
});

describe("binaryText", () => {
  it.each([
    ['<<"中文"/utf8>>', "中文"],
    ["<<228,184,173,230,150,135>>", "中文"],
    ['<<"snh-48#pocket48">>', "snh-48#pocket48"],
    ["<<13,122,104,105,109,113>>", "\rzhimq"],
    ['<<"中"/utf8,230,150,135>>', "中文"],
    ["<<255>>", null],
    ['<<"é">>', null],
    ["<<5:3>>", null],
    ["<<228,184>>", null],
  ])("%s", (text, expected) => expect(binaryText(binary(text))).toBe(expected));
});

// The two shapes of a binary (types.ts): flat for `<<>>` and for one
// non-empty string segment filling the brackets, segmented for everything
// else. `binarySegments` gives the same segments, with the same spans,
// whichever shape the parser chose.
type Seg = { kind: string; value?: unknown; encoding?: string; size?: number | null; text: string };

/** Segments with their source text instead of offsets, for readable expectations. */
const segmentsOf = (source: string, b: ErlBinary): Seg[] =>
  binarySegments(b).map(({ start, end, ...rest }) => ({ ...rest, text: source.slice(start, end) }) as Seg);

const shapes: [string, "flat" | "segmented", Seg[]][] = [
  ['<<"abc">>', "flat", [{ kind: "string", value: "abc", encoding: "latin1", text: '"abc"' }]],
  ['<<"中"/utf8>>', "flat", [{ kind: "string", value: "中", encoding: "utf8", text: '"中"/utf8' }]],
  ['<<"a"/utf16>>', "flat", [{ kind: "string", value: "a", encoding: "utf16", text: '"a"/utf16' }]],
  ["<<20013/utf8>>", "flat", [{ kind: "string", value: "中", encoding: "utf8", text: "20013/utf8" }]],
  ['<<"a\\"b">>', "flat", [{ kind: "string", value: 'a"b', encoding: "latin1", text: '"a\\"b"' }]],
  ['<<"ab"\n  "cd">>', "flat", [{ kind: "string", value: "abcd", encoding: "latin1", text: '"ab"\n  "cd"' }]],
  ["<<>>", "flat", []],
  ['<< "a" >>', "segmented", [{ kind: "string", value: "a", encoding: "latin1", text: '"a"' }]],
  ['<<"">>', "segmented", [{ kind: "string", value: "", encoding: "latin1", text: '""' }]],
  [
    '<<"a","b">>',
    "segmented",
    [
      { kind: "string", value: "a", encoding: "latin1", text: '"a"' },
      { kind: "string", value: "b", encoding: "latin1", text: '"b"' },
    ],
  ],
  [
    '<<"a"...>>',
    "segmented",
    [
      { kind: "string", value: "a", encoding: "latin1", text: '"a"' },
      { kind: "truncated", text: "..." },
    ],
  ],
  [
    "<<1,2>>",
    "segmented",
    [
      { kind: "integer", value: 1n, size: null, text: "1" },
      { kind: "integer", value: 2n, size: null, text: "2" },
    ],
  ],
  ["<<5:3>>", "segmented", [{ kind: "integer", value: 5n, size: 3, text: "5:3" }]],
];

describe("binary shapes", () => {
  it.each(shapes)("%s is %s", (text, shape, expected) => {
    const b = binary(text);
    expect(b.segments === null ? "flat" : "segmented").toBe(shape);
    expect([b.start, b.end]).toEqual([0, text.length]);
    expect(segmentsOf(text, b)).toEqual(expected);
    if (b.segments === null) {
      expect(b.text).toBe(expected[0]?.value ?? "");
      expect(b.encoding).toBe(expected[0]?.encoding ?? "latin1");
    } else {
      expect([b.text, b.encoding]).toEqual([null, null]);
    }
  });

  it('<<"a":8>> is not a binary (a string segment takes no size)', () => {
    expect(() => parse('<<"a":8>>')).toThrow("expected ',' or '>>' in binary but found ':' at 1:6");
  });

  it("is decided by binaryFromSegments alone", () => {
    const one: BinSegment[] = [{ kind: "string", value: "x", encoding: "utf8", start: 3, end: 6 }];
    expect(binaryFromSegments(one, 1, 8)).toEqual({ kind: "binary", text: "x", encoding: "utf8", segments: null, start: 1, end: 8 });
    expect(binarySegments(binaryFromSegments(one, 1, 8))).toEqual(one);
    // The same segment, not filling the brackets: kept as given, spans and all.
    const loose = binaryFromSegments(one, 0, 9);
    expect(loose.segments).toBe(one);
    expect(binaryFromSegments([], 0, 4)).toEqual({ kind: "binary", text: "", encoding: "latin1", segments: null, start: 0, end: 4 });
    const two: BinSegment[] = [
      { kind: "integer", value: 1n, size: null, start: 2, end: 3 },
      { kind: "truncated", start: 4, end: 7 },
    ];
    const cutShort = binaryFromSegments(two, 0, 9);
    expect(cutShort.segments).toBe(two);
    expect(binarySegments(cutShort)).toBe(two);
    expect(binaryTruncated(cutShort)).toBe(true);
    expect(binaryTruncated(binaryFromSegments(one, 1, 8))).toBe(false);
  });

  it("the fast path for plain literals agrees with the token path", () => {
    // Spelled so that one goes through scanFlatBinary and the other does not.
    const pairs: [string, string][] = [
      ['<<"abc">>', '<<"a" "bc">>'],
      ['<<"中文"/utf8>>', '<<"中文" /utf8>>'],
      ['<<"x y">>', '<<"x y" >>'],
    ];
    for (const [fast, slow] of pairs) expect(withoutSpans(binary(fast))).toEqual(withoutSpans(binary(slow)));
    expect(binary('<<"a" "bc">>').segments).toBeNull();
  });

  it("text that only starts like a plain literal takes the token path, errors and cuts as before", () => {
    const cases: [string, string, "flat" | "segmented", string[]][] = [
      ['<<"ab"/utf8', '<<"ab"/utf8...>>', "segmented", ["expected the rest of the term but found end of input at 1:12"]],
      ['<<"ab">', '<<"ab"...>>', "segmented", ["expected ',' or '>>' in binary but found '>' at 1:7"]],
      ['<<"ab"', '<<"ab"...>>', "segmented", ["expected the rest of the term but found end of input at 1:7"]],
      ['<<"a"/utf8-little>>', '<<"a"/utf8>>', "flat", []],
    ];
    for (const [text, printed, shape, messages] of cases) {
      const r = parseTerm(text, { tolerant: true });
      if (r.term?.kind !== "binary") throw new Error("binary expected");
      expect([print(r.term), r.term.segments === null ? "flat" : "segmented", r.issues.map((i) => i.message)]).toEqual([printed, shape, messages]);
    }
    expect(() => parse('<<"ab">>>')).toThrow("expected end of input after the term but found '>' at 1:9");
  });

  it("Elixir binaries", () => {
    const bare = parse('"abc"', { syntax: "elixir" });
    if (bare.kind !== "binary") throw new Error("binary expected");
    // The segment spans the whole binary (no brackets): segmented.
    expect(bare.segments).not.toBeNull();
    expect(segmentsOf('"abc"', bare)).toEqual([{ kind: "string", value: "abc", encoding: "utf8", text: '"abc"' }]);
    const inBrackets = parse('<<"abc">>', { syntax: "elixir" });
    if (inBrackets.kind !== "binary") throw new Error("binary expected");
    expect([inBrackets.text, inBrackets.encoding]).toEqual(["abc", "utf8"]);
    const empty = parse('""', { syntax: "elixir" });
    if (empty.kind !== "binary") throw new Error("binary expected");
    expect([empty.text, empty.segments]).toEqual(["", null]);
    expect(binarySegments(empty)).toEqual([]);
  });

  it("keeps segment spans in the caller's text for HTML input", () => {
    const text = "{a,&lt;&lt;&quot;xy&quot;&gt;&gt;}";
    const t = parse(text, { html: true });
    if (t.kind !== "tuple") throw new Error("tuple expected");
    const b = t.elements[1]!;
    if (b.kind !== "binary") throw new Error("binary expected");
    expect(text.slice(b.start, b.end)).toBe("&lt;&lt;&quot;xy&quot;&gt;&gt;");
    expect(segmentsOf(text, b)).toEqual([{ kind: "string", value: "xy", encoding: "latin1", text: "&quot;xy&quot;" }]);
  });

  it("prints both shapes as before", () => {
    for (const text of ['<<"abc">>', '<<"中"/utf8>>', "<<>>", '<<"">>', '<<"a"...>>', "<<1,2>>", '<<"a",1>>']) {
      expect(print(parse(text))).toBe(text);
    }
  });
});

describe("binaryLatin1Literal: a binary that is not UTF-8 but mostly text", () => {
  const bin = (text: string) => parse(text) as ErlBinary;

  it("a MySQL error packet (ejabberd 3875) reads as the string literal of its bytes, which reads back to them", () => {
    const packet = bin("<<255,191,48,84,103,102,111,114,32,99,111,110,102,105,103,117,114,105,110,103,32,116,104,105,115,32,98,101,105,111,114,46>>");
    expect(binaryText(packet)).toBeNull();
    const literal = binaryLatin1Literal(packet);
    expect(literal).toBe('"\\x{ff}\\x{bf}0Tgfor configuring this beior."');
    expect(binaryBytes(bin(`<<${literal}>>`))).toEqual(binaryBytes(packet));
  });

  it("quotes, backslashes and line ends are escaped as Erlang writes them, and read back", () => {
    const b = bin('<<255,34,92,9,10,13,97,98,99,100,101,102>>');
    const literal = binaryLatin1Literal(b);
    expect(literal).toBe('"\\x{ff}\\"\\\\\\t\\n\\rabcdef"');
    expect(binaryBytes(bin(`<<${literal}>>`))).toEqual(binaryBytes(b));
  });

  it.each([
    ["valid UTF-8 (binaryText reads it)", '<<"hello">>'],
    ["Chinese as UTF-8 bytes", "<<229,134,178,229,145,128>>"],
    ["mostly not text", "<<255,1,2,3,97,98>>"],
    ["too short to tell", "<<255,97,98>>"],
    ["cut with ...", "<<255,97,98,99,100,...>>"],
    ["not whole bytes", "<<255,97,98,99,5:3>>"],
  ])("null for %s", (_name, text) => {
    expect(binaryLatin1Literal(bin(text))).toBeNull();
  });
});
