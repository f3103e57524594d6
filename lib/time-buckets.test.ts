import { describe, expect, test } from "vitest";
import { bucketLabel, bucketLayout, bucketSize, bucketStart, bucketTick, countByBucket, MAX_BUCKETS, nextBucket, spansYears, type BucketSize } from "./time-buckets";

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const at = (text: string) => Date.parse(text);
const iso = (ms: number) => new Date(ms).toISOString();

describe("bucketSize", () => {
  test.each<[string, number, BucketSize]>([
    ["nothing to span", 0, { unit: "hour", step: 1 }],
    ["two days", 2 * DAY, { unit: "hour", step: 1 }],
    ["a minute past two days", 2 * DAY + 60_000, { unit: "day", step: 1 }],
    ["120 days", 120 * DAY, { unit: "day", step: 1 }],
    ["121 days", 121 * DAY, { unit: "week", step: 1 }],
    ["198 weeks", 198 * 7 * DAY, { unit: "week", step: 1 }],
    ["four years", 4 * 365 * DAY, { unit: "month", step: 1 }],
    ["twenty years", 20 * 365 * DAY, { unit: "year", step: 1 }],
    ["the whole range a date filter takes", at("9999-12-31T00:00:00Z") - at("1970-01-01T00:00:00Z"), { unit: "year", step: 41 }],
  ])("%s", (_what, span, size) => {
    expect(bucketSize(span)).toEqual(size);
  });
});

describe("bucketStart and nextBucket, on the display clock", () => {
  test.each<[string, BucketSize, number, string, string]>([
    ["an hour in UTC", { unit: "hour", step: 1 }, 0, "2015-08-23T00:34:01Z", "2015-08-23T00:00:00.000Z"],
    // 00:34 UTC is 06:04 there: its hour began at 06:00, 00:30 UTC.
    ["an hour at +05:30", { unit: "hour", step: 1 }, 330, "2015-08-23T00:34:01Z", "2015-08-23T00:30:00.000Z"],
    ["a day in UTC", { unit: "day", step: 1 }, 0, "2015-08-23T23:59:59Z", "2015-08-23T00:00:00.000Z"],
    // 2015-08-23 20:00 UTC is 08-24 04:00 at +08:00: that day, from its midnight (08-23 16:00 UTC).
    ["a day at +08:00", { unit: "day", step: 1 }, 480, "2015-08-23T20:00:00Z", "2015-08-23T16:00:00.000Z"],
    ["a day at -05:00", { unit: "day", step: 1 }, -300, "2015-08-23T03:00:00Z", "2015-08-22T05:00:00.000Z"],
    // 2015-08-23 was a Sunday: its week began on Monday the 17th.
    ["a week", { unit: "week", step: 1 }, 0, "2015-08-23T12:00:00Z", "2015-08-17T00:00:00.000Z"],
    ["a week from its Monday", { unit: "week", step: 1 }, 0, "2015-08-24T00:00:00Z", "2015-08-24T00:00:00.000Z"],
    ["a week at +08:00", { unit: "week", step: 1 }, 480, "2015-08-23T17:00:00Z", "2015-08-23T16:00:00.000Z"],
    ["a month", { unit: "month", step: 1 }, 0, "2015-02-28T23:00:00Z", "2015-02-01T00:00:00.000Z"],
    ["a month at +08:00", { unit: "month", step: 1 }, 480, "2015-02-28T17:00:00Z", "2015-02-28T16:00:00.000Z"],
    ["a year", { unit: "year", step: 1 }, 0, "2015-08-23T00:00:00Z", "2015-01-01T00:00:00.000Z"],
    ["five years", { unit: "year", step: 5 }, 0, "2017-08-23T00:00:00Z", "2015-01-01T00:00:00.000Z"],
  ])("%s", (_what, size, offset, time, start) => {
    const begins = bucketStart(at(time), size, offset);
    expect(iso(begins)).toBe(start);
    // The bucket holds the time, and the next begins where it ends.
    expect(begins).toBeLessThanOrEqual(at(time));
    expect(nextBucket(begins, size, offset)).toBeGreaterThan(at(time));
    expect(bucketStart(nextBucket(begins, size, offset), size, offset)).toBe(nextBucket(begins, size, offset));
  });

  test.each<[BucketSize, number, string, string]>([
    [{ unit: "month", step: 1 }, 0, "2015-01-01T00:00:00Z", "2015-02-01T00:00:00.000Z"],
    [{ unit: "month", step: 1 }, 0, "2015-12-01T00:00:00Z", "2016-01-01T00:00:00.000Z"],
    [{ unit: "month", step: 1 }, 480, "2015-01-31T16:00:00Z", "2015-02-28T16:00:00.000Z"],
    [{ unit: "year", step: 5 }, 0, "2015-01-01T00:00:00Z", "2020-01-01T00:00:00.000Z"],
  ])("after %j at %i: %s → %s", (size, offset, start, next) => {
    expect(iso(nextBucket(at(start), size, offset))).toBe(next);
  });
});

