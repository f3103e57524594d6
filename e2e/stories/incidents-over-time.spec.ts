// Story: an operator opens the incidents list to see whether incidents come more or less often,
// and of which kind. Above the list a chart counts the incidents that started in each day (hour,
// week…), stacked by class; it follows the list's filters, and a click on a bar narrows the list
// to that bar's time.
import type { APIRequestContext, Locator } from "@playwright/test";
import { expect, test } from "../fixtures";
import { LOGS, readLog, uploadRoomBuild } from "../helpers";
import { SPEC_SERVER_PORT, startSpecServer, type SpecServer } from "../token-server";

/**
 * A job of this spec's own: the room, MySQL and dead-process builds of the seed, started on
 * 2015-08-22 (UTC: the room's log says 08-23 00:34 +0800) and 08-25.
 */
const JOB = "e2e_incidents_chart_monitor";

async function uploadChartJob(request: APIRequestContext): Promise<void> {
  for (const name of ["room", "sql", "dead"] as const) {
    const response = await request.post(`/api/logs?filename=${JOB}_${LOGS[name].number}.log`, {
      headers: { "content-type": "text/plain" },
      data: readLog(name).replaceAll(LOGS[name].job, JOB),
    });
    expect(response.status(), await response.text()).toBeLessThan(300);
  }
}

/** The incidents the API lists for a query, by class and by day (UTC) of their start. */
async function listed(request: APIRequestContext, query: string) {
  const { incidents } = (await (await request.get(`/api/incidents?${query}&pageSize=500`)).json()) as {
    incidents: { culpritClass: string; firstAt: string | null }[];
  };
  const byClass: Record<string, number> = {};
  const days = new Set<string>();
  for (const incident of incidents) {
    byClass[incident.culpritClass] = (byClass[incident.culpritClass] ?? 0) + 1;
    if (incident.firstAt) days.add(incident.firstAt.slice(0, 10));
  }
  return { byClass, days: [...days].sort() };
}

/** The chart's incidents per class, as it drew them. */
const counts = async (chart: Locator) => JSON.parse((await chart.getAttribute("data-counts")) ?? "{}") as Record<string, number>;

