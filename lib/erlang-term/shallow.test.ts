import { describe, expect, it } from "vitest";
import { parseTerm, print, printPretty } from "./index";
import {
  createShallowTape,
  readShallow,
  shallowAtom,
  shallowElements,
  shallowSource,
  shallowString,
  shallowTail,
  SHALLOW_KIND_NAMES,
  type ShallowKind,
} from "./shallow";
import { createRandom, randomTerm } from "./testing/random-term";
import type { ErlTerm } from "./types";

const tape = createShallowTape();

/** The parser's tolerant reading of the same text, for comparison. */
const parsed = (text: string) => parseTerm(text, { tolerant: true, html: false });

describe("readShallow: plain terms end where the parser ends them", () => {
  it.each([
    `{a}`,
    `{'$gen_event',{route,<<"a">>,<<>>}}`,
    `{a,[1,2|b],#{k => <<"v"/utf8>>},"str",-5,<0.1.2>,#Ref<0.1.2.3>,#Fun<m.f.1>,#Port<0.5>}`,
    `{p1_mysql_recv,<6562.1.2>,data,<<13,122,\n      104>>,26} trailing`,
    `{a,\n   <<"x">>}`,
    `{'',[],{},<<>>,#{}}`,
  ])("%s", (text) => {
    const end = readShallow(tape, text, 0);
    const r = parsed(text);
    expect(r.issues).toEqual([]);
    expect(end).toBe(r.end);
  });
});

describe("readShallow: anything else is left to the parser (-1)", () => {
  it.each([
    ["not a tuple", `[a]`],
    ["float", `{1.5}`],
    ["based integer", `{16#ff}`],
    ["char", `{$a}`],
    ["escape in a string", `{"a\\"b"}`],
    ["escape in an atom", `{'a\\'b'}`],
    ["adjacent strings", `{"a" "b"}`],
    ["cut", `{a,...}`],
    ["monitor cut", `{a,\n ....`],
    ["record", `{#r{a = 1}}`],
    ["external fun", `{fun m:f/1}`],
    ["latin1 atom", `{café}`],
    ["latin1 text in a binary", `{<<"é">>}`],
    ["sized segment", `{<<5:3>>}`],
    ["mixed binary", `{<<"a",1>>}`],
    ["byte over 255", `{<<256>>}`],
    ["column 1", `{a,\nb}`],
    ["HTML", `{&lt;0.1.0&gt;}`],
    ["tag", `{<span>a</span>}`],
    ["pid with leading zero", `{<0.01.0>}`],
    ["unterminated", `{a,<<"b`],
    ["variable", `{A}`],
    ["control character", `{a,\u0001b}`],
  ])("%s", (_name, text) => {
    expect(readShallow(tape, text, 0)).toBe(-1);
  });
});

