// ## The timeline's x axis
//
// Builds are placed by their time, which shows gaps and rates as they were. One build far from
// the others (a console from an old log, a CI host whose clock said 2023, a job paused for
// months) stretches that axis until every other build shares a few pixels: the seed's 300
// builds of two weeks in 2015 became a sliver beside two builds of 2023. The "builds" axis puts
// the builds side by side in time order, evenly spaced, each tick still naming its build's time.
// Chosen in the URL as `axis=builds` or `axis=time`; without it, the data decides: builds when
// one gap between consecutive builds is more than half of the whole span.

export type TimeAxis = "time" | "builds";

/** Share of the whole span one gap must pass for the view to start evenly spaced. */
export const GAP_SHARE = 0.5;

/** `axis` from the URL; null for absent or anything else (the data decides). */
export function parseTimeAxis(value: string | null | undefined): TimeAxis | null {
  return value === "time" || value === "builds" ? value : null;
}

/** The axis the data calls for when the URL does not say; `times` in ascending order (ms). */
export function autoTimeAxis(times: readonly number[]): TimeAxis {
  if (times.length < 3) return "time";
  const span = times[times.length - 1]! - times[0]!;
  if (!(span > 0)) return "time";
  let gap = 0;
  for (let i = 1; i < times.length; i++) gap = Math.max(gap, times[i]! - times[i - 1]!);
  return gap > span * GAP_SHARE ? "builds" : "time";
}

/** About `count` ticks over the positions 0 … n-1, first and last included, each once. */
export function indexTicks(n: number, count = 6): number[] {
  if (n <= 0) return [];
  if (n <= count) return Array.from({ length: n }, (_, i) => i);
  return [...new Set(Array.from({ length: count }, (_, i) => Math.round(((n - 1) * i) / (count - 1))))];
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
/** Steps a time tick falls on, each a whole multiple of a round unit on the display clock. */
const STEPS = [1, 2, 5, 10, 15, 30].map((m) => m * MINUTE).concat([1, 2, 3, 6, 12].map((h) => h * HOUR), [1, 2, 3, 5, 7, 10, 14].map((d) => d * DAY));
/** Steps in calendar months, past two weeks. */
const MONTH_STEPS = [1, 2, 3, 6, 12, 24, 60, 120];

/**
 * Ticks for a time axis from `first` to `last` (ms), at most `count`, at round times on the
 * display clock (`offsetMinutes` east of UTC): every 6 hours at 00:00, 06:00…; every day at
 * midnight; months on their first day. Five equal parts of the span fell at times no one reads
 * (08-16 21:49, 08-21 19:01: an operator-UX review). Empty when the span holds none.
 */
export function timeTicks(first: number, last: number, offsetMinutes = 0, count = 6): number[] {
  if (!(last > first)) return [];
  const span = last - first;
  const shift = offsetMinutes * MINUTE;
  // The smallest step that gives at most `count` ticks (span / step + 1 of them at most).
  const step = STEPS.find((s) => span / s <= count - 1);
  if (step !== undefined) {
    // Weeks start on a Monday (1970-01-05; the epoch was a Thursday).
    const base = step % (7 * DAY) === 0 ? 4 * DAY : 0;
    const ticks: number[] = [];
    for (let t = Math.ceil((first + shift - base) / step) * step + base - shift; t <= last; t += step) ticks.push(t);
    return ticks;
  }
  // Months: the first of a month on the display clock.
  const start = new Date(first + shift);
  const months = (new Date(last + shift).getUTCFullYear() - start.getUTCFullYear()) * 12 + new Date(last + shift).getUTCMonth() - start.getUTCMonth();
  const every = MONTH_STEPS.find((m) => months / m <= count - 1) ?? Math.ceil(months / (count - 1) / 12) * 12;
  const ticks: number[] = [];
  let year = start.getUTCFullYear();
  let month = Math.ceil(start.getUTCMonth() / every) * every;
  for (let i = 0; i < 1000; i++) {
    const t = Date.UTC(year, month, 1) - shift;
    if (t > last) break;
    if (t >= first) ticks.push(t);
    month += every;
    year += Math.floor(month / 12);
    month %= 12;
  }
  return ticks;
}
