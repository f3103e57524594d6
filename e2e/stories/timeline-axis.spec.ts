// Story: a job's builds ran for a fortnight, and one more ran years later (an old console
// uploaded, a CI host whose clock was wrong). On a time axis the fortnight is a sliver beside
// that one build; the overview starts with the builds side by side instead, says so on its
// "time axis" toggle, and zooms by time all the same. The choice lives in the URL (`axis`).
import type { Locator, Page } from "@playwright/test";
import { expect, test } from "../fixtures";
import { roomBuildVariant } from "../helpers";

const JOB = "e2e_axis_monitor";
const STARTS = ["2015-09-01T00:00:00.000Z", "2015-09-02T00:00:00.000Z", "2015-09-03T00:00:00.000Z", "2023-11-02T01:30:00.000Z"];

test.beforeEach(async ({ request }) => {
  for (const [i, startedAt] of STARTS.entries()) {
    const meta = new URLSearchParams({ job: JOB, number: String(i + 1), startedAt, filename: `axis-${i + 1}.log` });
    const response = await request.post(`/api/logs?${meta}`, {
      headers: { "content-type": "text/plain" },
      data: Buffer.from(roomBuildVariant({ job: JOB, number: i + 1, room: "e2e#axis@conference.easemob.com" }), "utf8"),
    });
    expect(response.status(), await response.text()).toBeLessThan(300);
  }
});

/** The x of each dot's centre, left to right, once the chart has drawn them all. */
async function dotXs(timeline: Locator): Promise<number[]> {
  const symbols = timeline.locator(".recharts-scatter-symbol path.recharts-symbols");
  await expect(symbols).toHaveCount(STARTS.length);
  const xs: number[] = [];
  for (const symbol of await symbols.all()) {
    const box = await symbol.boundingBox();
    if (!box) throw new Error("not laid out");
    xs.push(box.x + box.width / 2);
  }
  return xs.sort((a, b) => a - b);
}

const steps = (xs: number[]) => xs.slice(1).map((x, i) => x - xs[i]!);

async function hydrated(page: Page, timeline: Locator): Promise<void> {
  const first = timeline.locator(".recharts-scatter-symbol path.recharts-symbols").first();
  await expect(async () => {
    await first.hover();
    await expect(page.getByTestId("timeline-tooltip")).toBeVisible({ timeout: 1_000 });
  }).toPass({ timeout: 15_000 });
}

test("one build years after the rest: the builds start side by side, by time on request, and the URL keeps it", async ({ page, overview }) => {
  await overview.goto(`?job=${JOB}`);
  // The 2023 build's gap is nearly all of the span: evenly spaced, said by the toggle.
  await expect(overview.timeline).toHaveAttribute("data-axis", "builds");
  await expect(page.getByTestId("axis-builds")).toHaveAttribute("aria-pressed", "true");
  let xs = await dotXs(overview.timeline);
  const even = steps(xs);
  for (const step of even) expect(Math.abs(step - even[0]!)).toBeLessThan(2);
  expect(even[0]).toBeGreaterThan(50);
  // Each tick names its build's time: the fortnight and the later build both read (the y ticks are numbers).
  const ticks = async () => (await overview.timeline.locator(".recharts-cartesian-axis-tick-value").allTextContents()).join(" ");
  await expect.poll(ticks).toContain("2015-09-01");
  expect(await ticks()).toContain("2023-11-02");

  await page.getByTestId("axis-time").click();
  await expect(page).toHaveURL(/[?&]axis=time(&|$)/);
  await expect(page).toHaveURL(new RegExp(`[?&]job=${JOB}(&|$)`));
  await expect(overview.timeline).toHaveAttribute("data-axis", "time");
  await expect(page.getByTestId("axis-time")).toHaveAttribute("aria-pressed", "true");
  // By time, the three 2015 builds share a sliver: what the builds axis is for.
  await expect.poll(async () => steps(await dotXs(overview.timeline))[0]).toBeLessThan(3);
  xs = await dotXs(overview.timeline);
  expect(steps(xs)[2]).toBeGreaterThan(300);

  await page.reload();
  await expect(overview.timeline).toHaveAttribute("data-axis", "time");
  // Another filter from the form keeps it, as it keeps the queue axis.
  await overview.filterBar.getByTestId("filter-class").selectOption("muc_room");
  await overview.filterBar.getByTestId("filter-apply").click();
  await expect(page).toHaveURL(/[?&]class=muc_room(&|$)/);
  await expect(page).toHaveURL(/[?&]axis=time(&|$)/);
  await expect(overview.timeline).toHaveAttribute("data-axis", "time");
  await expect(page.getByTestId("ignored-params")).toHaveCount(0);

  await page.getByTestId("axis-builds").click();
  await expect(page).toHaveURL(/[?&]axis=builds(&|$)/);
  await expect(overview.timeline).toHaveAttribute("data-axis", "builds");
});

test("a drag across the evenly spaced builds zooms to their times, to the millisecond", async ({ page, overview }) => {
  await overview.goto(`?job=${JOB}&axis=builds`);
  await hydrated(page, overview.timeline);
  // The whole plot on screen: a pointer below the viewport's edge reaches nothing.
  await overview.timeline.locator(".recharts-cartesian-grid").scrollIntoViewIfNeeded();
  const xs = await dotXs(overview.timeline);
  const grid = await overview.timeline.locator(".recharts-cartesian-grid").boundingBox();
  if (!grid) throw new Error("no grid");
  const y = grid.y + grid.height - 12;
  // From the first build to the second (low in the plot: no dot in the way).
  await page.mouse.move(xs[0]!, y);
  await page.mouse.down();
  await page.mouse.move((xs[0]! + xs[1]!) / 2, y, { steps: 5 });
  await page.mouse.move(xs[1]!, y, { steps: 5 });
  await page.mouse.up();
  await expect(page).toHaveURL(/[?&]from=.*&to=/);
  const url = new URL(page.url());
  expect(url.searchParams.get("from")).toBe(STARTS[0]);
  // `to` is exclusive: the second build's time + 1 ms.
  expect(url.searchParams.get("to")).toBe("2015-09-02T00:00:00.001Z");
  expect(url.searchParams.get("axis")).toBe("builds");
  await expect(overview.timeline).toHaveAttribute("data-points", "2");
});