describe("readShallow: the tape", () => {
  it("rows in text order, subtrees skippable, values on demand", () => {
    const text = `{'$gen_call',{<0.1.0>,[alias|#Ref<0.1.2.3>]},"s",<<229,134,178>>,<<255>>,<<"a"/utf8>>}`;
    expect(readShallow(tape, text, 0)).toBe(text.length);
    const top = shallowElements(tape, 0);
    expect(top.map((r) => SHALLOW_KIND_NAMES[tape.kind[r] as ShallowKind])).toEqual(["atom", "tuple", "string", "binary", "binary", "binary"]);
    expect(shallowAtom(tape, top[0]!)).toBe("$gen_call");
    const [pid, alias] = shallowElements(tape, top[1]!);
    expect(shallowSource(tape, pid!)).toBe("<0.1.0>");
    expect(shallowElements(tape, alias!).map((r) => shallowAtom(tape, r))).toEqual(["alias"]);
    expect(shallowSource(tape, shallowTail(tape, alias!))).toBe("#Ref<0.1.2.3>");
    expect(shallowString(tape, top[2]!)).toBe("s");
    expect(tape.binaryTexts).toEqual(["冲", null, "a"]);
    expect(tape.binaryBytes).toEqual([3, 1, 1]);
  });

  it("an escape after the first samples of a text is still seen", () => {
    const text = `[{a,"x"},{b,"y\\"z"},{c,"w"}]`;
    expect(readShallow(tape, text, 1)).toBe(8);
    expect(readShallow(tape, text, 9)).toBe(-1);
    expect(readShallow(tape, text, 20)).toBe(27);
    // Going back to the start of the same text forgets what it knew.
    expect(readShallow(tape, text, 9)).toBe(-1);
  });

  it("random terms: whenever it reads one, it agrees with the parser on where it ends", () => {
    const r = createRandom(17);
    let read = 0;
    for (let i = 0; i < 2000; i++) {
      const term = { kind: "tuple" as const, elements: [randomTerm(r, { maxDepth: 3 })], start: 0, end: 0 };
      const text = r.chance(0.5) ? print(term) : printPretty(term, { width: 40 }).replace(/\n/g, "\n ");
      const end = readShallow(tape, text, 0);
      if (end < 0) continue;
      read++;
      const p = parsed(text);
      expect(p.issues).toEqual([]);
      expect(end).toBe(p.end);
    }
    expect(read).toBeGreaterThan(300);
  });
});

