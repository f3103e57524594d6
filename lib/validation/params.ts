// ## Single parameters: integers and dates as query strings and forms send them
//
// zod's own checks answer a bad value with several issues (an integer over the
// limit fails both `int()`'s safe range and `max()`), or, for a union, with
// "Invalid input" and every branch's regex. Each builder here answers a bad
// value with one issue that says what is expected and, for dates, what came.
import { z } from "zod";
import { FIRST_INSTANT_MS, LAST_INSTANT_MS } from "../last-instant";
import { parseUtcOffset } from "../utc-offset";

/** The largest value of the database's Int columns (ids, build numbers): PostgreSQL refuses more. */
export const INT32_MAX = 2_147_483_647;

/** Decimal digits, as a build number or a page is written (surrounding blanks allowed). */
const DECIMAL = /^\s*[+-]?\d+\s*$/;

/**
 * An integer from `min` to `max` inclusive, from text (`"42"`) or a number.
 * Text must be decimal digits: `Number()` would also take `0x10`, `1e3`,
 * `0b11` and `""`, and a CI job's `number=0x10` stored as build 16 (or a
 * `/api/builds/job/1e3` answering build 1000) is a mistake nobody would see.
 */
export function integerParam(min: number, max: number) {
  const error = `must be an integer from ${min} to ${max}`;
  return z
    .union([z.number({ error }), z.string({ error }).regex(DECIMAL, { error })], { error })
    .pipe(z.coerce.number({ error }))
    .refine((n) => Number.isInteger(n) && n >= min && n <= max, { error });
}

/** A path segment's integer written one way only: no sign, no blanks, no leading zero (but `0` itself). */
const CANONICAL_DECIMAL = /^(?:0|[1-9]\d*)$/;

/**
 * An integer from `min` to `max` in a path segment (an id, a build number): canonical decimal digits
 * only. A path names one resource: `/api/logs/%205`, `/api/builds/job/09101` or `…/%2B9101` naming the
 * same one as `…/5` and `…/9101` would give every resource many addresses (and a DELETE a surprise).
 */
export function pathIntegerParam(min: number, max: number) {
  const error = `must be an integer from ${min} to ${max}`;
  const form = `${error} in plain decimal digits (no sign, blank or leading zero)`;
  return z
    .string({ error: form })
    .regex(CANONICAL_DECIMAL, { error: form })
    .pipe(z.coerce.number({ error }))
    .refine((n) => n >= min && n <= max, { error });
}

const isoDate = z.iso.date();
const isoDateTime = z.iso.datetime({ offset: true });
const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;
const DAY_MS = 24 * 60 * 60 * 1000;

/** The value as it came, quoted, and cut short: a message should stay one line. */
function got(input: unknown): string {
  const text = typeof input === "string" ? input : String(input);
  return JSON.stringify(text.length > 40 ? `${text.slice(0, 40)}…` : text);
}

/**
 * A pid as an operator may paste it: Erlang's `<0.4121.0>`, the bare `0.4121.0` (copied without its
 * brackets) or Elixir's `#PID<0.4121.0>`, blanks around allowed. Its numbers are decimal digits
 * (leading zeros dropped, as Erlang never prints them).
 */
