import { describe, expect, it } from "vitest";
import { tokenize } from "./index";

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
