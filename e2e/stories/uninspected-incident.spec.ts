// Story: the seed's build 11431 pasted as the seed shows it — rex's top list at 1,511, then its
// mailbox, without the monitor's `message queue len of pid` line. The run inspected no process;
// the build is an incident all the same (its top list decides), and every page says so: the
// timeline draws it as an incident of unknown class, not as a grey healthy dot, the incidents list
// holds it, and its page names the process on top as the stuck one.
import fs from "node:fs";
import path from "node:path";
import { expect, test } from "../fixtures";
import { DATA_DIR } from "../helpers";

const JOB = "e2e_uninspected_monitor";
const UNKNOWN = "#3aa676"; // CLASS_COLORS.unknown

test("an incident build whose run inspected no process is an incident of unknown class everywhere", async ({ page, request, overview, incidentsList, buildsList }) => {
  const response = await request.post(`/api/logs?filename=${JOB}_11431.log`, {
    headers: { "content-type": "text/plain" },
    data: fs.readFileSync(path.join(DATA_DIR, "uninspected-11431.log")),
  });
  expect(response.status(), await response.text()).toBeLessThan(300);

  await overview.goto(`?job=${JOB}`);
  await expect(overview.timeline.locator(".recharts-scatter-symbol path.recharts-symbols")).toHaveCount(1);
  await expect(overview.timeline.locator(`.recharts-scatter-symbol path[fill="${UNKNOWN}"]`)).toHaveCount(1);
  await expect(overview.timeline.locator(".recharts-legend-item").filter({ hasText: "healthy" })).toHaveCount(0);
  await expect(async () => {
    await overview.timeline.locator(`.recharts-scatter-symbol path[fill="${UNKNOWN}"]`).hover();
    await expect(page.getByTestId("tooltip-uninspected")).toContainText("unknown — the log names no inspected process", { timeout: 1_000 });
  }).toPass({ timeout: 15_000 });

  // Filtered on its class, the chart keeps it, as the incidents and builds lists do.
  await overview.goto(`?job=${JOB}&class=unknown`);
  await expect(overview.timeline.locator(`.recharts-scatter-symbol path[fill="${UNKNOWN}"]`)).toHaveCount(1);
  await expect(page.getByTestId("latest-incidents").getByTestId("incident-row")).toHaveCount(1);

  await buildsList.goto(`?job=${JOB}&class=unknown`);
  await expect(buildsList.rows).toHaveCount(1);
  await expect(buildsList.rows.first().getByTestId("build-class")).toHaveText("unknown");
  // Nothing was inspected: the row says so, and names the process its incident follows.
  await expect(buildsList.rows.first().getByTestId("build-pid")).toHaveText("—");
  await expect(buildsList.rows.first().getByTestId("build-uninspected")).toHaveText("no process inspected in this build; rank 1 of the top list: <6555.12.0>");

  await incidentsList.goto(`?job=${JOB}&class=unknown`);
  await expect(incidentsList.rows).toHaveCount(1);
  await expect(incidentsList.rows.first().locator(".badge")).toHaveText("unknown");
  await expect(incidentsList.rows.first().getByTestId("incident-stuck-pid")).toHaveText("<6555.12.0>");
  // Unknown because nothing was inspected, not because no rule matched its messages.
  await expect(incidentsList.rows.first()).toContainText("no process inspected; rank 1 of the top list");
  await expect(incidentsList.rows.first()).not.toContainText("no rule matched");
  await expect(incidentsList.rows.first().getByTestId("incident-peak")).toHaveText("1,511");
  await expect(incidentsList.rows.first().getByTestId("incident-peak-note")).toHaveText("in the top list");

  await incidentsList.rows.first().getByTestId("incident-first").click();
  await expect(page.getByTestId("culprit-none")).toContainText("The top of the list, <6555.12.0> with 1,511 messages, is taken as the stuck process.");
  await expect(page.getByTestId("incident-span")).toHaveText("An incident of this build alone (peak 1,511 in the top list: no process inspected); still going on: this is the job's latest build.");
  // The log prints its mailbox, but no process was inspected: not "the log shows no messages" (an operator's review).
  await expect(page.getByTestId("samples-none")).toHaveText(
    "No process was inspected in this run (the log has no 'message queue len of pid' or 'message in pid' line for one), so no message was read.",
  );
});
