// ## Formatting shared by server and client components
//
// Times are shown in one zone for every viewer: UTC, or the offset the
// server's DISPLAY_UTC_OFFSET names (an operator team in UTC+8 reads its CI's
// times). The server writes that offset on the page (`<html
// data-utc-offset>`), and the browser reads it there, so the server's render
// and the browser's hydration agree whatever the viewer's own time zone (the
// logs themselves mix +0800 and UTC).

import { buildNumberLabel } from "@/lib/db/permalink";
import { offsetMinutes, parseUtcOffset } from "@/lib/utc-offset";
import { SOURCE_LABELS } from "./source-kinds";
import { plural } from "@/lib/wording";

const pad = (n: number) => String(n).padStart(2, "0");

/**
 * The offset pages show times in: `Z` or `±HH:MM`. On the server the setting (lib/env.ts checks it
 * when the server starts); in the browser what the server wrote on the page.
 */
export function displayOffset(): string {
  const text = typeof document !== "undefined" ? document.documentElement.dataset.utcOffset : process.env.DISPLAY_UTC_OFFSET;
  return (text && parseUtcOffset(text)) || "Z";
}

/** `UTC`, `UTC+8` or `UTC-5:30`: what a time shown in the display offset says after it. */
export function zoneName(offset = displayOffset()): string {
  const m = /^([+-])(\d\d):(\d\d)$/.exec(offset);
  if (!m) return "UTC";
  return `UTC${m[1]}${Number(m[2])}${m[3] === "00" ? "" : `:${m[3]}`}`;
}

/** The instant moved by the display offset: its getUTC* fields are the wall clock there. */
function wallClock(ms: number, offset: string): Date {
  return new Date(ms + offsetMinutes(offset) * 60_000);
}

/** `2015-08-23 00:34 UTC` (`00:34:05` with `seconds`; `08:34 UTC+8` in that offset), or an em dash for null. */
export function formatTime(value: string | null | undefined, options: { seconds?: boolean } = {}): string {
  if (!value) return "—";
  const instant = new Date(value).getTime();
  if (Number.isNaN(instant)) return "—";
  const offset = displayOffset();
  const date = wallClock(instant, offset);
  const seconds = options.seconds ? `:${pad(date.getUTCSeconds())}` : "";
  return `${formatDay(instant, offset)} ${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())}${seconds} ${zoneName(offset)}`;
}

/** The day of an instant in the display offset: `2015-08-23`. */
export function formatDay(ms: number, offset = displayOffset()): string {
  const date = wallClock(ms, offset);
  return `${date.getUTCFullYear()}-${pad(date.getUTCMonth() + 1)}-${pad(date.getUTCDate())}`;
}

/** Short axis label in the display offset: `08-23 00:34`. */
export function formatShortTime(ms: number): string {
  const date = wallClock(ms, displayOffset());
  return `${pad(date.getUTCMonth() + 1)}-${pad(date.getUTCDate())} ${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())}`;
}

/** `2 d 3 h`, `3 h 12 min`, `45 min`, `under a minute` (less than a minute, 0 included), `—` (unknown). */
export function formatDuration(ms: number | null): string {
  if (ms === null || !Number.isFinite(ms)) return "—";
  if (ms < 60_000) return "under a minute";
  const minutes = Math.round(ms / 60_000);
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return `${hours} h ${minutes % 60} min`;
  const days = Math.floor(hours / 24);
  if (days < 61) return `${days} d ${hours % 24} h`;
  // Past two months, in months and years as formatAge says them: "no build for 4122 d 7 h" beside
  // "11 years ago" read as a count to work out (seen on the overview's Now, by job).
  return longSpan(days);
}

/** `4 months` (61 days up to two years), `11 years`: a span of days as long as that, said as people say it. */
function longSpan(days: number): string {
  const months = Math.floor(days / 30.44);
  return months < 24 ? plural(months, "month") : plural(Math.floor(days / 365.25), "year");
}

/**
 * How long ago `at` was, as an on-call reader asks it of an "ongoing" incident's latest build:
 * `12 min ago`, `5 h ago`, `3 d ago`, `4 months ago`, `11 years ago`; `in the future` for a start
 * time after `now` (a clock off, a zone wrong); `—` for none.
 */
export function formatAge(at: string | null | undefined, now = Date.now()): string {
  const time = at ? Date.parse(at) : NaN;
  if (!Number.isFinite(time)) return "—";
  const ms = now - time;
  if (ms < -60_000) return "in the future";
  if (ms < 60_000) return "under a minute ago";
  const minutes = Math.floor(ms / 60_000);
  if (minutes < 60) return `${plural(minutes, "min", "min")} ago`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return `${plural(hours, "h", "h")} ago`;
  const days = Math.floor(hours / 24);
  if (days < 61) return `${plural(days, "d", "d")} ago`;
  return `${longSpan(days)} ago`;
}

/** The tooltip of an incident's `numbers` (IncidentDto): how many of the build numbers from its first to its last its builds have. */
export const NUMBERS_SPANNED_TITLE =
  "its builds have these many of the build numbers from its first to its last: the others were not stored, or held its process lower in the top list (a re-run counts once)";

