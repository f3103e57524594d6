"use client";

// recharts 3.11 draws its z-index layers as bare `<g class="recharts-zIndex-layer_N">` groups
// (recharts PR #7805 dropped the tabindex="-1" PR #6687 had put on them). Chromium still makes
// each a Tab stop: a chart was six Tab stops, the surface and five unnamed, empty groups. This
// puts tabindex="-1" back on every layer group the chart draws, now and whenever it redraws
// (a layer comes and goes with what the chart holds), so the chart is one Tab stop: its surface,
// where the arrow keys step through the points. It also keeps the chart's tooltips no wider than
// its plot (plotWidthVar), and its legend icons from a screen reader.
import { useEffect, type RefObject } from "react";
import { plotBox } from "./active-index";

const LAYER = 'g[class*="recharts-zIndex-layer_"]:not([tabindex])';

/**
 * recharts' legend icons are SVGs a screen reader names "unknown legend icon" (an accessibility
 * review): each item's text says it already, so they are hidden from it.
 */
const LEGEND_ICON = ".recharts-legend-item svg:not([aria-hidden])";

function untab(root: Element): void {
  for (const layer of root.querySelectorAll(LAYER)) layer.setAttribute("tabindex", "-1");
  for (const icon of root.querySelectorAll(LEGEND_ICON)) icon.setAttribute("aria-hidden", "true");
  plotWidthVar(root);
}

/**
 * The plot's width as `--plot-width` on the chart's box: a tooltip is kept no wider (globals.css).
 * recharts keeps a tooltip inside the plot, right of the y axis: one as wide as the whole chart ran
 * off its right edge by the axis' width on a phone, and was cut there (a re-check at 390 px: 171 of
 * the rooms chart's 324 px hidden).
 */
function plotWidthVar(root: Element): void {
  const plot = plotBox(root);
  if (!plot || !(root instanceof HTMLElement)) return;
  const value = `${Math.floor(plot.width)}px`;
  if (root.style.getPropertyValue("--plot-width") !== value) root.style.setProperty("--plot-width", value);
}

/** Keeps the recharts layer groups inside `box` out of the Tab order. */
export function useUntabbableLayers(box: RefObject<Element | null>): void {
  useEffect(() => {
    const root = box.current;
    if (!root) return;
    untab(root);
    const observer = new MutationObserver(() => untab(root));
    // (The clip path's size changes with the chart's: its attributes too.)
    observer.observe(root, { subtree: true, childList: true, attributes: true, attributeFilter: ["width", "height"] });
    const resized = new ResizeObserver(() => plotWidthVar(root));
    resized.observe(root);
    return () => {
      observer.disconnect();
      resized.disconnect();
    };
  }, [box]);
}
