import { describe, expect, it } from "vitest";
import { parse, print, tokenize } from "./index";
import { baseDigitsValue } from "./tokenizer";

// assertKinds style (jsonc-parser): text → token names.
const rows: [string, string[]][] = [
  ["{a,'B'}", ["LBrace", "Atom", "Comma", "Atom", "RBrace"]],
  ["<<1:3>>", ["BinOpen", "Integer", "Colon", "Integer", "BinClose"]],
  ["#{a => 1}", ["MapOpen", "Atom", "Arrow", "Integer", "RBrace"]],
  ["#rec{}", ["Hash", "Atom", "LBrace", "RBrace"]],
  ["<0.1.2> #Ref<0.1.2.3> #Fun<m.f.1> #Port<0.5>", ["Pid", "Ref", "Fun", "Port"]],
  ["[a|...]", ["LBracket", "Atom", "Bar", "Ellipsis", "RBracket"]],
  ["....", ["Cut"]],
  ["1.5 1. -2 $a 16#ff", ["Float", "Integer", "Dot", "Integer", "Integer", "Integer"]],
  ['"a" "b"', ["String"]],
  ['<span style="x">a</span>', ["Atom"]],
  ["/utf8-big", ["Slash", "Atom", "Minus", "Atom"]],
  ["X", ["Error"]],
  ["<x", ["Error"]],
];

describe("tokenize", () => {
  it.each(rows)("%s", (text, names) => expect(tokenize(text).map((t) => t.name)).toEqual(names));

  it("gives offsets and source text", () => {
    expect(tokenize(" {ok}")).toMatchObject([
      { text: "{", start: 1, end: 2 },
      { text: "ok", start: 2, end: 4 },
      { text: "}", start: 4, end: 5 },
    ]);
  });
});

describe("integers in any base (Base#digits)", () => {
  /** Digit by digit, as the tokenizer read them before: the reference. */
  const slow = (digits: string, base: number) => [...digits].reduce((n, c) => n * BigInt(base) + BigInt(parseInt(c, base)), 0n);
  const digitsOf = (length: number, base: number, seed: number) =>
    Array.from({ length }, (_, i) => ((i * 7919 + seed) % base).toString(base)).join("");

  it.each([2, 3, 7, 8, 10, 16, 17, 35, 36])("base %i: the same value as digit by digit, for 1 to 3,000 digits", (base) => {
    for (const length of [1, 2, 9, 10, 11, 12, 31, 100, 1001, 3000]) {
      const digits = digitsOf(length, base, length);
      expect(baseDigitsValue(digits, 0, undefined, base), `${length} digits`).toBe(slow(digits, base));
      expect((parse(`${base}#${digits}`) as { value: bigint }).value, `${base}#… ${length} digits`).toBe(slow(digits, base));
    }
    expect(baseDigitsValue(`x${digitsOf(50, base, 1)}y`, 1, 51, base)).toBe(slow(digitsOf(50, base, 1), base));
  });

  it("400,000 digits of base 36 (a 589-byte gzip upload) parse, print and read back: digit by digit held the server for minutes", () => {
    const digits = "z".repeat(400_000);
    const term = parse(`{foo,36#${digits}}`);
    const value = (term as { elements: { value: bigint }[] }).elements[1]?.value;
    expect(value).toBe(36n ** 400_000n - 1n);
    expect(print(term).length).toBeGreaterThan(600_000);
  });
});
