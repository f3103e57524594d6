// Story: an operator reads the overview's charts without a legend of the
// data model: the axes say what they count, small counts get whole-number
// ticks, and the totals say they are not the filtered view.
import { expect, test } from "../fixtures";
import { LOGS, roomBuildVariant, uploadRoomBuild, uploadViaApi } from "../helpers";

test.beforeEach(async ({ request }) => {
  await uploadViaApi(request, "room", "sql", "dead", "rex");
});

test("the timeline's y axis says it counts queued messages", async ({ overview }) => {
  await overview.goto();
  await expect(overview.timeline.locator(".recharts-label").filter({ hasText: "messages queued" })).toBeVisible();
});

test("the rooms chart counts in whole numbers and stops at the largest count", async ({ overview, request }) => {
  const query = `?job=${LOGS.room.job}`;
  const { rooms } = (await (await request.get(`/api/rooms${query}`)).json()) as { rooms: { incidents: number; builds: number }[] };
  const max = Math.max(...rooms.map((r) => Math.max(r.incidents, r.builds)));
  expect(max).toBeLessThanOrEqual(8);
  await overview.goto(query);
  const tickValues = overview.roomsChart.locator(".recharts-xAxis-tick-labels .recharts-cartesian-axis-tick-value");
  // The chart draws once its container is measured.
  await expect(tickValues.first()).toBeVisible();
  const ticks = (await tickValues.allTextContents()).map((t) => t.trim());
  // One tick per count, 0 to the largest (recharts' own ticks ran to 4 for a largest count of 1).
  expect(ticks).toEqual(Array.from({ length: max + 1 }, (_, i) => String(i)));
});

test("filtered, the overview says its totals are of everything stored", async ({ page, overview }) => {
  await overview.goto();
  await expect(page.getByTestId("totals-unfiltered")).toHaveCount(0);
  await overview.goto(`?job=${LOGS.room.job}`);
  await expect(page.getByTestId("totals-unfiltered")).toBeVisible();
});

test("the rooms chart shows each room's label whole, the full JID on hover", async ({ request, overview }) => {
  // A name of wide letters: its label (cut in the middle at 28 characters) is wider than 210 px.
  // Lower case: room JIDs are stored folded (`W` would come back as `w`).
  const job = "e2e_wide_room_monitor";
  const room = `e2e#${"w".repeat(40)}@conference.easemob.com`;
  await uploadRoomBuild(request, { job, number: 1, room });
  await overview.goto(`?job=${job}`);
  const label = overview.roomsChart.locator(".recharts-yAxis-tick-labels .recharts-cartesian-axis-tick-value");
  await expect(label).toHaveCount(1);
  await expect(label).toHaveText(/^e2e#w+…w+$/);
  // It does not start left of the chart (recharts right-aligns labels, and cut the start of one wider than the axis).
  const overhang = () =>
    label.evaluate((tick: SVGGraphicsElement) => (tick.ownerSVGElement?.getBoundingClientRect().left ?? 0) - tick.getBoundingClientRect().left);
  // The axis takes its width from its labels once they are drawn.
  await expect.poll(overhang).toBeLessThanOrEqual(0.5);
  // The whole JID: the label's title, and the tooltip.
  await expect(label.locator("xpath=..").locator("title")).toHaveText(room);
  await overview.roomsChart.locator(".recharts-bar-rectangle").first().hover();
  await expect(overview.roomsChart.locator(".recharts-tooltip-wrapper")).toContainText(room);
});

test("the timeline tells healthy builds from dead processes by colour and shape, as its legend does", async ({ request, overview }) => {
  // A run that inspected no process, its top queue below the threshold: a healthy build (no culprit class).
  // (With the fixture's 4,242 it is a provisional incident: the test passed only after another spec
  // had stored a healthy build, and failed run alone.)
  const log = roomBuildVariant({ job: "e2e_healthy_monitor", number: 1, room: "e2e#healthy_room@conference.easemob.com", queueLen: 12 });
  const healthyRun = log.slice(0, log.indexOf("message queue len of pid"));
  const response = await request.post("/api/logs?filename=e2e_healthy_monitor_1.log", { headers: { "content-type": "text/plain" }, data: healthyRun });
  expect(response.status(), await response.text()).toBeLessThan(300);
  await overview.goto();
  const legend = async (text: string) => {
    const icon = overview.timeline.locator(".recharts-legend-item").filter({ hasText: text }).locator("path.recharts-symbols");
    await expect(icon).toHaveCount(1);
    return { fill: (await icon.getAttribute("fill")) ?? "", d: (await icon.getAttribute("d")) ?? "" };
  };
  const healthy = await legend("healthy");
  const dead = await legend("process died");
  // Different shapes (a reader who cannot tell the colours apart) …
  expect(dead.d).not.toBe(healthy.d);
  // … and colours far apart, not two greys.
  const rgb = (hex: string) => [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16));
  const [a, b] = [rgb(healthy.fill), rgb(dead.fill)];
  const distance = Math.hypot(...a.map((v, i) => v - (b[i] ?? 0)));
  expect(distance, `${healthy.fill} and ${dead.fill}`).toBeGreaterThanOrEqual(100);
  // The dots are painted as the legend says.
  for (const { fill } of [healthy, dead]) {
    await expect(overview.timeline.locator(`.recharts-scatter-symbol path[fill="${fill}"]`).first()).toBeAttached();
  }
  // One marker per build, whatever the classes: a series per class drew an (empty) marker for
  // every build in each, seven times the work, and 1,500 builds held the page for seconds.
  const points = Number(await overview.timeline.getAttribute("data-points"));
  expect(points).toBeGreaterThan(1);
  await expect(overview.timeline.locator(".recharts-scatter-symbol")).toHaveCount(points);
  await expect(overview.timeline.locator(".recharts-scatter-symbol path.recharts-symbols")).toHaveCount(points);
});

