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

test("an incident build whose run inspected no process is an incident of unknown class everywhere", async ({ page, request, overview, incidentsList }) => {
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

  await incidentsList.goto(`?job=${JOB}`);
  await expect(incidentsList.rows).toHaveCount(1);
  await expect(incidentsList.rows.first().locator(".badge")).toHaveText("unknown");
  await expect(incidentsList.rows.first()).toContainText("<6555.12.0>");
  await expect(incidentsList.rows.first().getByTestId("incident-peak")).toHaveText("1,511");

  await incidentsList.rows.first().getByTestId("incident-first").click();
  await expect(page.getByTestId("culprit-none")).toContainText("The top of the list, <6555.12.0> with 1,511 messages, is taken as the stuck process.");
  await expect(page.getByTestId("incident-span")).toBeVisible();
});
