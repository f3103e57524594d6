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

  // The re-run's link, as CI printed it.
  await page.goto(rerun.permalink);
  await expect(buildPage.title).toHaveText(`${JOB} #3101 (attempt 2)`);
  await expect(page).toHaveTitle(`${JOB} #3101 (attempt 2) · Mailbox incident dashboard`);
  await expect(buildPage.culpritClass).toHaveAttribute("data-class", "sql");
  const attempts = page.getByTestId("build-attempts");
  await expect(attempts).toContainText("Attempt 2 of build #3101, which CI ran 2 times");
  await expect(page.getByTestId("build-attempt-current")).toHaveText("attempt 2");
  await expect(page.getByTestId("build-previous")).toHaveText("← #3101");

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

  // The job's builds: both, the re-run named by its attempt, each linking its own analysis.
  await page.goto(`/builds?job=${JOB}`);
  await expect(page.getByRole("link", { name: `${JOB} #3101 (attempt 2)` })).toHaveAttribute("href", `/builds/${JOB}/3101?attempt=2`);
  await expect(page.getByRole("link", { name: `${JOB} #3101`, exact: true })).toHaveAttribute("href", `/builds/${JOB}/3101`);
});
