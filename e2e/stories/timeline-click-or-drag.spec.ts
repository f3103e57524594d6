// Story: on the overview's timeline a click on a dot opens its build and a drag across
// the chart zooms to the range. A drag that spans no range (both ends snapped to one
// build, as a vertical drag does) is still a drag: it does nothing, and never opens the
// build it happened to end on.
import type { Locator, Page } from "@playwright/test";
import { expect, test } from "../fixtures";
import { LOGS, pressUntilShown, uploadViaApi } from "../helpers";

test.beforeEach(async ({ request }) => {
  await uploadViaApi(request, "room", "sql", "dead");
});

const query = `?job=${LOGS.room.job}`;

async function center(locator: Locator): Promise<{ x: number; y: number }> {
  const box = await locator.boundingBox();
  if (!box) throw new Error("not laid out");
  return { x: box.x + box.width / 2, y: box.y + box.height / 2 };
}

/** The dots, once the chart has measured its container and drawn them. */
async function dots(page: Page, timeline: Locator): Promise<Locator> {
  const symbols = timeline.locator(".recharts-scatter-symbol path.recharts-symbols");
  await expect(symbols).toHaveCount(3);
  // Hydrated: the chart's handlers are attached (hovering shows the tooltip).
  await expect(async () => {
    await symbols.first().hover();
    await expect(page.getByTestId("timeline-tooltip")).toBeVisible({ timeout: 1_000 });
  }).toPass({ timeout: 15_000 });
  return symbols;
}

test("a vertical drag from a dot gives no range and opens nothing", async ({ page, overview }) => {
  await overview.goto(query);
  const symbols = await dots(page, overview.timeline);
  const from = await center(symbols.first());
  const grid = await overview.timeline.locator(".recharts-cartesian-grid").boundingBox();
  if (!grid) throw new Error("no grid");
  // Straight up or down, well past a click's few pixels, inside the plot: the same x, the same build.
  const toY = from.y > grid.y + grid.height / 2 ? grid.y + 10 : grid.y + grid.height - 10;
  expect(Math.abs(toY - from.y)).toBeGreaterThan(40);
  await page.mouse.move(from.x, from.y);
  await page.mouse.down();
  await page.mouse.move(from.x, (from.y + toY) / 2, { steps: 4 });
  await page.mouse.move(from.x, toY, { steps: 4 });
  await page.mouse.up();
  // Nothing to wait for but time: a navigation would start at once.
  await page.waitForTimeout(1_500);
  expect(new URL(page.url()).pathname).toBe("/");
  expect(new URL(page.url()).search).toBe(query);
});

test("a click on a dot opens its build; a drag across dots zooms", async ({ page, overview }) => {
  await overview.goto(query);
  let symbols = await dots(page, overview.timeline);
  const [a, b] = [await center(symbols.first()), await center(symbols.last())];
  await page.mouse.move(a.x, a.y);
  await page.mouse.down();
  await page.mouse.move((a.x + b.x) / 2, (a.y + b.y) / 2, { steps: 5 });
  await page.mouse.move(b.x, b.y, { steps: 5 });
  await page.mouse.up();
  await expect(page).toHaveURL(/[?&]from=.*&to=/);
  expect(new URL(page.url()).pathname).toBe("/");

  await overview.goto(query);
  symbols = await dots(page, overview.timeline);
  const dot = await center(symbols.first());
  await page.mouse.click(dot.x, dot.y);
  await expect(page).toHaveURL(/\/builds\//);
});

test("from the keyboard: the arrow keys step to a build and Enter opens it, as a click does", async ({ page, overview }) => {
  await overview.goto(query);
  await dots(page, overview.timeline);
  await page.mouse.move(0, 0);
  const surface = overview.timeline.getByRole("application", { name: "Top-list queue per build" });
  const tooltip = page.getByTestId("timeline-tooltip");
  await pressUntilShown(surface, "ArrowRight", tooltip);
  await expect(tooltip).toContainText("click (or Enter) to open the build", { useInnerText: true });
  await expect(tooltip.getByText("tap", { exact: true })).toBeHidden();
  const shown = (await tooltip.locator("strong").first().textContent()) ?? "";
  expect(/#(\d+)/.exec(shown)?.[1], shown).toBeTruthy();
  // Escape hides the tooltip: Enter then opens nothing.
  const here = page.url();
  await page.keyboard.press("Escape");
  await expect(tooltip).toBeHidden();
  await page.keyboard.press("Enter");
  await page.waitForTimeout(500);
  expect(page.url()).toBe(here);
  await page.keyboard.press("ArrowRight");
  await expect(tooltip).toBeVisible();
  const next = /#(\d+)/.exec((await tooltip.locator("strong").first().textContent()) ?? "")?.[1];
  expect(next).toBeTruthy();
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(new RegExp(`/builds/[^?]+/${next}$`));
});
