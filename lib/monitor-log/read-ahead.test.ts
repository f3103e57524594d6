// ## Read-ahead = line by line
//
// The scanner reads a plain message list ahead in the buffer its first line
// came in (scan.ts's readListAhead) instead of line by line. Whatever it reads
// so must be the same runs, field by field, as line by line (readAhead: false),
// and anything it does not read plainly must go line by line: these tests
// compare the two over generated logs in every shape the read-ahead meets or
// refuses (stamped, unstamped, mixed, CRLF, tabs, HTML, GitLab's cuts, cut
// lists), streamed in chunks split at every offset, and over random logs
// streamed with noise skipping; and check that the read-ahead was taken where
// it should be (else all of this would pass without it).

import { describe, expect, it } from "vitest";
import { escapeHtml } from "../erlang-term/testing/helpers";
import { createRandom, generateLog } from "./generate";
import { createLineSplitter, forEachLine } from "./line-reader";
import { createRunScanner, type ScannerTuning } from "./scan";
import { failureOf, feedSkipping, randomChunks, randomLog } from "./testing/random-log";
import type { MonitorRun } from "./types";

type Result = { runs: MonitorRun[] } | { error: Record<string, unknown> };

/** A string scan; `lists`: how many message lists were read ahead. */
function scan(text: string, tuning: ScannerTuning): { result: Result; lists: number } {
  const runs: MonitorRun[] = [];
  const scanner = createRunScanner({ source: "job_7.log" }, (r) => runs.push(r), tuning);
  try {
    forEachLine(text, scanner.line);
    scanner.end();
    return { result: { runs }, lists: scanner.listsReadAhead };
  } catch (e) {
    return { result: failureOf(e), lists: scanner.listsReadAhead };
  }
}

const lineByLine = (text: string) => scan(text, { readAhead: false }).result;

/** Asserts the read-ahead scan equals the line-by-line one; returns how many lists it read ahead. */
function expectSame(text: string): number {
  const ahead = scan(text, {});
  expect(ahead.result).toEqual(lineByLine(text));
  // The full parse, line by line, reads the same (equivalence.test.ts holds the fast path to it).
  return ahead.lists;
}

/** streamRuns' pipeline (string or byte chunks), counting the lists read ahead. */
function streamed(chunks: (string | Uint8Array)[], detach = true): { result: Result; lists: number } {
  const runs: MonitorRun[] = [];
  const scanner = createRunScanner({ source: "job_7.log" }, (r) => runs.push(r), { detach });
  const splitter = createLineSplitter(scanner.line, scanner);
  try {
    for (const c of chunks) splitter.push(c);
    splitter.end();
    scanner.end();
    return { result: { runs }, lists: scanner.listsReadAhead };
  } catch (e) {
    return { result: failureOf(e), lists: scanner.listsReadAhead };
  }
}

const generated = (seed: number, builds: number) => [...generateLog({ seed, builds })].join("");
const unstamp = (text: string) => text.replace(/^\[[^\]\n]*\] /gm, "");

