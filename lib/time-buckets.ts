// ## Time buckets: counting things per hour, day, week, month or year
//
// Buckets are whole units of the display clock (`offsetMinutes` east of UTC, the offset pages
// show times in: components/ui/format.ts), so a day's bar starts at that clock's midnight, as the
// timeline's ticks do (components/charts/time-axis.ts). Weeks start on a Monday, as there.
// The offset is fixed (no daylight saving), so an hour or a day is always as long.
//
// No imports: the incidents chart formats its labels with these in the browser.

export type BucketUnit = "hour" | "day" | "week" | "month" | "year";

/** A bucket's length: `step` units (more than one only for years, over a very long span). */
export type BucketSize = { unit: BucketUnit; step: number };

/** At most this many buckets, gaps included: bars stay wide enough to see and to click. */
export const MAX_BUCKETS = 200;

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const WEEK = 7 * DAY;
/** Mondays are 1970-01-05 plus whole weeks (the epoch was a Thursday). */
const MONDAY = 4 * DAY;

/**
 * The bucket for a span (ms) from the first to the last thing counted: hours up to two days,
 * days up to 120 days, then weeks, months, years, each while MAX_BUCKETS of them hold the span
 * (two kept spare: the first and last bucket reach past its ends).
 */
export function bucketSize(span: number): BucketSize {
  if (span <= 2 * DAY) return { unit: "hour", step: 1 };
  if (span <= 120 * DAY) return { unit: "day", step: 1 };
  if (span <= (MAX_BUCKETS - 2) * WEEK) return { unit: "week", step: 1 };
  // Months and years by their mean length: a bucket to spare covers the difference.
  const months = span / (30.44 * DAY);
  if (months <= MAX_BUCKETS - 2) return { unit: "month", step: 1 };
  return { unit: "year", step: Math.ceil(months / 12 / (MAX_BUCKETS - 2)) };
}

/**
 * The first of month `month` (0-based; 12 is the next year's January) of `year`, UTC, in ms. Not
 * Date.UTC, which reads the years 0 to 99 as 1900 to 1999: a log's start in year 1 made the page
 * answer 500 (a review, 2026-12-07).
 */
function utc(year: number, month: number): number {
  const date = new Date(0);
  date.setUTCFullYear(year, month, 1);
  return date.getTime();
}

/** The start (ms) of the bucket that holds `ms`. */
export function bucketStart(ms: number, size: BucketSize, offsetMinutes = 0): number {
  const shift = offsetMinutes * MINUTE;
  const wall = ms + shift;
  switch (size.unit) {
    case "hour":
      return Math.floor(wall / HOUR) * HOUR - shift;
    case "day":
      return Math.floor(wall / DAY) * DAY - shift;
    case "week":
      return Math.floor((wall - MONDAY) / WEEK) * WEEK + MONDAY - shift;
    case "month": {
      const date = new Date(wall);
      return utc(date.getUTCFullYear(), date.getUTCMonth()) - shift;
    }
    case "year": {
      const year = new Date(wall).getUTCFullYear();
      return utc(year - (((year % size.step) + size.step) % size.step), 0) - shift;
    }
  }
}

/** The start of the bucket after the one starting at `start` (a bucket's exclusive end). */
export function nextBucket(start: number, size: BucketSize, offsetMinutes = 0): number {
  const shift = offsetMinutes * MINUTE;
  switch (size.unit) {
    case "hour":
      return start + HOUR;
    case "day":
      return start + DAY;
    case "week":
      return start + WEEK;
    case "month": {
      const date = new Date(start + shift);
      return utc(date.getUTCFullYear(), date.getUTCMonth() + 1) - shift;
    }
    case "year":
      return utc(new Date(start + shift).getUTCFullYear() + size.step, 0) - shift;
  }
}

/** The buckets from the one holding `first` to the one holding `last` (ms), each once, in order. */
export function bucketsBetween(first: number, last: number, size: BucketSize, offsetMinutes = 0): { start: number; end: number }[] {
  const buckets: { start: number; end: number }[] = [];
  for (let start = bucketStart(first, size, offsetMinutes); start <= last; ) {
    const end = nextBucket(start, size, offsetMinutes);
    buckets.push({ start, end });
    start = end;
  }
  return buckets;
}

