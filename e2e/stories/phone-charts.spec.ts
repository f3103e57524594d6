// Story: the operator on call opens the dashboard on a phone (390 px, touch) and taps the charts. A
// tap opened the wrong build (the timeline's first, whatever dot was tapped), the wrong room or none,
// or the bucket tapped before: the click came before recharts had moved its tooltip to the tap (an
// accessibility review). A tap opens what is under the finger, and its tooltip shows that row from
// the start (it showed the chart's first row for a frame: the tap's focus), a tap off the plot none;
// a tooltip never makes the page wider than the screen; a wide table's columns each fit beside the
// column that stays in sight. And from the keyboard, the rooms chart steps down its rooms with the
// arrow keys and Enter opens the one shown; Home and End take each chart to its first and last point.
import type { Locator, Page } from "@playwright/test";
import { expect, test } from "../fixtures";
import { pageWidth, pressUntilShown, uploadRoomBuild, uploadViaApi } from "../helpers";

const PHONE = { viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true };

async function center(locator: Locator): Promise<{ x: number; y: number }> {
  const box = await locator.boundingBox();
  if (!box) throw new Error("not laid out");
  return { x: box.x + box.width / 2, y: box.y + box.height / 2 };
}

/** The tooltip lies wholly inside its chart's box (recharts keeps it right of the y axis: one too wide ran off the edge, cut). */
async function expectTooltipInside(chart: Locator, tooltip: Locator): Promise<void> {
  await expect(tooltip).toBeVisible();
  await expect
    .poll(async () => {
      const [outer, tip] = await Promise.all([chart.boundingBox(), tooltip.boundingBox()]);
      return outer && tip ? { left: tip.x >= outer.x - 1, right: tip.x + tip.width <= outer.x + outer.width + 1 } : null;
    })
    .toEqual({ left: true, right: true });
}

/**
 * Taps at `at` until the tap did something (the page may not be hydrated at first): it opened a page,
 * or showed the chart's tooltip. Then, if it only showed the tooltip, taps there once more.
 */
async function tapOpen(page: Page, chart: Locator, at: () => Promise<{ x: number; y: number }>, tooltip: Locator): Promise<void> {
  await chart.scrollIntoViewIfNeeded();
  const start = page.url();
  const tap = async () => {
    const point = await at();
    await page.touchscreen.tap(point.x, point.y);
  };
  await expect(async () => {
    if (page.url() !== start) return;
    await tap();
    await expect.poll(async () => page.url() !== start || (await tooltip.isVisible()), { timeout: 1_000 }).toBe(true);
  }).toPass({ timeout: 15_000 });
  // The tap that showed the tooltip may be opening the page still.
  await page.waitForURL((url) => url.href !== start, { timeout: 2_000 }).catch(() => undefined);
  if (page.url() === start) {
    // Shown, not opened: the page keeps its width with the tooltip (one as wide as its text made it wider).
    const { scrollWidth, innerWidth } = await pageWidth(page);
    expect(scrollWidth, "with the chart's tooltip shown").toBeLessThanOrEqual(innerWidth);
    await tap();
  }
}

/**
 * Records every text the charts' tooltips show from the page's start, each change of the page (a
 * tooltip shown for one frame, painted or not, is in it): `tooltipsShown` reads them.
 */
async function recordTooltips(page: Page): Promise<void> {
  await page.addInitScript(`
    window.__tooltips = [];
    const last = {};
    new MutationObserver(() => {
      for (const chart of document.querySelectorAll('[data-testid$="chart"]')) {
        const wrapper = chart.querySelector(".recharts-tooltip-wrapper");
        const text = wrapper && getComputedStyle(wrapper).visibility !== "hidden" ? (wrapper.textContent || "").trim() : "";
        const key = chart.dataset.testid;
        if (text && last[key] !== text) window.__tooltips.push({ chart: key, text });
        last[key] = text;
      }
    }).observe(document, { subtree: true, childList: true, attributes: true, characterData: true });
  `);
}

/** The texts the chart of this test id showed in its tooltip since the page started (recordTooltips; kept through a client-side navigation). */
async function tooltipsShown(page: Page, chart: string): Promise<string[]> {
  return page.evaluate((id) => ((window as unknown as { __tooltips: { chart: string; text: string }[] }).__tooltips ?? []).filter((t) => t.chart === id).map((t) => t.text), chart);
}

