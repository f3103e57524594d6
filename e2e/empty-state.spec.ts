// The first visit: an empty database shows a friendly empty state with the
// file picker and sample logs. Runs before the specs that upload (files run
// in name order); if data is already there it skips rather than fail.
import { expect, test } from "./fixtures";
import { saveScreenshot } from "./helpers";

test("an empty database shows the empty state with a picker and sample logs", async ({ page, overview }, testInfo) => {
  await overview.goto();
  test.skip((await overview.total("builds")) > 0, "the database already has builds");
  await expect(overview.emptyState).toBeVisible();
  await expect(page.getByTestId("file-picker")).toBeVisible();
  const samples = page.getByTestId("sample-log");
  expect(await samples.count()).toBeGreaterThanOrEqual(3);
  const href = await samples.first().getAttribute("href");
  const response = await page.request.get(href ?? "");
  expect(response.status()).toBe(200);
  expect(await response.text()).toContain("processes sorted by queue_len desc");
  await saveScreenshot(page, testInfo, "overview-empty");
});

test("with nothing uploaded, the logs page says so and where to upload", async ({ overview, logsPage }) => {
  await overview.goto();
  test.skip((await overview.total("logs")) > 0, "the database already has logs");
  await logsPage.goto();
  await expect(logsPage.empty).toBeVisible();
  await expect(logsPage.empty.getByRole("link", { name: "upload page" })).toHaveAttribute("href", "/upload");
  await expect(logsPage.rows).toHaveCount(0);
});

test("with nothing uploaded, the builds, incidents and rooms lists say so and where to upload", async ({ page, overview }) => {
  await overview.goto();
  test.skip((await overview.total("logs")) > 0, "the database already has logs");
  for (const [path, testId, what] of [
    ["/builds", "builds-empty", "builds"],
    ["/incidents", "incidents-empty", "incidents"],
    ["/rooms", "rooms-empty", "rooms"],
  ] as const) {
    await page.goto(path);
    const empty = page.getByTestId(testId);
    // Not "No builds match.", which reads as the filters' doing.
    await expect(empty).toContainText(`No ${what} yet: no log is stored.`);
    await expect(empty.getByRole("link", { name: "upload page" })).toHaveAttribute("href", "/upload");
  }
  // Filtered, an empty list still says that nothing matches.
  await page.goto("/builds?job=nothing_here");
  await expect(page.getByTestId("builds-empty")).toHaveText("No builds match.");
});
