// ## The fast path (fast.ts) agrees with the full parser
//
// Every input is read twice through the public entry points, once as
// shipped (fast path first, full parser when it gives up) and once with the
// fast path turned off, and the two answers must be identical: the same
// tree (node kinds, fields in the same order, spans, bigint values, -0),
// or the same ErlangTermError (message, expected, found, offset, line,
// column). Inputs: random terms printed compactly and pretty, re-spaced
// token by token with random line breaks and indentation, then mutated;
// and the seed and monitor-log fixtures, read from every offset.

import { readdirSync, readFileSync } from "node:fs";
import { afterEach, describe, expect, it } from "vitest";
import { fastParse } from "./fast";
import { parse, parseAll, parseTerm, print, printPretty, tokenize } from "./index";
import { setFastPathForTests } from "./parser";
import { createRandom, randomTerm, routeMessage, type Random } from "./testing/random-term";

afterEach(() => setFastPathForTests(true));

/** A result or an error, in a form where every difference shows (key order, bigint, -0). */
function outcome(f: () => unknown): unknown {
  try {
    const value = f();
    return { ok: value, order: keyOrder(value) };
  } catch (e) {
    if (!(e instanceof Error)) return { thrown: e };
    const { name, message } = e;
    const fields = Object.fromEntries(Object.entries(e));
    return { error: e.constructor.name, name, message, fields };
  }
}

/** The keys of every object, in order, depth first: toStrictEqual does not compare key order. */
function keyOrder(value: unknown): string {
  const out: string[] = [];
  const walk = (v: unknown): void => {
    if (Array.isArray(v)) {
      out.push(`[${v.length}`);
      for (const x of v) walk(x);
      out.push("]");
    } else if (v !== null && typeof v === "object") {
      const keys = Object.keys(v);
      out.push(`{${keys.join(",")}`);
      for (const k of keys) walk((v as Record<string, unknown>)[k]);
      out.push("}");
    }
  };
  walk(value);
  return out.join(" ");
}

let compared = 0;

/** The call's outcome with the fast path on equals its outcome with it off. */
function same(f: () => unknown): void {
  setFastPathForTests(true);
  const fast = outcome(f);
  setFastPathForTests(false);
  const full = outcome(f);
  setFastPathForTests(true);
  expect(fast).toStrictEqual(full);
  compared++;
}

/** Every strict entry point the fast path serves, on this text. */
function compareAll(r: Random, text: string): void {
  same(() => parse(text, { html: false }));
  same(() => parse(text));
  same(() => parseAll(text, { html: false }));
  same(() => parseTerm(text, { html: false }));
  const start = r.int(text.length + 1);
  same(() => parseTerm(text, { start, html: false }));
  const maxDepth = 1 + r.int(4);
  same(() => parse(text, { html: false, maxDepth }));
}

const INDENTS = ["", " ", "  ", "    ", "\t", "          "];

/** The text's tokens joined again by random whitespace: line breaks, indentation, or nothing at all. */
function respace(r: Random, text: string): string {
  const tokens = tokenize(text);
  let out = r.pick(["", " ", "\n "]);
  for (const t of tokens) {
    out += t.text;
    switch (r.int(6)) {
      case 0:
        out += "\n" + r.pick(INDENTS);
        break;
      case 1:
        out += r.pick([" ", "\t", "\r\n  "]);
        break;
      default:
        break;
    }
  }
  // Whatever the tokenizer could not read (an error token ends the list) stays as it was.
  const last = tokens[tokens.length - 1];
  return out + (last ? text.slice(last.end) : text);
}

const NASTY = ["<", ">", "<<", ">>", '"', "'", "\\", "$", "#", "{", "}", "[", "]", "|", "...", "....", "\n", "<b>", "=>", ":=", "=", ".", "-", "16#", "e", "1.5", "fun", "\u00a0", "😀"];

function mutate(r: Random, text: string): string {
  let s = text;
  for (let i = 0, n = 1 + r.int(3); i < n; i++) {
    const at = r.int(s.length + 1);
    switch (r.int(4)) {
      case 0:
        s = s.slice(0, at) + s.slice(at + 1 + r.int(4));
        break;
      case 1:
        s = s.slice(0, at) + r.pick(NASTY) + s.slice(at);
        break;
      case 2:
        s = s.slice(0, at);
        break;
      default:
        s = s.slice(0, at) + String.fromCharCode(r.int(0x300)) + s.slice(at);
    }
  }
  return s;
}

