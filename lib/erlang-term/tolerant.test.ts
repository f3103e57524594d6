import { describe, expect, it } from "vitest";
import { parseTerm, print } from "./index";
import { withoutSpans } from "./testing/helpers";

// [input, printed best-effort term, issue code, found] rows.
const cutRows: [string, string, string, string][] = [
  ["{a,", "{a,...}", "truncated", "end of input"],
  ['[{<<"to">>,', '[{<<"to">>,...}|...]', "truncated", "end of input"],
  ["<<1,2", "<<1,2,...>>", "truncated", "end of input"],
  // A string the text ends inside: cut there too (a console read mid-line).
  ['<<"abc', "<<...>>", "truncated", "end of input"],
  ["{'quoted", "{...}", "truncated", "end of input"],
  ["#{a => ", "#{a => ...}", "truncated", "end of input"],
  ["#{a => 1,", "#{a => 1,...}", "truncated", "end of input"],
  ["#r{a = 1,", "#r{a = 1,...}", "truncated", "end of input"],
  ["[a,\n   ....\nnext", "[a|...]", "truncated", "'....'"],
  ["[a,\n b,\nlog line", "[a,b|...]", "truncated", "a new line 'log'"],
  ["{a,b &c}", "{a,b,...}", "syntax", "'&'"],
  ["[a|b", "[a|...]", "truncated", "end of input"],
];

describe("tolerant parseTerm", () => {
  it.each(cutRows)("%j", (input, printed, code, found) => {
    const r = parseTerm(input, { tolerant: true });
    expect(r.term === null ? "..." : print(r.term)).toBe(printed);
    expect(r.issues).toHaveLength(1);
    expect(r.issues[0]).toMatchObject({ code, found });
  });

  it("returns a complete term with no issues, as strict mode would", () => {
    const r = parseTerm("  {a,[1,2]} trailing", { tolerant: true });
    expect(r.issues).toEqual([]);
    expect(r.end).toBe(11);
    expect(withoutSpans(r.term)).toEqual(withoutSpans(parseTerm("{a,[1,2]}").term));
  });

  it("gives no term when there is none", () => {
    expect(parseTerm("", { tolerant: true })).toMatchObject({ term: null, end: 0 });
    expect(parseTerm("   ]", { tolerant: true })).toMatchObject({ term: null, end: 0 });
    expect(parseTerm("....", { tolerant: true }).term).toBeNull();
  });

  it("keeps unindented lines inside the term in strict mode", () => {
    expect(print(parseTerm("[a,\nb]").term!)).toBe("[a,b]");
  });

  it("locates the cut on 1-based lines and columns", () => {
    const r = parseTerm("[a,\n  {b,", { tolerant: true });
    expect(r.issues[0]).toMatchObject({ line: 2, column: 6, offset: 9 });
    expect(r.issues[0]?.message).toBe("expected the rest of the term but found end of input at 2:6");
  });
});