describe("read-ahead = line by line: generated logs", () => {
  it.each([1, 7, 42])("seed %i as generated (half the builds stamped), and unstamped", (seed) => {
    const text = generated(seed, 200);
    const lists = expectSame(text);
    const runs = lineByLine(text);
    const withList = "runs" in runs ? runs.runs.filter((r) => r.inspected && !r.inspected.dead).length : 0;
    // Every list of a generated log is plain: all are read ahead (closed, cut by `....`, cut mid-message).
    expect(withList).toBeGreaterThan(150);
    expect(lists).toBe(withList);
    expect(expectSame(unstamp(text))).toBe(withList);
  });

  it("CRLF, escapes, `&` and HTML: read line by line, the same", () => {
    const text = generated(3, 60);
    expect(expectSame(text.replace(/\n/g, "\r\n"))).toBe(0);
    expect(expectSame(escapeHtml(text))).toBe(0);
    // A colour code closing one line of each list: that list goes line by line.
    const coloured = text.replace(/(\{message_queue_len,\d+\}\n(?:\[[^\]]*\] )?message in pid [^\n]*\n[^\n]*)\n/g, "$1\u001b[0m\n");
    expect(coloured).not.toBe(text);
    expect(expectSame(coloured)).toBe(0);
  });

  it("tabs, short fractions in stamps, stamps missing or different on some lines", () => {
    const text = generated(5, 120);
    const r = createRandom(17);
    expect(expectSame(text.replace(/\n((?:\[[^\]\n]*\] )?) {2}\{/g, "\n$1\t{"))).toBeGreaterThan(50);
    expect(expectSame(text.replace(/\.(\d)\d\dZ\] /g, ".$1Z] "))).toBeGreaterThan(50);
    // Some lines lose their stamp, or get another shape of it (`2015-09-01 00:00:00 `): those lists go line by line.
    const mixed = text
      .split("\n")
      .map((line) => (line.startsWith("[") && r.chance(0.02) ? (r.chance(0.5) ? line.replace(/^\[[^\]]*\] /, "") : line.replace(/^\[(\d{4}-\d\d-\d\d)T([\d:]+)\.\d+Z\] /, "$1 $2 ")) : line))
      .join("\n");
    const lists = expectSame(mixed);
    expect(lists).toBeGreaterThan(10);
    expect(lists).toBeLessThan(expectSame(text));
  });

  it("lists cut every way: `....` indented or not, `|...]`, a blank or unindented line, the log's end", () => {
    const head = [
      "Started by timer",
      "processes sorted by queue_len desc:",
      " [{<0.1.0>,{message_queue_len,500}}]",
      "message queue len of pid <0.1.0> : {message_queue_len,500}",
      "message in pid <0.1.0> :",
    ];
    const lists = [
      [" [{a,<<\"x\">>},", "  {b,\"q\\\"uote\"},", "  {c,'at\\'om'}]"],
      [" [{a,1},", "  {b,2},", "    ...."],
      [" [{a,1},", "  {b,2},", "...."],
      [" [{a,1},", "  {b,[1,2|...]}|...]"],
      [" [{a,1},", "  {b,{c,", "", "  {d,1}]"],
      [" [{a,1},", "  {b,{c,", "Finished: SUCCESS"],
      [" [{a,1},", "  {b,{c,", "message queue len of pid <0.1.0> : undefined", "message in pid <0.1.0> :", " [{x,1}]"],
      [" [{a,1},", "  {b,\"multi", "  line\"}]"],
      [" [{a,<span>1</span>},", "  {b,2}]"],
      // Read ahead up to a line that is not plain (brackets opened before the break in it), line by line from there.
      [" [{a,1},", "  {b,2},", "  {c,{d,\"multi", "  line\"}}]", "  an indented line after the list"],
      [" [{a,1},", "  {b,2},", "  {c,{d,<span>1</span>}}]"],
      [" [{a,1},", "  {b,{c,", "   d}},", "  {e,\"\u001b[1m\"}]"],
      [" [{a,1},", "  {'$gen_call',{<0.2.0>,#Ref<0.1.2.3>},{call,m,f,[],<0.3.0>}},", "  {route,{jid,<<\"u\">>,<<\"conference.x\">>,<<>>},x,{xmlel,<<\"message\">>,[{<<\"to\">>,<<\"r@conference.x\">>}],[]}}]"],
      [" [{a,1},", "  {b,<<\"中文\"/utf8>>,\"😀\"}]"],
      [" [{a,1}]"],
      [" [{a,1},", "  {b,2}]   trailing text"],
      // A quote escaped inside quoted text: the text goes on past it (and the list to the next line).
      [" [{a,1},", '  {b,"x\\"]}]",', "  z}]"],
      [" [{a,1},", "  {b,'x\\']}]',", "  z}]"],
      // A colour code closing a line inside the list.
      [" [{a,1},", "  {b,{c,\u001b[0m", "  d}}]"],
      // A piece GitLab's runner cut off the line before (the log's first such line): it goes on with that line.
      [" [{a,1},", "  {b,{c,", "2026-12-04T10:00:00.123456Z 00O+1}},", "  {d,2}]"],
    ];
    let readAhead = 0;
    for (const list of lists) {
      for (const end of ["\n", "", "\nFinished: SUCCESS\n"]) {
        const text = [...head, ...list].join("\n") + end;
        readAhead += expectSame(text);
        // Stamped, as Jenkins' timestamper writes it.
        let t = 0;
        const stamped = text.replace(/^(?=.)/gm, () => `[2015-09-01T00:00:0${(t = (t + 1) % 10)}.007Z] `);
        readAhead += expectSame(stamped);
      }
    }
    expect(readAhead).toBeGreaterThan(40);
  });

  it("a second run in the build, unstamped, takes the time of the list's last line before it", () => {
    const first = generated(2, 2).split("Finished: SUCCESS\n")[0]!;
    const stampedFirst = first.startsWith("[") ? first : generated(2, 2).split("Finished: SUCCESS\n")[1]!;
    const second = ["processes sorted by queue_len desc:", " [{<0.1.0>,{message_queue_len,500}}]", "message queue len of pid <0.1.0> : undefined", ""].join("\n");
    // The first build's run ends with its list (the lines after it dropped): the second run follows right after.
    const text = stampedFirst.replace(/\[[^\]\n]*\] \+ exit 0\n[^]*$/, "") + second;
    expect(text).toMatch(/^\[/);
    expect(expectSame(text)).toBe(1);
    const result = lineByLine(text);
    const runs = "runs" in result ? result.runs : [];
    expect(runs).toHaveLength(2);
    const lastListLine = text.slice(0, text.lastIndexOf("processes sorted")).trimEnd().split("\n").pop()!;
    expect(runs[1]!.startedAt).toBe(lastListLine.slice(1, 25));
  });
});

