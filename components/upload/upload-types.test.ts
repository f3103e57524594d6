import { describe, expect, test } from "vitest";
import { readUploadAnswer, readUploadError } from "./upload-types";

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
