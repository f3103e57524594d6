// The monitor's own rpc:call can fail: `{badrpc,nodedown}` where the top list should be (the node
// was down), `{badrpc,timeout}` where the message list should be (a mailbox that large takes long to
// copy). A failed top list leaves a run with nothing to read: it is left out and said so
// (onDroppedRun), the log's other runs read as ever; a failed message fetch is said in the run's
// issues and in the verdict's evidence, instead of "no messages were printed".
import { describe, expect, it } from "vitest";
import { classifyRun } from "@/lib/classify";
import { generateLog } from "./generate";
import { scanLog, streamRuns } from "./scan";
import { errorOf } from "./testing/scan-error";
import { expectSame } from "./testing/both-paths";
import { fixture } from "@/lib/testing/api";

const NODEDOWN = ["JOB_NAME=nd", "BUILD_NUMBER=3", "processes sorted by queue_len desc:", "{badrpc,nodedown}", "Finished: FAILURE", ""].join("\n");
const TIMEOUT = [
  "processes sorted by queue_len desc:",
  " [{<6562.1.2>,{message_queue_len,5000}}]",
  "message queue len of pid <6562.1.2> : {message_queue_len,5100}",
  "message in pid <6562.1.2> :",
  "{badrpc,timeout}",
  "",
].join("\n");