describe("read-ahead = line by line: streamed", () => {
  it("a small log split in two at every offset, as strings and as bytes", () => {
    // Three small builds: unstamped, stamped (Jenkins' timestamper), unstamped.
    const builds = [...generateLog({ seed: 8, builds: 48 })];
    const text = [builds[1], builds[4], builds[47]].join("");
    expect(text.length).toBeLessThan(9000);
    const bytes = new TextEncoder().encode(text);
    const expected = lineByLine(text);
    expect("runs" in expected && expected.runs.length).toBe(3);
    let lists = 0;
    for (let k = 0; k <= text.length; k += 1) {
      const asText = streamed([text.slice(0, k), text.slice(k)]);
      expect(asText.result).toEqual(expected);
      lists += asText.lists;
    }
    for (let k = 0; k <= bytes.length; k += 3) {
      const asBytes = streamed([bytes.subarray(0, k), bytes.subarray(k)]);
      expect(asBytes.result).toEqual(expected);
      lists += asBytes.lists;
    }
    expect(lists).toBeGreaterThan(text.length);
  });

  it("random logs (noise, CRLF, BOM, invalid UTF-8, other formats), in random chunks with noise skipping", () => {
    let lists = 0;
    for (let seed = 1; seed <= 60; seed++) {
      const { bytes, text } = randomLog(seed, { invalidUtf8: true, formats: true, gitlab: seed % 5 === 0 });
      const expected = lineByLine(text);
      const runs: MonitorRun[] = [];
      const scanner = createRunScanner({ source: "job_7.log" }, (r) => runs.push(r), { detach: true });
      let result: Result;
      try {
        feedSkipping(scanner, randomChunks(bytes, createRandom(seed), [64, 4096, 65536]), { skipped: 0 });
        result = { runs };
      } catch (e) {
        result = failureOf(e);
      }
      expect(result, `seed ${seed}`).toEqual(expected);
      lists += scanner.listsReadAhead;
    }
    expect(lists).toBeGreaterThan(20);
  });
});
