// Every format's lines as GitLab's runner cuts them (`…Z 00O first piece`, then `…Z 00O+rest`)
// read as the same log uncut: the watchdog's, recon's, system_monitor's and etop's lines as well
// as the monitor's. Read from a string and streamed with noise skipping, in random chunks.
import { describe, expect, it } from "vitest";
import { MonitorLogError } from "../monitor-log";
import { createRandom, feedSkipping, randomChunks, randomLog } from "../monitor-log/testing/random-log";
import { scanSnapshots, type Snapshot } from "./index";
import { createSnapshotScanner } from "./scanner";
import { formatSnapshotContent } from "./testing/snapshot-content";

/** What a cut must not change: everything but positions (a cut line's pieces are lines of the log). */
const content = (s: Snapshot) => ({ ...formatSnapshotContent(s), startedAt: s.startedAt, service: s.service });

/** The snapshots' content, or the error's code and message without its position (pieces are lines of the log). */
function outcome(read: () => Snapshot[]) {
  try {
    return { snapshots: read().map(content) };
  } catch (e) {
    if (!(e instanceof MonitorLogError)) throw e;
    return { error: e.code, message: e.message.replace(/ at \d+:\d+$/, "").replace(/ in \d+ lines/, "") };
  }
}

function streamed(bytes: Uint8Array, seed: number, maxes: readonly number[]): Snapshot[] {
  const out: Snapshot[] = [];
  feedSkipping(createSnapshotScanner({ source: "job_12.log" }, (s) => out.push(s), { detach: true }), randomChunks(bytes, createRandom(seed), maxes), { skipped: 0 });
  return out;
}

describe("every format's lines cut by GitLab's runner", () => {
  it("random logs of every format read as the same logs uncut, from a string and streamed", () => {
    const kinds = new Set<string>();
    let differ = 0;
    let errors = 0;
    for (let seed = 1; seed <= 40; seed++) {
      const uncut = randomLog(seed * 43, { formats: true, gitlab: "uncut" });
      const cut = randomLog(seed * 43, { formats: true, gitlab: true });
      if (cut.text !== uncut.text) differ++;
      const expected = outcome(() => scanSnapshots(uncut.text, { source: "job_12.log" }));
      if ("error" in expected) errors++;
      for (const s of expected.snapshots ?? []) kinds.add(s.sourceKind);
      expect(outcome(() => scanSnapshots(cut.text, { source: "job_12.log" })), `seed ${seed}`).toEqual(expected);
      for (const maxes of [[64, 4096], [300, 65536]]) expect(outcome(() => streamed(cut.bytes, seed, maxes)), `seed ${seed}, chunks ${maxes}`).toEqual(expected);
    }
    expect(differ).toBeGreaterThan(35);
    // (A random log may hold a section of another format inside a top list: an error, the same cut.)
    expect(errors).toBeLessThan(5);
    expect([...kinds].sort()).toEqual(["ejabberd_system_monitor", "etop", "monitor", "recon_proc_count", "system_monitor"]);
  });
});