describe("the monitor's failed calls", () => {
  it("a failed top list: that run is left out with its place and reason, the others read, from a string and streamed", async () => {
    const before = [...generateLog({ seed: 21, builds: 2 })].join("");
    const after = [...generateLog({ seed: 22, builds: 1, firstBuild: 40000 })].join("");
    const log = before + NODEDOWN + after;
    const line = before.split("\n").length - 1 + 4;
    const dropped: { line: number; column: number; reason: string }[] = [];
    const runs = scanLog(log, { onDroppedRun: (d) => dropped.push(d) });
    expect(runs).toHaveLength(3);
    expect(runs.map((r) => r.number)).not.toContain(3);
    expect(dropped).toEqual([{ line, column: 1, offset: log.indexOf("{badrpc,nodedown}"), reason: "the monitor's call for the top list failed ({badrpc,nodedown}): that run was not read" }]);
    const streamedDrops: unknown[] = [];
    const streamed = [];
    for await (const run of streamRuns([log.slice(0, 1000), log.slice(1000)], { onDroppedRun: (d) => streamedDrops.push(d) })) streamed.push(run);
    expect(streamed.map((r) => r.number)).toEqual(runs.map((r) => r.number));
    expect(streamedDrops).toEqual(dropped);
  });

  it("the same in a GitLab runner's log (whose lines after a header are held for their cut pieces)", () => {
    const stamp = "2026-12-04T10:00:00.123456Z 00O ";
    const plain = [...generateLog({ seed: 23, builds: 1, untimed: true })].join("") + NODEDOWN + TIMEOUT;
    const log = plain
      .split("\n")
      .map((line) => (line === "" ? line : stamp + line))
      .join("\n");
    const dropped: { line: number; column: number; reason: string }[] = [];
    const runs = scanLog(log, { onDroppedRun: (d) => dropped.push(d) });
    expect(runs).toHaveLength(2);
    expect(dropped.map((d) => [d.line, d.column, d.reason])).toEqual([
      [plain.split("\n").indexOf("{badrpc,nodedown}") + 1, stamp.length + 1, "the monitor's call for the top list failed ({badrpc,nodedown}): that run was not read"],
    ]);
    expect(runs[1]?.inspected?.fetchError).toBe("{badrpc,timeout}");
  });

  it("a log whose only run failed says so in its error, at the failure", () => {
    const error = errorOf(NODEDOWN);
    expect(error).toMatchObject({ code: "no_monitor_output", line: 4, column: 1 });
    expect(error.message).toContain("{badrpc,nodedown}");
  });

  it("a failed message fetch: the run keeps its top list and queue, its issue and verdict say the fetch failed", () => {
    const [run] = scanLog(TIMEOUT);
    expect(run?.inspected).toMatchObject({ pid: "<6562.1.2>", queueLen: 5100, fetchError: "{badrpc,timeout}", samples: [] });
    expect(run?.issues.map((i) => [i.line, i.message])).toEqual([[5, "the monitor could not fetch the messages: {badrpc,timeout}"]]);
    const verdict = classifyRun(run!);
    expect(verdict).toMatchObject({ class: "unknown", incident: true });
    expect(verdict?.evidence[0]).toBe(
      "the monitor could not fetch the messages of <6562.1.2>: {badrpc,timeout} (the call timed out: a mailbox that large takes long to copy)",
    );
  });

  // Printed by a real Erlang node (OTP 25, a domain review, 2026-12-07): the queue read, then the
  // process killed before `process_info(Pid, messages)`, which answered `undefined`.
  it("`undefined` for the message list: the process died after its queue was read; dead, its queue kept, no issue, from a string, streamed and stamped", async () => {
    const log = fixture("died-at-fetch.log");
    const [run] = scanLog(log);
    expect(run?.inspected).toMatchObject({ pid: "<0.79.0>", queueLen: 500, dead: true, samples: [] });
    expect(run?.inspected?.fetchError).toBeUndefined();
    expect(run?.issues).toEqual([]);
    expect(run?.end).toBe(log.trimEnd().length);
    const verdict = classifyRun(run!);
    expect(verdict).toMatchObject({ class: "dead", subject: "<0.79.0>", incident: true, queueLen: 500, rule: "dead-before-check" });
    expect(verdict?.evidence[0]).toBe("<0.79.0> held 500 messages when its queue was checked, and was gone when its messages were fetched (process_info returned undefined)");
    const streamed = [];
    for await (const r of streamRuns([log.slice(0, 150), log.slice(150)])) streamed.push(r);
    expect(streamed.map((r) => r.inspected)).toEqual([run?.inspected]);
    const stamp = "2026-12-04T10:00:00.123456Z 00O ";
    const [stamped] = scanLog(log.split("\n").map((line) => (line === "" ? line : stamp + line)).join("\n"));
    expect(stamped?.inspected).toMatchObject({ queueLen: 500, dead: true });
    expect(stamped?.issues).toEqual([]);
    // Anything else there is still the issue it was.
    const [other] = scanLog(log.replace(" undefined", " undefined_thing"));
    expect(other?.inspected?.dead).toBe(false);
    expect(other?.issues.map((i) => i.message)).toEqual(["expected the message list after 'message in pid'"]);
  });

  // `io:format("message in pid ~p : ~p~n", [Pid, Messages])` prints the answer on the marker's own line.
  it("`undefined` or `{badrpc,…}` on the `message in pid` line itself reads as on the line after it, plain and GitLab-stamped", () => {
    const died = fixture("died-at-fetch.log").replace("message in pid <0.79.0> :\n undefined", "message in pid <0.79.0> : undefined");
    expect(died).toContain("<0.79.0> : undefined\n");
    const failed = TIMEOUT.replace(":\n{badrpc,timeout}", ": {badrpc,timeout}");
    expect(failed).toContain("<6562.1.2> : {badrpc,timeout}\n");
    const stamp = "2026-12-04T10:00:00.123456Z 00O ";
    const stamped = (log: string) => log.split("\n").map((line) => (line === "" ? line : stamp + line)).join("\n");
    for (const log of [died, stamped(died)]) {
      const [run] = expectSame(log);
      expect(run?.inspected).toMatchObject({ pid: "<0.79.0>", queueLen: 500, dead: true, samples: [] });
      expect(run?.issues).toEqual([]);
      expect(classifyRun(run!)).toMatchObject({ class: "dead", rule: "dead-before-check", queueLen: 500 });
    }
    for (const log of [failed, stamped(failed)]) {
      const [run] = expectSame(log);
      expect(run?.inspected).toMatchObject({ queueLen: 5100, fetchError: "{badrpc,timeout}", dead: false });
      expect(run?.issues.map((i) => [i.line, i.message])).toEqual([[4, "the monitor could not fetch the messages: {badrpc,timeout}"]]);
    }
    // Another word there is no answer: the list is looked for on the next line, as before.
    const [other] = scanLog(died.replace(" undefined", " undefined_thing"));
    expect(other?.inspected?.dead).toBe(false);
    expect(other?.inspected?.fetchError).toBeUndefined();
  });

  it("anything else where the top list should be is still an error", () => {
    expect(() => scanLog("processes sorted by queue_len desc:\nsomething else\n")).toThrow(/expected the top list/);
  });
});
