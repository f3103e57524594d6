"use client";

// What a screen reader hears while the arrow keys step through a chart: the point the tooltip
// shows, written into a visually hidden polite live region next to the chart. Only while focus is
// in the chart (the keyboard's stepping): hovering with the pointer says nothing.
import { useEffect, type RefObject } from "react";
import { useActiveTooltipDataPoints } from "recharts";

/** The live region: rendered empty (a region created with its text is not announced), then written by SayActivePoint. */
export function ChartAnnouncer({ target }: { target: RefObject<HTMLSpanElement | null> }) {
  return <span ref={target} className="visually-hidden" aria-live="polite" data-testid="chart-announcer" />;
}

/** Writes the text into the region while focus is in its chart (the region's parent), unless it says it already. */
function say(region: HTMLSpanElement, text: string): void {
  const chart = region.parentElement;
  if (chart && chart.contains(document.activeElement) && region.textContent !== text) region.textContent = text;
}

/** Inside a recharts chart: writes `describe(point)` of the active point into `target` while focus is in the chart. */
export function SayActivePoint<P>({ target, describe }: { target: RefObject<HTMLSpanElement | null>; describe: (point: P) => string }) {
  const points = useActiveTooltipDataPoints();
  const point = points?.[0] as P | undefined;
  const text = point === undefined ? "" : describe(point);
  useEffect(() => {
    if (target.current && text) say(target.current, text);
  }, [target, text]);
  return null;
}

/** Inside a recharts chart: keeps the point its tooltip shows (pointer's or keyboard's) in `target`, for Enter to open. */
export function KeepActivePoint<P>({ targetRef }: { targetRef: RefObject<P | null> }) {
  const points = useActiveTooltipDataPoints();
  const point = (points?.[0] as P | undefined) ?? null;
  useEffect(() => {
    targetRef.current = point;
  }, [targetRef, point]);
  return null;
}
