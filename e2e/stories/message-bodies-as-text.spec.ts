// Story: a message body in a stuck mailbox holds markup (an attacker's, or
// just XML). The dashboard shows it as text and never runs it.
import { expect, test } from "../fixtures";
import { LOGS, failOnDialog, permalinkOf, saveScreenshot } from "../helpers";

test("<script> and <img onerror> in message bodies render as text; no dialog opens", async ({ page, uploadPage, buildPage }, testInfo) => {
  const dialogs = failOnDialog(page);
  await uploadPage.goto();
  await uploadPage.choose(LOGS.xss.file);
  await expect(uploadPage.item(LOGS.xss.file).getByTestId("upload-build-link")).toBeVisible();

  await buildPage.goto(permalinkOf("xss"));
  await expect(buildPage.culpritRoom).toHaveText(LOGS.xss.room);
  await buildPage.openAllSamples();
  const trees = buildPage.sampleTrees();
  await expect(trees).toHaveCount(2);
  await expect(trees.nth(0)).toContainText(`<script>alert('xss-script')</script>`);
  await expect(trees.nth(1)).toContainText(`<img src=x onerror=alert('xss-img')>`);
  // The raw text view is text too.
  await trees.nth(1).locator("..").getByTestId("term-show-raw").click();
  await expect(page.getByTestId("term-raw").first()).toContainText("onerror=alert('xss-img')");

  // Nothing became an element, and the javascript: CI URL is not a link.
  await expect(page.locator("main script")).toHaveCount(0);
  await expect(page.locator('img[src="x"]')).toHaveCount(0);
  // (The server may drop the non-http URL or keep it; either way it is never a link.)
  await expect(page.locator('a[href^="javascript:"]')).toHaveCount(0);
  await expect(page.locator('[data-testid="ci-link"] a')).toHaveCount(0);

  await page.waitForTimeout(500);
  await saveScreenshot(page, testInfo, "build-markup-as-text");
  expect(dialogs).toEqual([]);
});
