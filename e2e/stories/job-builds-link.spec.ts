// Story: on a build's page, the operator wants the other builds of its job; a
// link by the title opens the builds list filtered to exactly that job,
// whatever its name holds.
import { expect, test } from "../fixtures";
import { roomBuildVariant, uploadViaApi } from "../helpers";

// `/`, an escape-looking `%2F`, `#`, `?`, `&`, `=`, spaces and non-ASCII letters: each must
// reach the list as written. The second job is the first one decoded once too often.
const JOB = "org/repo/feature%2Fx #1 ?a=b&c 运维 ü";
const JOB_DECODED_TWICE = "org/repo/feature/x #1 ?a=b&c 运维 ü";
const ROOM = "e2e#job_link@conference.easemob.com";

test.beforeEach(async ({ request }) => {
  const builds = [
    [JOB, 1],
    [JOB, 2],
    [JOB_DECODED_TWICE, 1],
  ] as const;
  for (const [i, [job, number]] of builds.entries()) {
    // The upload's `job` and `number` name the build; the log differs per upload so none is a duplicate.
    const meta = new URLSearchParams({ job, number: String(number), filename: `job-link-${i}.log` });
    const response = await request.post(`/api/logs?${meta}`, {
      headers: { "content-type": "text/plain" },
      data: Buffer.from(roomBuildVariant({ job: "e2e_job_link_monitor", number: 700 + i, room: ROOM }), "utf8"),
    });
    expect(response.status(), await response.text()).toBeLessThan(300);
  }
});

test("a build's job link opens the builds list filtered to exactly that job", async ({ page, buildPage, buildsList }) => {
  await buildPage.goto(`/builds/${encodeURIComponent(JOB)}/2`);
  await expect(buildPage.title).toHaveText(`${JOB} #2`);
  await buildPage.jobBuilds.click();

  await expect(page).toHaveURL((url) => url.pathname === "/builds" && JSON.stringify([...url.searchParams]) === JSON.stringify([["job", JOB]]));
  await expect(page.getByTestId("ignored-params")).toHaveCount(0);
  await expect(buildsList.jobFilter).toHaveValue(JOB);
  await expect(buildsList.rows).toHaveCount(2);
  const rows = await buildsList.rows.allInnerTexts();
  expect(rows.join("\n")).toContain(`${JOB} #1`);
  expect(rows.join("\n")).toContain(`${JOB} #2`);
  expect(rows.join("\n")).not.toContain(JOB_DECODED_TWICE);
});

test("a snapshot without a job has no job link", async ({ request, buildPage }) => {
  await uploadViaApi(request, "watchdog");
  const { builds } = (await (await request.get("/api/builds?sourceKind=ejabberd_system_monitor")).json()) as { builds: { permalink: string }[] };
  const permalink = builds[0]?.permalink;
  expect(permalink).toMatch(/^\/builds\/by-id\/\d+$/);
  await buildPage.goto(permalink as string);
  await expect(buildPage.title).toContainText("snapshot of");
  await expect(buildPage.jobBuilds).toHaveCount(0);
});