describe("readShallow tolerant: a term the text ends inside", () => {
  /** The parser's tree as kinds only (a map: its keys and values in turn, as the tape's rows). */
  const treeShape = (t: ErlTerm): unknown => {
    switch (t.kind) {
      case "tuple":
        return { tuple: t.elements.map(treeShape) };
      case "list":
        return { list: t.elements.map(treeShape), tail: t.tail && treeShape(t.tail) };
      case "map":
        return { map: t.entries.flatMap((e) => [treeShape(e.key), treeShape(e.value)]) };
      default:
        return t.kind;
    }
  };
  const tapeShape = (row: number): unknown => {
    const kind = SHALLOW_KIND_NAMES[tape.kind[row] as ShallowKind];
    const children: number[] = [];
    for (let c = row + 1; c < tape.next[row]!; c = tape.next[c]!) children.push(c);
    switch (kind) {
      case "tuple":
        return { tuple: children.map(tapeShape) };
      case "list": {
        const tail = shallowTail(tape, row);
        return { list: shallowElements(tape, row).map(tapeShape), tail: tail < 0 ? null : tapeShape(tail) };
      }
      case "map":
        return { map: children.map(tapeShape) };
      default:
        return kind;
    }
  };

  /** The parser's reading, which must be a cut at the end of the text. */
  const cutByParser = (text: string) => {
    const r = parsed(text);
    expect(r.issues).toHaveLength(1);
    expect(r.issues[0]).toMatchObject({ code: "truncated", found: "end of input", offset: text.length });
    return r;
  };

  it.each([
    ["right after the brace", `{`],
    ["after an element", `{a`],
    ["after a comma", `{a,`],
    ["after a comma and a new line", `{a,\n   `],
    ["CRLF", `{a,\r\n  b,\r\n`],
    ["inside a nested tuple", `{'$gen_event',{route,<<"a">>,`],
    ["inside a list", `{a,[b,c,`],
    ["an empty list just opened", `{a,[`],
    ["after a list element", `{a,[b`],
    ["right after a list's bar", `{a,[b|`],
    ["inside a map, after its brace", `{a,#{`],
    ["inside a map, after a key", `{a,#{k`],
    ["inside a map, after the arrow", `{a,#{k =>`],
    ["inside a map, after a value", `{a,#{k => v`],
    ["inside a map, after a comma", `{a,#{k => v,`],
    ["inside a map's key", `{a,#{{k,`],
    ["inside a map's value", `{a,#{k => {v,`],
    ["inside a binary, after its brackets", `{a,<<`],
    ["inside a byte list", `{p1_mysql_recv,<0.5.0>,data,<<13,122,\n     104,`],
    ["after a byte", `{a,<<13,122`],
    ["after a string segment", `{a,<<"x"`],
    ["after a utf8 segment", `{a,<<"运维"/utf8`],
    ["after a quoted atom, a string, a pid, a ref", `{'$gen_call',"s",<0.1.2>,#Ref<0.1.2.3>`],
    ["deep", `{a,{b,[c,{d,#{e => [f,<<1,`],
  ])("%s", (_name, text) => {
    const r = cutByParser(text);
    const end = readShallow(tape, text, 0, true);
    expect(end).toBe(r.end);
    expect(tape.cut).toBe(end);
    expect(tapeShape(0)).toEqual(treeShape(r.term!));
    // Not tolerant: left to the parser, as before.
    expect(readShallow(tape, text, 0)).toBe(-1);
    expect(tape.cut).toBe(-1);
  });

  it("the tape holds the parser's partial tree: a truncated row where it has a truncated node", () => {
    const text = `{'$gen_event',{route,[a|b],<<"x">>,[c,<<1,`;
    expect(readShallow(tape, text, 0, true)).toBe(text.length);
    const kinds = (row: number) => shallowElements(tape, row).map((r) => SHALLOW_KIND_NAMES[tape.kind[r] as ShallowKind]);
    const top = shallowElements(tape, 0);
    expect(kinds(0)).toEqual(["atom", "tuple", "truncated"]);
    const route = shallowElements(tape, top[1]!);
    // Cut inside its last element: a truncated one after it.
    expect(kinds(top[1]!)).toEqual(["atom", "list", "binary", "list", "truncated"]);
    // The cut list: its elements so far, the cut as its tail.
    expect(kinds(route[3]!)).toEqual(["atom", "binary"]);
    expect(SHALLOW_KIND_NAMES[tape.kind[shallowTail(tape, route[3]!)] as ShallowKind]).toBe("truncated");
    // The cut binary has no text and no known size.
    expect(tape.binaryTexts).toEqual(["x", null]);
    expect(tape.binaryBytes).toEqual([1, -1]);
  });

  it.each([
    ["inside a string", `{a,"abc`],
    ["inside a binary's string", `{a,<<"abc`],
    ["inside a quoted atom", `{'$gen_`],
    ["inside a pid", `{a,<0.1.`],
    ["after a segment's slash", `{a,<<"x"/`],
    ["inside a list's tail", `{a,[b|{c,`],
    ["after a list's tail", `{a,[b|c`],
    ["a token in column 1", `{a,\nb`],
    ["half an arrow", `{a,#{k =`],
    ["a lone minus", `{a,-`],
    ["a control character before the end", `{a,\u0001`],
  ])("a cut anywhere else is left to the parser: %s", (_name, text) => {
    expect(readShallow(tape, text, 0, true)).toBe(-1);
    expect(tape.cut).toBe(-1);
  });

  it("random terms cut at every offset: whenever it reads one, it ends where the parser does, with its tree's shape", () => {
    const r = createRandom(23);
    let read = 0;
    let cuts = 0;
    for (let i = 0; i < 250; i++) {
      const term = { kind: "tuple" as const, elements: [randomTerm(r, { maxDepth: 3 }), randomTerm(r, { maxDepth: 2 })], start: 0, end: 0 };
      const whole = r.chance(0.5) ? print(term) : printPretty(term, { width: 40 }).replace(/\n/g, "\n ");
      for (let at = 1; at <= whole.length; at++) {
        const text = whole.slice(0, at);
        const end = readShallow(tape, text, 0, true);
        if (end < 0) continue;
        read++;
        const p = parsed(text);
        expect(end).toBe(p.end);
        expect(tapeShape(0)).toEqual(treeShape(p.term!));
        if (tape.cut >= 0) {
          cuts++;
          expect(p.issues.map((x) => [x.code, x.found, x.offset])).toEqual([["truncated", "end of input", text.length]]);
        } else expect(p.issues).toEqual([]);
      }
    }
    expect(cuts).toBeGreaterThan(1500);
    expect(read).toBeGreaterThan(cuts);
  });
});
