// Story: a GitHub Actions run is re-run ("Re-run jobs": the same run number, GITHUB_RUN_ATTEMPT 2)
// and its monitor step pushes the second console with the README's line. Both runs are stored as
// attempts of one build. The re-run's link, shared, opens its own analysis, which says the build
// ran twice and links the first run; the first run's plain permalink is unchanged and links back.
// The job's builds list names the re-run "#N (attempt 2)", and stepping through the job's builds
// goes through both attempts.
import { expect, test } from "../fixtures";
import { readLog } from "../helpers";

const JOB = "e2e_rerun_monitor";

test("a re-run's console is stored as attempt 2 of its build: its shared link opens it, and both attempts link each other", async ({ page, request, buildPage }) => {
  const console = (name: "room" | "sql") =>
    readLog(name).replaceAll(name === "room" ? "25877" : "27044", "3101").replaceAll("ProductCI_ejabberd_mqueue_random_monitor", JOB);
  const push = async (content: string, attempt: string) => {
    const response = await request.post("/api/logs", {
      multipart: { job: JOB, number: "3101", attempt, file: { name: "console.log", mimeType: "text/plain", buffer: Buffer.from(content, "utf8") } },
    });
    expect(response.status(), await response.text()).toBe(201);
    return ((await response.json()) as { builds: { permalink: string; attempt: number }[] }).builds[0]!;
  };
  const first = await push(console("room"), "1");
  expect(first).toMatchObject({ attempt: 1, permalink: `/builds/${JOB}/3101` });
  const rerun = await push(console("sql"), "2");
  expect(rerun).toMatchObject({ attempt: 2, permalink: `/builds/${JOB}/3101?attempt=2` });

  // The logs list tells the two `console.log` apart (an operator's review: both read "#3101").
  await page.goto("/logs");
  const jobs = page.getByTestId("log-jobs").filter({ hasText: JOB });
  await expect(jobs).toHaveText([`${JOB} #3101 (attempt 2)`, `${JOB} #3101`]);

  // The re-run's link, as CI printed it.
  await page.goto(rerun.permalink);
  await expect(buildPage.title).toHaveText(`${JOB} #3101 (attempt 2)`);
  await expect(page).toHaveTitle(`${JOB} #3101 (attempt 2) · Mailbox incident dashboard`);
  await expect(buildPage.culpritClass).toHaveAttribute("data-class", "sql");
  const attempts = page.getByTestId("build-attempts");
  await expect(attempts).toContainText("Attempt 2 of build #3101 (2 runs of it stored)");
  await expect(page.getByTestId("build-attempt-current")).toHaveText("attempt 2");
  // Its own number's first run says which it is (a plain "#3101" read as this one: an on-call review).
  await expect(page.getByTestId("build-previous")).toHaveText("← #3101 (attempt 1)");

  // The first run: its plain permalink, its own verdict, and the way back to the re-run.
  await page.getByTestId("build-attempt-1").click();
  await expect(page).toHaveURL(`/builds/${JOB}/3101`);
  await expect(buildPage.title).toHaveText(`${JOB} #3101`);
  await expect(buildPage.culpritClass).toHaveAttribute("data-class", "muc_room");
  await expect(page.getByTestId("build-next")).toHaveText("#3101 (attempt 2) →");
  await page.getByTestId("build-attempt-2").click();
  await expect(page).toHaveURL(`/builds/${JOB}/3101?attempt=2`);
  await expect(buildPage.culpritClass).toHaveAttribute("data-class", "sql");

  // An attempt that was never stored is the page's not-found.
  const missing = await page.goto(`/builds/${JOB}/3101?attempt=3`);
  expect(missing?.status()).toBe(404);
  // One that is no attempt at all (a UI review: `abc` said "Build not found") is ignored, and said.
  for (const bad of ["abc", "0", "2&attempt=2"]) {
    const response = await page.goto(`/builds/${JOB}/3101?attempt=${bad}`);
    expect(response?.status(), bad).toBe(200);
    await expect(buildPage.title).toHaveText(`${JOB} #3101`);
    await expect(page.getByTestId("ignored-params")).toHaveText("Ignored invalid parameter in the address: attempt.");
  }

  // The job's builds: both, the re-run named by its attempt, each linking its own analysis.
  await page.goto(`/builds?job=${JOB}`);
  await expect(page.getByRole("link", { name: `${JOB} #3101 (attempt 2)` })).toHaveAttribute("href", `/builds/${JOB}/3101?attempt=2`);
  await expect(page.getByRole("link", { name: `${JOB} #3101`, exact: true })).toHaveAttribute("href", `/builds/${JOB}/3101`);
});