/**
 * A bucket and what it holds. `gap`: a long stretch with nothing in it between two groups of
 * things, drawn as one bucket (not to scale: see countByBucket).
 */
export type Bucket = { start: number; end: number; counts: Record<string, number>; total: number; gap?: true };

/** A stretch with nothing in it is cut out (a `gap` bucket) from this many empty buckets of the whole span's size… */
const GAP_BUCKETS = 20;
/** …when it is also at least this share of the whole span's buckets. */
const GAP_SHARE = 0.25;

/** The next larger bucket size (years: twice as many). */
function larger(size: BucketSize): BucketSize {
  const order: BucketUnit[] = ["hour", "day", "week", "month", "year"];
  return size.unit === "year" ? { unit: "year", step: size.step * 2 } : { unit: order[order.indexOf(size.unit) + 1]!, step: 1 };
}

/**
 * Things (`at` in ms, `key` what they are stacked by) counted per bucket, from the first one's
 * bucket to the last one's, every bucket in between included (empty: zero), so that gaps show.
 * The size comes from the span of `items` (bucketSize). Empty for no items. The buckets are
 * bucketLayout's for the items' times.
 */
export function countByBucket(items: readonly { at: number; key: string }[], offsetMinutes = 0): { size: BucketSize; buckets: Bucket[] } {
  const { size, buckets } = bucketLayout(Float64Array.from(items, (item) => item.at).sort(), offsetMinutes);
  const index = bucketIndex(buckets);
  for (const item of items) addToBucket(index, bucketStart(item.at, size, offsetMinutes), item.key, 1);
  return { size, buckets };
}

/** The buckets that things are counted in (not the gaps), by their start. */
export function bucketIndex(buckets: Bucket[]): Map<number, Bucket> {
  return new Map(buckets.filter((bucket) => !bucket.gap).map((bucket) => [bucket.start, bucket]));
}

/** `count` things of `key` added to the bucket starting at `start` (one of bucketLayout's: see bucketIndex). */
export function addToBucket(index: Map<number, Bucket>, start: number, key: string, count: number): void {
  const bucket = index.get(start)!;
  bucket.counts[key] = (bucket.counts[key] ?? 0) + count;
  bucket.total += count;
}

/**
 * The buckets, all empty, for things at the times `ats` (ms, ascending): from the first one's
 * bucket to the last one's, the size from their span (bucketSize).
 *
 * A long empty stretch is cut out: one old thing among recent ones (a log of 2015 uploaded beside
 * this year's) made the span years long, and every recent thing fell in one month's bar. The
 * things are then grouped at such stretches, the size comes from the longest group's span, and
 * each stretch is one `gap` bucket between its groups' buckets.
 *
 * Only the first and the last time of each bucket of the whole span's size (bucketSize of the
 * span from the first to the last time) matter: two times in one such bucket are never a
 * stretch to cut out (that takes GAP_BUCKETS empty buckets between them), and the groups'
 * ends are first or last times of theirs. So `ats` may be those times alone (the database counts
 * the rest: lib/db/queries.ts countIncidentStarts), and the layout is the same.
 */