/**
 * `no build for 24 h (it ran every 3 min)`: a job whose latest build is much older than the gap it
 * usually runs at (more than 4 of them, and over 15 minutes): it stopped pushing, and what its
 * latest build says is not "now" (an on-call review: a job silent for a day looked like a live
 * incident). Null when it is not, or its usual gap is unknown.
 */
export function silence(at: string, usualGapMs: number | null, now = Date.now()): string | null {
  if (usualGapMs === null) return null;
  const quiet = now - Date.parse(at);
  if (!(quiet > 4 * usualGapMs && quiet > 15 * 60_000)) return null;
  return `no build for ${formatDuration(quiet)} (it ran every ${formatDuration(usualGapMs)})`;
}

/**
 * How long an incident lasted, from its first build's start to its last's:
 * `single build` only for an incident of one build; several builds that
 * started at the same time are `same time`, not a single build.
 */
export function incidentDuration(span: { durationMs: number | null; buildCount: number }): string {
  if (span.buildCount <= 1) return "single build";
  if (span.durationMs === null) return "—";
  if (span.durationMs <= 0) return "same time";
  return formatDuration(span.durationMs);
}

export function formatCount(value: number | null | undefined): string {
  return value === null || value === undefined ? "—" : value.toLocaleString("en-US");
}

/** What a build label is made of: the read API's builds, incident ends, timeline points and upload answers all have it. */
export type BuildLabelFields = {
  job?: string | null;
  number: number | null;
  /** 1, or which re-run of build `number` this is: named after the number when it is not 1. */
  attempt?: number;
  /** Where it came from: "monitor" (a CI monitor run) or another format's snapshot. */
  sourceKind?: string | null;
  node?: string | null;
  startedAt?: string | null;
};

/**
 * The one way a build is named. A CI build is `job #number` (`#number` with
 * `job: false`, where the job is shown beside it). Anything without a build
 * number is named by its time: a watchdog warning, a pasted recon or etop
 * screen is a snapshot, with (unless `short`) its source and node —
 * `snapshot of 2020-12-18 04:01:39 UTC (ejabberd overload warning, node
 * ejabberd@im-1)`; a CI monitor run whose log named no build number is a
 * `monitor run of …`. Never the database id: it means nothing to an operator.
 */
export function buildLabel(build: BuildLabelFields, options: { job?: boolean; short?: boolean } = {}): string {
  const withJob = options.job ?? true;
  const job = build.job ?? null;
  if (build.number !== null) {
    const number = buildNumberLabel(build.number, build.attempt);
    return withJob && job !== null ? `${job} ${number}` : number;
  }
  // Seconds: ejabberd's watchdog can warn several times a minute.
  const time = formatTime(build.startedAt, { seconds: true });
  const monitor = !build.sourceKind || build.sourceKind === "monitor";
  const noun = monitor ? "monitor run" : "snapshot";
  const name = time === "—" ? `${noun}, time unknown` : `${noun} of ${time}`;
  const source = monitor ? null : (SOURCE_LABELS[build.sourceKind as string] ?? (build.sourceKind as string));
  const details = [source, build.node ? `node ${build.node}` : null].filter((part) => part !== null);
  const label = options.short || details.length === 0 ? name : `${name} (${details.join(", ")})`;
  return withJob && job !== null ? `${job}: ${label}` : label;
}

/** Only http(s) URLs become links; anything else (javascript:, data:) stays text. */
export function safeHttpUrl(value: string | null | undefined): string | null {
  if (!value) return null;
  try {
    const url = new URL(value);
    return url.protocol === "http:" || url.protocol === "https:" ? url.href : null;
  } catch {
    return null;
  }
}

/**
 * The filters a link to a room's page carries from a filtered list: every filter the room's page
 * follows but `room` (the page is the room). `logId` and `incidentId` too: from `/rooms?logId=9` a
 * row said 1 build blocked and its page, without them, 11 (a diff review).
 */
const ROOM_SCOPE_KEYS = ["job", "excludeJob", "class", "sourceKind", "pid", "incident", "incidentId", "logId", "from", "to"] as const;

/**
 * A room's page; with `filters` (a list's), the same scope: from `/rooms?job=X` a room's row said 5
 * builds blocked and its page, all jobs, 374 (an operator's review).
 */
export function roomHref(jid: string, filters?: Readonly<Record<string, string | undefined>>): string {
  const path = `/rooms/${encodeURIComponent(jid)}`;
  if (!filters) return path;
  const search = new URLSearchParams();
  for (const key of ROOM_SCOPE_KEYS) {
    const value = filters[key];
    if (value !== undefined && value !== "") search.set(key, value);
  }
  const text = search.toString();
  return text ? `${path}?${text}` : path;
}

/** `<6562.783.478>`: a pid as printed (the tables keep it on one line; a registered name may wrap). */
export const isPidText = (text: string): boolean => /^<\d+\.\d+\.\d+>$/.test(text);