/** Waits until the chart is drawn and its effects ran (untabbable-layers.ts marks its layers): a tap then reaches its handlers. */
async function chartReady(chart: Locator): Promise<void> {
  await chart.scrollIntoViewIfNeeded();
  await expect(chart.locator('g[class*="recharts-zIndex-layer_"][tabindex="-1"]').first()).toBeAttached();
}

/**
 * Taps `target` (off the chart's plot): the chart takes the focus, and shows no tooltip (it showed its
 * first row's, and Enter opened that row); Enter then opens nothing.
 */
async function tapOffPlot(page: Page, chart: Locator, target: Locator, tooltip: Locator): Promise<void> {
  await chartReady(chart);
  const at = await center(target);
  await page.touchscreen.tap(at.x, at.y);
  await expect.poll(() => chart.evaluate((box) => box.contains(document.activeElement))).toBe(true);
  await page.waitForTimeout(300);
  await expect(tooltip).toBeHidden();
  const here = page.url();
  await page.keyboard.press("Enter");
  await page.waitForTimeout(500);
  expect(page.url()).toBe(here);
}

test.describe("on a phone", () => {
  test.use(PHONE);

  test("a tap on a chart shows the row tapped from the first frame, never the first row; a tap off its plot shows none", async ({
    page,
    request,
    overview,
    incidentsList,
  }) => {
    const job = "e2e_phone_first_row";
    for (const number of [1, 2, 3, 4]) await uploadRoomBuild(request, { job, number, room: `e2e#phone_first_row_${number}@conference.easemob.com` });
    await recordTooltips(page);

    // The timeline: the third build tapped; its tooltip alone, all along.
    await overview.goto(`?job=${job}&axis=builds`);
    const symbols = overview.timeline.locator(".recharts-scatter-symbol path.recharts-symbols");
    await expect(symbols).toHaveCount(4);
    await chartReady(overview.timeline);
    const timelineTip = page.getByTestId("timeline-tooltip");
    await tapOpen(page, overview.timeline, () => center(symbols.nth(2)), timelineTip);
    await expect(page).toHaveURL(new RegExp(`/builds/${job}/3$`));
    const timelineShown = await tooltipsShown(page, "timeline-chart");
    expect(timelineShown.length, "the tooltip of the build tapped showed").toBeGreaterThan(0);
    for (const text of timelineShown) expect(text, "a tooltip shown on the tap").toContain(`${job} #3`);
    // Its y axis' title.
    await overview.goto(`?job=${job}&axis=builds`);
    await expect(symbols).toHaveCount(4);
    await tapOffPlot(page, overview.timeline, overview.timeline.locator(".recharts-label").first(), timelineTip);

    // The rooms chart: the third room down tapped in its band; then its label, left of the plot.
    await overview.goto(`?job=${job}`);
    const rooms = overview.roomsChart;
    // One per room (`g:has(title)` also matched the group around each: every room twice).
    const ticks = rooms.locator(".recharts-yAxis-tick-labels .recharts-cartesian-axis-tick-label");
    await expect(ticks).toHaveCount(4);
    await chartReady(rooms);
    const jid = (await ticks.nth(2).locator("title").textContent()) ?? "";
    expect(jid).toContain("@");
    const roomTip = rooms.locator(".recharts-tooltip-wrapper .recharts-tooltip-label");
    const plot = rooms.locator(".recharts-cartesian-grid");
    await tapOpen(
      page,
      rooms,
      async () => {
        const [box, label] = await Promise.all([plot.boundingBox(), ticks.nth(2).boundingBox()]);
        if (!box || !label) throw new Error("not laid out");
        return { x: box.x + box.width / 4, y: label.y + label.height / 2 };
      },
      roomTip,
    );
    await expect(page).toHaveURL((url) => decodeURIComponent(url.pathname) === `/rooms/${jid}`);
    const roomsShown = await tooltipsShown(page, "rooms-chart");
    expect(roomsShown.length, "the tooltip of the room tapped showed").toBeGreaterThan(0);
    for (const text of roomsShown) expect(text, "a tooltip shown on the tap").toContain(jid);
    await overview.goto(`?job=${job}`);
    await expect(ticks).toHaveCount(4);
    await tapOffPlot(page, rooms, ticks.nth(2), roomTip);

    // The incidents per day: the last day's bar; then the y axis' title.
    const starts = "e2e_phone_first_day";
    for (const [number, at] of [
      [1, "2015-09-01 10:00:00"],
      [2, "2015-09-03 10:00:00"],
      [3, "2015-09-05 10:00:00"],
    ] as const) {
      await uploadRoomBuild(request, { job: starts, number, room: `e2e#phone_first_day_${number}@conference.easemob.com`, pid: `<6562.${number}.3>`, at });
    }
    await incidentsList.goto(`?job=${starts}`);
    const bars = incidentsList.startsChart.locator(".recharts-bar-rectangle path");
    await expect.poll(() => bars.count()).toBe(3);
    await chartReady(incidentsList.startsChart);
    const startsTip = page.getByTestId("incident-starts-tooltip");
    await tapOpen(page, incidentsList.startsChart, () => center(bars.last()), startsTip);
    await expect(page).toHaveURL(/[?&]from=2015-09-05T/);
    const startsShown = await tooltipsShown(page, "incident-starts-chart");
    expect(startsShown.length, "the tooltip of the day tapped showed").toBeGreaterThan(0);
    for (const text of startsShown) expect(text, "a tooltip shown on the tap").toContain("2015-09-05");
    await incidentsList.goto(`?job=${starts}`);
    await expect.poll(() => bars.count()).toBe(3);
    await tapOffPlot(page, incidentsList.startsChart, incidentsList.startsChart.locator(".recharts-label").first(), startsTip);
  });

  test("a tap on the timeline opens the build tapped, not the first; the tooltip keeps the page its width", async ({ page, request, overview }) => {
    const job = "e2e_phone_tap";
    for (const number of [1, 2, 3, 4]) await uploadRoomBuild(request, { job, number, room: `e2e#phone_tap_${number}@conference.easemob.com` });
    await overview.goto(`?job=${job}&axis=builds`);
    const symbols = overview.timeline.locator(".recharts-scatter-symbol path.recharts-symbols");
    await expect(symbols).toHaveCount(4);
    // A finger's drag scrolls: the chart's subtitle says what a tap does and where to zoom instead.
    await expect(page.getByText("tap a dot to open its build; zoom with From and To above")).toBeVisible();
    await expect(page.getByText("drag across the chart to zoom")).toBeHidden();
    await tapOpen(page, overview.timeline, () => center(symbols.nth(2)), page.getByTestId("timeline-tooltip"));
    await expect(page).toHaveURL(new RegExp(`/builds/${job}/3$`));
    await overview.goto(`?job=${job}&axis=builds`);
    await expect(symbols).toHaveCount(4);
    await overview.timeline.scrollIntoViewIfNeeded();
    await overview.timeline.getByRole("application").focus();
    await page.keyboard.press("ArrowRight");
    await expect(page.getByTestId("timeline-tooltip")).toBeVisible();
    // It says what a finger does: tap (it said click).
    await expect(page.getByTestId("timeline-tooltip")).toHaveText(/\btap to open the build$/, { useInnerText: true });
    const { scrollWidth, innerWidth } = await pageWidth(page);
    expect(scrollWidth, "with the timeline's tooltip shown").toBeLessThanOrEqual(innerWidth);
    await expectTooltipInside(overview.timeline, overview.timeline.locator(".recharts-tooltip-wrapper"));
  });

  test("a tap on a room's bar opens that room; its tooltip keeps the page its width", async ({ page, request, overview }) => {
    await uploadViaApi(request, "room", "chinese", "xss");
    await overview.goto();
    const chart = overview.roomsChart;
    // One per room: `g:has(title)` matched each room's label twice (its group and the one inside), and
    // its second was the first room's.
    const ticks = chart.locator(".recharts-yAxis-tick-labels .recharts-cartesian-axis-tick-label");
    await expect.poll(() => ticks.count()).toBeGreaterThan(1);
    const plot = chart.locator(".recharts-cartesian-grid");
    // The second room down (a tap at its label's height, in the plot): the first room was what a tap opened.
    const jid = (await ticks.nth(1).locator("title").textContent()) ?? "";
    expect(jid).toContain("@");
    const at = async () => {
      const [box, label] = await Promise.all([plot.boundingBox(), ticks.nth(1).boundingBox()]);
      if (!box || !label) throw new Error("not laid out");
      return { x: box.x + box.width / 4, y: label.y + label.height / 2 };
    };
    await tapOpen(page, chart, at, chart.locator(".recharts-tooltip-wrapper .recharts-tooltip-label"));
    await expect(page).toHaveURL(new RegExp(`/rooms/${encodeURIComponent(jid).replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}$`));
  });

  test("the rooms chart's tooltip, long room names and all, lies inside the chart, not cut at its right edge", async ({ page, request, overview }) => {
    // A re-check at 390 px: the tooltip was as wide as the chart, and recharts keeps it right of the
    // y axis: 171 of its 324 px ran off the chart's edge, cut.
    await uploadViaApi(request, "room", "chinese", "xss");
    await uploadRoomBuild(request, { job: "e2e_phone_tip", number: 1, room: `e2e#${"long_room_name_".repeat(6)}@conference.easemob.com` });
    await overview.goto();
    const chart = overview.roomsChart;
    await chart.scrollIntoViewIfNeeded();
    const surface = chart.getByRole("application");
    const tooltip = chart.locator(".recharts-tooltip-wrapper");
    const label = tooltip.locator(".recharts-tooltip-label");
    await pressUntilShown(surface, "ArrowDown", label);
    for (let k = 0; k < 4; k++) {
      await expectTooltipInside(chart, tooltip);
      await page.keyboard.press("ArrowDown");
    }
    const { scrollWidth, innerWidth } = await pageWidth(page);
    expect(scrollWidth).toBeLessThanOrEqual(innerWidth);
  });

  test("a tap on a day's bar of the incidents chart lists that day's incidents, not the bar tapped before", async ({ page, request, incidentsList }) => {
    const job = "e2e_phone_starts";
    for (const [number, at] of [
      [1, "2015-09-01 10:00:00"],
      [2, "2015-09-03 10:00:00"],
    ] as const) {
      await uploadRoomBuild(request, { job, number, room: `e2e#phone_starts_${number}@conference.easemob.com`, pid: `<6562.${number}.2>`, at });
    }
    await incidentsList.goto(`?job=${job}`);
    const bars = incidentsList.startsChart.locator(".recharts-bar-rectangle path");
    await expect.poll(() => bars.count()).toBe(2);
    // The first day's bar opens that day; then the last day's bar opens the last day (it opened the
    // bar tapped before it: the first day's).
    const tooltip = page.getByTestId("incident-starts-tooltip");
    await tapOpen(page, incidentsList.startsChart, () => center(bars.first()), tooltip);
    await expect(page).toHaveURL(/[?&]from=2015-09-01T/);
    await page.goBack();
    await expect.poll(() => bars.count()).toBe(2);
    await tapOpen(page, incidentsList.startsChart, () => center(bars.last()), tooltip);
    await expect(page).toHaveURL(/[?&]from=2015-09-03T/);
  });

  test("every column of /builds fits beside the build column that stays in sight", async ({ page, request, buildsList }) => {
    await uploadViaApi(request, "room", "sql", "dead", "rex", "chinese", "xss");
    for (const path of ["?pageSize=500", `?pid=${encodeURIComponent("<6562.18467.5386>")}`]) {
      await buildsList.goto(path);
      await expect(buildsList.rows.first()).toBeVisible();
      const widths = await buildsList.table.evaluate((table) => {
        const box = table.parentElement!.clientWidth;
        const key = table.querySelector("thead th.key-col")!.getBoundingClientRect().width;
        return { box, key, others: [...table.querySelectorAll("thead th:not(.key-col)")].map((th) => [th.textContent ?? "", th.getBoundingClientRect().width] as const) };
      });
      for (const [name, width] of widths.others) expect(width, `${path}: "${name}" is ${width} px beside a ${widths.key} px column in a ${widths.box} px box`).toBeLessThanOrEqual(widths.box - widths.key + 0.5);
    }
    const { scrollWidth, innerWidth } = await pageWidth(page);
    expect(scrollWidth).toBeLessThanOrEqual(innerWidth);
  });
});

