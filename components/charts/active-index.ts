/**
 * The row a chart's click or release is on: the index recharts reports while its tooltip shows a
 * row, else null. A click on the legend, an axis label or the axis title comes with
 * `activeIndex: null` (no row), and `Number(null)` is 0: such clicks opened the first row's page.
 */
export function activeRowIndex(state: { activeIndex?: unknown; isTooltipActive?: boolean }, rows: number): number | null {
  if (state.isTooltipActive === false) return null;
  const raw = state.activeIndex;
  if (raw === null || raw === undefined || raw === "") return null;
  const index = typeof raw === "number" ? raw : Number(raw);
  return Number.isInteger(index) && index >= 0 && index < rows ? index : null;
}

/**
 * Whether a pointer at (clientX, clientY) is over the plot of the recharts chart inside `root`:
 * the rectangle of the clip path recharts draws its series in. recharts 3 reports a row, tooltip
 * active, for a pointer anywhere in the chart: on the y axis' title, left of the plot, it named
 * row 0. (No clip path found: true, as before.)
 */
export function pointerInPlot(root: Element | null, clientX: number, clientY: number): boolean {
  const plot = plotBox(root);
  if (!plot) return true;
  return clientX >= plot.left - 1 && clientX <= plot.left + plot.width + 1 && clientY >= plot.top - 1 && clientY <= plot.top + plot.height + 1;
}

/** The plot's rectangle in client px. */
export type PlotBox = { left: number; top: number; width: number; height: number };

/** The plot of the recharts chart inside `root` (its series' clip path, as pointerInPlot reads it), or null. */
export function plotBox(root: Element | null): PlotBox | null {
  const rect = root?.querySelector('svg.recharts-surface clipPath[id$="-clip"] rect');
  const svg = rect?.closest("svg");
  if (!rect || !svg) return null;
  const box = svg.getBoundingClientRect();
  const viewBox = svg.viewBox.baseVal;
  const scale = viewBox && viewBox.width > 0 ? box.width / viewBox.width : 1;
  const [x, y, width, height] = ["x", "y", "width", "height"].map((name) => Number(rect.getAttribute(name)) * scale);
  return { left: box.left + x!, top: box.top + y!, width: width!, height: height! };
}

// ## The row under the pointer, from where it is
//
// A tap on a phone opened the wrong build or room, or none (an accessibility review at 390 px): the
// click came before recharts had moved its tooltip to the tap, and `activeIndex` named the row it
// showed before (the first row, at first). A mouse hovers first, which hid it. The clicks now find
// their row from the pointer's own position: the same row a hover shows (recharts' tooltip takes
// the nearest point on a numeric axis, the band the pointer is in on a category axis).

/**
 * The row a chart's click is on: none outside the plot; else what `pick` finds at the pointer in the
 * plot (bandAt, nearestAt), or recharts' active row where no plot is found.
 */
export function rowAtPointer(
  root: Element | null,
  event: { clientX: number; clientY: number },
  state: { activeIndex?: unknown; isTooltipActive?: boolean },
  rows: number,
  pick: (plot: PlotBox) => number | null,
): number | null {
  if (!pointerInPlot(root, event.clientX, event.clientY)) return null;
  const plot = plotBox(root);
  return plot ? pick(plot) : activeRowIndex(state, rows);
}

/** Of `count` equal bands along the plot's x (or y) axis, the one `client` is in (clamped to the plot's edges). */
export function bandAt(plot: PlotBox, client: number, axis: "x" | "y", count: number): number | null {
  const start = axis === "x" ? plot.left : plot.top;
  const size = axis === "x" ? plot.width : plot.height;
  if (count <= 0 || !(size > 0)) return null;
  const band = Math.floor(((client - start) / size) * count);
  return Math.min(count - 1, Math.max(0, band));
}

/**
 * On a numeric x axis of `domain` drawn across the plot, the index of the value of `xs` nearest to
 * the pointer's x; null without values. Of equal values (builds of one time), the first when the
 * pointer is on or left of them, the last when right of them: as recharts' tooltip takes them (its
 * rows split at the midpoints between their x, one past the other). The first always, as this said
 * before, opened #201 while the tooltip showed #203 (a diff review).
 */
export function nearestAt(plot: PlotBox, clientX: number, domain: readonly [number, number], xs: readonly number[]): number | null {
  if (xs.length === 0) return null;
  const [lo, hi] = domain;
  // Where each value is drawn (a domain of one value: in the middle, as d3's scales put it).
  const at = (value: number) => (hi === lo ? plot.left + plot.width / 2 : plot.left + ((value - lo) / (hi - lo)) * plot.width);
  let best = 0;
  for (let i = 1; i < xs.length; i++) {
    const x = at(xs[i]!);
    const d = Math.abs(x - clientX);
    const bestD = Math.abs(at(xs[best]!) - clientX);
    if (d < bestD || (xs[i] === xs[best] && clientX > x)) best = i;
  }
  return best;
}