const PID_TEXT = /^(?:(?:#PID)?<(\d{1,20})\.(\d{1,20})\.(\d{1,20})>|(\d{1,20})\.(\d{1,20})\.(\d{1,20}))$/;

/**
 * A registered name, where ejabberd's watchdog and etop print one instead of a pid (`rex`,
 * `ejabberd_sm`, a per-host `mod_muc_example.org`): those snapshots store it as their process,
 * and a filter finds them by it. Quoted as Erlang prints such an atom (`'mod_muc_example.org'`)
 * it is the same name.
 */
const REGISTERED_NAME = /^[a-z][A-Za-z0-9_@.-]{0,254}$/;
const QUOTED_NAME = /^'([a-z][A-Za-z0-9_@.-]{0,254})'$/;

/** What a pid filter takes, for messages. */
export const PID_HINT = "a pid such as <0.4121.0>, 0.4121.0 or #PID<0.4121.0>, or a registered name such as rex";

/**
 * `<A.B.C>`, `A.B.C` or `#PID<A.B.C>` → `<A.B.C>`, the way pids are stored; a registered name as it
 * is; null for anything else.
 */
export function parsePid(text: string): string | null {
  const trimmed = text.trim();
  if (REGISTERED_NAME.test(trimmed)) return trimmed;
  const quoted = QUOTED_NAME.exec(trimmed);
  if (quoted) return quoted[1] ?? null;
  const m = PID_TEXT.exec(trimmed);
  if (!m) return null;
  const parts = (m[1] === undefined ? m.slice(4, 7) : m.slice(1, 4)).map((part) => (part ?? "").replace(/^0+(?=\d)/, ""));
  return `<${parts.join(".")}>`;
}

/** A pid filter (`pid=`), written the stored way (`<0.4121.0>`) whatever spelling came; one message otherwise. */
export function pidParam() {
  const error = (issue: { input?: unknown }) => `expected ${PID_HINT}, got ${got(issue.input)}`;
  return z.string({ error }).transform((text, ctx) => {
    const pid = parsePid(text);
    if (pid === null) {
      ctx.addIssue({ code: "custom", message: error({ input: text }) });
      return z.NEVER;
    }
    return pid;
  });
}

const dateError = (issue: { input?: unknown }) =>
  `expected a date (2015-08-25) or an ISO 8601 date-time (2015-08-25T16:34:01Z), got ${got(issue.input)}`;

// A bound past LAST_INSTANT_MS (`to=9999-12-31`, the day's end; `from=9999-12-31T23:00:00-14:00`) is refused or made it.
// The same before year 1 (FIRST_INSTANT_MS): a time neither database reads.
const beyondError = (issue: { input?: unknown }) => `expected a time from 0001-01-01T00:00:00Z to 9999-12-31T23:59:59.999Z, got ${got(issue.input)}`;
const notBeyond = (value: string) => !(Date.parse(value) > LAST_INSTANT_MS || Date.parse(value) < FIRST_INSTANT_MS);

/**
 * A date-time's offset as people write it in a URL, made ISO 8601's: `+0800` (the basic form, as
 * the logs print it) is `+08:00`, and `2015-08-25T16:34:01 08:00` is a `+08:00` a query string
 * decoded to a space (a `+` unencoded): at the end of a date-time, a space and an offset can mean
 * nothing else.
 */
function offsetAsWritten(value: string): string {
  const m = /^(\d{4}-\d\d-\d\dT\d\d:\d\d(?::\d\d(?:\.\d+)?)?)([+ -])(\d\d):?(\d\d)$/.exec(value);
  if (!m) return value;
  return `${m[1]}${m[2] === "-" ? "-" : "+"}${m[3]}:${m[4]}`;
}

/**
 * A calendar date (a day in UTC) or an ISO 8601 date-time with `Z` or an offset, kept as written
 * (an offset written `+0800`, or with its `+` decoded to a space, as `+08:00`).
 */
export function dateParam() {
  return z
    .string({ error: dateError })
    .transform(offsetAsWritten)
    .refine((value) => isoDate.safeParse(value).success || isoDateTime.safeParse(value).success, { error: dateError, abort: true })
    .refine(notBeyond, { error: beyondError });
}

/**
 * The exclusive end of a time range. A date-only value means "up to and
 * including that day", so it becomes the next day's 00:00:00.000Z; a date-time
 * is an exact instant and stays as written (a chart zoom writes those). The
 * result is always a date-time, so parsing it again changes nothing.
 */
export function rangeEndParam() {
  // The end of 9999-12-31 is the year's last instant (LAST_INSTANT_MS), not a time in year 10000.
  return dateParam().transform((value) =>
    DATE_ONLY.test(value) ? new Date(Math.min(Date.parse(`${value}T00:00:00Z`) + DAY_MS, LAST_INSTANT_MS)).toISOString() : value,
  );
}

const dateTimeError = (issue: { input?: unknown }) =>
  `expected an ISO 8601 date-time with a time zone (2015-08-25T16:34:01Z or 2015-08-25T16:34:01+08:00), got ${got(issue.input)}`;

/**
 * An ISO 8601 date-time with `Z` or an offset (no date-only value: an instant is meant); an offset
 * written `+0800`, or with its `+` decoded to a space (a hand-written query string), read as `+08:00`,
 * as `from` and `to` read it.
 */
export function dateTimeParam() {
  return z
    .string({ error: dateTimeError })
    .transform(offsetAsWritten)
    .refine((value) => isoDateTime.safeParse(value).success, { error: dateTimeError, abort: true })
    .refine(notBeyond, { error: beyondError });
}

/** (In lib/utc-offset.ts, which the pages' formatting reads in the browser too.) */
export { parseUtcOffset };

export const UTC_OFFSET_HINT = "a UTC offset such as +08:00, -05:30 or Z";

/**
 * `utcOffset` as a query parameter, form field or setting. A `+` written unencoded in a query
 * string (`?utcOffset=+08:00`) arrives as a space: read as the `+` it was, as dateParam does.
 */
export function utcOffsetParam() {
  return z.string().transform((text, ctx) => {
    const offset = parseUtcOffset(/^ \d\d:?\d\d$/.test(text) ? `+${text.slice(1)}` : text);
    if (offset === null) {
      ctx.addIssue({ code: "custom", message: `expected ${UTC_OFFSET_HINT}, got ${JSON.stringify(text)}` });
      return z.NEVER;
    }
    return offset;
  });
}
