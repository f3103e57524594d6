// Monitor lines behind text the scanner does not know as a line prefix (a log shipper's fields, a CI
// stamp it does not read) are noise to it, and so are their runs: the scanner says where, once per
// log (onUnread), and a log with no run read at all says it in its error. Nothing is dropped without
// a word, and nothing is said of the logs it reads whole.
import { describe, expect, it } from "vitest";
import { scanSnapshots, streamSnapshots } from "@/lib/formats";
import { fixture, seedFixtureNames } from "@/lib/testing/api";
import { generateLog } from "./generate";
import { scanLog, streamRuns, unreadText } from "./scan";
import { errorOf } from "./testing/scan-error";
import type { UnreadMarkers } from "./types";

const SHIPPER = "web-7f9c | ";
const generated = [...generateLog({ seed: 11, builds: 6 })].join("");
const lines = generated.split("\n");
/** The line (0-based) where the fourth build's console starts: from there on, every line is behind the shipper's field. */
const cut = lines.findIndex((line, k) => k > 0 && line.includes("Started by") && lines.slice(0, k).filter((l) => l.includes("Started by")).length === 3);
const half = [...lines.slice(0, cut), ...lines.slice(cut).map((line) => (line === "" ? line : SHIPPER + line))].join("\n");

async function streamed(text: string, onUnread: (u: UnreadMarkers) => void) {
  const bytes = new TextEncoder().encode(text);
  const chunks: Uint8Array[] = [];
  for (let i = 0; i < bytes.length; i += 101) chunks.push(bytes.subarray(i, i + 101));
  const runs = [];
  for await (const run of streamRuns(chunks, { onUnread })) runs.push(run);
  return runs;
}

describe("monitor lines after a carriage return (a progress line overwritten in place)", () => {
  it("are read as the terminal showed them, from the last return: the run read, nothing said unread", async () => {
    const log = fixture("ProductCI_ejabberd_mqueue_random_monitor_25877.log");
    const [before = "", after = ""] = log.split("processes sorted by queue_len desc:");
    const progress = `${before}compiling 10%\rcompiling 100%\r processes sorted by queue_len desc:${after}`;
    const seen: UnreadMarkers[] = [];
    const runs = scanLog(progress, { onUnread: (u) => seen.push(u) });
    const plain = scanLog(log);
    expect(runs.map((r) => [r.number, r.top.length, r.inspected?.pid])).toEqual(plain.map((r) => [r.number, r.top.length, r.inspected?.pid]));
    expect(seen).toEqual([]);
    // The run starts where the terminal's line did: right after the last return.
    expect(progress.slice(runs[0]?.start, (runs[0]?.start ?? 0) + 11)).toBe(" processes ");
    const streamedSeen: UnreadMarkers[] = [];
    expect((await streamed(progress, (u) => streamedSeen.push(u))).map((r) => r.number)).toEqual([25877]);
    expect(streamedSeen).toEqual([]);
    // Text behind it without a return is still a prefix the scanner does not know.
    const hidden: UnreadMarkers[] = [];
    scanLog(`${before}compiling 100% processes sorted by queue_len desc:${after}`, { onUnread: (u) => hidden.push(u) });
    expect(hidden).toHaveLength(1);
  });
});

describe("monitor lines behind an unknown prefix", () => {
  it("are counted and placed, from a string and streamed, and the runs before them read as ever", async () => {
    expect(cut).toBeGreaterThan(0);
    const plainRuns = scanLog(generated);
    expect(plainRuns).toHaveLength(6);
    const seen: UnreadMarkers[] = [];
    const runs = scanLog(half, { onUnread: (u) => seen.push(u) });
    expect(runs.map((r) => r.number)).toEqual(plainRuns.slice(0, 3).map((r) => r.number));
    expect(seen).toHaveLength(1);
    const first = seen[0]!;
    // The first hidden marker: a header (or an inspect line) of the fourth build, right after the field.
    const firstLine = half.split("\n")[first.line - 1]!;
    expect(firstLine.startsWith(SHIPPER)).toBe(true);
    expect(firstLine.slice(first.column - 1)).toMatch(/^(processes sorted by queue_len desc:|message queue len of pid)/);
    expect(first.before).toBe(firstLine.slice(0, first.column - 1).trimEnd());
    expect(half.slice(first.offset, first.offset + 10)).toBe(firstLine.slice(first.column - 1, first.column + 9));
    // Every build behind the field had a header and an inspect line.
    expect(first.count).toBeGreaterThanOrEqual(3 * 2);
    const fromStream: UnreadMarkers[] = [];
    const streamedRuns = await streamed(half, (u) => fromStream.push(u));
    expect(streamedRuns.map((r) => r.number)).toEqual(runs.map((r) => r.number));
    expect(fromStream).toEqual(seen);
    // The snapshot scanner (uploads, the CLI) passes it on.
    const viaSnapshots: UnreadMarkers[] = [];
    expect(scanSnapshots(half, { onUnread: (u) => viaSnapshots.push(u) })).toHaveLength(3);
    expect(viaSnapshots).toEqual(seen);
    const viaStream: UnreadMarkers[] = [];
    for await (const _ of streamSnapshots([half], { onUnread: (u) => viaStream.push(u) })) void _;
    expect(viaStream).toEqual(seen);
    expect(unreadText(first)).toContain(JSON.stringify(first.before));
  });

  it("a log with no run read says where its monitor lines are, in its error", () => {
    const all = lines.map((line) => (line === "" ? line : SHIPPER + line)).join("\n");
    const e = errorOf(all);
    expect(e.code).toBe("no_monitor_output");
    expect(e.line).toBeGreaterThan(1);
    expect(all.split("\n")[e.line - 1]!.slice(e.column - 1)).toMatch(/^(processes sorted by queue_len desc:|message queue len of pid)/);
    expect(e.message).toContain(`after "${SHIPPER}`);
    expect(e.message).toContain("not a line prefix this reader knows");
  });

  it("says nothing of the seed's logs, nor of a shell echoing the monitor's words", () => {
    for (const name of seedFixtureNames()) {
      const seen: UnreadMarkers[] = [];
      scanLog(fixture(name), { onUnread: (u) => seen.push(u) });
      expect(seen, name).toEqual([]);
    }
    const echoed = [
      "+ echo 'processes sorted by queue_len desc:'",
      `+ erl -noshell -eval 'io:format("processes sorted by queue_len desc:~n~p~n", [Top])'`,
      "grep 'message queue len of pid' monitor.log | wc -l",
      "# message queue len of pid <0.1.0> : {message_queue_len,abc}",
      fixture(seedFixtureNames()[0]!),
    ].join("\n");
    const seen: UnreadMarkers[] = [];
    expect(scanLog(echoed, { onUnread: (u) => seen.push(u) }).length).toBeGreaterThan(0);
    expect(seen).toEqual([]);
  });
});
