import { describe, expect, it } from "vitest";
import { parse, print, printAtom, printPretty, printString } from "./index";
import { printFloat } from "./printer";
import { atom, bin, cut, float, int, list, map, record, seg, str, tuple, withoutSpans } from "./testing/helpers";
import { createRandom, randomTerm } from "./testing/random-term";
import type { ErlTerm } from "./types";

const printed: [ErlTerm, string][] = [
  [atom("ok"), "ok"],
  [atom("$gen_call"), "'$gen_call'"],
  [atom("fun"), "'fun'"],
  [atom("Abc"), "'Abc'"],
  [atom("it's"), "'it\\'s'"],
  [int(123456789012345678901234567890n), "123456789012345678901234567890"],
  [float(1e-5), "1.0e-5"],
  [float(0.1), "0.1"],
  [float(1e20), "1.0e20"],
  [float(-0), "-0.0"],
  [float(3), "3.0"],
  [str('a\n"b"\\'), '"a\\n\\"b\\"\\\\"'],
  [str("\u0001中"), '"\\x{1}中"'],
  [bin(seg.str("中文", "utf8")), '<<"中文"/utf8>>'],
  [bin(seg.int(1), seg.str("ab"), seg.int(2, 4)), '<<1,"ab",2:4>>'],
  [bin(seg.str("abc"), seg.cut()), '<<"abc"...>>'],
  [list([atom("a")], cut()), "[a|...]"],
  [map([atom("k"), int(1)], [cut(), cut()]), "#{k => 1,...}"],
  [record("rec", ["a", int(1)], ["b", int(2)]), "#rec{a = 1,b = 2}"],
  [record("rec", ["a", int(1)], ["...", cut()]), "#rec{a = 1,...}"],
  [tuple(), "{}"],
];

describe("print", () => {
  it.each(printed.map(([term, text]) => [text, term] as const))("%s", (text, term) => expect(print(term)).toBe(text));

  it("prints floats that read back exactly", () => {
    const r = createRandom(7);
    for (let i = 0; i < 2000; i++) {
      const x = (r.next() - 0.5) * 10 ** (r.int(600) - 300);
      expect(Number(printFloat(x))).toBe(x);
      expect(printFloat(x)).toMatch(/^-?\d+\.\d+(e-?\d+)?$/);
    }
  });
});

describe("printString and printAtom (the sample view's literals)", () => {
  it("escapes control characters the Erlang way, not JSON's \\u001e", () => {
    // A p1_mysql_recv packet (build 27044): record separator, NUL, SOH between fields.
    const text = "\rzhimq#zhimq_2\u001ezhimq@easemob.com\u0000\u0001B";
    expect(printString(text)).toBe('"\\rzhimq#zhimq_2\\x{1e}zhimq@easemob.com\\x{0}\\x{1}B"');
    expect(printString(text)).not.toContain("\\u");
    expect(printString("\u001b[0m\t运维值班")).toBe('"\\e[0m\\t运维值班"');
    // What it prints reads back as the same text.
    expect(parse(printString(text))).toMatchObject({ kind: "string", value: text });
  });

  it("atoms bare when they can be", () => {
    expect(printAtom("p1_mysql_recv")).toBe("p1_mysql_recv");
    expect(printAtom("$gen_event")).toBe("'$gen_event'");
    expect(printAtom("receive")).toBe("'receive'");
  });
});

describe("printPretty", () => {
  it("keeps short terms on one line and wraps long ones like ~p", () => {
    expect(printPretty(parse("{a,[1,2]}"))).toBe("{a,[1,2]}");
    const long = parse(`[{<<"id">>,<<"G9sfS-121">>},{<<"to">>,<<"snh-48#pocket48_76366191207121304@conference.easemob.com">>}]`);
    expect(printPretty(long)).toBe(
      `[{<<"id">>,<<"G9sfS-121">>},\n {<<"to">>,<<"snh-48#pocket48_76366191207121304@conference.easemob.com">>}]`,
    );
    expect(printPretty(long, { width: 40 })).toBe(
      [
        `[{<<"id">>,<<"G9sfS-121">>},`,
        ` {<<"to">>,`,
        `  <<"snh-48#pocket48_76366191207121304@"`,
        `    "conference.easemob.com">>}]`,
      ].join("\n"),
    );
  });

  it("never exceeds the width where a break is possible", () => {
    const r = createRandom(11);
    for (let i = 0; i < 200; i++) {
      const text = printPretty(randomTerm(r, { maxDepth: 4 }), { width: 60 });
      for (const line of text.split("\n")) {
        // Only a single unbreakable token may overflow (closing brackets
        // after the last element may too, as with ~p).
        const body = line.replace(/[}\]>,]+$/, "");
        if (body.length > 60) expect(body.trim()).not.toMatch(/,./);
      }
    }
  });
});

describe("round trip", () => {
  it("print → parse gives the same tree, 3000 random terms", () => {
    const r = createRandom(20260101);
    for (let i = 0; i < 3000; i++) {
      const term = randomTerm(r);
      const text = print(term);
      const back = parse(text);
      if (JSON.stringify(withoutSpans(back), big) !== JSON.stringify(withoutSpans(term), big)) {
        expect({ i, text, back: withoutSpans(back) }).toEqual({ i, text, back: withoutSpans(term) });
      }
    }
  });

  it("printPretty → parse gives the same tree, 1500 random terms at several widths", () => {
    const r = createRandom(42);
    for (let i = 0; i < 1500; i++) {
      const term = randomTerm(r, { maxDepth: 6 });
      const text = printPretty(term, { width: 20 + (i % 5) * 20 });
      const back = parse(text);
      if (JSON.stringify(withoutSpans(back), big) !== JSON.stringify(withoutSpans(term), big)) {
        expect({ i, text, back: withoutSpans(back) }).toEqual({ i, text, back: withoutSpans(term) });
      }
    }
  });

  it("spans of a printed term point at each node's text", () => {
    const r = createRandom(5);
    for (let i = 0; i < 300; i++) {
      const text = print(randomTerm(r));
      const term = parse(text);
      const stack: ErlTerm[] = [term];
      while (stack.length > 0) {
        const t = stack.pop()!;
        expect(withoutSpans(parse(text.slice(t.start, t.end)))).toEqual(withoutSpans(t));
        if (t.kind === "tuple") stack.push(...t.elements);
        if (t.kind === "list") stack.push(...t.elements, ...(t.tail ? [t.tail] : []));
      }
    }
  });
});

// JSON with bigints and -0 kept distinguishable.
function big(_key: string, v: unknown): unknown {
  if (typeof v === "bigint") return `${v}n`;
  if (Object.is(v, -0)) return "-0";
  return v;
}