test("the rooms chart from the keyboard: the arrow keys step down its rooms and back, Enter opens the one shown", async ({ page, request, overview }) => {
  await uploadViaApi(request, "room", "chinese", "xss");
  await overview.goto();
  await page.mouse.move(0, 0);
  const chart = overview.roomsChart;
  const ticks = chart.locator(".recharts-yAxis-tick-labels g:has(title)");
  await expect.poll(() => ticks.count()).toBeGreaterThan(2);
  const jids = await ticks.locator("title").allTextContents();
  // With a mouse, the timeline's subtitle says a drag zooms.
  await expect(page.getByText("drag across the chart to zoom")).toBeVisible();
  await expect(page.getByText("tap a dot to open its build; zoom with From and To above")).toBeHidden();
  const surface = chart.getByRole("application");
  const label = chart.locator(".recharts-tooltip-wrapper .recharts-tooltip-label");
  await pressUntilShown(surface, "ArrowDown", label);
  // Up to the first room, and no further.
  for (let k = 0; k < jids.length; k++) await page.keyboard.press("ArrowUp");
  await expect(label).toHaveText(jids[0]!);
  await page.keyboard.press("ArrowDown");
  await expect(label).toHaveText(jids[1]!);
  await page.keyboard.press("ArrowRight");
  await expect(label).toHaveText(jids[2]!);
  await page.keyboard.press("ArrowLeft");
  await expect(label).toHaveText(jids[1]!);
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL((url) => decodeURIComponent(url.pathname) === `/rooms/${jids[1]}`);
});

