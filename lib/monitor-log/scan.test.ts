import { describe, expect, it } from "vitest";
import { MonitorLogError } from "./errors";
import { scanLog } from "./scan";

const TOP = [" [{<0.10.0>,{message_queue_len,500}},", "  {<0.11.0>,{message_queue_len,2}}]"];
const log = (...lines: string[]) => `${lines.join("\n")}\n`;

function errorOf(text: string): { code: string; line: number; column: number; message: string } {
  try {
    scanLog(text);
  } catch (e) {
    if (e instanceof MonitorLogError) return { code: e.code, line: e.line, column: e.column, message: e.message };
    throw e;
  }
  throw new Error("expected a MonitorLogError");
}

describe("scanLog errors carry line and column", () => {
  it.each([
    ["empty log", "", { code: "no_monitor_output", line: 1, column: 1 }],
    ["noise only", log("Started by timer", "Finished: SUCCESS"), { code: "no_monitor_output", line: 1, column: 1 }],
    ["header, then something else", log("x", "processes sorted by queue_len desc:", "", "  oops"), { code: "unreadable_term", line: 4, column: 3 }],
    ["header at the end of the log", log("processes sorted by queue_len desc:"), { code: "unreadable_term", line: 1, column: 1 }],
    ["top list cut by the log's end", log("processes sorted by queue_len desc:", " [{<0.10.0>,{message_queue_len,500}},"), { code: "unreadable_term", line: 2, column: 38 }],
    ["top list cut by an unindented line", log("processes sorted by queue_len desc:", " [{<0.10.0>,{message_queue_len,500}},", "Finished: SUCCESS"), { code: "unreadable_term", line: 2, column: 38 }],
    ["top entry of the wrong shape", log("processes sorted by queue_len desc:", " [{<0.10.0>,{message_queue_len,500}},", "  {<0.11.0>,{memory,2}}]"), { code: "unreadable_term", line: 3, column: 3 }],
    ["top list that is not a list", log("processes sorted by queue_len desc:", " [{<0.10.0>,{message_queue_len,500}}}]"), { code: "unreadable_term", line: 2, column: 37 }],
  ])("%s", (_name, text, expected) => {
    expect(errorOf(text)).toMatchObject(expected);
  });

  it("the message ends with the position", () => {
    expect(errorOf("").message).toBe("no monitor output in 0 lines (no 'processes sorted by queue_len desc:' or top list) at 1:1");
  });
});

describe("scanLog runs", () => {
  it("metadata: the log's own, else the URL's, else the file name", () => {
    const body = [...TOP, "message queue len of pid <0.10.0> : {message_queue_len,501}", "message in pid <0.10.0> :", " []"];
    expect(scanLog(log("JOB_NAME=j", "BUILD_NUMBER=7", ...body), { source: "other_9.log" })[0]).toMatchObject({ job: "j", number: 7, url: null });
    expect(scanLog(log("BUILD_URL=http://ci/job/k/8/", ...body), { source: "other_9.log" })[0]).toMatchObject({ job: "k", number: 8 });
    expect(scanLog(log(...body), { source: "dir/other_9.log" })[0]).toMatchObject({ job: "other", number: 9, startedAt: null });
  });

  it("a byte-order mark before line 1 (Notepad, PowerShell) hides neither its metadata nor its stamp", () => {
    const body = [...TOP, "message queue len of pid <0.10.0> : {message_queue_len,501}", "message in pid <0.10.0> :", " []"];
    expect(scanLog(`\ufeff${log("JOB_NAME=j", "BUILD_NUMBER=7", ...body)}`)[0]).toMatchObject({ job: "j", number: 7 });
    const stamped = scanLog(`\ufeff${log("[2015-08-25T01:00:00.000Z] processes sorted by queue_len desc:", ...body)}`)[0];
    expect(stamped).toMatchObject({ startedAt: "2015-08-25T01:00:00.000Z", line: 1, start: 28 });
    // Offsets still count the mark: `raw` is the log's own text.
    expect(stamped?.top).toHaveLength(2);
  });

  it("`Started by` starts a new build: metadata and start time reset", () => {
    const runs = scanLog(
      log(
        "[2015-08-25T01:00:00.000Z] Started by timer",
        "[2015-08-25T01:00:00.000Z] BUILD_NUMBER=1",
        ...TOP,
        "Started by timer",
        "2015-08-25 09:03:00 monitor: go",
        ...TOP,
      ),
      { localOffset: "+08:00" },
    );
    expect(runs.map((r) => [r.number, r.startedAt])).toEqual([
      [1, "2015-08-25T01:00:00.000Z"],
      [null, "2015-08-25T01:03:00.000Z"],
    ]);
  });

  it("a top list alone is a run without an inspected pid", () => {
    const [run] = scanLog(log("processes sorted by queue_len desc:", ...TOP));
    expect(run).toMatchObject({ inspected: null, top: [{ rank: 1, pid: "<0.10.0>", queueLen: 500 }, { rank: 2 }] });
  });

  it("an inspected pid without a top list is read, with an issue", () => {
    const [run] = scanLog(log("message queue len of pid <0.10.0> : undefined"));
    expect(run).toMatchObject({ top: [], inspected: { pid: "<0.10.0>", dead: true } });
    expect(run?.issues.map((i) => i.message)).toEqual(["no top list before the inspected pid"]);
  });

  it("the list may start on the marker line", () => {
    const [run] = scanLog(log(...TOP, "message queue len of pid <0.10.0> : {message_queue_len,3}", "message in pid <0.10.0> : [{a,1},", "   {b,2}]"));
    expect(run?.inspected?.samples.map((s) => s.raw)).toEqual(["{a,1}", "{b,2}"]);
    expect(run?.inspected?.samplesCut).toBe(false);
  });

  it("a garbled sample is kept with an issue, the list is marked cut", () => {
    const text = log(...TOP, "message queue len of pid <0.10.0> : {message_queue_len,3}", "message in pid <0.10.0> :", " [{a,1},", "  {b,@@},", "  {c,3}]");
    const [run] = scanLog(text);
    expect(run?.inspected?.samples.map((s) => [s.raw, s.truncated])).toEqual([
      ["{a,1}", false],
      ["{b,", true],
    ]);
    expect(run?.issues[0]).toMatchObject({ line: 6, column: 6 });
    expect(run?.inspected?.samplesCut).toBe(true);
  });

  it("a message list for another pid is noted", () => {
    const [run] = scanLog(log(...TOP, "message queue len of pid <0.10.0> : {message_queue_len,3}", "message in pid <0.99.0> :", " []"));
    expect(run?.issues.map((i) => i.message)).toEqual(["message list is for <0.99.0>, not <0.10.0>"]);
  });

  it("a second top list starts a second run", () => {
    const runs = scanLog(log(...TOP, "noise", ...TOP));
    expect(runs.map((r) => [r.seq, r.line])).toEqual([
      [0, 1],
      [1, 4],
    ]);
  });
});
