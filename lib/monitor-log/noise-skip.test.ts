// Streaming with noise skipping = scanning the decoded string: the same runs
// (line numbers, UTF-16 offsets, metadata, start times) and the same errors
// (code, message, line:column, offset), for random logs split at random
// byte offsets, and for the cases a byte prefilter could get wrong.

import { describe, expect, it } from "vitest";
import { HEADER, INSPECT, SAMPLES, markerAt, timestampPrefixLength } from "./markers";
import { MONITOR_MARKER_PIECES, SAMPLES_PIECE } from "./noise";
import { createRunScanner, scanLog, streamRuns } from "./scan";
import { createRandom, failureOf, feedSkipping, randomChunks, randomLog } from "./testing/random-log";
import type { MonitorRun, ScanOptions } from "./types";

type Outcome = { runs: MonitorRun[] } | { error: Record<string, unknown> };

function fromString(text: string, options: ScanOptions = {}): Outcome {
  try {
    return { runs: scanLog(text, options) };
  } catch (e) {
    return failureOf(e);
  }
}

/** streamRuns' pipeline, with a count of the lines skipped. */
function streamed(chunks: Uint8Array[], options: ScanOptions = {}): Outcome & { skipped: number } {
  const runs: MonitorRun[] = [];
  const counter = { skipped: 0 };
  try {
    feedSkipping(createRunScanner(options, (r) => runs.push(r), { detach: true }), chunks, counter);
    return { runs, skipped: counter.skipped };
  } catch (e) {
    return { ...failureOf(e), skipped: counter.skipped };
  }
}

async function viaStreamRuns(chunks: Uint8Array[], options: ScanOptions = {}): Promise<Outcome> {
  const runs: MonitorRun[] = [];
  try {
    for await (const r of streamRuns(chunks, options)) runs.push(r);
    return { runs };
  } catch (e) {
    return failureOf(e);
  }
}

const bytesOf = (text: string) => new TextEncoder().encode(text);
const outcomeOf = (o: Outcome & { skipped: number }): Outcome => ("error" in o ? { error: o.error } : { runs: o.runs });

