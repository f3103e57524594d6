// Story: an operator asks what is stuck right now (an operator's review: nothing said which
// incidents were still going on). The incidents list marks those still going on at their job's
// latest build, and narrows to them, or to those over, with the other filters and the CSV kept.
import { expect, test } from "../fixtures";
import { roomBuildVariant } from "../helpers";

const JOB = "e2e_ongoing_monitor";
const OVER = "e2e#over_room@conference.easemob.com";
const NOW = "e2e#stuck_now_room@conference.easemob.com";

test("the incidents list marks the incident going on at the job's latest build, and narrows to it or to those over; its build pages say so", async ({ request, incidentsList, page }) => {
  // #1 and #2: one room's process; #3 and #5: another room's (the first is gone from its top list;
  // no #4 stored, as the seed's builds have gaps).
  for (const [number, room, pid] of [
    [1, OVER, "<6562.777.1>"],
    [2, OVER, "<6562.777.1>"],
    [3, NOW, "<6562.779.1>"],
    [5, NOW, "<6562.779.1>"],
  ] as const) {
    const response = await request.post(`/api/logs?filename=${JOB}_${number}.log`, {
      headers: { "content-type": "text/plain" },
      data: roomBuildVariant({ job: JOB, number, room, pid }),
    });
    expect(response.status(), await response.text()).toBe(201);
  }
  await incidentsList.goto(`?job=${JOB}`);
  await expect(incidentsList.rows).toHaveCount(2);
  const now = incidentsList.rows.filter({ hasText: "stuck_now_room" });
  const over = incidentsList.rows.filter({ hasText: "over_room" });
  // Which build the latest is, and how long ago it ran: "ongoing" read as "now" (a new user's review).
  await expect(now.getByTestId("incident-ongoing")).toHaveText(/^ongoing at the job's latest build, \d+ years ago$/);
  // #5 is its last build, named in the same cell: not again.
  await expect(now.getByTestId("incident-last")).toHaveText("#5");
  await expect(now.getByTestId("incident-ongoing-build")).toHaveCount(0);
  // Its two builds span three numbers: the duration is not of consecutive builds (a new user's review).
  await expect(now.getByTestId("incident-numbers")).toHaveText("2 of 3 numbers");
  await expect(over.getByTestId("incident-numbers")).toHaveCount(0);
  await expect(over.getByTestId("incident-ongoing")).toHaveCount(0);

  const links = page.getByTestId("ongoing-links");
  await links.getByRole("link", { name: "ongoing" }).click();
  await expect(page).toHaveURL(/[?&]ongoing=true/);
  await expect(page).toHaveURL(/[?&]job=e2e_ongoing_monitor/);
  await expect(incidentsList.rows).toHaveCount(1);
  await expect(incidentsList.rows.first()).toContainText("stuck_now_room");
  await expect(links.locator("[aria-current]")).toHaveText("ongoing");
  // The CSV is of the same incidents.
  await expect(incidentsList.csvLink).toHaveAttribute("href", /ongoing=true/);

  await links.getByRole("link", { name: "over" }).click();
  await expect(incidentsList.rows).toHaveCount(1);
  await expect(incidentsList.rows.first()).toContainText("over_room");
  await links.getByRole("link", { name: "all" }).click();
  await expect(page).not.toHaveURL(/ongoing=/);
  await expect(incidentsList.rows).toHaveCount(2);

  // A build page says it too, and at which build.
  await page.goto(`/builds/${JOB}/3`);
  await expect(page.getByTestId("incident-ongoing")).toHaveText(/^; still going on at the job's latest build, \d+ years ago$/);
  await expect(page.getByTestId("incident-span")).toContainText("Part of an incident over 2 builds, 2 of 3 build numbers (");
  await page.goto(`/builds/${JOB}/5`);
  await expect(page.getByTestId("incident-ongoing")).toHaveText("; still going on: this is the job's latest build");
  await page.goto(`/builds/${JOB}/2`);
  await expect(page.getByTestId("incident-span")).toBeVisible();
  await expect(page.getByTestId("incident-ongoing")).toHaveCount(0);
  // "The same as last build?": each neighbour's verdict beside its link (a new user's review).
  await expect(page.getByTestId("build-previous-verdict")).toHaveText("(same room)");
  await expect(page.getByTestId("build-next-verdict")).toHaveText("(another room)");
  await expect(page.getByTestId("build-next-verdict")).toHaveAttribute("title", NOW);
});
