import { describe, expect, it } from "vitest";
import { binarySegments, ErlangTermError, parse, parseAll, parseTerm } from "./index";
import {
  atom, bin, binStr, cut, float, fun, int, list, map, pid, port, record, ref, seg, str, tuple, withoutSpans,
} from "./testing/helpers";
import type { ErlTerm } from "./types";

const ok = (input: string, expected: ErlTerm) => expect(withoutSpans(parse(input))).toEqual(withoutSpans(expected));

// [input, expected] rows, acorn-driver style.
const valid: [string, ErlTerm][] = [
  // integers
  ["0", int(0)],
  ["42", int(42)],
  ["-17", int(-17)],
  ["16#ff", int(255)],
  ["2#1010", int(10)],
  ["36#zz", int(35 * 36 + 35)],
  ["-16#FF", int(-255)],
  ["$a", int(97)],
  ["$\\n", int(10)],
  ["$\\x{4e2d}", int(0x4e2d)],
  ["$\\^A", int(1)],
  ["$ ", int(32)],
  ["$中", int(0x4e2d)],
  ["9007199254740993", int(9007199254740993n)],
  ["123456789012345678901234567890", int(123456789012345678901234567890n)],
  ["-123456789012345678901234567890", int(-123456789012345678901234567890n)],
  // floats
  ["1.0", float(1)],
  ["1.0e-5", float(1e-5)],
  ["-2.5E+3", float(-2500)],
  ["1.5e300", float(1.5e300)],
  ["-0.0", float(-0)],
  // atoms
  ["ok", atom("ok")],
  ["node@host", atom("node@host")],
  ["'$gen_call'", atom("$gen_call")],
  ["'/='", atom("/=")],
  ["'_'", atom("_")],
  ["'mod_muc_room_sup_livechat.example.org'", atom("mod_muc_room_sup_livechat.example.org")],
  ["'it\\'s'", atom("it's")],
  ["'a\\nb'", atom("a\nb")],
  ["''", atom("")],
  ["fun", atom("fun")],
  ["'fun'", atom("fun")],
  ["élan", atom("élan")],
  // strings
  ['""', str("")],
  ['"abc"', str("abc")],
  ['"a\\nb\\"c\\\\d"', str('a\nb"c\\d')],
  ['"\\101\\x41\\x{4e2d}\\^A\\e\\s\\d"', str("AA中\u0001\u001b \u007f")],
  ['"abc"\n   "def"', str("abcdef")],
  ['"a" "b"  "c"', str("abc")],
  ['"中文"', str("中文")],
  // binaries
  ["<<>>", bin()],
  ['<<"text">>', binStr("text")],
  ['<<"text"/utf8>>', bin(seg.str("text", "utf8"))],
  ['<<"中文"/utf8>>', bin(seg.str("中文", "utf8"))],
  ["<<13,122,104>>", bin(seg.int(13), seg.int(122), seg.int(104))],
  ['<<1,"ab",2:4>>', bin(seg.int(1), seg.str("ab"), seg.int(2, 4))],
  ["<<5:3>>", bin(seg.int(5, 3))],
  ["<<1,2,...>>", bin(seg.int(1), seg.int(2), seg.cut())],
  ['<<"abcdefgh"...>>', bin(seg.str("abcdefgh"), seg.cut())],
  ['<<"abc"\n  "def">>', binStr("abcdef")],
  ["<<1.5:64/float>>", bin(seg.float(1.5, 64))],
  ["<<20013/utf8>>", bin(seg.str("中", "utf8"))],
  ["<<1:16/big-unsigned-integer>>", bin(seg.int(1, 16))],
  ["<<-1>>", bin(seg.int(-1))],
  // pids, refs, funs, ports
  ["<0.12.0>", pid(0, 12, 0)],
  ["<6562.26699.4254>", pid(6562, 26699, 4254)],
  ["#Ref<7091.0.87991.137462>", ref("#Ref<7091.0.87991.137462>")],
  ["#Ref<0.2054739564.1975517185.7784>", ref("#Ref<0.2054739564.1975517185.7784>")],
  ["#Fun<mnesia.select.2>", fun("#Fun<mnesia.select.2>")],
  ["#Fun<erl_eval.6.12345>", fun("#Fun<erl_eval.6.12345>")],
  ["fun lists:map/2", fun("fun lists:map/2")],
  ["fun 'my mod':'f'/0", fun("fun 'my mod':f/0")],
  ["#Port<0.5>", port("#Port<0.5>")],
  // containers
  ["{}", tuple()],
  ["{a,1}", tuple(atom("a"), int(1))],
  ["[]", list([])],
  ["[a,b]", list([atom("a"), atom("b")])],
  ["[a|b]", list([atom("a")], atom("b"))],
  ["[a,b|...]", list([atom("a"), atom("b")], cut())],
  ["{a,b,...}", tuple(atom("a"), atom("b"), cut())],
  ["...", cut()],
  ["#{}", map()],
  ["#{k => v}", map([atom("k"), atom("v")])],
  ["#{a => 1,b => 2,...}", map([atom("a"), int(1)], [atom("b"), int(2)], [cut(), cut()])],
  ["#{a := 1}", map([atom("a"), int(1)])],
  ["#rec{}", record("rec")],
  ["#rec{a = 1,b = 2}", record("rec", ["a", int(1)], ["b", int(2)])],
  ["#'my rec'{'x y' = [1]}", record("my rec", ["x y", list([int(1)])])],
  // the shell's printer (io_lib_pretty with the record's definition) at its depth limit
  ["#rec{a = 1,...}", record("rec", ["a", int(1)], ["...", cut()])],
  ["#rec{...}", record("rec", ["...", cut()])],
  ["#state{socket = #Port<0.5>,users = #{},...}", record("state", ["socket", port("#Port<0.5>")], ["users", map()], ["...", cut()])],
  // layout: whitespace anywhere between tokens, trailing full stop
  [" {\n  a ,\t[ 1 |\n 2 ] }\n", tuple(atom("a"), list([int(1)], int(2)))],
  ["{a,b}.", tuple(atom("a"), atom("b"))],
  // markup outside quotes is skipped like whitespace
  ['{message_queue_len,<span style="color:red;">1511</span>}', tuple(atom("message_queue_len"), int(1511))],
  ['{call,<span style="color:red">mnesia_lib,db_get,</span>\n x}', tuple(atom("call"), atom("mnesia_lib"), atom("db_get"), atom("x"))],
];