const SOUP = [
  "{", "}", "[", "]", "<<", ">>", ",", "|", "=>", ":=", "=", "#{", "#r{", "#'q r'{", "#", "a", "fun", "'b c'", "'fun'", '"s"', '""', "1", "-2", "-", "3.5",
  "1.0e3", "007", "<0.1.2>", "<0.01.2>", "#Ref<0.1.2.3>", "#Fun<m.f.1>", "#Port<0.5>", "...", ".", "/", "utf8", "utf32", ":", "$a", "16#1f", "<b>",
  "é", "Var", "_", "\u00a0",
];
const SOUP_SPACE = ["", "", "", " ", "\n", "\n  ", "\t", "\r\n "];
const SEGMENTS = [
  '"abc"', '"a\\n"', '""', '"x" "y"', '"x"\n   "y"', "1", "-1", "255", "256", "1:3", "1 : 3", '"x"/utf8', '"x"/utf16', '"x"/utf32', '"x" / utf32',
  '"x"/binary', '"x"/utf8-little', '"x"/unit:8', "20013/utf8", "1.5", "...", '"x"...', "'a'", "16#ff", "$a", "a", "<0.1.2>", "{}",
];

function tryParse(text: string): boolean {
  try {
    parse(text, { html: false });
    return true;
  } catch {
    return false;
  }
}

/** A random term's text: compact, or pretty at a random width. */
function printed(r: Random): string {
  const term = randomTerm(r, { maxDepth: 1 + r.int(5), maxWidth: 1 + r.int(6) });
  return r.chance(0.5) ? print(term) : printPretty(term, { width: 20 + r.int(80) });
}

