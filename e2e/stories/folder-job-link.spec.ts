// Story: Jenkins folder jobs are named `team/ejabberd-monitor`. Their permalinks encode the
// slash, but a proxy may decode `%2F` or refuse it, and people type the job as Jenkins shows it:
// the build opens either way, and so does the API's address of it.
import { expect, test } from "../fixtures";
import { roomBuildVariant } from "../helpers";

const JOB = "team/ejabberd-monitor";

test("a folder job's build opens at its permalink and with the job's slash as it is", async ({ page, request, buildPage }) => {
  const response = await request.post(`/api/logs?${new URLSearchParams({ job: JOB, number: "31", filename: "folder-job.log" })}`, {
    headers: { "content-type": "text/plain" },
    data: Buffer.from(roomBuildVariant({ job: "e2e_folder_job_monitor", number: 31, room: "e2e#folder_job@conference.easemob.com" }), "utf8"),
  });
  expect(response.status(), await response.text()).toBeLessThan(300);
  const permalink = ((await response.json()) as { builds: { permalink: string }[] }).builds[0]?.permalink ?? "";
  expect(permalink).toBe("/builds/team%2Fejabberd-monitor/31");

  for (const address of [permalink, "/builds/team/ejabberd-monitor/31"]) {
    await buildPage.goto(address);
    await expect(buildPage.title, address).toContainText("team/ejabberd-monitor");
    await expect(buildPage.title).toContainText("31");
  }
  const api = await request.get("/api/builds/team/ejabberd-monitor/31");
  expect(api.status()).toBe(200);
  expect(((await api.json()) as { build: { job: string; number: number } }).build).toMatchObject({ job: JOB, number: 31 });
  // A number that is no build of the job is the not-found page, not another build.
  const missing = await page.goto("/builds/team/ejabberd-monitor/32");
  expect(missing?.status()).toBe(404);
});
