import { describe, expect, it } from "vitest";
import { answerBuild, answerLog } from "@/lib/testing/upload-answer";
import { uploadAnswerText } from "./answer-text";

const build = answerBuild;
const log = answerLog;

describe("an upload's answer as text", () => {
  it("a line per log, then a line per build: verdict and link", () => {
    expect(uploadAnswerText([log()], "https://dash.example.org")).toBe(
      "console.log: stored 1 build (log 3)\n" +
        "  ProductCI_ejabberd_mqueue_random_monitor #25877: INCIDENT, muc_room snh-48#pocket48_76366191207121304@conference.easemob.com  https://dash.example.org/builds/ProductCI_ejabberd_mqueue_random_monitor/25877\n",
    );
  });

  it("a healthy build, a re-run, a build without a verdict, a snapshot, warnings and a note", () => {
    const text = uploadAnswerText(
      [
        log({
          builds: [
            build({ incident: false, culprit: { class: "sql", subject: "<0.1.0>" } }),
            build({ attempt: 2, permalink: "/builds/j/1?attempt=2", job: "j", number: 1 }),
            build({ culprit: null, job: "j", number: 2, permalink: "/builds/j/2" }),
            build({ job: null, number: null, sourceKind: "watchdog", node: "ejabberd@a", permalink: "/builds/by-id/9" }),
          ],
          note: "this log begins with log 2",
          replaced: { logId: 2, fileName: "c.log", sha256: "b".repeat(64), size: 10 },
          warnings: ["console.log:2:1: stored without a job"],
        }),
      ],
      "http://127.0.0.1:3000",
    );
    expect(text.split("\n")).toEqual([
      "console.log: stored 4 builds (log 3)",
      "  ProductCI_ejabberd_mqueue_random_monitor #25877: healthy, sql <0.1.0>  http://127.0.0.1:3000/builds/ProductCI_ejabberd_mqueue_random_monitor/25877",
      "  j #1 (attempt 2): INCIDENT, muc_room snh-48#pocket48_76366191207121304@conference.easemob.com  http://127.0.0.1:3000/builds/j/1?attempt=2",
      "  j #2: INCIDENT  http://127.0.0.1:3000/builds/j/2",
      "  watchdog snapshot of 2015-08-22T09:00:00.000Z on ejabberd@a: INCIDENT, muc_room snh-48#pocket48_76366191207121304@conference.easemob.com  http://127.0.0.1:3000/builds/by-id/9",
      "  note: this log begins with log 2",
      "  warning: console.log:2:1: stored without a job",
      "",
    ]);
  });

  it("a duplicate says what its note says, and lists the stored builds", () => {
    const text = uploadAnswerText([log({ duplicate: true, note: "this content was uploaded before (log 3); nothing new was stored" })], "http://h");
    expect(text.split("\n")[0]).toBe("console.log: this content was uploaded before (log 3); nothing new was stored");
    expect(text).toContain("http://h/builds/ProductCI_ejabberd_mqueue_random_monitor/25877");
  });

  it("text from the log a terminal would obey is written as \\x{..}", () => {
    const text = uploadAnswerText([log({ fileName: "a\u001b[2Jb.log", builds: [build({ culprit: { class: "muc_room", subject: "r\u202e@conference.x" } })] })], "http://h");
    expect(text).not.toMatch(/[\u001b\u202e]/);
    expect(text).toContain("a\\x{1b}[2Jb.log");
    expect(text).toContain("r\\x{202e}@conference.x");
  });

  it("without an origin the Host rule serves (lib/host-check.ts linkOrigin), the links are paths", () => {
    const text = uploadAnswerText([log({ builds: [build()] })], null);
    expect(text).toMatch(/  \/builds\/\S+$/m);
    expect(text).not.toContain("null/");
  });

  it("past the answer's bound: the builds not listed are counted, with the link to them all", () => {
    const builds = Array.from({ length: 5 }, (_, k) => build({ id: k + 1, job: "j", number: k + 1, permalink: `/builds/j/${k + 1}` }));
    const text = uploadAnswerText([log({ builds })], "https://dash.example.org", 2);
    expect(text.split("\n")).toEqual([
      "console.log: stored 5 builds (log 3)",
      "  j #1: INCIDENT, muc_room snh-48#pocket48_76366191207121304@conference.easemob.com  https://dash.example.org/builds/j/1",
      "  j #2: INCIDENT, muc_room snh-48#pocket48_76366191207121304@conference.easemob.com  https://dash.example.org/builds/j/2",
      "  … and 3 more builds, not listed here: https://dash.example.org/builds?logId=3",
      "",
    ]);
  });
});