test("Home and End take each chart to its first point and its last, said in the live region, and the page stays where it is", async ({
  page,
  request,
  overview,
  incidentsList,
}) => {
  // The arrow keys stepped one point a press: a chart of a thousand builds took a thousand to its latest.
  const job = "e2e_keys_ends";
  for (const number of [1, 2, 3, 4]) await uploadRoomBuild(request, { job, number, room: `e2e#keys_ends_${number}@conference.easemob.com` });
  await page.setViewportSize({ width: 1280, height: 600 });
  /** Presses `key` in the chart: the page does not scroll for it (Home and End scroll a page), and `shown` then holds `text`. */
  const press = async (key: string, shown: Locator, text: string | RegExp) => {
    const scrolled = await page.evaluate(() => window.scrollY);
    await page.keyboard.press(key);
    await expect(shown).toContainText(text);
    expect(await page.evaluate(() => window.scrollY), `the page scrolled for ${key}`).toBe(scrolled);
  };

  // The timeline: builds #1 to #4, side by side.
  await overview.goto(`?job=${job}&axis=builds`);
  await page.mouse.move(0, 0);
  await expect(overview.timeline.locator(".recharts-scatter-symbol path.recharts-symbols")).toHaveCount(4);
  const timelineTip = page.getByTestId("timeline-tooltip").locator("strong").first();
  await pressUntilShown(overview.timeline.getByRole("application"), "ArrowRight", timelineTip);
  await press("End", timelineTip, `${job} #4`);
  await expect(overview.timeline.getByTestId("chart-announcer")).toContainText(`${job} #4`);
  await press("Home", timelineTip, `${job} #1`);
  await expect(overview.timeline.getByTestId("chart-announcer")).toContainText(`${job} #1`);
  await page.keyboard.press("ArrowRight");
  await expect(timelineTip).toContainText(`${job} #2`);
  await press("End", timelineTip, `${job} #4`);
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(new RegExp(`/builds/${job}/4$`));

  // The rooms chart: the top room and the bottom one.
  await overview.goto(`?job=${job}`);
  await page.mouse.move(0, 0);
  const rooms = overview.roomsChart;
  const ticks = rooms.locator(".recharts-yAxis-tick-labels .recharts-cartesian-axis-tick-label title");
  await expect(ticks).toHaveCount(4);
  const jids = await ticks.allTextContents();
  const roomTip = rooms.locator(".recharts-tooltip-wrapper .recharts-tooltip-label");
  await pressUntilShown(rooms.getByRole("application"), "ArrowDown", roomTip);
  await press("End", roomTip, jids[3]!);
  await expect(rooms.getByTestId("chart-announcer")).toContainText(jids[3]!);
  await press("Home", roomTip, jids[0]!);
  await page.keyboard.press("ArrowDown");
  await expect(roomTip).toHaveText(jids[1]!);
  await press("End", roomTip, jids[3]!);
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL((url) => decodeURIComponent(url.pathname) === `/rooms/${jids[3]}`);

  // The incidents per day: 2015-09-01 to 2015-09-05 (two days between them without any).
  const days = "e2e_keys_days";
  for (const [number, at] of [
    [1, "2015-09-01 10:00:00"],
    [2, "2015-09-03 10:00:00"],
    [3, "2015-09-05 10:00:00"],
  ] as const) {
    await uploadRoomBuild(request, { job: days, number, room: `e2e#keys_days_${number}@conference.easemob.com`, pid: `<6562.${number}.4>`, at });
  }
  await incidentsList.goto(`?job=${days}`);
  await page.mouse.move(0, 0);
  const chart = incidentsList.startsChart;
  await expect(chart).toHaveAttribute("data-buckets", "5");
  const startsTip = page.getByTestId("incident-starts-tooltip").locator("strong");
  await pressUntilShown(chart.getByRole("application"), "ArrowRight", startsTip);
  await press("End", startsTip, "2015-09-05");
  await expect(chart.getByTestId("chart-announcer")).toContainText("2015-09-05");
  await press("Home", startsTip, "2015-09-01");
  await press("End", startsTip, "2015-09-05");
  await press("Home", startsTip, "2015-09-01");
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(/[?&]from=2015-09-01T/);
});

