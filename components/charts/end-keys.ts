"use client";

// Home and End on a chart: to its first and last point, as in a list (the arrow keys step one point
// at a time, and a chart of a thousand builds took a thousand presses to its latest). recharts 3's
// keyboard layer knows ArrowLeft, ArrowRight and Enter alone, and has no way to set its point from
// outside. Stepping there a press at a time cost recharts a pass over every point it draws for each
// (End on a timeline of 1,500 builds froze the page 2.3-2.7 s, measured). But from no point yet, its
// first arrow key goes straight to an end (keyboardEventsMiddleware: the first point whose index it
// can show, searched from the end the key moves away from). So Home and End draw the chart anew
// (its point forgotten; the page's own state, zoom and scale, kept) and send that one key: from no
// point, the key that steps toward the LAST point goes to the FIRST, and the other way round.
import { useEffect, useRef, useState, type KeyboardEvent as ReactKeyboardEvent, type RefObject } from "react";

/** The keys recharts steps a chart with, toward its first point and toward its last (a vertical chart's are the other way round). */
export type StepKeys = { first: string; last: string };

/** A chart laid out left to right: ArrowLeft toward the first point. */
export const LEFT_TO_RIGHT: StepKeys = { first: "ArrowLeft", last: "ArrowRight" };

/**
 * For Home or End (no modifier) on a chart of `points` points: which end, and the key that reaches it
 * from no point (the key that steps away from it); else null.
 */
export function endJump(event: { key: string; altKey?: boolean; ctrlKey?: boolean; metaKey?: boolean; shiftKey?: boolean }, points: number, keys: StepKeys): { end: "first" | "last"; key: string } | null {
  if (points <= 0 || event.altKey || event.ctrlKey || event.metaKey || event.shiftKey) return null;
  if (event.key === "Home") return { end: "first", key: keys.last };
  if (event.key === "End") return { end: "last", key: keys.first };
  return null;
}

/** Frames to wait for the chart drawn anew to have its size (ResponsiveContainer measures its box first). */
const MAX_FRAMES = 60;

/** A key as recharts takes it, for a chart whose arrows are recharts' own (`translate` must not change between renders). */
const sameKey = (key: string) => key;

/** Keys pressed while the chart is drawn anew, kept for it (a held key's repeats, at most). */
const MAX_QUEUED = 32;

/**
 * Home and End for a chart in `box`: spread `onKeyDownCapture` on the box and give `generation` to the
 * chart as its React key (a new one draws it anew). Pressed in the chart (its recharts surface), the
 * keys take it to its first and last point, and keep the focus there; the page does not scroll for
 * them. While it is drawn anew (a few hundred ms for 1,500 points) the focus waits on the box, and
 * the keys pressed meanwhile wait with it: a Home or End replaces the jump, the others are sent to
 * the chart once it has landed (`translate`: the key recharts takes for one, as the rooms chart
 * remaps its arrows). A diff review pressed End twice 150 ms apart, and the second scrolled the page.
 * Other keys pass.
 */
export function useEndKeys(box: RefObject<HTMLElement | null>, points: number, keys: StepKeys, translate: (key: string) => string = sameKey) {
  const [generation, setGeneration] = useState(0);
  const pending = useRef<string | null>(null);
  const queued = useRef<string[]>([]);
  useEffect(() => {
    if (pending.current === null) return;
    let frame = 0;
    let frames = 0;
    const done = () => {
      pending.current = null;
      box.current?.removeAttribute("tabindex");
    };
    const replay = (surface: SVGElement) => {
      for (const key of queued.current.splice(0)) surface.dispatchEvent(new KeyboardEvent("keydown", { key: translate(key), bubbles: true, cancelable: true }));
    };
    const land = () => {
      const surface = box.current?.querySelector<SVGElement>('.recharts-wrapper [role="application"]');
      if (!surface || surface.getBoundingClientRect().width === 0) {
        if (++frames < MAX_FRAMES) frame = requestAnimationFrame(land);
        else {
          queued.current = [];
          done();
        }
        return;
      }
      const key = pending.current;
      // The focus back on the chart, unless the user took it elsewhere meanwhile (a click, Tab away).
      // Read before the box's tabindex goes: a focused element that loses it loses the focus.
      const kept = document.activeElement === box.current;
      if (key === null) return done();
      surface.dispatchEvent(new KeyboardEvent("keydown", { key, bubbles: true, cancelable: true }));
      if (!kept) {
        queued.current = [];
        return done();
      }
      // (recharts takes a focus after a key as kept: the point stays.)
      surface.focus({ preventScroll: true });
      done();
      // The keys pressed meanwhile, once the point landed on is drawn (Enter opens the one shown).
      if (queued.current.length > 0) frame = requestAnimationFrame(() => (frame = requestAnimationFrame(() => replay(surface))));
    };
    land();
    return () => cancelAnimationFrame(frame);
  }, [generation, box, translate]);

  const onKeyDownCapture = (event: ReactKeyboardEvent) => {
    if (!event.nativeEvent.isTrusted) return;
    if (pending.current !== null) {
      // Drawn anew: the focus is on the box. Tab and the browser's own shortcuts pass.
      if (event.key === "Tab" || event.altKey || event.ctrlKey || event.metaKey) return;
      event.preventDefault();
      event.stopPropagation();
      const jump = endJump(event, points, keys);
      if (jump) {
        pending.current = jump.key;
        queued.current = [];
      } else if (queued.current.length < MAX_QUEUED) queued.current.push(event.key);
      return;
    }
    const jump = endJump(event, points, keys);
    if (!jump || !(event.target as Element).closest?.(".recharts-wrapper")) return;
    event.preventDefault();
    event.stopPropagation();
    pending.current = jump.key;
    // The focus waits on the box while the surface it was on is drawn anew (on the page's body, keys
    // pressed meanwhile scrolled it); never a Tab stop of its own.
    const element = box.current;
    if (element) {
      element.setAttribute("tabindex", "-1");
      element.focus({ preventScroll: true });
    }
    setGeneration((n) => n + 1);
  };
  return { generation, onKeyDownCapture };
}
