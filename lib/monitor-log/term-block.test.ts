import { describe, expect, it } from "vitest";
import { createBlockBuilder, createDepthTracker } from "./term-block";

/** Feeds lines one by one; returns [line index, offset] where the term closed, or null. */
function closeAt(lines: string[]): [number, number] | null {
  const t = createDepthTracker();
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i]!;
    const r = t.feed(l, 0, l.length);
    if (r !== -1) return [i, r];
  }
  return null;
}

describe("depth tracker", () => {
  it.each([
    ["one line", ["[{a,1}] trailing"], [0, 7]],
    ["over lines", [" [{<0.1.0>,", "  {x,2}}]"], [1, 9]],
    ["brackets in strings", ['[<<"]]}">>, "[", \'}\']'], [0, 21]],
    ["escaped quote", ['["a\\"]", b]'], [0, 11]],
    ["binaries and pids are not brackets", ["[<<1,2>>,<0.1.2>,#Fun<m.f.1>,#{a => b}]"], [0, 39]],
    ["HTML tags with quoted attributes", ['[{<6555.12.0>,<span style="color:red;">1511</span>}]'], [0, 52]],
    ["still open", ["[{a,", "  b"], null],
  ] as const)("%s", (_name, lines, expected) => {
    expect(closeAt([...lines])).toEqual(expected);
  });

  it.each([
    ["raw", "[{a,<<\"&lt;\">>}]", false],
    ["tag", '[<span class="x">1</span>]', true],
    ["entity", "[&lt;0.1.0&gt;]", true],
    ["#Fun< is not a tag", "[#Fun<mnesia.select.2>]", false],
  ])("html evidence: %s", (_name, text, html) => {
    const t = createDepthTracker();
    t.feed(text, 0, text.length);
    expect(t.sawHtml).toBe(html);
  });

  it("flags a closing bracket with nothing open", () => {
    const t = createDepthTracker();
    expect(t.feed("}", 0, 1)).toBe(1);
    expect(t.unbalanced).toBe(true);
  });
});

describe("block offsets", () => {
  it("maps text offsets back to the log through timestamp prefixes and CRLF", () => {
    const log = "noise\r\n[T] [{a,\r\n[T]   b}]\r\n";
    const b = createBlockBuilder();
    const l1 = log.indexOf("[T] [");
    const l2 = log.indexOf("[T]   b");
    expect(b.push(log, l1, 4, l2 - 2, l2, l1, 2)).toBe(false);
    expect(b.push(log, l2, 4, log.length - 2, log.length, l2, 3)).toBe(true);
    const block = b.build();
    expect(block.text).toBe("[{a,\n  b}]");
    expect(b.closedAt).toBe(block.text.length);
    const bAt = block.text.indexOf("b");
    expect(block.locate(bAt)).toEqual({ line: 3, column: 7, offset: log.indexOf("b}") });
    expect(block.raw(1, block.text.length - 1)).toBe("{a,\r\n[T]   b}");
    expect(log.slice(block.toAbs(1), block.toAbs(block.text.length - 1))).toBe("{a,\r\n[T]   b}");
  });
});

describe("a line GitLab's runner cut (`…Z 00O+rest`)", () => {
  const S = "2026-12-04T10:00:00.123456Z 00O ";
  const C = "2026-12-04T10:00:00.223456Z 00O+";
  /** Pushes `lines` of `log` (a continuation when it starts with C's mark); returns the builder's closing line. */
  function pushAll(lines: string[]) {
    const log = `${lines.join("\n")}\n`;
    const b = createBlockBuilder();
    let at = 0;
    let closedOn = -1;
    lines.forEach((line, i) => {
      const next = at + line.length + 1;
      if (b.push(log, at, S.length, at + line.length, next, at, i + 1, -1, line.startsWith(C)) && closedOn === -1) closedOn = i + 1;
      at = next;
    });
    return { log, block: b.build(), closedOn, b };
  }

  it("joins the piece with nothing between, inside a quoted binary, and maps offsets to the right line", () => {
    const { log, block, closedOn } = pushAll([`${S} [{<<"a]b`, `${C}c">>,1},`, `${S}  {d,2}]`]);
    expect(block.text).toBe(' [{<<"a]bc">>,1},\n  {d,2}]');
    expect(closedOn).toBe(3);
    // `c`, the piece's first character: on line 2, after its prefix.
    const c = block.text.indexOf("c");
    expect(block.locate(c)).toEqual({ line: 2, column: S.length + 1, offset: log.indexOf('c">>') });
    expect(block.toAbs(c)).toBe(log.indexOf('c">>'));
    // An end at the join is the end of the first piece, not the piece's start after its prefix.
    expect(block.toAbsEnd(c)).toBe(log.indexOf("\n"));
    expect(block.raw(block.text.indexOf("{<<"), c)).toBe('{<<"a]b');
    expect(block.raw(block.text.indexOf("{<<"), block.text.indexOf(",1}") + 3)).toBe(`{<<"a]b\n${C}c">>,1}`);
    expect(block.end).toBe(log.length - 1);
  });

  it("a piece starting `<m.f.1>` after `#Fun` is no HTML tag", () => {
    const { block } = pushAll([`${S} [#Fun`, `${C}<m.f.1>]`]);
    expect(block.text).toBe(" [#Fun<m.f.1>]");
    expect(block.html).toBe(false);
  });

  it("the term starts where it is fed first, in a later piece", () => {
    const line1 = `${S}message in pid <0.1.0> `;
    const line2 = `${C}: [{a,1}]`;
    const log = `${line1}\n${line2}\n`;
    const b = createBlockBuilder();
    b.push(log, 0, S.length, line1.length, line1.length + 1, 0, 1, line1.length);
    const s2 = line1.length + 1;
    expect(b.push(log, s2, C.length, s2 + line2.length, log.length, s2, 2, log.indexOf("["), true)).toBe(true);
    const block = b.build();
    expect(block.text.slice(block.termStart)).toBe("[{a,1}]");
    expect(block.locate(block.termStart)).toEqual({ line: 2, column: C.length + 3, offset: log.indexOf("[") });
  });
});