export function bucketLayout(ats: ArrayLike<number>, offsetMinutes = 0): { size: BucketSize; buckets: Bucket[] } {
  if (ats.length === 0) return { size: bucketSize(0), buckets: [] };
  const whole = bucketSize(ats[ats.length - 1]! - ats[0]!);
  const all = bucketsBetween(ats[0]!, ats[ats.length - 1]!, whole, offsetMinutes).length;
  const empties = Math.max(GAP_BUCKETS, GAP_SHARE * all);
  // No stretch shorter than this (that many of the shortest buckets) can hold `empties` empty buckets.
  const shortest = { hour: HOUR, day: DAY, week: WEEK, month: 28 * DAY, year: 365 * DAY * whole.step }[whole.unit];
  // Groups: the things between long empty stretches, as [first, last] times.
  const groups: [number, number][] = [[ats[0]!, ats[0]!]];
  for (let i = 1; i < ats.length; i++) {
    const long = ats[i]! - ats[i - 1]! >= empties * shortest && bucketsBetween(ats[i - 1]!, ats[i]!, whole, offsetMinutes).length - 2 >= empties;
    if (long) groups.push([ats[i]!, ats[i]!]);
    else groups[groups.length - 1]![1] = ats[i]!;
  }
  let size = groups.length === 1 ? whole : bucketSize(Math.max(...groups.map(([first, last]) => last - first)));
  const rangesAt = (s: BucketSize) => groups.map(([first, last]) => bucketsBetween(first, last, s, offsetMinutes));
  let ranges = rangesAt(size);
  // The groups' buckets and a gap between each two, MAX_BUCKETS at most.
  while (ranges.reduce((sum, group) => sum + group.length, 0) + groups.length - 1 > MAX_BUCKETS) ranges = rangesAt((size = larger(size)));
  const buckets: Bucket[] = [];
  for (const [g, group] of ranges.entries()) {
    const previous = buckets[buckets.length - 1];
    const start = group[0]!.start;
    // The stretch between the groups; one bucket long (bigger buckets closed it up), an empty one.
    // (Not counted out: at the groups' size it may be millions of buckets long.)
    if (previous && previous.end < start) {
      const next = nextBucket(previous.end, size, offsetMinutes);
      buckets.push(next < start ? { start: previous.end, end: start, counts: {}, total: 0, gap: true } : { start: previous.end, end: next, counts: {}, total: 0 });
    }
    for (const range of group) if (!(g > 0 && previous && range.start < previous.end)) buckets.push({ ...range, counts: {}, total: 0 });
  }
  return { size, buckets };
}

const pad = (n: number) => String(n).padStart(2, "0");

/** What one bucket is, for a caption: `hour`, `day`, `week (from Monday)`, `month`, `year`, `5 years`. */
export function bucketSizeName(size: BucketSize): string {
  if (size.unit === "week") return "week (from Monday)";
  return size.step === 1 ? size.unit : `${size.step} ${size.unit}s`;
}

/**
 * A bucket as the tooltip and the live region name it, on the display clock: `2015-08-23 14:00`
 * (hour), `2015-08-23` (day), `week of 2015-08-17`, `2015-08` (month), `2015`, `2010–2014`.
 */
export function bucketLabel(start: number, size: BucketSize, offsetMinutes = 0): string {
  const date = new Date(start + offsetMinutes * MINUTE);
  const day = `${date.getUTCFullYear()}-${pad(date.getUTCMonth() + 1)}-${pad(date.getUTCDate())}`;
  switch (size.unit) {
    case "hour":
      return `${day} ${pad(date.getUTCHours())}:00`;
    case "day":
      return day;
    case "week":
      return `week of ${day}`;
    case "month":
      return day.slice(0, 7);
    case "year":
      return size.step === 1 ? String(date.getUTCFullYear()) : `${date.getUTCFullYear()}–${date.getUTCFullYear() + size.step - 1}`;
  }
}

/** Whether buckets starting at `starts` fall in more than one year of the display clock. */
export function spansYears(starts: readonly number[], offsetMinutes = 0): boolean {
  const years = new Set(starts.map((start) => new Date(start + offsetMinutes * 60_000).getUTCFullYear()));
  return years.size > 1;
}

/**
 * A bucket's tick on the axis: shorter than bucketLabel (`08-23 14:00`, `08-23`, `2015-08-17`,
 * `2015-08`, `2015`). `withYear`: the axis spans more than one year (spansYears), and an hour's or a
 * day's tick keeps its year (`2023-06-01`: a UI review read `06-01`, of 2023, as a day after `09-14`).
 */
export function bucketTick(start: number, size: BucketSize, offsetMinutes = 0, withYear = false): string {
  const label = bucketLabel(start, size, offsetMinutes);
  if (size.unit === "hour" || size.unit === "day") return withYear ? label : label.slice(5);
  if (size.unit === "week") return label.slice("week of ".length);
  return label;
}
