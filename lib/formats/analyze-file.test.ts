// analyzeSnapshotFile (what `npm run analyze` reads a file with) closes the
// file however the read ends: a log that does not read stops the scanner
// midway, and the wrappers between (gzip, UTF-16) do not pass that on. Open
// descriptors are looked up in /proc/self/fd (Linux), as file-chunks.test.ts
// does, by the file they point at. The CLI's stderr: lib/monitor-log/cli.test.ts.
import { readdirSync, readFileSync, readlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { afterAll, describe, expect, it } from "vitest";
import { GzipError } from "../gzip";
import { MonitorLogError } from "../monitor-log";
import { makeTempDir } from "../testing/temp-db";
import { analyzeSnapshotFile } from "./analyze-file";

const MONITOR_FIX = join(__dirname, "..", "monitor-log", "__fixtures__");
const GOOD = join(MONITOR_FIX, "ProductCI_ejabberd_mqueue_random_monitor_27140.log");

/** The descriptors of this process open on `file`. */
function fdsOn(file: string): string[] {
  return readdirSync("/proc/self/fd").filter((fd) => {
    try {
      return readlinkSync(`/proc/self/fd/${fd}`) === file;
    } catch {
      return false; // closed since the listing (the listing's own descriptor among them)
    }
  });
}

describe("analyzeSnapshotFile closes the file", () => {
  const temp = makeTempDir("mqdash-analyze-file-");
  afterAll(() => temp.cleanup());
  const bad = join(MONITOR_FIX, "unparseable-term.log");
  const badGz = join(temp.dir, "unparseable-term.log.gz");
  writeFileSync(badGz, gzipSync(readFileSync(bad)));
  const corruptGz = join(temp.dir, "cut.log.gz");
  writeFileSync(corruptGz, gzipSync(readFileSync(GOOD)).subarray(0, 200));
  const utf16 = join(temp.dir, "bad-utf16.log");
  writeFileSync(utf16, Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(readFileSync(bad, "utf8"), "utf16le")]));
  const noMonitor = join(MONITOR_FIX, "no-monitor-output.log");

  it.each([
    ["a log that does not read", bad, MonitorLogError],
    ["the same, gzip", badGz, MonitorLogError],
    ["the same, UTF-16", utf16, MonitorLogError],
    ["gzip cut short", corruptGz, GzipError],
    ["a log without monitor output", noMonitor, MonitorLogError],
  ])("%s: the error, and no descriptor left open on the file", async (_what, file, error) => {
    await expect(analyzeSnapshotFile(file, { source: "x.log" })).rejects.toThrow(error);
    expect(fdsOn(file)).toEqual([]);
  });

  it("a log that reads: its builds, and no descriptor left open on it", async () => {
    const report = await analyzeSnapshotFile(GOOD, { source: "ProductCI_ejabberd_mqueue_random_monitor_27140.log" });
    expect(report.builds.map((b) => b.number)).toEqual([27140]);
    expect(fdsOn(GOOD)).toEqual([]);
  });

  it("a file that does not open: Node's error, nothing open", async () => {
    await expect(analyzeSnapshotFile(join(temp.dir, "missing.log"), { source: "missing.log" })).rejects.toMatchObject({ code: "ENOENT" });
  });
});
