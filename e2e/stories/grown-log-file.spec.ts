// Story: an operator's cron job appends a monitor run to one file every hour (the time, then the
// monitor's output; no CI). They drop the file on the upload page in the morning, and again at
// noon after it grew. The second upload keeps the build stored in the morning (same link), stores
// only the runs after it, and says so; the log's builds are at their own times, not all at the
// file's first.
import { expect, test } from "../fixtures";
import { readLog } from "../helpers";

/** The monitor's output of the seed's build 25877 (top list to its message list), with this queue length. */
function monitorOutput(queueLen: number): string {
  const lines = readLog("room").split("\n");
  const from = lines.findIndex((line) => line.startsWith("processes sorted by queue_len desc:"));
  const to = lines.findIndex((line) => line.startsWith("Build step"));
  return `${lines.slice(from, to).join("\n").replaceAll("3102", String(queueLen))}\n`;
}

test("a cron job's growing log dropped twice: the first upload's build kept with its link, the new runs stored, each at its own time", async ({ page, shell }) => {
  // The script names its job once, at the top; each run is `date` then the monitor's output.
  const runs = [1, 2, 3].map((hour) => `2026-11-30 0${hour}:00:01 +0000 monitor: connecting to ejabberd@node1\n${monitorOutput(4100 + hour)}`);
  const header = "JOB_NAME=e2e-cron-grown\n";

  await page.goto("/upload");
  await shell.dropFiles([{ name: "mqueue-cron.log", content: header + runs[0] }]);
  const morning = shell.uploadItem("mqueue-cron.log");
  await expect(morning.getByTestId("upload-done")).toHaveText("Stored 1 build:");
  const firstLink = await morning.getByTestId("upload-build-link").getAttribute("href");
  expect(firstLink).toMatch(/^\/builds\/by-id\/\d+$/);

  await page.reload();
  await shell.dropFiles([{ name: "mqueue-cron.log", content: header + runs.join("") }]);
  const noon = shell.uploadItem("mqueue-cron.log");
  await expect(noon.getByTestId("upload-done")).toHaveText("Stored 2 new builds: 1 build from its last upload is kept as it was.");
  await expect(noon.getByTestId("upload-note")).toContainText(/this log begins with log \d+ \(mqueue-cron\.log, its first [\d,]+ bytes\): the same file, grown since/);
  await expect(noon.getByTestId("upload-build-link")).toHaveCount(2);
  const newLinks = await noon.getByTestId("upload-build-link").evaluateAll((links) => links.map((link) => link.getAttribute("href")));
  expect(newLinks).not.toContain(firstLink);

  // The log's builds: the kept one (its link unchanged) and the two new ones, each at its own hour.
  await noon.getByTestId("upload-builds-all").click();
  await expect(page).toHaveURL(/\/builds\?logId=\d+$/);
  const rows = page.getByTestId("build-row");
  await expect(rows).toHaveCount(3);
  await expect(page.locator(`[data-testid="build-row"] a[href="${firstLink}"]`)).toHaveCount(1);
  const times = await rows.evaluateAll((trs) => trs.map((tr) => (tr as HTMLTableRowElement).cells[1]?.textContent ?? ""));
  expect([...times].sort()).toEqual(["2026-11-30 01:00 UTC", "2026-11-30 02:00 UTC", "2026-11-30 03:00 UTC"]);

  // The morning's link still opens its build.
  await page.goto(firstLink!);
  await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
  await expect(page.getByText("Build not found")).toHaveCount(0);
});