describe("parse: valid terms", () => {
  it.each(valid)("%s", (input, expected) => ok(input, expected));
});

describe("parse: spans", () => {
  it("points every node at its source text", () => {
    const text = ' {a, <<"x">>, [1|2]}';
    const t = parse(text);
    expect([t.start, t.end]).toEqual([1, 20]);
    if (t.kind !== "tuple") throw new Error("tuple expected");
    expect(t.elements.map((e) => text.slice(e.start, e.end))).toEqual(["a", '<<"x">>', "[1|2]"]);
    const b = t.elements[1]!;
    if (b.kind !== "binary") throw new Error("binary expected");
    expect(b.segments).toBeNull();
    const [segment] = binarySegments(b);
    expect(text.slice(segment!.start, segment!.end)).toBe('"x"');
  });
});

// Error rows: input, message, line, column. Columns and lines are 1-based.
const invalid: [string, string, number, number][] = [
  ["", "expected a term but found end of input at 1:1", 1, 1],
  ["{a,b", "expected ',' or '}' in tuple but found end of input at 1:5", 1, 5],
  ["<<1,2", "expected ',' or '>>' in binary but found end of input at 1:6", 1, 6],
  ['[a,\n <<"x', `expected '"' to close string but found end of input at 2:6`, 2, 6],
  ['[a,\n <<"x"', "expected ',' or '>>' in binary but found end of input at 2:7", 2, 7],
  ["{a} b", "expected end of input after the term but found 'b' at 1:5", 1, 5],
  ["[a b]", "expected ',', '|' or ']' in list but found 'b' at 1:4", 1, 4],
  ["[a|b,c]", "expected ']' to close list but found ',' at 1:5", 1, 5],
  ["{Var}", "expected a term in tuple but found 'V' at 1:2", 1, 2],
  ["<0.1>", "expected '.' in pid but found '>' at 1:5", 1, 5],
  ["<0.1.2", "expected '>' to close pid but found end of input at 1:7", 1, 7],
  ["#{a}", "expected '=>' after map key but found '}' at 1:4", 1, 4],
  ["#rec{a}", "expected '=' after record field name but found '}' at 1:7", 1, 7],
  ["#rec{...,a = 1}", "expected '}' after '...' in record but found ',' at 1:9", 1, 9],
  ["#Foo<1>", "expected #Ref<, #Fun<, #Port< or #{ but found '#Foo' at 1:1", 1, 1],
  ['"\\x{zz}"', "expected hex digits and '}' in \\x{...} but found 'z' at 1:5", 1, 5],
  ["1.0e999", "expected a float within range but found '1.0e999' at 1:1", 1, 1],
  ["{a,\n  ....\n}", "expected a term in tuple but found '....' at 2:3", 2, 3],
  ["fun lists:map", "expected '/' in fun Module:Name/Arity but found end of input at 1:14", 1, 14],
  ["&", "expected a term but found '&' at 1:1", 1, 1],
];