test.describe("in UTC", () => {
  test.beforeEach(async ({ request }) => {
    await uploadChartJob(request);
  });

  test("the chart counts the listed incidents per day, stacked by class, the day without one drawn empty", async ({ request, incidentsList, page }) => {
    const expected = await listed(request, `job=${JOB}`);
    // The three builds are three incidents of three classes, started on the 22nd and the 25th.
    expect(expected.byClass).toEqual({ muc_room: 1, sql: 1, dead: 1 });
    expect(expected.days).toEqual(["2015-08-22", "2015-08-25"]);

    await incidentsList.goto(`?job=${JOB}`);
    const chart = incidentsList.startsChart;
    await expect(chart).toHaveAttribute("data-unit", "day");
    // 08-22, 08-23 and 08-24 (none), 08-25.
    await expect(chart).toHaveAttribute("data-buckets", "4");
    expect(await counts(chart)).toEqual(expected.byClass);
    await expect(page.getByTestId("incident-starts-caption")).toContainText("3 incidents started, per day (UTC)");
    await expect(chart.getByRole("application")).toHaveAccessibleName("Incidents started per day");

    // A bar per class in its colour; the legend names them top of the stack first (MUC room is drawn first, at the bottom).
    for (const fill of ["#e0533d", "#2f8fdd", "#c2378f"]) {
      await expect(chart.locator(`.recharts-bar-rectangle path[fill="${fill}"]`)).toHaveCount(1);
    }
    await expect(chart.locator(".recharts-legend-item-text")).toHaveText(["process died", "SQL connection", "MUC room"]);
    const ticks = chart.locator(".recharts-xAxis-tick-labels .recharts-cartesian-axis-tick-value");
    await expect(ticks.first()).toHaveText("08-22");
    await expect(ticks.last()).toHaveText("08-25");

    // The pointer on the 25th's bar: the day and its two incidents.
    await chart.locator(`.recharts-bar-rectangle path[fill="#2f8fdd"]`).hover();
    const tooltip = page.getByTestId("incident-starts-tooltip");
    await expect(tooltip).toContainText("2015-08-25");
    await expect(tooltip).toContainText("2 incidents started");
    await expect(tooltip).toContainText("SQL connection: 1");
    await expect(tooltip).toContainText("process died: 1");
  });

  test("a start years before the others: the empty years are one mark, the bars keep their size", async ({ request, incidentsList, page }) => {
    // 2015's room build and 2023's modern one, under one job: over the whole span, monthly (or yearly) bars.
    const far = "e2e_incidents_chart_far";
    for (const name of ["room", "chinese"] as const) {
      const response = await request.post(`/api/logs?filename=${far}_${LOGS[name].number}.log`, {
        headers: { "content-type": "text/plain" },
        data: readLog(name).replaceAll(LOGS[name].job, far),
      });
      expect(response.status(), await response.text()).toBeLessThan(300);
    }
    await incidentsList.goto(`?job=${far}`);
    const chart = incidentsList.startsChart;
    await expect(chart).toHaveAttribute("data-unit", "hour");
    await expect(chart).toHaveAttribute("data-buckets", "3");
    await expect(chart).toHaveAttribute("data-gaps", "1");
    await expect(page.getByTestId("incident-starts-caption")).toContainText("2 incidents started, per hour (UTC); a long stretch without any shortened to one mark (⋯)");
    await expect(chart.locator(".recharts-xAxis-tick-labels .recharts-cartesian-axis-tick-value").filter({ hasText: "⋯" })).toHaveCount(1);
    expect(await counts(chart)).toEqual((await listed(request, `job=${far}`)).byClass);
  });

  test("the chart follows the filter bar", async ({ request, incidentsList }) => {
    await incidentsList.goto(`?job=${JOB}`);
    await expect(incidentsList.startsChart).toHaveAttribute("data-buckets", "4");
    await incidentsList.classFilter.selectOption("sql");
    await incidentsList.apply.click();
    await expect(incidentsList.page).toHaveURL(/class=sql/);
    const expected = await listed(request, `job=${JOB}&class=sql`);
    expect(expected.byClass).toEqual({ sql: 1 });
    // One incident: one hour's bar.
    await expect(incidentsList.startsChart).toHaveAttribute("data-unit", "hour");
    await expect(incidentsList.startsChart).toHaveAttribute("data-buckets", "1");
    expect(await counts(incidentsList.startsChart)).toEqual(expected.byClass);
    await expect(incidentsList.rows).toHaveCount(1);
  });

  test("a click on a bar narrows the list to its day; a click on the legend or an axis does nothing", async ({ request, incidentsList, page }) => {
    await incidentsList.goto(`?job=${JOB}&sort=firstAt`);
    const chart = incidentsList.startsChart;
    await expect(chart.locator(".recharts-legend-item").first()).toBeVisible();
    const start = page.url();
    for (const target of [
      chart.locator(".recharts-legend-item").first(),
      chart.locator(".recharts-label").filter({ hasText: "incidents started" }),
      chart.locator(".recharts-xAxis-tick-labels .recharts-cartesian-axis-tick-value").first(),
    ]) {
      await target.click();
      await expect(page.waitForURL((url) => url.href !== start, { timeout: 3_000 })).rejects.toThrow();
    }

    const bar = chart.locator(`.recharts-bar-rectangle path[fill="#2f8fdd"]`);
    await bar.hover();
    await bar.click();
    // The filter bar's own form: from inclusive, to exclusive, the list's other parameters kept.
    await expect(page).toHaveURL(/from=2015-08-25T00%3A00%3A00.000Z&to=2015-08-26T00%3A00%3A00.000Z/);
    const url = new URL(page.url());
    expect(url.searchParams.get("job")).toBe(JOB);
    expect(url.searchParams.get("sort")).toBe("firstAt");
    await expect(page.getByTestId("filter-from")).toHaveValue("2015-08-25T00:00");
    const expected = await listed(request, url.search.slice(1));
    expect(expected.byClass).toEqual({ sql: 1, dead: 1 });
    await expect(incidentsList.rows).toHaveCount(2);
    // The day, by hour.
    await expect(chart).toHaveAttribute("data-unit", "hour");
    expect(await counts(chart)).toEqual(expected.byClass);
  });

  test("the arrow keys step from day to day, said in the live region; Enter narrows to the day shown", async ({ incidentsList, page }) => {
    await incidentsList.goto(`?job=${JOB}`);
    await page.mouse.move(0, 0);
    const chart = incidentsList.startsChart;
    const said = chart.getByTestId("chart-announcer");
    await expect(said).toHaveAttribute("aria-live", "polite");
    const surface = chart.getByRole("application");
    await expect(async () => {
      await surface.press("ArrowRight");
      await expect(said).not.toHaveText("", { timeout: 1_000 });
    }).toPass({ timeout: 15_000 });
    // Back to the first day (the retries above may have stepped past it).
    for (let i = 0; i < 4; i++) await page.keyboard.press("ArrowLeft");
    await expect(said).toHaveText("2015-08-22: 1 incident started (1 MUC room)");
    await page.keyboard.press("ArrowRight");
    await expect(said).toHaveText("2015-08-23: no incident started");
    // Nothing to list on a day without a bar.
    const here = page.url();
    await page.keyboard.press("Enter");
    await expect(page.waitForURL((url) => url.href !== here, { timeout: 1_500 })).rejects.toThrow();
    await page.keyboard.press("ArrowRight");
    await page.keyboard.press("ArrowRight");
    await expect(said).toHaveText("2015-08-25: 2 incidents started (1 process died, 1 SQL connection)");
    await page.keyboard.press("Enter");
    await expect(page).toHaveURL(/from=2015-08-25T00%3A00%3A00.000Z&to=2015-08-26T00%3A00%3A00.000Z/);
    // One Tab stop: Tab leaves the chart.
    await incidentsList.goto(`?job=${JOB}`);
    await expect(chart.locator("g[class*='recharts-zIndex-layer_']").first()).toBeAttached();
    await surface.focus();
    await page.keyboard.press("Tab");
    expect(await chart.evaluate((element) => element.contains(document.activeElement))).toBe(false);
  });

  test("no incident matches: no chart; incidents with no start time: said, not drawn", async ({ incidentsList, page, request }) => {
    await incidentsList.goto(`?job=${JOB}&class=rpc`);
    await expect(incidentsList.table.or(page.getByText(/no incident/i)).first()).toBeVisible();
    await expect(page.getByTestId("incident-starts-panel")).toHaveCount(0);

    // A build whose log gives no time: its incident is listed, with no start to chart.
    const job = "e2e_incidents_chart_untimed_monitor";
    await uploadRoomBuild(request, { job, number: 1, room: "e2e#chart_untimed@conference.easemob.com", untimed: true });
    await incidentsList.goto(`?job=${job}`);
    await expect(incidentsList.rows).toHaveCount(1);
    await expect(page.getByTestId("incident-starts-none")).toHaveText("Nothing to draw: 1 incident with no known start.");
    await expect(incidentsList.startsChart).toHaveCount(0);
  });
});