describe("streaming with noise skipping = scanning the string", () => {
  it("random logs, random chunkings (runs, errors, line numbers, offsets)", async () => {
    let skipped = 0;
    let errors = 0;
    let runs = 0;
    for (let seed = 1; seed <= 60; seed++) {
      const { bytes, text } = randomLog(seed, { invalidUtf8: seed % 4 === 0, errors: seed % 6 === 0 });
      const options: ScanOptions = seed % 5 === 0 ? { source: "job_7.log", localOffset: "+08:00" } : {};
      const expected = fromString(text, options);
      if ("error" in expected) errors++;
      else runs += expected.runs.length;
      const r = createRandom(seed);
      // Tiny chunks (every line split, characters too) on every third log: the slow case to run.
      for (const maxes of [[bytes.length || 1], seed % 3 === 0 ? [1, 9] : [20, 200], [64, 4096], [300, 65536, 400_000]]) {
        const got = streamed(randomChunks(bytes, r, maxes), options);
        skipped += got.skipped;
        expect(outcomeOf(got)).toEqual(expected);
      }
      if (seed % 10 === 0) expect(await viaStreamRuns(randomChunks(bytes, r, [100_000]), options)).toEqual(expected);
    }
    // The logs exercised both outcomes, and the skipping did skip.
    expect(errors).toBeGreaterThan(3);
    expect(runs).toBeGreaterThan(200);
    expect(skipped).toBeGreaterThan(20_000);
  });

  it("random logs as GitLab's runner writes them, lines cut in pieces (`00O+`): the splitter never loses a piece", () => {
    let skipped = 0;
    let runs = 0;
    for (let seed = 1; seed <= 30; seed++) {
      const { bytes, text } = randomLog(seed * 13, { gitlab: true, errors: seed % 6 === 0 });
      const expected = fromString(text);
      if ("runs" in expected) runs += expected.runs.length;
      const r = createRandom(seed);
      for (const maxes of [[bytes.length || 1], seed % 4 === 0 ? [1, 9] : [20, 200], [64, 4096], [300, 65536]]) {
        const got = streamed(randomChunks(bytes, r, maxes));
        skipped += got.skipped;
        expect(outcomeOf(got)).toEqual(expected);
      }
    }
    expect(runs).toBeGreaterThan(80);
    expect(skipped).toBeGreaterThan(5000);
  });

  it("a marker cut by GitLab's runner inside its piece (`que` + `ue`), at every chunk boundary", () => {
    const gl = (k: number, rest: boolean, text: string) => `2026-12-04T10:00:${String(k % 60).padStart(2, "0")}.123456Z 00O${rest ? "+" : " "}${text}`;
    const noise = NOISE.split("\n").map((l, k) => gl(k, false, l));
    const run = [gl(0, false, "processes sorted by que"), gl(0, true, "ue_len desc:"), ...RUN.split("\n").slice(1).map((l, k) => gl(k, false, l))];
    const text = `${noise.join("\n")}\n${run.join("\n")}\n${noise.join("\n")}\n`;
    const at = bytesOf(`${noise.join("\n")}\n`).length;
    const expected = everySplit(text, [at - 12, at + 120]);
    // The run starts at its header, line 301 (a top list alone would start one too, at line 303).
    expect("runs" in expected && expected.runs.map((r) => [r.line, r.top.length])).toEqual([[301, 2]]);
  });

  /** Every split of `text` into two and three byte chunks around `focus` (a byte range) gives the string's outcome. */
  function everySplit(text: string, focus: [number, number], options: ScanOptions = {}) {
    const bytes = bytesOf(text);
    const expected = fromString(text, options);
    for (let a = Math.max(0, focus[0]); a <= Math.min(bytes.length, focus[1]); a++) {
      expect(outcomeOf(streamed([bytes.subarray(0, a), bytes.subarray(a)], options))).toEqual(expected);
      const b = Math.min(bytes.length, a + 5);
      expect(outcomeOf(streamed([bytes.subarray(0, a), bytes.subarray(a, b), bytes.subarray(b)], options))).toEqual(expected);
    }
    return expected;
  }

  const NOISE = Array.from({ length: 300 }, (_, i) => `[INFO] building module ${i} 中文 😀 ${"x".repeat(i % 50)}`).join("\n");
  const RUN = ["processes sorted by queue_len desc:", " [{<0.1.0>,{message_queue_len,12}},", "  {<0.2.0>,{message_queue_len,0}}]", "message queue len of pid <0.1.0> : {message_queue_len,12}", "message in pid <0.1.0> :", " [{a,<<\"é\">>},", "  {b,2}]"].join("\n");

  it("a marker split by a chunk boundary at every byte, among multi-byte noise", () => {
    const text = `Started by timer\n${NOISE}\n${RUN}\n${NOISE}\n`;
    const at = bytesOf(`Started by timer\n${NOISE}\n`).length;
    const expected = everySplit(text, [at - 12, at + bytesOf(RUN).length + 12]);
    expect("runs" in expected && expected.runs).toHaveLength(1);
  });

  it("\\r\\n, a marker on the first and on the last line (no final newline)", () => {
    const text = `${RUN}\r\n${NOISE.replace(/\n/g, "\r\n")}\r\nJOB_NAME=x\r\n${NOISE}\nprocesses sorted by queue_len desc:\n [{<0.9.0>,{message_queue_len,3}}]`;
    const expected = everySplit(text, [0, 40]);
    everySplit(text, [bytesOf(text).length - 60, bytesOf(text).length]);
    expect("runs" in expected && expected.runs).toHaveLength(2);
  });

  it("the build's start time is the first timestamp after `Started by`, however far", () => {
    const stampAt = (n: number) => `${NOISE.split("\n").slice(0, n).join("\n")}\n2015-08-25 11:47:00 +0800 first stamp\n[2015-08-25T03:47:09.000Z] second\n`;
    for (const n of [0, 1, 299]) {
      const text = `Started by timer\n${stampAt(n)}${NOISE}\n${RUN}\n`;
      const bytes = bytesOf(text);
      const expected = fromString(text, { localOffset: "+08:00" });
      expect("runs" in expected && expected.runs[0]?.startedAt).toBe("2015-08-25T03:47:00.000Z");
      const r = createRandom(n);
      for (const max of [3, 1000, 1 << 20]) expect(outcomeOf(streamed(randomChunks(bytes, r, [max]), { localOffset: "+08:00" }))).toEqual(expected);
    }
  });

  it("huge noise lines around a run", () => {
    const huge = `${"q".repeat(300_000)}é${"z".repeat(300_000)}`;
    const text = `${huge}\n${huge}queue${huge}\n${RUN}\n${huge}`;
    const bytes = bytesOf(text);
    const expected = fromString(text);
    for (const max of [1000, 65536, 262144]) expect(outcomeOf(streamed(randomChunks(bytes, createRandom(max), [max])))).toEqual(expected);
  });

  it("errors keep their line:column: a header with no list, a log with no run", () => {
    const noList = `${NOISE}\n${RUN}\n${NOISE}\n  processes sorted by queue_len desc:\nBuild step failed\n${NOISE}\n`;
    const e1 = everySplit(noList, [bytesOf(`${NOISE}\n${RUN}\n${NOISE}\n`).length - 3, bytesOf(`${NOISE}\n${RUN}\n${NOISE}\n`).length + 40]);
    // The header is line 608 (after 300 + 7 + 300 lines); the line after it is not a list.
    expect(e1).toMatchObject({ error: { code: "unreadable_term", line: 609, column: 1 } });
    const none = `${NOISE}\n${NOISE}`;
    const e2 = everySplit(none, [0, 10]);
    expect(e2).toMatchObject({ error: { code: "no_monitor_output", message: expect.stringContaining("600 lines") } });
  });

  it("a dead process's run, left open by an unindented inspect line, is closed by the next line (noise or not)", () => {
    // The cut message list ends at the unindented line, which is read idle: its run waits for the next line to close it,
    // so the noise line after it must be handed over, or the stray `message in pid` would join that run.
    const run = [
      "processes sorted by queue_len desc:",
      " [{<0.1.0>,{message_queue_len,5}}]",
      "message queue len of pid <0.1.0> : {message_queue_len,5}",
      "message in pid <0.1.0> :",
      " [{a,",
      "      b},",
      "message queue len of pid <0.5.0> : undefined",
      "noise",
      "message in pid <0.5.0> :",
      " [{x,1}]",
    ].join("\n");
    const text = `${NOISE}\n${run}\n${NOISE}\n`;
    const expected = everySplit(text, [bytesOf(NOISE).length, bytesOf(`${NOISE}\n${run}`).length]);
    expect("runs" in expected && expected.runs.map((r) => [r.inspected?.pid, r.inspected?.dead, r.inspected?.samples.length])).toEqual([
      ["<0.1.0>", false, 1],
      ["<0.5.0>", true, 0],
    ]);
  });
});

describe("the monitor's pieces", () => {
  it("each marker literal contains its piece", () => {
    for (const [literal, piece] of [...MONITOR_MARKER_PIECES, SAMPLES_PIECE]) expect(literal).toContain(piece);
    expect(MONITOR_MARKER_PIECES.map(([l]) => l)).toEqual(expect.arrayContaining([HEADER, INSPECT]));
    expect(SAMPLES_PIECE[0]).toBe(SAMPLES);
  });

  it("every line markerAt does not call noise contains a piece (random logs)", () => {
    const pieces = [...MONITOR_MARKER_PIECES.map(([, p]) => p), SAMPLES_PIECE[1]];
    for (let seed = 1; seed <= 30; seed++) {
      const { text } = randomLog(seed, { formats: true });
      for (const line of text.split("\n")) {
        const prefix = timestampPrefixLength(line, 0, line.length);
        if (markerAt(line, prefix, line.length).kind !== "noise") expect(pieces.some((p) => line.includes(p)), line).toBe(true);
      }
    }
  });
});
