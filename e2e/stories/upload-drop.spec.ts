// Story: an operator drags a CI console log onto the dashboard and follows
// the result to the build's analysis, then finds the room in the tally.
import { expect, test } from "../fixtures";
import { LOGS, readLog, roomBuildVariant, saveScreenshot } from "../helpers";

test("dropping a log anywhere uploads it with progress and links to its build", async ({ page, shell, buildPage, roomsPage }, testInfo) => {
  // Hold the server's answer a moment so the "analysing" phase is observable.
  await page.route((url) => url.pathname === "/api/logs", async (route) => {
    const response = await route.fetch();
    await new Promise((resolve) => setTimeout(resolve, 1200));
    await route.fulfill({ response });
  });
  await page.goto("/incidents");
  await shell.dropFiles([{ name: LOGS.room.file, content: readLog("room") }]);

  const item = shell.uploadItem(LOGS.room.file);
  await expect(item.getByTestId("upload-progress")).toBeVisible();
  await saveScreenshot(page, testInfo, "upload-progress");
  const link = item.getByTestId("upload-build-link");
  await expect(link).toHaveText(`${LOGS.room.job} #${LOGS.room.number}`);
  await expect(item.getByTestId("upload-progress")).toHaveCount(0);
  await saveScreenshot(page, testInfo, "upload-done");

  await link.click();
  await expect(page).toHaveURL(new RegExp(`/builds/${LOGS.room.job}/${LOGS.room.number}$`));
  await expect(buildPage.culpritClass).toHaveAttribute("data-class", "muc_room");
  await expect(buildPage.culpritRoom).toHaveText(LOGS.room.room);
  await expect(buildPage.sampleGroupTitles.first()).toContainText(`go to ${LOGS.room.room}`);

  await roomsPage.goto();
  await expect(roomsPage.row(LOGS.room.room)).toBeVisible();
  expect(await roomsPage.buildsBlocked(LOGS.room.room)).toBeGreaterThanOrEqual(1);
});

test("dropping the same log again says it is already stored and links to it", async ({ page, shell }) => {
  await page.goto("/");
  await shell.dropFiles([{ name: LOGS.sql.file, content: readLog("sql") }]);
  await expect(shell.uploadItem(LOGS.sql.file).getByTestId("upload-build-link")).toBeVisible();
  await page.reload();
  await shell.dropFiles([{ name: LOGS.sql.file, content: readLog("sql") }]);
  const again = shell.uploadItem(LOGS.sql.file);
  await expect(again.getByTestId("upload-duplicate")).toBeVisible();
  // The server's note, which names the log that holds the content.
  await expect(again.getByTestId("upload-note")).toHaveText(/^this content was uploaded before \(log \d+\); nothing new was stored$/);
  await expect(again.getByTestId("upload-build-link")).toHaveAttribute("href", `/builds/${LOGS.sql.job}/${LOGS.sql.number}`);
});

test("several files dropped at once each get their own progress and result", async ({ page, shell }) => {
  await page.goto("/rooms");
  await shell.dropFiles([
    { name: LOGS.dead.file, content: readLog("dead") },
    { name: LOGS.rex.file, content: readLog("rex") },
  ]);
  await expect(shell.uploadItem(LOGS.dead.file).getByTestId("upload-build-link")).toHaveText(`${LOGS.dead.job} #${LOGS.dead.number}`);
  await expect(shell.uploadItem(LOGS.rex.file).getByTestId("upload-build-link")).toHaveText(`${LOGS.rex.job} #${LOGS.rex.number}`);
});

test("the upload panel sums up how the files went, and folds away so the page under it can be used", async ({ page, shell, request }) => {
  // One stored before (a duplicate now), one new, one that is no monitor log.
  await request.post(`/api/logs?filename=${LOGS.sql.file}`, { headers: { "content-type": "text/plain" }, data: readLog("sql") });
  await page.goto("/");
  await shell.dropFiles([
    { name: LOGS.sql.file, content: readLog("sql") },
    { name: "e2e_panel_summary_1.log", content: roomBuildVariant({ job: "e2e_panel_summary", number: 1, room: "e2e#panel@conference.easemob.com" }) },
    { name: "notes.txt", content: "nothing of the monitor here\n" },
  ]);
  const panel = page.getByTestId("upload-panel");
  await expect(panel.getByTestId("upload-summary")).toHaveText("1 stored · 1 already uploaded · 1 failed");
  await expect(shell.uploadItems).toHaveCount(3);
  const fold = panel.getByTestId("upload-fold");
  await expect(fold).toHaveAttribute("aria-expanded", "true");
  const open = (await panel.boundingBox())?.height ?? 0;
  await fold.click();
  await expect(fold).toHaveAttribute("aria-expanded", "false");
  await expect(shell.uploadItems.first()).toBeHidden();
  // Folded, it is its header: the summary stays.
  await expect(panel.getByTestId("upload-summary")).toBeVisible();
  expect((await panel.boundingBox())?.height ?? 0).toBeLessThan(open / 2);
  await fold.click();
  await expect(shell.uploadItems).toHaveCount(3);
  await expect(shell.uploadItems.first()).toBeVisible();
});

test.describe("on a phone", () => {
  test.use({ viewport: { width: 390, height: 844 } });

  test("a file chosen on /upload brings the session's list into sight", async ({ page, uploadPage }) => {
    // The list sits under the form and the token field: below an 844 px screen, and nothing in
    // sight changed when a file was chosen (an operator-UX review).
    await uploadPage.goto();
    const history = page.getByTestId("upload-history");
    await uploadPage.choose(LOGS.sql.file);
    await expect(history).toBeVisible();
    await expect(history).toBeInViewport();
  });
});
