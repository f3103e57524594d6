import { describe, expect, it } from "vitest";
import type { IngestedBuild, IngestedLog } from "@/lib/db/ingest";
import { answerBuild, answerLog } from "@/lib/testing/upload-answer";
import { uploadAnswerJson } from "./answer-json";

const build = answerBuild;
const log = answerLog;

/** The answer as the route wrote it before: the object `{ logs, builds }` through JSON.stringify. */
const plain = (logs: IngestedLog[]) => JSON.stringify({ logs, builds: logs.flatMap((entry) => entry.builds) });

describe("uploadAnswerJson", () => {
  it("is JSON.stringify of { logs, builds } byte for byte: each log with its builds, then every build of the upload", () => {
    const logs = [
      log({ builds: [build(), build({ id: 8, number: 25878, attempt: 2, incident: false, culprit: null, node: "ejabberd@h", startedAt: null })] }),
      // A duplicate answers no builds; a grown log names the log it replaced and keeps builds.
      log({ fileName: "again.log", duplicate: true, builds: [], note: "this content was uploaded before (log 3); nothing new was stored" }),
      log({
        fileName: 'odd "name"\n\u2028\u001b[2J.log',
        logId: 5,
        builds: [build({ id: 9, job: null, number: null, permalink: "/builds/by-id/9", kept: true, culprit: { class: "unknown", subject: null } })],
        replaced: { logId: 4, fileName: "mqueue.log", sha256: "b".repeat(64), size: 10 },
        warnings: ["a:1:1: \"quoted\" \\ text", "\ud83d\udc18 non-ASCII"],
      }),
    ];
    const text = uploadAnswerJson(logs);
    expect(text).toBe(plain(logs));
    const parsed = JSON.parse(text) as { logs: IngestedLog[]; builds: IngestedBuild[] };
    expect(parsed.builds.map((entry) => entry.id)).toEqual([7, 8, 9]);
    expect(parsed.logs.map((entry) => entry.builds.length)).toEqual([2, 0, 1]);
  });

  it("answers an upload of nothing but duplicates, and keeps a field added to a log (in its place) or left undefined (out)", () => {
    const duplicate = log({ duplicate: true, builds: [] });
    expect(uploadAnswerJson([duplicate])).toBe(plain([duplicate]));
    expect(uploadAnswerJson([])).toBe(plain([]));
    const extra = { ...log(), later: { field: [1, "two"] }, gone: undefined } as unknown as IngestedLog;
    expect(uploadAnswerJson([extra])).toBe(plain([extra]));
  });

  it("lists a build once in its own list when two logs of one upload name it (two identical files: the second a duplicate of the first)", () => {
    const first = log({ builds: [build(), build({ id: 8, number: 25878 })] });
    const again = log({ fileName: "copy.log", duplicate: true, builds: [build(), build({ id: 8, number: 25878 })], note: "this content was uploaded before (log 3)" });
    const other = log({ fileName: "other.log", logId: 4, builds: [build({ id: 9, number: 3 })] });
    const parsed = JSON.parse(uploadAnswerJson([first, again, other])) as { logs: IngestedLog[]; builds: IngestedBuild[] };
    expect(parsed.builds.map((entry) => entry.id)).toEqual([7, 8, 9]);
    // Each log still lists its own.
    expect(parsed.logs.map((entry) => entry.builds.map((b) => b.id))).toEqual([[7, 8], [7, 8], [9]]);
    expect(parsed.builds[0]).toEqual(JSON.parse(JSON.stringify(build())));
  });

  it("a duplicate's builds, listed by the log before it, take nothing of the bound and are not counted left out twice", () => {
    const six = Array.from({ length: 6 }, (_, k) => build({ id: k + 1, number: k + 1 }));
    const first = log({ builds: six });
    const copy = log({ fileName: "copy.log", duplicate: true, builds: six });
    type Parsed = { logs: (IngestedLog & { buildsOmitted?: number })[]; builds: IngestedBuild[]; buildsOmitted?: number };
    // Within the bound once counted once: all listed, nothing said.
    const ten = JSON.parse(uploadAnswerJson([first, copy], 10)) as Parsed;
    expect(ten.builds.map((b) => b.id)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(ten.buildsOmitted).toBeUndefined();
    // A bound of 4: 4 distinct builds listed, 2 left out (not 8), each log listing the 4.
    const four = JSON.parse(uploadAnswerJson([first, copy], 4)) as Parsed;
    expect(four.builds.map((b) => b.id)).toEqual([1, 2, 3, 4]);
    expect(four.logs.map((entry) => entry.builds.map((b) => b.id))).toEqual([[1, 2, 3, 4], [1, 2, 3, 4]]);
    expect(four.buildsOmitted).toBe(2);
    // Another log after the copy: its builds fit the bound the copy did not use.
    const other = log({ fileName: "other.log", logId: 4, builds: [build({ id: 20, number: 20 }), build({ id: 21, number: 21 })] });
    const twelve = JSON.parse(uploadAnswerJson([first, copy, other], 12)) as Parsed;
    expect(twelve.builds.map((b) => b.id)).toEqual([1, 2, 3, 4, 5, 6, 20, 21]);
    expect(twelve.logs.map((entry) => entry.builds.length)).toEqual([6, 6, 2]);
    expect(twelve.buildsOmitted).toBeUndefined();
  });

  it("past its bound lists the new builds first, says how many each log and the answer leave out, and is JSON still", () => {
    const many = (from: number, n: number, kept = false) => Array.from({ length: n }, (_, k) => build({ id: from + k, number: from + k, kept }));
    // A grown file: 3 kept builds, then 4 new; another log of 5. A bound of 6: the 4 new, 2 kept; none of the other.
    const logs = [log({ builds: [...many(1, 3, true), ...many(10, 4)] }), log({ fileName: "other.log", logId: 4, builds: many(20, 5) })];
    const parsed = JSON.parse(uploadAnswerJson(logs, 6)) as { logs: (IngestedLog & { buildsOmitted?: number })[]; builds: IngestedBuild[]; buildsOmitted?: number };
    expect(parsed.logs.map((entry) => entry.builds.map((b) => b.id))).toEqual([[1, 2, 10, 11, 12, 13], []]);
    expect(parsed.logs.map((entry) => entry.buildsOmitted)).toEqual([1, 5]);
    expect(parsed.logs.map((entry) => (entry as { buildsOmittedKept?: number }).buildsOmittedKept)).toEqual([1, 0]);
    expect(parsed.builds.map((b) => b.id)).toEqual([1, 2, 10, 11, 12, 13]);
    expect(parsed.buildsOmitted).toBe(6);
    expect((parsed as { buildsOmittedKept?: number }).buildsOmittedKept).toBe(1);
    // Within the bound: nothing said, byte for byte as before.
    expect(uploadAnswerJson(logs, 12)).toBe(plain(logs));
  });
});
