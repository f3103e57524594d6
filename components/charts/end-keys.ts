// Home and End on a chart: to its first and last point, as in a list (the arrow keys step one point
// at a time, and a chart of a thousand builds took a thousand presses to its latest). recharts 3's
// keyboard layer knows ArrowLeft, ArrowRight and Enter alone, and has no way to set its point from
// outside; it steps one point a keydown, and stops at either end. So Home (End) presses its step
// toward the first (last) point once for each point: from any point, or none yet, that ends there
// (from none, the first press goes to the far end and the rest walk back). Each step costs recharts a
// pass over every point it draws (each listens to its store): on a timeline of 1,500 builds, End took
// about 2-3 s (a production build on two cores); a few hundred points take a blink.
import type { KeyboardEvent as ReactKeyboardEvent } from "react";

/** The keys recharts steps a chart with, toward its first point and toward its last (a vertical chart's are the other way round). */
export type StepKeys = { first: string; last: string };

/** A chart laid out left to right: ArrowLeft toward the first point. */
export const LEFT_TO_RIGHT: StepKeys = { first: "ArrowLeft", last: "ArrowRight" };

/** For Home or End (no modifier) on a chart of `points` points, the key recharts steps with and how many times; else null. */
export function endSteps(event: { key: string; altKey?: boolean; ctrlKey?: boolean; metaKey?: boolean; shiftKey?: boolean }, points: number, keys: StepKeys): { key: string; times: number } | null {
  if (points <= 0 || event.altKey || event.ctrlKey || event.metaKey || event.shiftKey) return null;
  if (event.key === "Home") return { key: keys.first, times: points };
  if (event.key === "End") return { key: keys.last, times: points };
  return null;
}

/**
 * In a chart box's keydown capture: Home and End, pressed in the chart (its recharts wrapper), step
 * it to its first and last point; the page does not scroll for them. Other keys pass.
 */
export function goToEnd(event: ReactKeyboardEvent, points: number, keys: StepKeys): void {
  const steps = endSteps(event, points, keys);
  if (!steps || !event.nativeEvent.isTrusted || !(event.target as Element).closest?.(".recharts-wrapper")) return;
  event.preventDefault();
  event.stopPropagation();
  for (let k = 0; k < steps.times; k++) event.target.dispatchEvent(new KeyboardEvent("keydown", { key: steps.key, bubbles: true, cancelable: true }));
}
