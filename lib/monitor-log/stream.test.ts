import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { generateLog } from "./generate";
import { createLineSplitter, forEachLine } from "./line-reader";
import { scanLog, scanLogStream, streamRuns } from "./scan";
import type { MonitorRun } from "./types";

const DIR = join(__dirname, "__fixtures__");
const logFiles = readdirSync(DIR).filter((f) => f.endsWith(".log"));

/** Deterministic pseudo-random chunk sizes in [1, max]. */
function* sizes(seed: number, max: number): Generator<number> {
  let a = seed;
  for (;;) {
    a = (Math.imul(a, 1103515245) + 12345) >>> 0;
    yield 1 + (a % max);
  }
}

function splitString(text: string, seed: number, max: number): string[] {
  const out: string[] = [];
  const it = sizes(seed, max);
  for (let i = 0; i < text.length; ) {
    const n = it.next().value as number;
    out.push(text.slice(i, i + n));
    i += n;
  }
  return out;
}

function splitBytes(bytes: Uint8Array, seed: number, max: number): Uint8Array[] {
  const out: Uint8Array[] = [];
  const it = sizes(seed, max);
  for (let i = 0; i < bytes.length; ) {
    const n = it.next().value as number;
    out.push(bytes.subarray(i, i + n));
    i += n;
  }
  return out;
}

async function* slowly<T>(items: T[]): AsyncGenerator<T> {
  for (const x of items) yield x;
}

const outcome = (f: () => MonitorRun[]) => {
  try {
    return { runs: f() };
  } catch (e) {
    return { error: (e as Error).message };
  }
};
const outcomeAsync = async (f: () => Promise<MonitorRun[]>) => {
  try {
    return { runs: await f() };
  } catch (e) {
    return { error: (e as Error).message };
  }
};

describe("streaming scanner = string scanner", () => {
  it.each(logFiles)("%s, split into string and byte chunks of many sizes", async (name) => {
    const text = readFileSync(join(DIR, name), "utf8");
    const bytes = new TextEncoder().encode(text);
    const expected = outcome(() => scanLog(text, { source: name }));
    for (const [seed, max] of [
      [1, 1],
      [2, 7],
      [3, 64],
      [4, 4096],
    ] as const) {
      expect(await outcomeAsync(() => scanLogStream(splitString(text, seed, max), { source: name }))).toEqual(expected);
      expect(await outcomeAsync(() => scanLogStream(slowly(splitBytes(bytes, seed, max)), { source: name }))).toEqual(expected);
    }
  });

  it("a generated log with Chinese text, split at random byte offsets (inside UTF-8 sequences too)", async () => {
    const text = [...generateLog({ seed: 7, builds: 40 })].join("");
    const bytes = new TextEncoder().encode(text);
    // The split must land inside multi-byte characters for the test to mean anything.
    const chunks = splitBytes(bytes, 11, 97);
    let inside = 0;
    let at = 0;
    for (const c of chunks) {
      at += c.length;
      if (at < bytes.length && ((bytes[at] ?? 0) & 0xc0) === 0x80) inside++;
    }
    expect(inside).toBeGreaterThan(10);
    const expected = scanLog(text);
    expect(expected).toHaveLength(40);
    expect(await scanLogStream(slowly(chunks))).toEqual(expected);
    expect(await scanLogStream(splitString(text, 5, 333))).toEqual(expected);
  });

  it("yields each run before the stream ends", async () => {
    const builds = [...generateLog({ seed: 3, builds: 5 })];
    let consumed = 0;
    async function* source() {
      for (const b of builds) {
        consumed++;
        yield b;
      }
    }
    const seen: number[] = [];
    for await (const run of streamRuns(source())) seen.push(consumed - (run.seq + 1));
    // Run k is out once build k+1 started arriving (its `Started by` closes run k), never at the end only.
    expect(seen.slice(0, 4).every((lag) => lag <= 1)).toBe(true);
  });
});

describe("line splitter: UTF-8 decoding", () => {
  const linesOf = (feed: (push: (c: Uint8Array) => void) => void): string[] => {
    const lines: string[] = [];
    const splitter = createLineSplitter((buf, s, e) => lines.push(buf.slice(s, e)));
    feed((c) => splitter.push(c));
    splitter.end();
    return lines;
  };

  it("decodes valid and invalid bytes split anywhere exactly as one decode of the whole", () => {
    const text = new TextEncoder().encode("\ufeffa中文\n😀é x\nlast 运维");
    // Stray continuations, cut and overlong sequences, an encoded surrogate, bytes never valid.
    const bad = Uint8Array.from([0x80, 0x0a, 0xe4, 0xb8, 0x0a, 0xc0, 0xaf, 0xed, 0xa0, 0x80, 0xf5, 0xff, 0xf0, 0x9f, 0x98, 0x0a, 0xe4]);
    const bytes = new Uint8Array(text.length + bad.length + text.length);
    bytes.set(text);
    bytes.set(bad, text.length);
    bytes.set(text, text.length + bad.length);
    const expected: string[] = [];
    forEachLine(new TextDecoder("utf-8", { ignoreBOM: true }).decode(bytes), (buf, s, e) => expected.push(buf.slice(s, e)));
    for (let max = 1; max <= 8; max++) {
      for (let seed = 1; seed <= 5; seed++) {
        expect(linesOf((push) => splitBytes(bytes, seed, max).forEach(push))).toEqual(expected);
      }
    }
  });
});