// Story: the re-run's console was saved from CI and dropped on the upload page, which has no
// attempt field. The drop is refused (its build is stored), and the refusal offers to store the
// file as another run of that build: it goes up again as the build's next attempt.
test("a re-run's console dropped on the upload page: refused as a stored build, then stored as its next attempt with one click", async ({ page, shell, buildPage }) => {
  const job = "e2e_rerun_dropped";
  const first = readLog("room").replaceAll("25877", "3201").replaceAll("ProductCI_ejabberd_mqueue_random_monitor", job);
  const rerun = readLog("sql").replaceAll("27044", "3201").replaceAll("ProductCI_ejabberd_mqueue_random_monitor", job);

  await page.goto("/upload");
  await shell.dropFiles([{ name: "run-1.log", content: first }]);
  await expect(shell.uploadItem("run-1.log").getByTestId("upload-build-link")).toHaveText(`${job} #3201`);

  await shell.dropFiles([{ name: "run-2.log", content: rerun }]);
  const item = shell.uploadItem("run-2.log");
  await expect(item.getByTestId("upload-error-message")).toContainText(`build ${job} #3201 is already stored from`);
  // In the browser, the links under it are the way forward: not the API's advice for CI, nor the file name twice.
  await expect(item.getByTestId("upload-error-message")).not.toContainText("DELETE /api/logs");
  await expect(item.getByTestId("upload-error-message")).not.toContainText("run-2.log");
  // The page sums the session's uploads up, as the floating panel does elsewhere.
  await expect(page.getByTestId("upload-history").getByTestId("upload-summary")).toHaveText("1 stored · 1 failed");
  await item.getByTestId("upload-error-store-rerun").click();
  await expect(item.getByTestId("upload-done")).toHaveText("Stored 1 build:");
  await expect(page.getByTestId("upload-history").getByTestId("upload-summary")).toHaveText("2 stored");
  const link = item.getByTestId("upload-build-link");
  await expect(link).toHaveText(`${job} #3201 (attempt 2)`);
  await expect(link).toHaveAttribute("href", `/builds/${job}/3201?attempt=2`);

  await link.click();
  await expect(buildPage.culpritClass).toHaveAttribute("data-class", "sql");
  await expect(page.getByTestId("build-attempts")).toContainText("Attempt 2 of build #3201 (2 runs of it stored)");
});

// Story: an operator puts several saved consoles together in one file and drops it, one of them a
// console stored already. The refusal names that run as stored already and offers no re-run: one
// (an operator's review, 2026-12-07) stored every run of the file again as attempt 2.
test("a file holding a stored console again: refused as that run stored already, with no re-run to offer", async ({ page, shell }) => {
  const job = "e2e_rerun_together";
  const stored = readLog("room").replaceAll("25877", "3301").replaceAll("ProductCI_ejabberd_mqueue_random_monitor", job);
  const other = readLog("sql").replaceAll("27044", "3302").replaceAll("ProductCI_ejabberd_mqueue_random_monitor", job);

  await page.goto("/upload");
  await shell.dropFiles([{ name: "console-3301.log", content: stored }]);
  await expect(shell.uploadItem("console-3301.log").getByTestId("upload-build-link")).toHaveText(`${job} #3301`);

  await shell.dropFiles([{ name: "together.log", content: `${other}\n${stored}` }]);
  const item = shell.uploadItem("together.log");
  await expect(item.getByTestId("upload-error-message")).toContainText(`build ${job} #3301 is already stored from log`);
  await expect(item.getByTestId("upload-error-message")).toContainText("it is that run, stored already");
  await expect(item.getByTestId("upload-error-stored-same")).toContainText("storing it again would count it twice");
  await expect(item.getByTestId("upload-error-store-rerun")).toHaveCount(0);
  await expect(item.getByTestId("upload-error-stored-build")).toHaveAttribute("href", `/builds/${job}/3301`);
});
