// Story: after a bad week an operator wants the worst incidents first, then
// takes the list (every page, with the filters and order on screen) into a
// spreadsheet for the postmortem: sort links on /incidents, and a "Download
// CSV" link on every list page.
import fs from "node:fs";
import type { Download, Page } from "@playwright/test";
import { expect, test } from "../fixtures";
import { roomBuildVariant } from "../helpers";

const JOB = "e2e_sort_export_monitor";
/** Three consecutive builds, each a process stuck on a room of its own (three incidents), with these peaks. */
const BUILDS = [
  { number: 1, room: "e2e#sort_low@conference.easemob.com", queueLen: 300 },
  { number: 2, room: "e2e#sort_high@conference.easemob.com", queueLen: 5000 },
  { number: 3, room: "e2e#sort_middle@conference.easemob.com", queueLen: 900 },
];

test.beforeEach(async ({ request }) => {
  for (const build of BUILDS) {
    const response = await request.post(`/api/logs?filename=${JOB}_${build.number}.log`, {
      headers: { "content-type": "text/plain" },
      // A process of its own too: one pid stuck across builds is one incident, whatever its rooms.
      data: Buffer.from(roomBuildVariant({ job: JOB, ...build }).replaceAll("<6562.777.1>", `<6562.${900 + build.number}.1>`), "utf8"),
    });
    expect(response.status(), await response.text()).toBeLessThan(300);
  }
});

/** Clicks the list's CSV link; the file's rows, split into cells (no cell of these rows is quoted). */
async function downloadCsv(page: Page): Promise<{ header: string[]; rows: Record<string, string>[]; download: Download }> {
  const [download] = await Promise.all([page.waitForEvent("download"), page.getByTestId("csv-link").click()]);
  const file = fs.readFileSync((await download.path()) as string, "utf8");
  // The pages' links ask for the UTF-8 mark (bom=1): Excel needs it to read room names right.
  expect(file.startsWith("\uFEFF")).toBe(true);
  const text = file.slice(1);
  const [head = "", ...lines] = text.split("\r\n").filter((line) => line !== "");
  const header = head.split(",");
  const rows = lines.map((line) => Object.fromEntries(line.split(",").map((cell, k) => [header[k] ?? String(k), cell])));
  return { header, rows, download };
}

test("incidents sort by peak queue, both ways, and the order lives in the URL", async ({ page, incidentsList }) => {
  await incidentsList.goto(`?job=${JOB}`);
  await expect(incidentsList.rows).toHaveCount(3);
  const peaks = () => page.getByTestId("incident-peak").allInnerTexts();
  // Latest first by default (the three builds share a time: the latest stored first).
  expect(await incidentsList.rows.allInnerTexts()).toEqual([
    expect.stringContaining("sort_middle"),
    expect.stringContaining("sort_high"),
    expect.stringContaining("sort_low"),
  ]);

  await page.getByTestId("sort-peakQueueLen").click();
  await expect(page).toHaveURL(/[?&]sort=peakQueueLen(&|$)/);
  await expect(page.getByTestId("sort-peakQueueLen")).toHaveClass(/active/);
  await expect.poll(peaks).toEqual(["5,000", "900", "300"]);

  await page.getByTestId("sort-order-switch").click();
  await expect(page).toHaveURL(/[?&]order=asc(&|$)/);
  await expect.poll(peaks).toEqual(["300", "900", "5,000"]);
  await page.reload();
  await expect.poll(peaks).toEqual(["300", "900", "5,000"]);

  // A filter applied keeps the order.
  await incidentsList.classFilter.selectOption("muc_room");
  await incidentsList.apply.click();
  await expect(page).toHaveURL(/[?&]class=muc_room(&|$)/);
  await expect(page).toHaveURL(/[?&]sort=peakQueueLen(&|$)/);
  await expect.poll(peaks).toEqual(["300", "900", "5,000"]);
});

test("the incidents' CSV link gives every incident of the filtered list, in the order on screen", async ({ page, incidentsList }) => {
  await incidentsList.goto(`?job=${JOB}&sort=peakQueueLen&pageSize=2`);
  await expect(incidentsList.rows).toHaveCount(2);
  // The whole list, not the page shown.
  await expect(incidentsList.csvLink).toHaveText("Download CSV (3 incidents)");
  const href = (await incidentsList.csvLink.getAttribute("href")) ?? "";
  const url = new URL(href, "http://x");
  expect(url.pathname).toBe("/api/incidents");
  expect(Object.fromEntries(url.searchParams)).toEqual({ job: JOB, sort: "peakQueueLen", format: "csv", bom: "1" });

  const { header, rows, download } = await downloadCsv(page);
  expect(download.suggestedFilename()).toBe("incidents.csv");
  expect(header.slice(0, 3)).toEqual(["job", "key", "class"]);
  expect(rows.map((row) => [row.peakQueueLen, row.room])).toEqual([
    ["5000", BUILDS[1]?.room],
    ["900", BUILDS[2]?.room],
    ["300", BUILDS[0]?.room],
  ]);
});

test("builds, rooms and logs have their CSV link too, with the list's filters", async ({ page, buildsList }) => {
  await buildsList.goto(`?job=${JOB}&sort=queueLen&order=asc`);
  await expect(buildsList.rows).toHaveCount(3);
  await expect(buildsList.csvLink).toHaveText("Download CSV (3 builds)");
  const builds = await downloadCsv(page);
  expect(builds.download.suggestedFilename()).toBe("builds.csv");
  expect(builds.rows.map((row) => [row.job, row.number, row.worstQueueLen])).toEqual([
    [JOB, "1", "300"],
    [JOB, "3", "900"],
    [JOB, "2", "5000"],
  ]);

  await page.goto(`/rooms?job=${JOB}`);
  await expect(page.getByTestId("csv-link")).toHaveText("Download CSV (3 rooms)");
  const rooms = await downloadCsv(page);
  expect(rooms.rows.map((row) => row.jid).sort()).toEqual(BUILDS.map((build) => build.room).sort());

  await page.goto("/logs");
  await expect(page.getByTestId("csv-link")).toHaveText(/^Download CSV \([\d,]+ logs?\)$/);
  const logs = await downloadCsv(page);
  const names = logs.rows.map((row) => row.fileName);
  for (const build of BUILDS) expect(names).toContain(`${JOB}_${build.number}.log`);
});

test("an empty list offers no CSV", async ({ page, buildsList }) => {
  await buildsList.goto("?job=e2e_no_such_job_for_csv");
  await expect(page.getByTestId("builds-empty")).toBeVisible();
  await expect(buildsList.csvLink).toHaveCount(0);
});
