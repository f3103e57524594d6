"use client";

// A press on a chart focuses it (its surface, or a layer group untabbable-layers.ts made
// focusable with tabindex="-1"), and recharts 3 answers every focus of its chart as the keyboard's:
// with no point stepped to yet, it shows its tooltip on the FIRST row (keyboardEventsMiddleware's
// focusAction). A tap on a phone showed the first row, then the row tapped once the tap's mousemove
// reached recharts a frame later (a re-check at 390 px: #1 for 15 ms before #3); a tap or click on
// an axis title, a tick label or the legend left the first row's tooltip on screen, and its Enter
// opened that row. The pointer's own tooltip is recharts' hover (the row under it, or none off the
// plot), so a focus that a press brings is kept from recharts: the chart is focused all the same
// (the arrow keys step from there), and Tab still shows the first row as before.
import { useRef, type FocusEvent } from "react";

/** Handlers for a chart's box (the element around recharts' wrapper): spread them on it. */
export type PointerFocusGuard = {
  onMouseDownCapture: () => void;
  onFocusCapture: (event: FocusEvent) => void;
};

/**
 * Keeps a focus that a mouse press (or a tap: the browser's mousedown after it) brings to the chart
 * from recharts' wrapper, so that it shows no tooltip of its own. The focus follows the mousedown
 * in the same task (the browser's default action for it): the mark is cleared after it.
 */
export function usePointerFocusGuard(): PointerFocusGuard {
  const pressed = useRef(false);
  return {
    onMouseDownCapture: () => {
      pressed.current = true;
      setTimeout(() => {
        pressed.current = false;
      }, 0);
    },
    onFocusCapture: (event) => {
      if (!pressed.current) return;
      pressed.current = false;
      // Not past this box: recharts' wrapper, inside it, listens for the focus' bubbling.
      event.stopPropagation();
    },
  };
}
