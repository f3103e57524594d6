// Not a story: saves a screenshot of every page (test-results/screenshots/)
// for people reviewing changes, after checking each renders its main parts.
import { expect, test } from "../fixtures";
import { LOGS, permalinkOf, saveScreenshot, uploadViaApi } from "../helpers";

test.beforeEach(async ({ request }) => {
  await uploadViaApi(request, "room", "sql", "dead", "rex", "chinese", "xss");
});

test("every page renders (screenshots)", async ({ page, overview, buildPage }, testInfo) => {
  await overview.goto();
  await expect(overview.timeline.locator(".recharts-surface").first()).toBeVisible();
  await expect(overview.roomsChart).toBeVisible();
  await expect(overview.latestIncidents.getByTestId("incident-row").first()).toBeVisible();
  await saveScreenshot(page, testInfo, "overview");

  // Hovering a point shows its build; clicking it opens the build.
  await page.goto(`/?job=${LOGS.room.job}`);
  const dot = overview.timeline.locator(".recharts-scatter-symbol").first();
  await dot.hover();
  await expect(page.getByTestId("timeline-tooltip")).toContainText(LOGS.room.job);
  await saveScreenshot(page, testInfo, "overview-tooltip");
  await dot.click();
  await expect(page).toHaveURL(/\/builds\//);
  await expect(buildPage.title).toContainText(LOGS.room.job);

  await page.goto("/rooms");
  await expect(page.getByTestId("room-row").first()).toBeVisible();
  await saveScreenshot(page, testInfo, "rooms");

  await page.goto(`/rooms/${encodeURIComponent(LOGS.room.room)}`);
  await expect(page.getByTestId("room-title")).toHaveText(LOGS.room.room);
  await saveScreenshot(page, testInfo, "room");

  await page.goto("/incidents");
  await expect(page.getByTestId("incident-row").first()).toBeVisible();
  await saveScreenshot(page, testInfo, "incidents");

  // One incident's builds, reached from its build count.
  await page.getByTestId("incident-builds").first().click();
  await expect(page.getByTestId("scope-notice")).toBeVisible();
  await expect(page.getByTestId("build-row").first()).toBeVisible();
  await saveScreenshot(page, testInfo, "incident-builds");

  await page.goto("/builds");
  await expect(page.getByTestId("build-row").first()).toBeVisible();
  await saveScreenshot(page, testInfo, "builds");

  for (const name of ["room", "sql", "dead", "chinese"] as const) {
    await buildPage.goto(permalinkOf(name));
    await expect(buildPage.title).toContainText(`#${LOGS[name].number}`);
    await saveScreenshot(page, testInfo, `build-${name}`);
  }
  await buildPage.goto(permalinkOf("chinese"));
  await expect(buildPage.culpritRoom).toHaveText(LOGS.chinese.room);
  await expect(buildPage.sampleTrees().first()).toContainText("部署完成，请检查");

  await page.goto("/upload");
  await expect(page.getByTestId("upload-box")).toBeVisible();
  await saveScreenshot(page, testInfo, "upload");
});
