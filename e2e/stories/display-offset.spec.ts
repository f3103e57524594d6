// Story: an operator team in UTC+8 sets DISPLAY_UTC_OFFSET=+08:00, so that the
// pages show its CI's times as its Jenkins does. A build that started at
// 16:34 UTC reads 00:34 UTC+8 of the next day on its page, in the lists and on
// the timeline's axis; the time filters show and take minutes in UTC+8 and
// mean the same instants (the URL and the API keep UTC).
import { expect, test } from "../fixtures";
import { readLog } from "../helpers";
import { SPEC_SERVER_PORT, startSpecServer, type SpecServer } from "../token-server";

const JOB = "e2e_display_offset";

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

  test("pages show times in UTC+8, the filters take them there, the API keeps UTC", async ({ page, request }) => {
    for (const [number, startedAt] of [[1, "2015-08-22T16:34:00Z"], [2, "2015-08-22T17:10:00Z"]] as const) {
      const query = new URLSearchParams({ filename: `tz-${number}.log`, job: JOB, number: String(number), startedAt });
      const response = await request.post(`/api/logs?${query}`, { headers: { "content-type": "text/plain" }, data: `${readLog("room")}\nFinished build ${number}\n` });
      expect(response.status(), await response.text()).toBe(201);
    }
    // The API: UTC, as ever.
    const api = (await (await request.get(`/api/builds/${JOB}/1`)).json()) as { build: { startedAt: string } };
    expect(api.build.startedAt).toBe("2015-08-22T16:34:00.000Z");

    await page.goto(`/builds/${JOB}/1`);
    await expect(page.locator("main")).toContainText("2015-08-23 00:34 UTC+8");
    await expect(page.locator("main")).not.toContainText("16:34 UTC");

    await page.goto(`/builds?job=${JOB}`);
    const rows = page.getByTestId("builds-table").locator("tbody tr");
    await expect(rows).toHaveCount(2);
    // Newest first.
    await expect(rows.nth(0)).toContainText("2015-08-23 01:10 UTC+8");
    await expect(rows.nth(1)).toContainText("2015-08-23 00:34 UTC+8");
    await expect(page.getByText("From (UTC+8)")).toBeVisible();

    // A minute typed in UTC+8: 00:40 there is 16:40 UTC, after build 1 and before build 2.
    await page.getByTestId("filter-from").fill("2015-08-23T00:40");
    await page.getByTestId("filter-apply").click();
    await expect(page).toHaveURL(/from=2015-08-23T00%3A40%3A00%2B08%3A00/);
    await expect(rows).toHaveCount(1);
    await expect(rows.first()).toContainText("01:10 UTC+8");
    // Shown again in UTC+8 after the reload the URL makes.
    await page.reload();
    await expect(page.getByTestId("filter-from")).toHaveValue("2015-08-23T00:40");

    // The timeline's axis names the days and hours of UTC+8.
    await page.goto(`/?job=${JOB}`);
    const ticks = page.getByTestId("timeline-chart").locator(".recharts-cartesian-axis-tick-value");
    // (Round times of that clock: 00:40, 00:50… between the builds at 00:34 and 01:10.)
    await expect.poll(async () => (await ticks.allTextContents()).join(" ")).toMatch(/08-23 00:40 08-23 00:50/);
    expect((await ticks.allTextContents()).join(" ")).not.toMatch(/08-22|16:34/);
  });
});
