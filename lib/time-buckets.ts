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
      return Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), 1) - shift;
    }
    case "year": {
      const year = new Date(wall).getUTCFullYear();
      return Date.UTC(year - (((year % size.step) + size.step) % size.step), 0, 1) - shift;
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
      return Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + 1, 1) - shift;
    }
    case "year":
      return Date.UTC(new Date(start + shift).getUTCFullYear() + size.step, 0, 1) - shift;
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

export type Bucket = { start: number; end: number; counts: Record<string, number>; total: number };

/**
 * Things (`at` in ms, `key` what they are stacked by) counted per bucket, from the first one's
 * bucket to the last one's, every bucket in between included (empty: zero), so that gaps show.
 * The size comes from the span of `items` (bucketSize). Empty for no items.
 */
export function countByBucket(items: readonly { at: number; key: string }[], offsetMinutes = 0): { size: BucketSize; buckets: Bucket[] } {
  let first = Infinity;
  let last = -Infinity;
  for (const item of items) {
    first = Math.min(first, item.at);
    last = Math.max(last, item.at);
  }
  const size = bucketSize(items.length > 0 ? last - first : 0);
  if (items.length === 0) return { size, buckets: [] };
  const buckets: Bucket[] = bucketsBetween(first, last, size, offsetMinutes).map((range) => ({ ...range, counts: {}, total: 0 }));
  const index = new Map(buckets.map((bucket) => [bucket.start, bucket]));
  for (const item of items) {
    const bucket = index.get(bucketStart(item.at, size, offsetMinutes))!;
    bucket.counts[item.key] = (bucket.counts[item.key] ?? 0) + 1;
    bucket.total += 1;
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

/** A bucket's tick on the axis: shorter than bucketLabel (`08-23 14:00`, `08-23`, `2015-08-17`, `2015-08`, `2015`). */
export function bucketTick(start: number, size: BucketSize, offsetMinutes = 0): string {
  const label = bucketLabel(start, size, offsetMinutes);
  if (size.unit === "hour" || size.unit === "day") return label.slice(5);
  if (size.unit === "week") return label.slice("week of ".length);
  return label;
}
