import { describe, expect, test } from "vitest";
import { readUploadAnswer, readUploadError, shownErrorText } from "./upload-types";

const build = { id: 7, job: "j", number: 1, startedAt: null, sourceKind: "monitor", node: null, permalink: "/builds/j/1", incident: false, culprit: null };

describe("readUploadAnswer", () => {
  test("keeps each log's note, the server's word on a duplicate, and leaves out null ones", () => {
    const note = "this content was uploaded before (log 34); nothing new was stored";
    const answer = readUploadAnswer({
      logs: [
        { duplicate: true, note, warnings: [] },
        { duplicate: true, note: null, warnings: [] },
      ],
      builds: [build],
    });
    expect(answer.duplicate).toBe(true);
    expect(answer.notes).toEqual([note]);
  });

  test("a note that is not a string is not read, and an answer that is not an object has none", () => {
    expect(readUploadAnswer({ logs: [{ duplicate: false, note: { html: "<b>x</b>" } }], builds: [] }).notes).toEqual([]);
    expect(readUploadAnswer("<html>").notes).toEqual([]);
  });

  test("keeps the logs' ids (each once, whole positive numbers only), for the link to all their builds", () => {
    const answer = readUploadAnswer({ logs: [{ logId: 34 }, { logId: 34 }, { logId: "35" }, { logId: 1.5 }, { logId: 36 }], builds: [build] });
    expect(answer.logIds).toEqual([34, 36]);
    expect(readUploadAnswer("<html>").logIds).toEqual([]);
  });

  test("keeps how many builds the answer left out past its bound (0 when it says none, or nonsense)", () => {
    expect(readUploadAnswer({ logs: [{ logId: 3 }], builds: [build], buildsOmitted: 1_190_000 }).omitted).toBe(1_190_000);
    for (const buildsOmitted of [undefined, "5", -1, 2.5]) expect(readUploadAnswer({ logs: [], builds: [], buildsOmitted }).omitted, String(buildsOmitted)).toBe(0);
  });

  test("says when a log was stored but its builds could not be read back (only for a true buildsUnread)", () => {
    expect(readUploadAnswer({ logs: [{ logId: 3, buildsUnread: true }], builds: [] }).buildsUnread).toBe(true);
    for (const buildsUnread of [undefined, "true", 1]) expect(readUploadAnswer({ logs: [{ logId: 3, buildsUnread }], builds: [] }).buildsUnread, String(buildsUnread)).toBe(false);
  });
});

describe("readUploadError", () => {
  test("a 409 keeps the stored build's permalink (same-site paths only) and the stored log's id", () => {
    const conflict = { error: { code: "conflict", message: "x", file: "console.log", line: 3, permalink: "/builds/j/1", logId: 17 } };
    expect(readUploadError(conflict, 409)).toMatchObject({ code: "conflict", permalink: "/builds/j/1", logId: 17 });
    expect(readUploadError(conflict, 409).storedLonger).toBeUndefined();
    expect(readUploadError({ error: { ...conflict.error, storedLonger: true } }, 409).storedLonger).toBe(true);
    expect(readUploadError({ error: { ...conflict.error, storedLonger: "yes" } }, 409).storedLonger).toBeUndefined();
    for (const permalink of ["https://evil.example/", "//evil.example/x", "javascript:alert(1)", 5]) {
      expect(readUploadError({ error: { code: "conflict", message: "x", permalink } }, 409).permalink, String(permalink)).toBeUndefined();
    }
    for (const logId of ["17", 0, -1, 1.5]) expect(readUploadError({ error: { code: "conflict", message: "x", logId } }, 409).logId, String(logId)).toBeUndefined();
  });
});

describe("readUploadError: a 400 naming bad build fields", () => {
  test("keeps the issues of the upload page's fields, by field; none when no issue names one", () => {
    const body = {
      error: {
        code: "bad_request",
        message: "invalid query parameters: number: must be an integer from 0 to 2147483647",
        issues: [{ path: ["number"], message: "must be an integer from 0 to 2147483647" }, { path: ["filename"], message: "x" }],
      },
    };
    expect(readUploadError(body, 400).fields).toEqual({ number: "must be an integer from 0 to 2147483647" });
    expect(readUploadError({ error: { ...body.error, issues: [{ path: ["filename"], message: "x" }] } }, 400).fields).toBeUndefined();
    // The page's attempt and utcOffset fields are fields too.
    expect(readUploadError({ error: { ...body.error, issues: [{ path: ["utcOffset"], message: "x" }] } }, 400).fields).toEqual({ utcOffset: "x" });
    expect(readUploadError({ error: { ...body.error, issues: "number" } }, 400).fields).toBeUndefined();
  });
});

describe("shownErrorText", () => {
  const stored = "sql.log: build ci #7 is already stored from another log (log 3); upload that build's log once, or give a different number. If CI ran the build again under its number (a re-run), send the run's attempt: attempt=$GITHUB_RUN_ATTEMPT in GitHub Actions, attempt=next elsewhere. If this is the same build's console, grown or complete since, delete the stored one first (DELETE /api/logs/3) and upload it again";

  test("a 409 with a stored build: its first sentence, without the file name the place already shows", () => {
    expect(shownErrorText({ message: stored, permalink: "/builds/ci/7", file: "sql.log" }, "sql.log", "sql.log:11")).toBe(
      "build ci #7 is already stored from another log (log 3); upload that build's log once, or give a different number.",
    );
    const longer = "early.log: build ci #7 is already stored from a longer log (log 3, 2,000 bytes; this one has 1,000). If this is an earlier copy …";
    expect(shownErrorText({ message: longer, permalink: "/builds/ci/7" }, "early.log", "early.log:4")).toBe(
      "build ci #7 is already stored from a longer log (log 3, 2,000 bytes; this one has 1,000).",
    );
  });

  test("other errors: whole, without the place they start with", () => {
    expect(shownErrorText({ message: "bad.log:9:44: cannot read the top list: expected ',' but found '}'. Check the log" }, "bad.log", "bad.log:9:44")).toBe(
      "cannot read the top list: expected ',' but found '}'. Check the log",
    );
    expect(shownErrorText({ message: "The server answered 500." }, "x.log", null)).toBe("The server answered 500.");
  });
});
