// Story: an operator drags a CI console log onto the dashboard and follows
// the result to the build's analysis, then finds the room in the tally.
import { expect, test } from "../fixtures";
import { LOGS, readLog, saveScreenshot } from "../helpers";

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
