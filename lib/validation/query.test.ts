import { describe, expect, test } from "vitest";
import type { z } from "zod";
import { buildListSchema, filterSchema, listSchema, logListSchema, roomListSchema, timelineSchema } from "./query";

/** The issues of a failed parse as the API words them (`key: message`). */
function messages(schema: z.ZodType, input: Record<string, string>): string[] {
  const parsed = schema.safeParse(input);
  if (parsed.success) return [];
  return parsed.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`);
}

const DATE_MESSAGE = 'expected a date (2015-08-25) or an ISO 8601 date-time (2015-08-25T16:34:01Z), got';

describe("from and to: the range", () => {
  test("an offset written +0800 (as the logs print it), or whose + a URL decoded to a space, is +08:00", () => {
    const range = (input: Record<string, string>) => {
      const { from, to } = filterSchema.parse(input);
      return { from, to };
    };
    expect(range({ from: "2015-08-25T16:34:01+0800", to: "2015-08-26T00:00:00-0530" })).toEqual({ from: "2015-08-25T16:34:01+08:00", to: "2015-08-26T00:00:00-05:30" });
    // `?from=2015-08-25T16:34:01+08:00` pasted unencoded: the query string holds a space.
    expect(range({ from: "2015-08-25T16:34:01 08:00", to: "2015-08-25T18:00:00.5 0800" })).toEqual({ from: "2015-08-25T16:34:01+08:00", to: "2015-08-25T18:00:00.5+08:00" });
    expect(new URL("http://x/api/builds?from=2015-08-25T16:34:01+08:00").searchParams.get("from")).toBe("2015-08-25T16:34:01 08:00");
    // A space elsewhere is still refused.
    expect(messages(filterSchema, { from: "2015-08-25 16:34:01" })[0]).toContain(DATE_MESSAGE);
    expect(messages(filterSchema, { from: "2015-08-25T16:34:01 8:00" })[0]).toContain(DATE_MESSAGE);
  });

  test("a date-only `to` ends after that day (UTC); a date-time `to` and any `from` keep their meaning", () => {
    const range = (input: Record<string, string>) => {
      const { from, to } = filterSchema.parse(input);
      return { from, to };
    };
    expect(range({ from: "2015-08-25", to: "2015-08-25" })).toEqual({ from: "2015-08-25", to: "2015-08-26T00:00:00.000Z" });
    expect(range({ to: "2015-12-31" }).to).toBe("2016-01-01T00:00:00.000Z");
    expect(range({ to: "2016-02-28" }).to).toBe("2016-02-29T00:00:00.000Z");
    // A chart zoom writes exact instants: they stay as written.
    expect(range({ from: "2015-08-25T03:28:00.000Z", to: "2015-08-25T08:16:00.001Z" })).toEqual({
      from: "2015-08-25T03:28:00.000Z",
      to: "2015-08-25T08:16:00.001Z",
    });
    expect(range({ to: "2015-08-25T00:00:00+08:00" }).to).toBe("2015-08-25T00:00:00+08:00");
    // Parsing its own output again changes nothing (links carry the parsed value).
    expect(range({ to: range({ to: "2015-08-25" }).to ?? "" }).to).toBe("2015-08-26T00:00:00.000Z");
    // The last day of year 9999 ends at its last instant, not in year 10000 (`+010000-…`).
    expect(range({ to: "9999-12-31" }).to).toBe("9999-12-31T23:59:59.999Z");
    expect(range({ to: range({ to: "9999-12-31" }).to ?? "" }).to).toBe("9999-12-31T23:59:59.999Z");
  });

  test("a time past year 9999 is refused, with one message", () => {
    const late = "9999-12-31T23:00:00-14:00";
    expect(messages(filterSchema, { from: late })).toEqual([`from: expected a time from 0001-01-01T00:00:00Z to 9999-12-31T23:59:59.999Z, got ${JSON.stringify(late)}`]);
    expect(messages(filterSchema, { to: late })).toEqual([`to: expected a time from 0001-01-01T00:00:00Z to 9999-12-31T23:59:59.999Z, got ${JSON.stringify(late)}`]);
    expect(messages(filterSchema, { from: "9999-12-31T23:59:59.999Z", to: "9999-12-31T23:59:59.999+00:00" })).toEqual([]);
    // A value that is no date at all gets the date message only.
    expect(messages(filterSchema, { from: "notadate" })).toEqual([`from: ${DATE_MESSAGE} "notadate"`]);
  });

  test("a time before year 1 is refused too: neither database reads it", () => {
    for (const early of ["0000-06-01", "0001-01-01T04:00:00+05:00", "0000-12-31T23:59:59.999Z"]) {
      expect(messages(filterSchema, { from: early }), early).toEqual([`from: expected a time from 0001-01-01T00:00:00Z to 9999-12-31T23:59:59.999Z, got ${JSON.stringify(early)}`]);
    }
    expect(messages(filterSchema, { from: "0001-01-01", to: "0001-01-01T00:00:00Z" })).toEqual([]);
  });
});

describe("from and to: bad values", () => {
  test.each([
    ["from", "notadate"],
    ["to", "notadate"],
    ["from", "2015-02-29"],
    ["to", "2015-08-25T16:34"],
    ["to", "2015-08-25 16:34:01Z"],
  ])("%s=%s: one short message saying what is expected", (key, value) => {
    expect(messages(buildListSchema, { [key]: value })).toEqual([`${key}: ${DATE_MESSAGE} ${JSON.stringify(value)}`]);
  });

  test("a long bad value is cut short in the message", () => {
    const [message] = messages(filterSchema, { from: "x".repeat(300) });
    expect(message).toBe(`from: ${DATE_MESSAGE} "${"x".repeat(40)}…"`);
  });
});

const SCHEMAS = { buildListSchema, filterSchema, listSchema, logListSchema, roomListSchema, timelineSchema };

describe("integer parameters", () => {
  test.each([
    ["listSchema", "page", "1e20", "page: must be an integer from 1 to 1000000"],
    ["listSchema", "page", "1000001", "page: must be an integer from 1 to 1000000"],
    ["buildListSchema", "page", "0", "page: must be an integer from 1 to 1000000"],
    ["buildListSchema", "page", "1.5", "page: must be an integer from 1 to 1000000"],
    ["logListSchema", "page", "abc", "page: must be an integer from 1 to 1000000"],
    ["logListSchema", "pageSize", "1e20", "pageSize: must be an integer from 1 to 500"],
    ["buildListSchema", "pageSize", "501", "pageSize: must be an integer from 1 to 500"],
    ["timelineSchema", "points", "1e30", "points: must be an integer from 10 to 5000"],
    ["timelineSchema", "points", "9", "points: must be an integer from 10 to 5000"],
    // Ids are 32-bit integers in the database: a larger one is no id (PostgreSQL refuses it with a 500).
    ["roomListSchema", "incidentId", "1e20", "incidentId: must be an integer from 1 to 2147483647"],
    ["filterSchema", "incidentId", "2147483648", "incidentId: must be an integer from 1 to 2147483647"],
    ["buildListSchema", "logId", "99999999999999999", "logId: must be an integer from 1 to 2147483647"],
    ["buildListSchema", "logId", "Infinity", "logId: must be an integer from 1 to 2147483647"],
    // Number() reads these as numbers; nobody writes a page or an id so.
    ["listSchema", "page", "0x10", "page: must be an integer from 1 to 1000000"],
    ["listSchema", "page", "0b11", "page: must be an integer from 1 to 1000000"],
    ["buildListSchema", "logId", "1e3", "logId: must be an integer from 1 to 2147483647"],
    ["timelineSchema", "points", "2e3", "points: must be an integer from 10 to 5000"],
    ["filterSchema", "incidentId", "  ", "incidentId: must be an integer from 1 to 2147483647"],
  ] as const)("%s %s=%s: exactly one message, with the limits that apply", (schema, key, value, message) => {
    expect(messages(SCHEMAS[schema], { [key]: value })).toEqual([message]);
  });

  test.each([
    ["42", 42],
    [" 42 ", 42],
    ["+7", 7],
    ["007", 7],
  ])("page=%j reads as %d", (value, expected) => {
    expect(listSchema.parse({ page: value }).page).toBe(expected);
  });
});

describe("pid: any usual spelling, written the stored way", () => {
  test.each([
    ["<6562.783.478>", "<6562.783.478>"],
    ["6562.783.478", "<6562.783.478>"],
    ["#PID<6562.783.478>", "<6562.783.478>"],
    ["  6562.783.478\t", "<6562.783.478>"],
    [" #PID<0.4121.0> ", "<0.4121.0>"],
    ["<06562.0783.0>", "<6562.783.0>"],
    // A registered name, as watchdog and etop snapshots store their process.
    ["rex", "rex"],
    [" ejabberd_sm ", "ejabberd_sm"],
    ["mod_muc_example.org", "mod_muc_example.org"],
    ["'mod_muc_example.org'", "mod_muc_example.org"],
  ])("pid=%j reads as %s, on every schema that filters", (value, expected) => {
    for (const schema of [filterSchema, buildListSchema, listSchema, roomListSchema, timelineSchema]) {
      expect(schema.parse({ pid: value }).pid).toBe(expected);
    }
  });

  test.each([
    ["Rex"],
    ["<6562.783>"],
    ["6562.783.478.1"],
    ["<6562.783.478"],
    ["#PID6562.783.478"],
    ["#pid<6562.783.478>"],
    ["< 6562.783.478 >"],
    ["<6562.-783.478>"],
    ["<a.b.c>"],
    ["  "],
  ])("pid=%j: one message saying what a pid looks like", (value) => {
    expect(messages(buildListSchema, { pid: value })).toEqual([
      `pid: expected a pid such as <0.4121.0>, 0.4121.0 or #PID<0.4121.0>, or a registered name such as rex, got ${JSON.stringify(value)}`,
    ]);
  });

  test("a long bad value is cut short in the message", () => {
    expect(messages(filterSchema, { pid: "<".repeat(600) })).toEqual([
      `pid: expected a pid such as <0.4121.0>, 0.4121.0 or #PID<0.4121.0>, or a registered name such as rex, got "${"<".repeat(40)}…"`,
    ]);
  });
});