describe("countByBucket", () => {
  test("counts each key per bucket, the empty days between as zero", () => {
    const { size, buckets } = countByBucket([
      { at: at("2015-08-23T00:34:01Z"), key: "muc_room" },
      { at: at("2015-08-25T08:16:00Z"), key: "dead" },
      { at: at("2015-08-25T11:28:00Z"), key: "sql" },
      { at: at("2015-08-25T11:30:00Z"), key: "sql" },
    ]);
    expect(size).toEqual({ unit: "day", step: 1 });
    expect(buckets.map((b) => [iso(b.start), iso(b.end), b.counts, b.total])).toEqual([
      ["2015-08-23T00:00:00.000Z", "2015-08-24T00:00:00.000Z", { muc_room: 1 }, 1],
      ["2015-08-24T00:00:00.000Z", "2015-08-25T00:00:00.000Z", {}, 0],
      ["2015-08-25T00:00:00.000Z", "2015-08-26T00:00:00.000Z", { dead: 1, sql: 2 }, 3],
    ]);
  });

  test("in the display offset: 20:00 UTC is the next day at +08:00", () => {
    const { buckets } = countByBucket(
      [
        { at: at("2015-08-23T10:00:00Z"), key: "sql" },
        { at: at("2015-08-23T20:00:00Z"), key: "sql" },
        { at: at("2015-08-25T20:00:00Z"), key: "sql" },
      ],
      480,
    );
    expect(buckets.map((b) => [bucketLabel(b.start, { unit: "day", step: 1 }, 480), b.total])).toEqual([
      ["2015-08-23", 1],
      ["2015-08-24", 1],
      ["2015-08-25", 0],
      ["2015-08-26", 1],
    ]);
  });

  test("one thing, or all at one time: one hour's bucket", () => {
    const { size, buckets } = countByBucket([
      { at: at("2015-08-23T00:34:01Z"), key: "rpc" },
      { at: at("2015-08-23T00:34:01Z"), key: "rpc" },
    ]);
    expect(size.unit).toBe("hour");
    expect(buckets).toHaveLength(1);
    expect(buckets[0]!.counts).toEqual({ rpc: 2 });
  });

  test("a long stretch without anything is cut out: one old thing among recent ones keeps day buckets", () => {
    const items = [
      ...["2015-08-16T10:00:00Z", "2015-08-20T10:00:00Z", "2015-08-20T11:00:00Z", "2015-09-01T08:00:00Z"].map((t) => ({ at: at(t), key: "muc_room" })),
      { at: at("2023-11-02T01:30:00Z"), key: "rpc" },
      { at: at("2023-11-02T01:33:00Z"), key: "sql" },
    ];
    // Over the whole span (8 years) these were monthly buckets, 2015's four things in one bar.
    expect(bucketSize(at("2023-11-02T01:33:00Z") - at("2015-08-16T10:00:00Z")).unit).toBe("month");
    const { size, buckets } = countByBucket(items);
    expect(size).toEqual({ unit: "day", step: 1 });
    // 2015-08-16 to 09-01 (17 days), the stretch, 2023-11-02.
    expect(buckets).toHaveLength(17 + 1 + 1);
    const gap = buckets[17]!;
    expect([iso(gap.start), iso(gap.end), gap.gap, gap.total]).toEqual(["2015-09-02T00:00:00.000Z", "2023-11-02T00:00:00.000Z", true, 0]);
    expect(buckets.filter((b) => b.gap)).toHaveLength(1);
    expect([buckets[0]!.total, buckets[4]!.total, buckets[16]!.total, buckets[18]!.counts]).toEqual([1, 2, 1, { rpc: 1, sql: 1 }]);
    // Each bucket begins where the one before ends.
    for (let i = 1; i < buckets.length; i++) expect(buckets[i]!.start).toBe(buckets[i - 1]!.end);
  });

  test("a stretch shorter than that stays drawn as empty buckets", () => {
    // 2 days, then 15 empty ones, then 1: fewer than 20 empty buckets.
    const { buckets } = countByBucket([
      { at: at("2015-08-01T10:00:00Z"), key: "a" },
      { at: at("2015-08-02T10:00:00Z"), key: "a" },
      { at: at("2015-08-18T10:00:00Z"), key: "a" },
    ]);
    expect(buckets).toHaveLength(18);
    expect(buckets.some((b) => b.gap)).toBe(false);
  });

  test("many groups far apart: still at most MAX_BUCKETS buckets, every thing counted", () => {
    const items = Array.from({ length: 60 }, (_, k) => [0, 1, 2].map((h) => ({ at: at("2000-01-01T00:00:00Z") + k * 400 * DAY + h * 3_600_000, key: "a" }))).flat();
    const { buckets } = countByBucket(items);
    expect(buckets.length).toBeLessThanOrEqual(MAX_BUCKETS);
    expect(buckets.reduce((sum, b) => sum + b.total, 0)).toBe(180);
    for (let i = 1; i < buckets.length; i++) expect(buckets[i]!.start).toBe(buckets[i - 1]!.end);
  });

  test("starts in the years 0 to 99 (Date.UTC would read them as 1900 to 1999): counted, in order", () => {
    for (const first of ["0001-03-01T10:00:00Z", "0050-06-01T00:00:00Z"]) {
      const items = [first, "0060-01-01T00:00:00Z", "2015-08-23T00:00:00Z"].map((t) => ({ at: at(t), key: "a" }));
      const { buckets } = countByBucket(items, 480);
      expect(buckets.reduce((sum, b) => sum + b.total, 0)).toBe(3);
      for (let i = 1; i < buckets.length; i++) expect(buckets[i]!.start).toBe(buckets[i - 1]!.end);
    }
    expect(iso(bucketStart(at("0001-03-01T10:00:00Z"), { unit: "month", step: 1 }))).toBe("0001-03-01T00:00:00.000Z");
    expect(iso(nextBucket(at("0099-12-01T00:00:00Z"), { unit: "month", step: 1 }))).toBe("0100-01-01T00:00:00.000Z");
  });

  test("nothing: no buckets", () => {
    expect(countByBucket([]).buckets).toEqual([]);
  });

  // Spans at each size's limit and a little past it, in several offsets: never more than MAX_BUCKETS.
  test.each([2 * DAY, 2 * DAY + 1, 120 * DAY, 120 * DAY + 1, 198 * 7 * DAY, 198 * 7 * DAY + 1, 16.4 * 365 * DAY, 16.6 * 365 * DAY, 8000 * 365 * DAY])(
    "a span of %i ms makes at most MAX_BUCKETS buckets",
    (span) => {
      for (const offset of [-720, -300, 0, 330, 840]) {
        for (const first of [at("2015-08-23T23:59:59Z"), at("1971-01-01T00:00:00Z"), at("2016-02-29T12:34:56Z")]) {
          const { buckets } = countByBucket(
            [
              { at: first, key: "a" },
              { at: first + span, key: "b" },
            ],
            offset,
          );
          expect(buckets.length).toBeLessThanOrEqual(MAX_BUCKETS);
          expect(buckets.reduce((sum, b) => sum + b.total, 0)).toBe(2);
        }
      }
    },
  );
});