test("on a phone, rooms of one name on two hosts keep short labels and the bars get drawn", async ({ page, request, overview }) => {
  // A UI review's case at 390 px: two rooms on two hosts each were labelled with their whole JIDs,
  // the label column took the whole chart, and no bar was drawn.
  const job = "e2e_two_hosts_monitor";
  const rooms = ["76366185259598244", "76366191207121304"].flatMap((id) =>
    // Not the seed's `snh-48#…` rooms: other specs count the rooms that hold that text.
    ["conference.easemob.com", "conference.im.example.cn"].map((host) => `e2e-phone#pocket48_${id}@${host}`),
  );
  for (const [k, room] of rooms.entries()) {
    const response = await request.post(`/api/logs?filename=${job}_${k + 1}.log`, {
      headers: { "content-type": "text/plain" },
      data: roomBuildVariant({ job, number: k + 1, room }),
    });
    expect(response.status(), await response.text()).toBeLessThan(300);
  }
  await page.setViewportSize({ width: 390, height: 844 });
  await overview.goto(`?job=${job}`);
  const labels = overview.roomsChart.locator(".recharts-yAxis-tick-labels .recharts-cartesian-axis-tick-value");
  await expect(labels).toHaveCount(rooms.length);
  const texts = await labels.allTextContents();
  expect(new Set(texts).size).toBe(rooms.length);
  const bars = overview.roomsChart.locator(".recharts-bar-rectangle path");
  await expect(bars.first()).toBeVisible();
  // Every bar has a width, and the label column leaves the bars most of the chart.
  const widths = await bars.evaluateAll((paths) => paths.map((p) => (p as SVGGraphicsElement).getBoundingClientRect().width));
  expect(widths.length).toBeGreaterThanOrEqual(rooms.length);
  expect(Math.min(...widths)).toBeGreaterThan(20);
  // The plot (the grid) keeps most of the chart: whole JIDs left it nothing.
  const grid = overview.roomsChart.locator(".recharts-cartesian-grid");
  await expect
    .poll(async () => {
      const [outer, plot] = await Promise.all([overview.roomsChart.boundingBox(), grid.boundingBox()]);
      return outer && plot ? plot.width / outer.width : 0;
    })
    .toBeGreaterThan(0.4);
});

