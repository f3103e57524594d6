import { describe, expect, it } from "vitest";
import { ErlangTermError, looksLikeElixir, parse, parseTerm, print, tokenize } from "./index";
import { atom, bin, float, fun, int, list, map, pid, port, ref, seg, str, tuple, withoutSpans, cut } from "./testing/helpers";
import type { ErlTerm } from "./types";

const elixir = (input: string) => withoutSpans(parse(input, { syntax: "elixir" }));
const utf8 = (value: string): ErlTerm => bin(seg.str(value, "utf8"));

// [input, expected] rows: each Elixir spelling and the Erlang kind it becomes (elixir.md).
const valid: [string, ErlTerm][] = [
  // atoms
  [":ok", atom("ok")],
  [':"quoted atom"', atom("quoted atom")],
  [":'single'", atom("single")],
  [":valid?", atom("valid?")],
  [":+", atom("+")],
  [":<>", atom("<>")],
  [":===", atom("===")],
  [":Foo", atom("Foo")],
  [':"node@host"', atom("node@host")],
  ["true", atom("true")],
  ["false", atom("false")],
  ["nil", atom("nil")],
  ["fun", atom("fun")],
  ["Supavisor.MetricsCleaner", atom("Elixir.Supavisor.MetricsCleaner")],
  ["Elixir.Foo", atom("Elixir.Foo")],
  ["Logger", atom("Elixir.Logger")],
  // numbers
  ["42", int(42)],
  ["-7", int(-7)],
  ["1_000_000", int(1000000)],
  ["0x1F", int(31)],
  ["0o17", int(15)],
  ["0b101", int(5)],
  ["?a", int(97)],
  ["?\\n", int(10)],
  ["1.5", float(1.5)],
  ["-2.5e3", float(-2500)],
  ["1_000.5", float(1000.5)],
  // pids, references, ports, funs
  ["#PID<0.2971.0>", pid(0, 2971, 0)],
  ["#PID<10038.294.0>", pid(10038, 294, 0)],
  ["<0.1.0>", pid(0, 1, 0)],
  ["#Reference<0.3870147024.1610874881.205063>", ref("#Ref<0.3870147024.1610874881.205063>")],
  ["#Port<0.5>", port("#Port<0.5>")],
  ["#Function<20.3316493/1 in :erl_eval.expr/6>", fun("#Fun<erl_eval.20.3316493>")],
  ["#Function<0.5/0 in Supavisor.Monitor.init/1>", fun("#Fun<'Elixir.Supavisor.Monitor'.0.5>")],
  ["&Enum.map/2", fun("fun 'Elixir.Enum':map/2")],
  ["&:lists.reverse/1", fun("fun lists:reverse/1")],
  // binaries and charlists
  ['"text"', utf8("text")],
  ['""', bin()],
  ['"中文"', utf8("中文")],
  ['"a\\nb\\"c\\\\d\\a\\u00e9\\u{1F600}"', utf8('a\nb"c\\d\u0007é😀')],
  ['"abc" <>\n  "def"', utf8("abcdef")],
  ["'charlist'", str("charlist")],
  ['~c"abc"', str("abc")],
  ["~c'abc'", str("abc")],
  ["<<1, 2, 3>>", bin(seg.int(1), seg.int(2), seg.int(3))],
  ['<<"a", 0>>', bin(seg.str("a", "utf8"), seg.int(0))],
  // containers
  ["{:ok, 1}", tuple(atom("ok"), int(1))],
  ["[]", list([])],
  ["[1, 2 | 3]", list([int(1), int(2)], int(3))],
  ["[a: 1, b: :two]", list([tuple(atom("a"), int(1)), tuple(atom("b"), atom("two"))])],
  ["[1, c: 3]", list([int(1), tuple(atom("c"), int(3))])],
  ['["x y": 1]', list([tuple(atom("x y"), int(1))])],
  ["[Foo: 1]", list([tuple(atom("Foo"), int(1))])],
  ["[ok?: true]", list([tuple(atom("ok?"), atom("true"))])],
  ['%{"k" => 1, a: 2}', map([utf8("k"), int(1)], [atom("a"), int(2)])],
  ["%{}", map()],
  ["%{{:a, 1} => [b: 2]}", map([tuple(atom("a"), int(1)), list([tuple(atom("b"), int(2))])])],
  ['%URI{host: "x", port: 443}', map([atom("__struct__"), atom("Elixir.URI")], [atom("host"), utf8("x")], [atom("port"), int(443)])],
  ["[1, 2, ...]", list([int(1), int(2), cut()])],
  // recon:proc_count(message_queue_len, N) as IEx prints it
  [
    "[{#PID<0.2971.0>, 0, [Supavisor.MetricsCleaner, {:current_function, {:gen_server, :loop, 7}}, {:initial_call, {:proc_lib, :init_p, 5}}]}]",
    list([
      tuple(
        pid(0, 2971, 0),
        int(0),
        list([
          atom("Elixir.Supavisor.MetricsCleaner"),
          tuple(atom("current_function"), tuple(atom("gen_server"), atom("loop"), int(7))),
          tuple(atom("initial_call"), tuple(atom("proc_lib"), atom("init_p"), int(5))),
        ]),
      ),
    ]),
  ],
];