describe("bucketLayout", () => {
  // What the database gives countIncidentStarts: each bucket's (of the whole span's size) first and last time.
  test("from each bucket's first and last time alone: the buckets of every time", () => {
    let seed = 5;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
    let cut = 0;
    for (let round = 0; round < 300; round++) {
      const ats: number[] = [];
      // One to three clusters, some years apart, of one to 40 times each.
      for (let c = 1 + Math.floor(random() * 3); c > 0; c--) {
        const from = at("1990-01-01T00:00:00Z") + random() * 40 * 365 * DAY;
        const spread = [HOUR, DAY, 30 * DAY, 400 * DAY, 3000 * DAY][Math.floor(random() * 5)]!;
        for (let k = 1 + Math.floor(random() * 40); k > 0; k--) ats.push(Math.floor(from + random() * spread));
      }
      ats.sort((a, b) => a - b);
      const offset = [0, 330, -210, 840][round % 4]!;
      const every = bucketLayout(ats, offset);
      const whole = bucketSize(ats[ats.length - 1]! - ats[0]!);
      const ends = new Map<number, [number, number]>();
      for (const t of ats) {
        const start = bucketStart(t, whole, offset);
        const seen = ends.get(start);
        ends.set(start, seen ? [seen[0], t] : [t, t]);
      }
      const reps = [...ends.values()].flat();
      expect(bucketLayout(reps, offset), JSON.stringify({ round, offset })).toEqual(every);
      if (every.buckets.some((b) => b.gap)) cut++;
    }
    // Some rounds had stretches cut out (the case where dropping times could have mattered).
    expect(cut).toBeGreaterThan(10);
  });
});