test("a click on a chart's legend or axis opens nothing; a click on a build still opens it", async ({ page, overview }) => {
  // recharts reports no row (activeIndex null) for these: Number(null) was 0, the first build or room.
  const targets = [
    ["the timeline's legend", () => overview.timeline.locator(".recharts-legend-item").first()],
    ["the timeline's axis title", () => overview.timeline.locator(".recharts-label").filter({ hasText: "messages queued" })],
    ["a time tick", () => overview.timeline.locator(".recharts-xAxis-tick-labels .recharts-cartesian-axis-tick-value").first()],
    ["the rooms chart's legend", () => overview.roomsChart.locator(".recharts-legend-item").first()],
  ] as const;
  for (const [what, target] of targets) {
    await overview.goto();
    const start = page.url();
    await target().click();
    // No navigation starts (one took 72-234 ms to change the URL on an idle machine: 3 s of margin).
    await expect(page.waitForURL((url) => url.href !== start, { timeout: 3_000 }), what).rejects.toThrow();
  }
  // A bar of the rooms chart still opens its room.
  await overview.roomsChart.locator(".recharts-bar-rectangle").first().hover();
  await overview.roomsChart.locator(".recharts-bar-rectangle").first().click();
  await expect(page).toHaveURL(/\/rooms\/[^/?]+$/);
});

test("the rooms chart's legend lists its bars in their order: incidents, then builds blocked", async ({ overview }) => {
  await overview.goto();
  const legend = overview.roomsChart.locator(".recharts-legend-item-text");
  await expect(legend).toHaveText(["incidents", "builds blocked"]);
  // Each room's first bar is the incidents bar, above its builds-blocked bar.
  const [incidents, builds] = await Promise.all(
    ["#e0533d", "#2f8fdd"].map((fill) => overview.roomsChart.locator(`.recharts-bar-rectangle path[fill="${fill}"]`).first().boundingBox()),
  );
  expect(incidents!.y).toBeLessThan(builds!.y);
});

test("the rooms chart orders rooms as the rooms page does, most builds blocked first, not most incidents", async ({ request, overview, roomsPage }) => {
  // The seed's reader tallied rooms by the builds they blocked (11, 4, 2); its main room was one long
  // incident. Here the long one blocks builds 2-4 (1 incident), the other builds 1 and 5 (2 incidents).
  const job = "e2e_room_order_monitor";
  const long = "e2e#long_incident@conference.easemob.com";
  const twice = "e2e#two_incidents@conference.easemob.com";
  // Each room's own process (the same pid in every build would make one incident of them all).
  for (const [number, room] of [twice, long, long, long, twice].entries()) {
    const response = await request.post(`/api/logs?filename=${job}_${number + 1}.log`, {
      headers: { "content-type": "text/plain" },
      data: roomBuildVariant({ job, number: number + 1, room, pid: room === long ? undefined : "<6562.778.1>" }),
    });
    expect(response.status(), await response.text()).toBe(201);
  }
  await roomsPage.goto(`?job=${job}`);
  await expect(roomsPage.rows).toHaveCount(2);
  await expect(roomsPage.row(long).getByTestId("room-incidents")).toHaveText("1");
  await expect(roomsPage.row(twice).getByTestId("room-incidents")).toHaveText("2");
  const pageOrder = await roomsPage.rows.evaluateAll((rows) => rows.map((row) => row.getAttribute("data-jid")));
  expect(pageOrder).toEqual([long, twice]);
  await overview.goto(`?job=${job}`);
  const labels = overview.roomsChart.locator(".recharts-yAxis-tick-labels .recharts-cartesian-axis-tick-value");
  await expect(labels).toHaveCount(2);
  await expect(labels.nth(0).locator("xpath=..").locator("title")).toHaveText(long);
  await expect(labels.nth(1).locator("xpath=..").locator("title")).toHaveText(twice);
});
