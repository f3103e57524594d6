import { describe, expect, it } from "vitest";
import { autoTimeAxis, GAP_SHARE, indexTicks, parseTimeAxis, timeTicks } from "./time-axis";

const DAY = 86_400_000;

describe("the timeline's x axis", () => {
  it("reads axis=time and axis=builds from the URL, nothing else", () => {
    expect(parseTimeAxis("time")).toBe("time");
    expect(parseTimeAxis("builds")).toBe("builds");
    for (const other of [null, undefined, "", "Builds", "log", "index"]) expect(parseTimeAxis(other)).toBeNull();
  });

  it("spaces the builds evenly when one gap is more than half the span (the seed's 2015 builds beside two of 2023)", () => {
    const fortnight = Array.from({ length: 300 }, (_, i) => Date.UTC(2015, 7, 16) + i * 3_600_000);
    expect(autoTimeAxis(fortnight)).toBe("time");
    expect(autoTimeAxis([...fortnight, Date.UTC(2023, 10, 2), Date.UTC(2023, 10, 2, 0, 3)])).toBe("builds");
    // A clock that said 1970 for one build: the same.
    expect(autoTimeAxis([0, ...fortnight])).toBe("builds");
  });

  it("keeps time for steady builds and for a pause shorter than half the span", () => {
    const month = Array.from({ length: 30 }, (_, i) => i * DAY);
    expect(autoTimeAxis(month)).toBe("time");
    // A week's pause in a month of builds: gaps are part of the story.
    expect(autoTimeAxis([...month.slice(0, 10), ...month.slice(17)])).toBe("time");
    // Exactly half is not more than half.
    expect(autoTimeAxis([0, 1 * DAY, 2 * DAY, 4 * DAY])).toBe("time");
    expect(GAP_SHARE).toBe(0.5);
    expect(autoTimeAxis([0, 1 * DAY, 2 * DAY, 4.01 * DAY])).toBe("builds");
  });

  it("keeps time with fewer than three builds or no span", () => {
    expect(autoTimeAxis([])).toBe("time");
    expect(autoTimeAxis([0, 100 * DAY])).toBe("time");
    expect(autoTimeAxis([5, 5, 5])).toBe("time");
  });

  it("ticks: first and last position, about six, each once", () => {
    expect(indexTicks(0)).toEqual([]);
    expect(indexTicks(1)).toEqual([0]);
    expect(indexTicks(4)).toEqual([0, 1, 2, 3]);
    expect(indexTicks(302)).toEqual([0, 60, 120, 181, 241, 301]);
    expect(indexTicks(7)).toEqual([0, 1, 2, 4, 5, 6]);
  });

  it("time ticks fall at round times on the display clock, at most six", () => {
    const at = (iso: string) => Date.parse(iso);
    const iso = (ticks: number[]) => ticks.map((t) => new Date(t).toISOString().slice(0, 16));
    // Six hours: every 2 hours, on the hour (not 00:34, 01:46, …).
    expect(iso(timeTicks(at("2015-08-23T00:34:00Z"), at("2015-08-23T06:34:00Z")))).toEqual(["2015-08-23T02:00", "2015-08-23T04:00", "2015-08-23T06:00"]);
    // Fifteen hours: every 3 hours of the display clock; in UTC+8 those are 01:00, 04:00… UTC.
    expect(iso(timeTicks(at("2015-08-23T00:00:00Z"), at("2015-08-23T15:00:00Z")))).toEqual(["00:00", "03:00", "06:00", "09:00", "12:00", "15:00"].map((h) => `2015-08-23T${h}`));
    expect(iso(timeTicks(at("2015-08-23T00:00:00Z"), at("2015-08-23T15:00:00Z"), 8 * 60))).toEqual(["01:00", "04:00", "07:00", "10:00", "13:00"].map((h) => `2015-08-23T${h}`));
    // Days: at midnight, every 5 days for 17.5 days; in UTC+8 at its midnight (16:00 UTC).
    const days = timeTicks(at("2015-08-14T00:37:00Z"), at("2015-08-31T13:25:00Z"));
    expect(days.length).toBeLessThanOrEqual(6);
    expect(days.length).toBeGreaterThanOrEqual(3);
    for (const t of iso(days)) expect(t).toMatch(/T00:00$/);
    expect(days[1]! - days[0]!).toBe(5 * DAY);
    for (const t of iso(timeTicks(at("2015-08-14T00:37:00Z"), at("2015-08-31T13:25:00Z"), 8 * 60))) expect(t).toMatch(/T16:00$/);
    // Months: the first of every second month.
    expect(iso(timeTicks(at("2015-03-10T00:00:00Z"), at("2016-01-20T00:00:00Z")))).toEqual(
      ["2015-05-01", "2015-07-01", "2015-09-01", "2015-11-01", "2016-01-01"].map((d) => `${d}T00:00`),
    );
    // Years apart (the seed's 2015 beside 2023): at most six, each a first of January.
    const years = iso(timeTicks(at("2015-08-14T00:00:00Z"), at("2023-02-01T00:00:00Z")));
    expect(years.length).toBeLessThanOrEqual(6);
    for (const t of years) expect(t).toMatch(/-01-01T00:00$/);
    // Weeks on Mondays; centuries on the first of January.
    for (const t of timeTicks(at("2015-08-01T00:00:00Z"), at("2015-10-01T00:00:00Z"))) expect(new Date(t).getUTCDay()).toBe(1);
    for (const t of iso(timeTicks(at("1950-03-10T00:00:00Z"), at("2025-01-01T00:00:00Z")))) expect(t).toMatch(/-01-01T00:00$/);
    // No span: none.
    expect(timeTicks(5, 5)).toEqual([]);
  });
});