test.describe("with DISPLAY_UTC_OFFSET=+08:00", () => {
  test.use({ baseURL: `http://127.0.0.1:${SPEC_SERVER_PORT}` });
  let server: SpecServer | undefined;

  test.beforeAll(async () => {
    test.setTimeout(180_000);
    server = await startSpecServer({ DISPLAY_UTC_OFFSET: "+08:00" });
  });
  test.afterAll(async () => {
    await server?.stop();
  });

  test("the days are UTC+8's, and a bar narrows the list to its day there", async ({ request, incidentsList, page }) => {
    await uploadChartJob(request);
    // The room's build began 2015-08-22 16:34 UTC: 08-23 00:34 in UTC+8, its day from 08-22 16:00 UTC.
    const { incidents } = (await (await request.get(`/api/incidents?job=${JOB}&class=muc_room`)).json()) as { incidents: { firstAt: string }[] };
    expect(incidents.map((incident) => incident.firstAt)).toEqual(["2015-08-22T16:34:01.000Z"]);

    await incidentsList.goto(`?job=${JOB}`);
    const chart = incidentsList.startsChart;
    await expect(page.getByTestId("incident-starts-caption")).toContainText("3 incidents started, per day (UTC+8)");
    const ticks = chart.locator(".recharts-xAxis-tick-labels .recharts-cartesian-axis-tick-value");
    await expect(ticks.first()).toHaveText("08-23");
    const bar = chart.locator(`.recharts-bar-rectangle path[fill="#e0533d"]`);
    await bar.hover();
    await expect(page.getByTestId("incident-starts-tooltip")).toContainText("2015-08-23");
    await bar.click();
    await expect(page).toHaveURL(/from=2015-08-22T16%3A00%3A00.000Z&to=2015-08-23T16%3A00%3A00.000Z/);
    await expect(page.getByTestId("filter-from")).toHaveValue("2015-08-23T00:00");
    await expect(incidentsList.rows).toHaveCount(1);
    expect(await counts(chart)).toEqual({ muc_room: 1 });
  });
});