describe("labels", () => {
  test.each<[BucketSize, number, string, string, string]>([
    [{ unit: "hour", step: 1 }, 0, "2015-08-23T14:00:00Z", "2015-08-23 14:00", "08-23 14:00"],
    [{ unit: "hour", step: 1 }, 330, "2015-08-23T13:30:00Z", "2015-08-23 19:00", "08-23 19:00"],
    [{ unit: "day", step: 1 }, 0, "2015-08-23T00:00:00Z", "2015-08-23", "08-23"],
    [{ unit: "day", step: 1 }, 480, "2015-08-22T16:00:00Z", "2015-08-23", "08-23"],
    [{ unit: "week", step: 1 }, 0, "2015-08-17T00:00:00Z", "week of 2015-08-17", "2015-08-17"],
    [{ unit: "month", step: 1 }, 0, "2015-08-01T00:00:00Z", "2015-08", "2015-08"],
    [{ unit: "year", step: 1 }, 0, "2015-01-01T00:00:00Z", "2015", "2015"],
    [{ unit: "year", step: 5 }, 0, "2015-01-01T00:00:00Z", "2015–2019", "2015–2019"],
  ])("%j at %i from %s: %s, tick %s", (size, offset, start, label, tick) => {
    expect(bucketLabel(at(start), size, offset)).toBe(label);
    expect(bucketTick(at(start), size, offset)).toBe(tick);
  });

  // A UI review: an axis over 2015-09 and one bucket of 2023 read `09-14 | ⋯ | 06-01`.
  test("an axis over more than one year keeps the year in an hour's or a day's tick", () => {
    expect(spansYears([at("2015-09-01T00:00:00Z"), at("2015-09-14T00:00:00Z")])).toBe(false);
    expect(spansYears([at("2015-09-01T00:00:00Z"), at("2023-06-01T00:00:00Z")])).toBe(true);
    // On the display clock: 2015-12-31 20:00 UTC is 2016-01-01 at +08:00.
    expect(spansYears([at("2015-12-30T00:00:00Z"), at("2015-12-31T20:00:00Z")], 0)).toBe(false);
    expect(spansYears([at("2015-12-30T00:00:00Z"), at("2015-12-31T20:00:00Z")], 480)).toBe(true);
    expect(bucketTick(at("2023-06-01T00:00:00Z"), { unit: "day", step: 1 }, 0, true)).toBe("2023-06-01");
    expect(bucketTick(at("2015-08-23T14:00:00Z"), { unit: "hour", step: 1 }, 0, true)).toBe("2015-08-23 14:00");
    expect(bucketTick(at("2015-08-17T00:00:00Z"), { unit: "week", step: 1 }, 0, true)).toBe("2015-08-17");
  });
});
