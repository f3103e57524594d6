// The splitter's noise skipping, held to one decode of the whole log split
// by forEachLine: every line handed over is the same line (content, line
// number, offset, length), the counts of skipped lines add up to the same
// totals, and no line the plan names is skipped.

import { describe, expect, it } from "vitest";
import { countBytes, usesWasm } from "./byte-count";
import { MonitorLogError } from "./errors";
import { createLineSplitter, forEachLine, MAX_LINE_LENGTH, noisePlan, type NoiseFilter, type NoisePlan } from "./line-reader";
import { continuesLine, linePrefixLength, timestampPrefixLength } from "./markers";
import { createRandom, randomChunks, randomLog, type Random } from "./testing/random-log";

type Line = { content: string; offset: number; length: number };

function reference(text: string): Line[] {
  const lines: Line[] = [];
  let offset = 0;
  forEachLine(text, (buf, s, e, next) => {
    lines.push({ content: buf.slice(s, e), offset, length: next - s });
    offset += next - s;
  });
  return lines;
}

/** Patterns drawn from these (multi-byte ones included). */
const POOL = ["queue", "Starte", "JOB_NA", "BUILD_", "{", "=====", "MsgQ", "中文", "é", "😀", "x", "Suspec", "in pid", "ok", "\r"];

/**
 * A filter with a fixed plan, except that a line holding `toggle` (one of
 * the plan's patterns, so it is handed over) makes every one of the next
 * `hold` lines matter.
 */
function scriptedFilter(plan: NoisePlan, toggle: string | null, hold: number) {
  const state = { lineNo: 0, offset: 0, holdUntil: 0, skippedLines: 0, answers: [] as Array<{ after: number; plan: boolean }> };
  const filter: NoiseFilter = {
    plan() {
      const p = state.lineNo < state.holdUntil ? null : plan;
      state.answers.push({ after: state.lineNo, plan: p !== null });
      return p;
    },
    skip(lines, length) {
      expect(lines).toBeGreaterThan(0);
      state.lineNo += lines;
      state.offset += length;
      state.skippedLines += lines;
    },
  };
  const seen: Array<Line & { lineNo: number }> = [];
  const sink = (buf: string, s: number, e: number, next: number) => {
    state.lineNo++;
    seen.push({ lineNo: state.lineNo, content: buf.slice(s, e), offset: state.offset, length: next - s });
    state.offset += next - s;
    if (toggle !== null && buf.slice(s, e).includes(toggle)) state.holdUntil = state.lineNo + hold;
  };
  return { filter, sink, state, seen };
}

function check(bytes: Uint8Array, text: string, chunks: Uint8Array[], plan: NoisePlan, toggle: string | null, hold: number, cuts = false) {
  const lines = reference(text);
  const { filter, sink, state, seen } = scriptedFilter(plan, toggle, hold);
  const splitter = createLineSplitter(sink, filter);
  for (const c of chunks) splitter.push(c);
  splitter.end();
  // Totals.
  expect(state.lineNo).toBe(lines.length);
  expect(state.offset).toBe(text.length);
  const problems: string[] = [];
  // Every line handed over is the reference line.
  for (const { lineNo, ...line } of seen) {
    const want = lines[lineNo - 1];
    if (!want || want.content !== line.content || want.offset !== line.offset || want.length !== line.length) problems.push(`line ${lineNo} differs`);
  }
  const handed = new Set(seen.map((s) => s.lineNo));
  const stamped = lines.map((l) => timestampPrefixLength(l.content, 0, l.content.length) > 0);
  // Nothing the plan names is skipped: lines holding a pattern (in their bytes, terminator included)...
  const b = Buffer.from(bytes);
  let at = 0;
  lines.forEach((_, i) => {
    const nl = b.indexOf(10, at);
    const lineBytes = b.subarray(at, nl === -1 ? b.length : nl + 1);
    at += lineBytes.length;
    if (!handed.has(i + 1)) {
      if (plan.patterns.some((p) => lineBytes.indexOf(p) !== -1)) problems.push(`line ${i + 1} holds a pattern`);
      if (plan.nextStamp && stamped[i]) problems.push(`line ${i + 1} has a stamp`);
    }
  });
  // ... every piece of a line GitLab's runner cut, and the line it goes on from (`cuts`) ...
  if (cuts) {
    lines.forEach((l, i) => {
      const continues = i > 0 && continuesLine(l.content, 0, linePrefixLength(l.content, 0, l.content.length, 0));
      if (continues && !(handed.has(i + 1) && handed.has(i))) problems.push(`line ${i + 1} (a piece) or the line before it skipped`);
    });
  }
  // ... every line after a boundary where the plan was null ...
  for (const a of state.answers) if (!a.plan && a.after < lines.length && !handed.has(a.after + 1)) problems.push(`line ${a.after + 1} after a null plan`);
  // ... and, after every line handed over, the latest timestamped line seen is the latest in the log so far.
  if (plan.lastStamp) {
    let latest = 0;
    let latestSeen = 0;
    lines.forEach((_, i) => {
      if (stamped[i]) latest = i + 1;
      if (handed.has(i + 1)) {
        if (stamped[i]) latestSeen = i + 1;
        if (latestSeen !== latest) problems.push(`latest stamp after line ${i + 1}: ${latestSeen}, not ${latest}`);
      }
    });
  }
  expect(problems.slice(0, 10)).toEqual([]);
  return state.skippedLines;
}

