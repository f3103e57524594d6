import { describe, expect, it } from "vitest";
import { parseTerm, skipTerm } from "./index";

// [text, expected end] rows; -1 means "no complete term".
const rows: [string, number][] = [
  ["{a,b} rest", 5],
  ["  [1,[2],3]\nnext", 11],
  ['<<"]>>">> x', 9],
  ["{'}',\"}\",$}} x", 12],
  ["{<0.1.2>,#Ref<0.1.2.3>,#Fun<a.b.1>} x", 35],
  ["#{a => <<>>} x", 12],
  ["#rec{a = 1} x", 11],
  ['"ab" "cd" x', 9],
  ['"a\\"b" x', 6],
  ["ok. x", 2],
  ["-12 x", 3],
  ["1.0e-5,", 6],
  ["16#ff,", 5],
  ["fun lists:map/2 x", 15],
  ["<0.1.2> x", 7],
  ['{a,<span style="c">b</span>} x', 28],
  ["{a,[b}", -1],
  ["{a,", -1],
  ['{"a}', -1],
  ["", -1],
  ["  ]", -1],
  ["<<1,2>>>", 7],
];

describe("skipTerm", () => {
  it.each(rows)("%j → %i", (text, end) => {
    expect(skipTerm(text)).toBe(end);
    if (end >= 0) expect(parseTerm(text).end).toBe(end);
  });

  it("starts at an offset", () => {
    const log = "message in pid <0.1.0> :\n [{a,1},\n  {b,2}]\nnext";
    expect(skipTerm(log, log.indexOf("["))).toBe(log.indexOf("\nnext"));
  });
});