describe("fast path equals the full parser", () => {
  it("random terms, re-spaced: 3000 cases", () => {
    const r = createRandom(4242);
    let took = 0;
    for (let i = 0; i < 3000; i++) {
      const text = respace(r, printed(r));
      if (fastParse(text, 0, "whole", 1000) !== null) took++;
      compareAll(r, text);
    }
    // The comparison means something only if the fast path read a fair share itself (2600 of 3000 when written).
    expect(took).toBeGreaterThan(2000);
  });

  it("random terms, re-spaced and mutated: 4000 cases", () => {
    const r = createRandom(777);
    for (let i = 0; i < 4000; i++) compareAll(r, mutate(r, respace(r, printed(r))));
  });

  it("several terms with full stops (parseAll)", () => {
    const r = createRandom(31);
    for (let i = 0; i < 500; i++) {
      const parts = Array.from({ length: 1 + r.int(4) }, () => printed(r) + r.pick(["", ".", " .", ".\n", "\n"]));
      const text = parts.join(r.pick([" ", "\n", "\n\n  "]));
      same(() => parseAll(text, { html: false }));
      same(() => parse(text, { html: false }));
    }
  });

  it("the benchmark's route messages take the fast path and agree", () => {
    const r = createRandom(25877);
    const text = " [" + Array.from({ length: 200 }, (_, i) => routeMessage(r, i)).join(",\n  ") + "]\n";
    expect(fastParse(text, 0, "whole", 1000)).not.toBeNull();
    same(() => parse(text, { html: false }));
    for (let i = 0; i < 50; i++) {
      const mutated = mutate(r, text);
      same(() => parse(mutated, { html: false }));
    }
  });

  it("token soup: random sequences of the tokens the fast path reads, and their neighbours: 8000 cases", () => {
    const r = createRandom(2024);
    let valid = 0;
    for (let i = 0; i < 8000; i++) {
      let text = "";
      for (let k = 0, n = 1 + r.int(12); k < n; k++) text += r.pick(SOUP) + r.pick(SOUP_SPACE);
      setFastPathForTests(false);
      if (tryParse(text)) valid++;
      setFastPathForTests(true);
      compareAll(r, text);
    }
    expect(valid).toBeGreaterThan(200);
  });

  it("random binaries: every segment spelling, spaced at random", () => {
    const r = createRandom(88);
    for (let i = 0; i < 3000; i++) {
      const segments = Array.from({ length: r.int(4) }, () => r.pick(SEGMENTS));
      const sep = (): string => r.pick(["", "", " ", "\n  "]);
      const text = `{x,<<${sep()}${segments.map((x) => x + sep()).join("," + sep())}>>${sep()}}`;
      compareAll(r, text);
      compareAll(r, text.slice(3, -1));
    }
  });

  it("hand-picked edges", () => {
    const r = createRandom(1);
    const cases = [
      "", " ", "a", "a.", "a..", "a...", "a....", "1.", "1.5", "1.5e3", "1.5e", "-1", "- 1", "-0", "-0.0", "16#ff", "1#2", "$a",
      "{}", "[]", "<<>>", "<< >>", '<<"">>', '<<"a">>', '<< "a" >>', '<<"a"/utf8>>', '<<"a"/utf16>>', '<<"a"/binary>>', '<<"a" /utf8>>',
      '<<"a"/utf8-little>>', '<<"a"/unit:8>>', "<<1,2,3>>", "<<-1>>", "<<1:3>>", "<<20013/utf8>>", "<<1.5>>", '<<"a"...>>', '<<"ab"\n  "cd">>',
      '<<"a","b">>', '<<"a\\n">>', "[a|b]", "[a|]", "[a|b,c]", "[a|...]", "[1|...]", "#{}", "#{a=>1}", "#{a:=1}", "#{a=>1,...}", "#{...}",
      "#r{}", "#r{a=1}", "#r{a=>1}", "#'r q'{'a b'=1}", "# r{a = 1}", "#R{}", "#Ref<0.1.2.3>", "#Ref<>", "#Fun<a.b.1>", "#Port<0.5>",
      "#Pid<0.1.0>", "<0.1.0>", "<00.1.0>", "<0.01.0>", "<0.1.00>", "<0.1>", "<0.1.0", "<a>", "<span>ok</span>", "{a<b>,c}", "fun",
      "fun m:f/1", "'fun'", "{fun}", "[fun]", "'a\\'b'", '"a\\"b"', '"a" "b"', '"a"\n "b"', "'a' 'b'", "{a b}", "{a,}", "{,a}", "{a",
      "[a", "ok\u00a0", "\ufeffok", "Abc", "_", "a@b", "é", "中", "'中文'", '"中文"', "{a}}", "{a} b", "{a}. b", "[[[[[[[[]]]]]]]]",
      "x".repeat(50), `'${"y".repeat(50)}'`, `"${"z".repeat(50)}"`, `<<"${"w".repeat(50)}">>`, "123456789012345678901234567890", "-123456789012345678",
      "1e400", "1.0e400", "{1.0e400}", "{1,2.5,-3,-4.5e-1}", "#{a=1}", "#{a= 1}", "#{a = >1}", "#{a =>1}", '<<"a"/utf32>>', '<<"a"/utf32,1>>',
      '<<"a"/utf8x>>', "#r{a= >1}", "#r{a =1}", "#fun{fun=1}", "#r{a=fun}", "#r{a=fun m:f/1}", '<<"a"/fun>>', "#1{}", "#ref<0.1>", "#Refx<0.1>",
      '"a\\x{4e2d}b"', '"\\"', '"a\\', '"\\x{110000}"', '"\\x{}"', '"\\x4"', '"\\x4g"', '"\\^"', "'\\^a'", '"\\777"', '"\\8"', '"😀\\😀"', '"\\e\\d\\s"',
      "'\\x{1F600}'", '<<"a\\nb">>', '<<"a\\nb"/utf8>>', '<<"\\x{4e2d}"/utf8>>', '"a\\n" "b\\t"',
      "[...]", "{...}", "{a,...}", "<<...>>", "<<1,...>>", '<<"a"/utf8...>>', '<<"a"....>>', '<<"a"..>>', "#{... := 1}", "#{... =>1}", "#{a=>...}",
      "#{...,a=>1}", "[a|....]", "....", "..", ". ", "{a,....}", "{a,..}", "[a,...|b]", "#r{a=...}", "#r{...}",
      "#Ref<0,1>", "#Ref<0.1\n>", "{a,\n b}", "{a,\nb}", "[a\n]", "<<\n>>", "<<1\n,2>>", "{'a',\"b\",<<\"c\">>,<0.1.2>,#Port<0.1>}",
    ];
    for (const text of cases) {
      compareAll(r, text);
      for (let start = 0; start <= text.length; start++) same(() => parseTerm(text, { start, html: false }));
    }
  });

  it.each([
    ["lib/erlang-term/__fixtures__", new URL("./__fixtures__/", import.meta.url)],
    ["lib/monitor-log/__fixtures__", new URL("../monitor-log/__fixtures__/", import.meta.url)],
  ])("%s: whole files, and parseTerm from every offset", (_name, dir) => {
    const files = readdirSync(dir).filter((n) => !n.endsWith(".md"));
    expect(files.length).toBeGreaterThan(5);
    const r = createRandom(9);
    let took = 0;
    for (const name of files) {
      const text = readFileSync(new URL(name, dir), "utf8");
      compareAll(r, text);
      for (let start = 0; start <= text.length; start++) {
        if (fastParse(text, start, "one", 1000) !== null) took++;
        same(() => parseTerm(text, { start, html: false }));
        if (start % 13 === 0) same(() => parseTerm(text, { start }));
      }
    }
    expect(took).toBeGreaterThan(1000);
  });

  it("compared something", () => {
    expect(compared).toBeGreaterThan(10_000);
  });
});
