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
