// ## The snapshot scanner with the monitor's read-ahead = without it
//
// The monitor scanner inside the snapshot scanner reads plain message lists
// ahead (lib/monitor-log's readListAhead) while no reader's section is open;
// the snapshots must be the same, field by field and in the same order, as
// with every line handed over one by one: over generated logs, random logs
// mixing every format (noise skipping, random chunks), and the lines of a
// message list that a reader would claim on their own.

import { describe, expect, it } from "vitest";
import { generateLog } from "../monitor-log/generate";
import { forEachLine } from "../monitor-log/line-reader";
import { createRandom, failureOf, feedSkipping, randomChunks, randomLog } from "../monitor-log/testing/random-log";
import { createSnapshotScanner } from "./scanner";
import type { Snapshot } from "./types";

type Outcome = { snapshots: Snapshot[] } | { error: Record<string, unknown> };

function fromString(text: string, readAhead: boolean): { outcome: Outcome; lists: number } {
  const snapshots: Snapshot[] = [];
  const scanner = createSnapshotScanner({ source: "job_12.log" }, (s) => snapshots.push(s), { readAhead });
  try {
    forEachLine(text, scanner.line);
    scanner.end();
    return { outcome: { snapshots }, lists: scanner.listsReadAhead };
  } catch (e) {
    return { outcome: failureOf(e), lists: scanner.listsReadAhead };
  }
}

function streamed(bytes: Uint8Array, seed: number): { outcome: Outcome; lists: number } {
  const snapshots: Snapshot[] = [];
  const scanner = createSnapshotScanner({ source: "job_12.log" }, (s) => snapshots.push(s), { detach: true });
  try {
    feedSkipping(scanner, randomChunks(bytes, createRandom(seed), [64, 4096, 65536]), { skipped: 0 });
    return { outcome: { snapshots }, lists: scanner.listsReadAhead };
  } catch (e) {
    return { outcome: failureOf(e), lists: scanner.listsReadAhead };
  }
}

describe("snapshots with the monitor's read-ahead = line by line", () => {
  it("generated logs, stamped and unstamped builds", () => {
    const text = [...generateLog({ seed: 21, builds: 150 })].join("");
    const ahead = fromString(text, true);
    expect(ahead.outcome).toEqual(fromString(text, false).outcome);
    expect(ahead.lists).toBeGreaterThan(100);
    expect(fromString(text, false).lists).toBe(0);
  });

  it("random logs of every format, from a string and streamed with noise skipping", () => {
    let lists = 0;
    for (let seed = 1; seed <= 80; seed++) {
      const { bytes, text } = randomLog(seed, { formats: true, invalidUtf8: true, gitlab: seed % 7 === 0 });
      const expected = fromString(text, false).outcome;
      const ahead = fromString(text, true);
      expect(ahead.outcome, `seed ${seed}`).toEqual(expected);
      const viaChunks = streamed(bytes, seed);
      expect(viaChunks.outcome, `seed ${seed} streamed`).toEqual(expected);
      lists += ahead.lists + viaChunks.lists;
    }
    expect(lists).toBeGreaterThan(20);
  });

  it("a message list holding lines another format's reader starts on, or `=` lines", () => {
    const lines = [
      "processes sorted by queue_len desc:",
      " [{<6562.783.478>,{message_queue_len,3102}}]",
      "message queue len of pid <6562.783.478> : {message_queue_len,3102}",
      "message in pid <6562.783.478> :",
      " [{a,1},",
      "  {b,[{<0.1.0>,12,",
      "       [current_function,{gen,do_call,4}]}]},",
      "  =ERROR REPORT==== 25-Aug-2015::11:47:00 ===",
      "  {c,2}]",
      "Finished: SUCCESS",
      "",
    ];
    for (const drop of [-1, 7]) {
      const text = lines.filter((_, i) => i !== drop).join("\n");
      const ahead = fromString(text, true);
      expect(ahead.outcome).toEqual(fromString(text, false).outcome);
      // Read ahead up to the `=` line (which the readers are offered), or to the end.
      expect(ahead.lists).toBe(1);
    }
  });
});