test("keys pressed at once after Home or End act on the chart: none is lost or scrolls the page", async ({ page, request, overview }) => {
  // Home and End draw the chart anew; keys pressed meanwhile went to the page's body (a diff review:
  // End twice 150 ms apart scrolled the page 542 -> 1636 px, an ArrowLeft 100 ms after End was lost).
  const job = "e2e_keys_burst";
  for (const number of [1, 2, 3, 4]) await uploadRoomBuild(request, { job, number, room: `e2e#keys_burst_${number}@conference.easemob.com` });
  await page.setViewportSize({ width: 1280, height: 600 });
  await overview.goto(`?job=${job}&axis=builds`);
  await page.mouse.move(0, 0);
  await expect(overview.timeline.locator(".recharts-scatter-symbol path.recharts-symbols")).toHaveCount(4);
  const tip = page.getByTestId("timeline-tooltip").locator("strong").first();
  await pressUntilShown(overview.timeline.getByRole("application"), "ArrowRight", tip);
  const scrolled = await page.evaluate(() => window.scrollY);
  // Not awaited one by one: the keys reach the page while the chart is drawn anew.
  for (const key of ["End", "End", "End", "ArrowLeft"]) void page.keyboard.press(key);
  await expect(tip).toContainText(`${job} #3`);
  expect(await page.evaluate(() => window.scrollY), "the page scrolled").toBe(scrolled);
  await expect(overview.timeline.getByRole("application")).toBeFocused();
  // Held down: its repeats land on the end once.
  await page.keyboard.down("Home");
  for (let k = 0; k < 6; k++) void page.keyboard.down("Home");
  await page.keyboard.up("Home");
  await expect(tip).toContainText(`${job} #1`);
  expect(await page.evaluate(() => window.scrollY), "the page scrolled").toBe(scrolled);
  // Tab at once after End leaves the chart, and the chart, landed, does not take the focus back.
  void page.keyboard.press("End");
  await page.keyboard.press("Tab");
  await expect(tip).toContainText(`${job} #4`);
  await page.waitForTimeout(300);
  await expect(overview.timeline.getByRole("application")).not.toBeFocused();
  expect(await page.evaluate(() => document.activeElement?.tagName)).not.toBe("BODY");
  await overview.timeline.getByRole("application").focus();
  // Enter at once after End opens the latest.
  void page.keyboard.press("End");
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(new RegExp(`/builds/${job}/4$`));
});

test("the charts' legend icons are hidden from a screen reader: their text names each series", async ({ page, request, overview, incidentsList }) => {
  // A screen reader read each as "unknown legend icon" (an accessibility review).
  await uploadViaApi(request, "room", "sql");
  await overview.goto();
  const icons = overview.roomsChart.locator(".recharts-legend-item svg");
  await expect.poll(() => icons.count()).toBeGreaterThan(0);
  for (const icon of await icons.all()) await expect(icon).toHaveAttribute("aria-hidden", "true");
  expect(await overview.roomsChart.locator(".recharts-legend-wrapper").ariaSnapshot()).not.toContain("legend icon");
  await incidentsList.goto();
  const startIcons = incidentsList.startsChart.locator(".recharts-legend-item svg");
  await expect.poll(() => startIcons.count()).toBeGreaterThan(0);
  for (const icon of await startIcons.all()) await expect(icon).toHaveAttribute("aria-hidden", "true");
  expect(page.url()).toContain("/incidents");
});