// Rows that must fail, with what the message names and where.
const invalid: [string, RegExp, number][] = [
  ["#Foo<1>", /expected #PID<, #Reference<, #Port< or #Function< but found '#Foo'/, 1],
  ["%Foo", /expected '\{' after %Foo/, 5],
  ["{a: 1}", /expected a term in tuple but found 'a:'/, 2],
  ['"open', /expected '"' to close string/, 6],
  ["[a: ]", /expected a value after a keyword key but found '\]'/, 5],
];

describe("Elixir term syntax", () => {
  it.each(valid)("%s", (input, expected) => expect(elixir(input)).toEqual(withoutSpans(expected)));

  it.each(invalid)("%s fails", (input, message, column) => {
    let error: unknown;
    try {
      parse(input, { syntax: "elixir" });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ErlangTermError);
    expect((error as ErlangTermError).message).toMatch(message);
    expect((error as ErlangTermError).column).toBe(column);
  });

  it("prints back in Erlang syntax, which Erlang mode reads to the same tree", () => {
    for (const [input] of valid) {
      const t = parse(input, { syntax: "elixir" });
      expect(withoutSpans(parse(print(t)))).toEqual(withoutSpans(t));
    }
  });

  it("keeps spans on the Elixir text", () => {
    const t = parse("[{#PID<0.1.0>, :ok}]", { syntax: "elixir" });
    expect(t.kind === "list" && t.elements[0]?.kind === "tuple" && t.elements[0].elements.map((e) => ({ start: e.start, end: e.end }))).toEqual([
      { start: 2, end: 13 },
      { start: 15, end: 18 },
    ]);
  });

  it("is not the default: Erlang mode still rejects Elixir-only text", () => {
    expect(() => parse("#PID<0.1.0>")).toThrow(ErlangTermError);
    expect(withoutSpans(parse("'text'"))).toEqual(withoutSpans(atom("text")));
    expect(withoutSpans(parse('"text"'))).toEqual(withoutSpans(str("text")));
  });

  it("tolerant mode closes a cut IEx term", () => {
    const r = parseTerm("[{#PID<0.1.0>, 3, [Foo.Bar,\n", { syntax: "elixir", tolerant: true });
    expect(r.issues[0]?.code).toBe("truncated");
    expect(r.term?.kind).toBe("list");
  });

  it("tokenizes keyword keys and struct openers", () => {
    expect(tokenize('%Foo{a: 1, "b c": 2}', { syntax: "elixir" }).map((t) => t.name)).toEqual([
      "StructOpen", "Key", "Integer", "Comma", "Key", "Integer", "RBrace",
    ]);
  });
});

// `syntax: "auto"` and looksLikeElixir: [text, is it Elixir?]
const detection: [string, boolean][] = [
  ["[{#PID<0.1.0>, 0, []}]", true],
  ["[{<0.1.0>,0,[foo]}]", false],
  ["{:ok, 1}", true],
  ["{ok,1}", false],
  ["[Supavisor.MetricsCleaner]", true],
  ["[a: 1]", true],
  ["%{}", true],
  ["#{a => 1}", false],
  ['["Hello World", \'Quoted Atom\']', false],
  ["{16#FF, 1.0E5, #Ref<0.1.2.3>, #Fun<m.1.2>, #Port<0.5>, #rec{a = 1}}", false],
  ["{mod:fun, $A}", false],
  ["[1, 2, 3]", false],
];

describe("looksLikeElixir", () => {
  it.each(detection)("%s → %s", (text, expected) => expect(looksLikeElixir(text)).toBe(expected));

  it("syntax: auto reads both", () => {
    expect(withoutSpans(parse("{:ok, #PID<0.1.0>}", { syntax: "auto" }))).toEqual(withoutSpans(tuple(atom("ok"), pid(0, 1, 0))));
    expect(withoutSpans(parse("{ok, <0.1.0>}", { syntax: "auto" }))).toEqual(withoutSpans(tuple(atom("ok"), pid(0, 1, 0))));
  });
});