function randomPlan(r: Random, cuts = false): { plan: NoisePlan; toggle: string | null; hold: number } {
  const n = r.int(0, 5);
  const texts = Array.from({ length: n }, () => r.pick(POOL));
  const plan = noisePlan(texts, { next: r.chance(0.3), last: r.chance(0.5), cuts });
  const toggle = plan.texts.length > 0 && r.chance(0.5) ? r.pick(plan.texts) : null;
  return { plan, toggle, hold: r.int(1, 30) };
}

describe("line splitter: skipping noise in byte chunks", () => {
  it("hands over the same lines with the same numbers and offsets, for random logs, plans and chunkings", () => {
    let skipped = 0;
    for (let seed = 1; seed <= 60; seed++) {
      const r = createRandom(seed * 7919);
      const { bytes, text } = randomLog(seed, { formats: true, invalidUtf8: seed % 3 === 0 });
      for (let k = 0; k < 4; k++) {
        const { plan, toggle, hold } = randomPlan(r);
        const chunks = randomChunks(bytes, r, k === 0 ? [bytes.length || 1] : k === 1 ? [7, 64] : [4096, 300_000]);
        skipped += check(bytes, text, chunks, plan, toggle, hold);
      }
    }
    expect(skipped).toBeGreaterThan(10_000);
  });

  it("with `cuts`, every piece of a line GitLab's runner cut is handed over, with the line it goes on from", () => {
    let skipped = 0;
    for (let seed = 1; seed <= 20; seed++) {
      const r = createRandom(seed * 104729);
      const { bytes, text } = randomLog(seed, { formats: true, gitlab: true, invalidUtf8: seed % 3 === 0 });
      for (let k = 0; k < 3; k++) {
        const { plan, toggle, hold } = randomPlan(r, true);
        const chunks = randomChunks(bytes, r, k === 0 ? [bytes.length || 1] : k === 1 ? [7, 64] : [4096, 300_000]);
        skipped += check(bytes, text, chunks, plan, toggle, hold, true);
      }
    }
    // (Fewer than uncut: every cut line is handed over, and the last line before each chunk's end.)
    expect(skipped).toBeGreaterThan(1000);
  });

  it("a pattern, a multi-byte character or `\\r\\n` split by a chunk boundary at every offset", () => {
    const text = "noise é\r\nmore 中文 noise\n[2015-08-25T03:47:00.123Z] stamped\nxx queue 😀 yy\r\nlast é";
    const bytes = new TextEncoder().encode(text);
    const plans = [noisePlan(["queue"]), noisePlan(["中文"], { last: true }), noisePlan(["😀"], { next: true }), noisePlan(["\r"]), noisePlan([])];
    for (const plan of plans) {
      for (let a = 0; a <= bytes.length; a++) {
        for (const b of [a, a + 1, a + 3, bytes.length]) {
          const chunks = [bytes.subarray(0, a), bytes.subarray(a, Math.max(a, b)), bytes.subarray(Math.max(a, b))];
          check(bytes, text, chunks, plan, null, 0);
        }
      }
    }
  });

  it("huge lines across many chunks, with and without a pattern", () => {
    const long = "z".repeat(700_000);
    const text = `a\n${long}\n${long}queue${long}\né${long}中\nend`;
    const bytes = new TextEncoder().encode(text);
    const r = createRandom(5);
    for (const max of [1000, 65536, 262144]) check(bytes, text, randomChunks(bytes, r, [max]), noisePlan(["queue"]), null, 0);
  });

  it("without a filter, string and byte chunks give forEachLine's lines", () => {
    const { bytes, text } = randomLog(99, { formats: true, invalidUtf8: true });
    const expected = reference(text).map((l) => l.content);
    const viaBytes: string[] = [];
    const s1 = createLineSplitter((buf, s, e) => viaBytes.push(buf.slice(s, e)));
    for (const c of randomChunks(bytes, createRandom(1), [5000])) s1.push(c);
    s1.end();
    expect(viaBytes).toEqual(expected);
  });

  it("rejects empty patterns and patterns with a newline; drops a pattern containing another", () => {
    expect(() => noisePlan([""])).toThrow();
    expect(() => noisePlan(["a\nb"])).toThrow();
    expect(noisePlan(["max_queue", "queue", "queue", "Starte"]).texts).toEqual(["queue", "Starte"]);
  });
});

