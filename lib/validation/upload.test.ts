import { describe, expect, test } from "vitest";
import { parseUploadMeta, safeFileName } from "./upload";
import { readEnv } from "@/lib/env";

function messages(raw: Record<string, string>): string[] {
  const parsed = parseUploadMeta(raw);
  return parsed.success ? [] : parsed.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`);
}

describe("upload metadata", () => {
  test("a filename with a newline, another control or a text-direction character is refused; a form part's is made safe", () => {
    for (const name of ["a\nb.log", "a\u0000b.log", "invoice\u202Egol.exe"]) {
      expect(messages({ filename: name }), JSON.stringify(name)).toEqual(["filename: filename holds a control or text-direction character"]);
    }
    expect(messages({ filename: "ci/console 运维 #12.log" })).toEqual([]);
    expect(safeFileName("a\r\nb\u202E.log")).toBe("a\uFFFD\uFFFDb\uFFFD.log");
    expect(safeFileName("console-12.log")).toBe("console-12.log");
  });

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

test.each([
  ["2015-08-25T16:34:01+08:00", "2015-08-25T16:34:01+08:00"],
  ["2015-08-25T16:34:01+0800", "2015-08-25T16:34:01+08:00"],
  // `?startedAt=2015-08-25T16:34:01+08:00` written by hand: the query string decodes its `+` to a space.
  ["2015-08-25T16:34:01 08:00", "2015-08-25T16:34:01+08:00"],
  ["2015-08-25T16:34:01-05:30", "2015-08-25T16:34:01-05:30"],
  ["2015-08-25T08:34:01Z", "2015-08-25T08:34:01Z"],
])("startedAt=%j is read as %j, as from and to read it", (value, read) => {
  const parsed = parseUploadMeta({ startedAt: value });
  expect(parsed.success && parsed.data.startedAt).toBe(read);
});

describe("utcOffset: the offset of times a log prints without a zone", () => {
  test.each([
    ["+08:00", "+08:00"],
    ["+0800", "+08:00"],
    ["-05:30", "-05:30"],
    ["Z", "Z"],
    ["utc", "Z"],
    ["+14:00", "+14:00"],
    // `?utcOffset=+08:00` written unencoded: the `+` arrives as a space (a review, 2026-12-07: refused, while startedAt took it).
    [" 08:00", "+08:00"],
    [" 0530", "+05:30"],
  ])("%j reads as %s", (value, expected) => {
    const parsed = parseUploadMeta({ utcOffset: value });
    expect(parsed.success && parsed.data.utcOffset).toBe(expected);
  });

  test.each([["+8"], ["08:00"], ["+15:00"], ["+08:60"], ["Asia/Shanghai"], [" 8"], ["  08:00"]])("%j is refused, saying what is expected", (value) => {
    expect(messages({ utcOffset: value })).toEqual([`utcOffset: expected a UTC offset such as +08:00, -05:30 or Z, got ${JSON.stringify(value)}`]);
  });

  test("LOG_UTC_OFFSET is the default, Z when unset; a bad one stops the start", () => {
    expect(readEnv({}).LOG_UTC_OFFSET).toBe("Z");
    expect(readEnv({ LOG_UTC_OFFSET: "+0800" }).LOG_UTC_OFFSET).toBe("+08:00");
    expect(() => readEnv({ LOG_UTC_OFFSET: "CST" })).toThrow(/LOG_UTC_OFFSET: expected a UTC offset/);
  });

  test("DISPLAY_UTC_OFFSET (the pages' times) likewise: Z when unset, a bad one stops the start", () => {
    expect(readEnv({}).DISPLAY_UTC_OFFSET).toBe("Z");
    expect(readEnv({ DISPLAY_UTC_OFFSET: "+0800" }).DISPLAY_UTC_OFFSET).toBe("+08:00");
    expect(() => readEnv({ DISPLAY_UTC_OFFSET: "Asia/Shanghai" })).toThrow(/DISPLAY_UTC_OFFSET: expected a UTC offset/);
  });
});

test("a job name too long is said once, with its length (not zod's 'Too big' before it)", () => {
  expect(messages({ job: "j".repeat(201) })).toEqual(["job: job name is 201 characters long, longer than the 200 a job name is stored with"]);
  expect(messages({ job: "j".repeat(200) })).toEqual([]);
});

test("bad settings are said in one line, each with what it is set to (never a token's or DATABASE_URL's value)", () => {
  expect(() => readEnv({ PORT: "abc", MAX_UPLOAD_BYTES: "1x" })).toThrow(
    'Invalid environment: PORT: wants a whole number from 1 to 65535 (it is "abc"); MAX_UPLOAD_BYTES: wants a whole number of 1 or more (it is "1x")',
  );
  expect(() => readEnv({ DATABASE_URL: "mysql://u:secret@h/db", READ_TOKEN: "" })).toThrow(/^Invalid environment: DATABASE_URL: [^;]*; READ_TOKEN: [^;]*$/);
  expect(() => readEnv({ DATABASE_URL: "mysql://u:secret@h/db" })).not.toThrow(/secret/);
});

test("an empty token says so in words; a value the message quotes already is not shown twice", () => {
  expect(() => readEnv({ INGEST_TOKEN: "" })).toThrow(/^Invalid environment: INGEST_TOKEN: is empty: unset it \(no token asked\) or set the token$/);
  expect(() => readEnv({ LOG_UTC_OFFSET: "CST" })).toThrow(/^Invalid environment: LOG_UTC_OFFSET: expected a UTC offset such as \+08:00, -05:30 or Z, got "CST"$/);
});