describe("parse: errors", () => {
  it.each(invalid)("%j", (input, message, line, column) => {
    let caught: unknown;
    try {
      parse(input);
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(ErlangTermError);
    const err = caught as ErlangTermError;
    expect(err.message).toBe(message);
    expect([err.line, err.column]).toEqual([line, column]);
    expect(typeof err.expected).toBe("string");
    expect(typeof err.found).toBe("string");
  });

  it("rejects bad options with the same error type", () => {
    expect(() => parseTerm("a", { start: 5 })).toThrow(ErlangTermError);
    expect(() => parseTerm("a", { maxDepth: 0 })).toThrow(ErlangTermError);
    expect(() => parse(undefined as unknown as string)).toThrow(ErlangTermError);
  });
});

describe("parse: nesting", () => {
  it("gives the one error for 100,000 levels, not a stack overflow", () => {
    for (const open of ["[", "{", "#{a => ", "<<"]) {
      const text = open.repeat(100_000);
      let caught: unknown;
      try {
        parse(text);
      } catch (e) {
        caught = e;
      }
      expect(caught).toBeInstanceOf(ErlangTermError);
    }
    expect(() => parse("[".repeat(100_000) + "]".repeat(100_000))).toThrow(/at most 1000 nested terms/);
    const r = parseTerm("[".repeat(100_000), { tolerant: true });
    expect(r.issues[0]?.message).toMatch(/at most 1000 nested terms/);
  });

  it("reads terms right at the depth limit", () => {
    const t = parse("[".repeat(1000) + "]".repeat(1000));
    let depth = 0;
    for (let cur: ErlTerm | undefined = t; cur?.kind === "list"; cur = cur.elements[0]) depth++;
    expect(depth).toBe(1000);
  });

  it("turns a stack overflow under a raised limit into the same error", () => {
    expect(() => parse("[".repeat(200_000), { maxDepth: 1_000_000 })).toThrow(ErlangTermError);
    const r = parseTerm("{".repeat(200_000), { tolerant: true, maxDepth: 1_000_000 });
    expect(r.term).toBeNull();
    expect(r.issues[0]?.found).toBe("deeper nesting than the stack allows");
  });
});

describe("parseTerm: one term inside a bigger text", () => {
  it("stops right after the term and never reads further", () => {
    const text = 'message queue len of pid <6562.18467.5386> : {message_queue_len,17118}\nmessage in pid "unterminated';
    const start = text.indexOf("{");
    const r = parseTerm(text, { start });
    expect(withoutSpans(r.term)).toEqual(withoutSpans(tuple(atom("message_queue_len"), int(17118))));
    expect(text.slice(r.end, r.end + 1)).toBe("\n");
    expect(r.issues).toEqual([]);
    const p = parseTerm(text, { start: text.indexOf("<") });
    expect(withoutSpans(p.term)).toEqual(withoutSpans(pid(6562, 18467, 5386)));
  });

  it("reads a bare atom and ends at it", () => {
    const text = "message queue len of pid <6562.26699.4254> : undefined\nnext";
    const r = parseTerm(text, { start: text.indexOf("undefined") });
    expect(r.term).toMatchObject({ kind: "atom", value: "undefined" });
    expect(r.end).toBe(text.indexOf("\nnext"));
  });
});

describe("parseAll", () => {
  it("reads a sequence of terms, full stops optional", () => {
    expect(parseAll("a. {b}\n[c]. <0.1.2>").map((t) => t.kind)).toEqual(["atom", "tuple", "list", "pid"]);
    expect(parseAll("  ")).toEqual([]);
    expect(() => parseAll("a b ]")).toThrow(ErlangTermError);
  });
});