describe("line counting in bytes", () => {
  it("WebAssembly and JS count the same lines and ASCII-ness, at every alignment", () => {
    expect(typeof usesWasm()).toBe("boolean");
    const r = createRandom(3);
    const { bytes } = randomLog(7, { invalidUtf8: true });
    const b = Buffer.from(bytes);
    for (let i = 0; i < 400; i++) {
      const from = r.int(0, b.length);
      const to = Math.min(b.length, from + r.pick([0, 1, 15, 16, 17, 2047, 2048, 5000, 70_000, 2_000_000]));
      const js = { ...countBytes(b, from, to, "js") };
      const auto = { ...countBytes(b, from, to) };
      let lines = 0;
      let ascii = true;
      for (let p = from; p < to; p++) {
        if (b[p] === 10) lines++;
        if (b[p]! >= 0x80) ascii = false;
      }
      expect(js).toEqual({ lines, ascii });
      expect(auto).toEqual({ lines, ascii });
    }
  });
});

describe("a line longer than MAX_LINE_LENGTH: refused at its number, not held", () => {
  // A security review's upload (2026-12-06): one line of 536,870,905 bytes, 510 KB of gzip, went past
  // V8's longest string (a 500) after holding the server's memory.
  const MiB = 1024 * 1024;

  it("from byte chunks: a MonitorLogError at the line, before the line is held whole", () => {
    const lines: number[] = [];
    const splitter = createLineSplitter((buf, s) => lines.push(s));
    splitter.push(Buffer.from("first\nsecond\n"));
    const chunk = Buffer.alloc(MiB, 97);
    let pushed = 0;
    let error: unknown = null;
    try {
      for (; pushed < 100; pushed++) splitter.push(chunk);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(MonitorLogError);
    expect(error).toMatchObject({ code: "line_too_long", line: 3, column: 1, offset: 13 });
    expect((error as MonitorLogError).reason).toBe("line 3 is longer than 64 MiB, more than a console line holds: it is not read");
    // It stopped as the line passed the bound, not at the end of the input.
    expect(pushed).toBe(MAX_LINE_LENGTH / MiB);
    expect(lines).toHaveLength(2);
  });

  it("from string chunks, and a line that ends just within the bound is read", () => {
    const within = createLineSplitter(() => {});
    within.push("x".repeat(MAX_LINE_LENGTH - 1));
    within.push("x\n");
    within.end();
    // From bytes too: a line of exactly the bound, then its `\n` in the next chunk.
    const lengths: number[] = [];
    const bytes = createLineSplitter((_buf, s, e) => lengths.push(e - s));
    bytes.push(Buffer.alloc(MAX_LINE_LENGTH, 97));
    bytes.push(Buffer.from("\nnext\n"));
    expect(lengths).toEqual([MAX_LINE_LENGTH, 4]);
    const over = createLineSplitter(() => {});
    over.push("x".repeat(MAX_LINE_LENGTH));
    expect(() => over.push("x")).toThrow(/^line 1 is longer than 64 MiB/);
  });
});
