"use client";

// recharts 3.11 draws its z-index layers as bare `<g class="recharts-zIndex-layer_N">` groups
// (recharts PR #7805 dropped the tabindex="-1" PR #6687 had put on them). Chromium still makes
// each a Tab stop: a chart was six Tab stops, the surface and five unnamed, empty groups. This
// puts tabindex="-1" back on every layer group the chart draws, now and whenever it redraws
// (a layer comes and goes with what the chart holds), so the chart is one Tab stop: its surface,
// where the arrow keys step through the points.
import { useEffect, type RefObject } from "react";

const LAYER = 'g[class*="recharts-zIndex-layer_"]:not([tabindex])';

/**
 * recharts' legend icons are SVGs a screen reader names "unknown legend icon" (an accessibility
 * review): each item's text says it already, so they are hidden from it.
 */
const LEGEND_ICON = ".recharts-legend-item svg:not([aria-hidden])";

function untab(root: Element): void {
  for (const layer of root.querySelectorAll(LAYER)) layer.setAttribute("tabindex", "-1");
  for (const icon of root.querySelectorAll(LEGEND_ICON)) icon.setAttribute("aria-hidden", "true");
}

/** Keeps the recharts layer groups inside `box` out of the Tab order. */
export function useUntabbableLayers(box: RefObject<Element | null>): void {
  useEffect(() => {
    const root = box.current;
    if (!root) return;
    untab(root);
    const observer = new MutationObserver(() => untab(root));
    observer.observe(root, { subtree: true, childList: true });
    return () => observer.disconnect();
  }, [box]);
}
