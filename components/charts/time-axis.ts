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
