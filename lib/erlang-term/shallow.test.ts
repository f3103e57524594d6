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
