// Lines an attacker shapes so that a pattern backtracks: each took the server's one thread for
// seconds to minutes from a few hundred bytes of gzip (a security review). Each must be read in
// time that grows with its length, not its square; the runs around them read as ever. (A 5 s limit
// per test, not a speed target: these take milliseconds now, and took 19 s and over 60 s before.)
import { describe, expect, it } from "vitest";
import { parseBuildUrl } from "./markers";
import { scanLog } from "./scan";

const run = (queueLine: string, meta = "JOB_NAME=j\nBUILD_NUMBER=1\n") =>
  `${meta}processes sorted by queue_len desc:\n [{<0.100.0>,{message_queue_len,3102}},\n  {<0.6042.0>,{message_queue_len,1}}]\n${queueLine}\nmessage in pid <0.100.0> :\n [{foo,1}]\n`;

describe("lines shaped to make a pattern backtrack", () => {
  it("`<a` × 150,000 after the inspected queue (no `>`): read at once, the run kept", () => {
    const runs = scanLog(run(`message queue len of pid <0.100.0> : {message_queue_len,3102}${"<a".repeat(150_000)}`));
    expect(runs).toHaveLength(1);
    expect(runs[0]?.top.map((t) => t.queueLen)).toEqual([3102, 1]);
  }, 5_000);

  it("a BUILD_URL= of `/job/a` × 150,000: no job or number from it, the run read", () => {
    const url = `http://ci${"/job/a".repeat(150_000)}/x`;
    expect(parseBuildUrl(url)).toEqual({ job: null, number: null });
    const runs = scanLog(run("message queue len of pid <0.100.0> : {message_queue_len,3102}", `BUILD_URL=${url}\n`));
    expect(runs).toHaveLength(1);
    expect([runs[0]?.job, runs[0]?.number]).toEqual([null, null]);
    // A URL of ordinary length still names its build.
    expect(parseBuildUrl("http://ci.example.org/job/team/job/mon/7/")).toEqual({ job: "team/mon", number: 7 });
  }, 5_000);
});
