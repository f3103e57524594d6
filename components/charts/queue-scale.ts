// ## The timeline's y scale
//
// Queue lengths span orders of magnitude: a stuck room at 3,102 messages and
// a p1_mysql connection at 5,120,331 in one view leave every other dot flat
// on a linear axis. The chart offers a log view (d3's symlog, so that a
// healthy build's 0 still has a place at the bottom), chosen in the URL as
// `scale=log` or `scale=linear`; without it, the data decides: log once the
// queues spread over three orders of magnitude or more.

export type QueueScale = "linear" | "log";

/** Largest / smallest positive queue at which the view starts out logarithmic. */
export const LOG_SPREAD = 1000;

/** `scale` from the URL; null for absent or anything else (the data decides). */
export function parseScale(value: string | null | undefined): QueueScale | null {
  return value === "log" || value === "linear" ? value : null;
}

/** The scale the data calls for when the URL does not say. */
export function autoScale(values: readonly (number | null)[]): QueueScale {
  let min = Infinity;
  let max = 0;
  for (const v of values) {
    if (v === null || !(v > 0)) continue;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  return max > 0 && max / min >= LOG_SPREAD ? "log" : "linear";
}

/**
 * Ticks of the log view: 0, then powers of ten from 10 up to the first at or
 * above `max` (1 would sit too close to 0 to keep its label).
 */
export function logTicks(max: number): number[] {
  const ticks = [0, 10];
  while (ticks[ticks.length - 1]! < max) ticks.push(ticks[ticks.length - 1]! * 10);
  return ticks;
}

const UNITS: [number, string][] = [
  [1e9, "G"],
  [1e6, "M"],
  [1e3, "k"],
];

/** `12000` → `12k`, `16500` → `16.5k`, `5120331` → `5.1M`: axis labels that fit. */
export function compactCount(n: number): string {
  for (const [size, unit] of UNITS) {
    if (Math.abs(n) >= size) {
      const scaled = n / size;
      const text = Number.isInteger(scaled) || Math.abs(scaled) >= 100 ? String(Math.round(scaled)) : scaled.toFixed(1).replace(/\.0$/, "");
      return `${text}${unit}`;
    }
  }
  return String(n);
}
