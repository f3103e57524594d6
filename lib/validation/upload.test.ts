import { describe, expect, test } from "vitest";
import { parseUploadMeta } from "./upload";

function messages(raw: Record<string, string>): string[] {
  const parsed = parseUploadMeta(raw);
  return parsed.success ? [] : parsed.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`);
}

describe("upload metadata", () => {
  test.each([
    ["1e30", "number: must be an integer from 0 to 2147483647"],
    ["2147483648", "number: must be an integer from 0 to 2147483647"],
    ["-1", "number: must be an integer from 0 to 2147483647"],
    ["forty-two", "number: must be an integer from 0 to 2147483647"],
    // A CI variable gone wrong must not become another build's number.
    ["0x10", "number: must be an integer from 0 to 2147483647"],
    ["1e3", "number: must be an integer from 0 to 2147483647"],
    ["12.0", "number: must be an integer from 0 to 2147483647"],
  ])("number=%s: exactly one message, with the limits that apply", (value, message) => {
    expect(messages({ number: value })).toEqual([message]);
  });

  test.each([
    ["..", 'job: job ".." cannot be a path segment of the build\'s link'],
    [".", 'job: job "." cannot be a path segment of the build\'s link'],
    ["a\u0000b", 'job: job "a\\u0000b" holds a control or text-direction character'],
    ["evil\u202elive", 'job: job "evil\u202elive" holds a control or text-direction character'],
    ["line\nbreak", 'job: job "line\\nbreak" holds a control or text-direction character'],
  ])("job=%j: refused, saying why", (value, message) => {
    expect(messages({ job: value })).toEqual([message]);
  });

  test.each([["ops/ejabberd monitor"], ["运维 监控"], ["by-id"], ["..."]])("job=%j: a name CI may give", (value) => {
    expect(messages({ job: value })).toEqual([]);
  });

  test.each([["yesterday"], ["2015-08-25"], ["2015-08-25T16:34:01"]])("startedAt=%s: one short message saying what is expected", (value) => {
    expect(messages({ startedAt: value })).toEqual([
      `startedAt: expected an ISO 8601 date-time with a time zone (2015-08-25T16:34:01Z or 2015-08-25T16:34:01+08:00), got ${JSON.stringify(value)}`,
    ]);
  });
});
