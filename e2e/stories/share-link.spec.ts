// Story: someone pastes a build's permalink into a chat; a colleague opens
// it in their own browser (no shared state) and sees the same analysis.
import { expect, test } from "../fixtures";
import { BuildPage } from "../pages/build-page";
import { LOGS, permalinkOf, saveScreenshot, uploadViaApi } from "../helpers";

test("a build permalink renders the same analysis in a fresh browser context", async ({ browser, request, buildPage }, testInfo) => {
  await uploadViaApi(request, "rex");
  await buildPage.goto(permalinkOf("rex"));
  await expect(buildPage.title).toHaveText(`${LOGS.rex.job} #${LOGS.rex.number}`);
  const subject = await buildPage.culpritSubject.innerText();
  const topRows = await buildPage.topRows.count();
  const evidence = await buildPage.evidence.locator("li").allInnerTexts();
  expect(evidence.length).toBeGreaterThan(0);

  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    const shared = new BuildPage(page);
    const response = await page.goto(permalinkOf("rex"));
    expect(response?.status()).toBe(200);
    await expect(shared.title).toHaveText(`${LOGS.rex.job} #${LOGS.rex.number}`);
    await expect(shared.culpritClass).toHaveAttribute("data-class", "rpc");
    await expect(shared.culpritSubject).toHaveText(subject);
    await expect(shared.evidence.locator("li")).toHaveText(evidence);
    await expect(shared.topRows).toHaveCount(topRows);
    expect(topRows).toBe(10);
    // The first sample is open and parsed into a tree; the others parse when opened.
    await expect(shared.sampleTrees().first()).toContainText("mnesia_lib");
    await shared.openAllSamples();
    await expect(shared.sampleTrees()).toHaveCount(await shared.samples.count());
    await saveScreenshot(page, testInfo, "build-rex");
  } finally {
    await context.close();
  }
});

test("the by-id link of a build with a job and number leads to its permalink", async ({ page, request, buildPage }) => {
  await uploadViaApi(request, "dead");
  await buildPage.goto(permalinkOf("dead"));
  const id = await page.getByTestId("build-analysis").getAttribute("data-build-id");
  await page.goto(`/builds/by-id/${id}`);
  await expect(page).toHaveURL(new RegExp(`${permalinkOf("dead")}$`));
  await expect(buildPage.culpritClass).toHaveAttribute("data-class", "dead");
});

test("a permalink to a build that does not exist answers 404", async ({ page }) => {
  const response = await page.goto("/builds/no_such_job/123456");
  expect(response?.status()).toBe(404);
  await expect(page.getByTestId("not-found")).toBeVisible();
});
