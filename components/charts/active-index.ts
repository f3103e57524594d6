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
  const rect = root?.querySelector('svg.recharts-surface clipPath[id$="-clip"] rect');
  const svg = rect?.closest("svg");
  if (!rect || !svg) return true;
  const box = svg.getBoundingClientRect();
  const viewBox = svg.viewBox.baseVal;
  const scale = viewBox && viewBox.width > 0 ? box.width / viewBox.width : 1;
  const [x, y, width, height] = ["x", "y", "width", "height"].map((name) => Number(rect.getAttribute(name)) * scale);
  const left = box.left + x!;
  const top = box.top + y!;
  return clientX >= left - 1 && clientX <= left + width! + 1 && clientY >= top - 1 && clientY <= top + height! + 1;
}
