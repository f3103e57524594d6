// Story: a log of many builds (a job's history saved at once) is dropped. The upload panel says
// how many are incidents, lists a few and links to all of them, instead of a link per build
// covering the page.
import { expect, test } from "../fixtures";
import { roomBuildVariant } from "../helpers";

const JOB = "e2e_many_builds_monitor";

test("a log of 12 builds: the panel counts them, lists 5 and links to the builds list of the log", async ({ page, shell }) => {
  // Two of them healthy (their queues below the threshold).
  const log = Array.from({ length: 12 }, (_, i) =>
    roomBuildVariant({ job: JOB, number: 500 + i, room: "e2e#many_builds@conference.easemob.com", ...(i < 2 ? { queueLen: 12 } : {}) }),
  ).join("\n");
  await page.goto("/upload");
  await shell.dropFiles([{ name: "history.log", content: log }]);
  const item = shell.uploadItem("history.log");
  await expect(item.getByTestId("upload-builds-summary")).toHaveText("10 incident builds · 2 healthy builds");
  await expect(item.getByTestId("upload-build-link")).toHaveCount(5);
  await item.getByTestId("upload-builds-all").click();
  await expect(page).toHaveURL(/\/builds\?logId=\d+$/);
  await expect(page.getByTestId("build-row")).toHaveCount(12);
});

/** A cron file of `runs` monitor runs, one a minute from 2017-01-01 (no job number: each run is a build of its own). */
function cronFile(runs: number): string {
  const lines: string[] = ["JOB_NAME=e2e_cron_file_monitor"];
  for (let i = 0; i < runs; i++) {
    const at = new Date(Date.UTC(2017, 0, 1) + i * 60_000).toISOString();
    lines.push(`[${at}] processes sorted by queue_len desc:`, `[${at}]  [{<0.${i}.0>,{message_queue_len,${200 + (i % 7)}}}]`, `[${at}] message queue len of pid <0.${i}.0> : {message_queue_len,${200 + (i % 7)}}`, `[${at}] message in pid <0.${i}.0> :`, `[${at}]  [{'$gen_event',x}]`);
  }
  return `${lines.join("\n")}\n`;
}

test("a grown file of more builds than an answer lists (10,000): the panel counts the new and kept ones with the answer's figures", async ({ page, shell }) => {
  test.setTimeout(120_000);
  await page.goto("/upload");
  await shell.dropFiles([{ name: "cron.log", content: cronFile(10_040) }]);
  const first = shell.uploadItem("cron.log");
  await expect(first.getByTestId("upload-done")).toHaveText("Stored 10,040 builds (the answer listed 10,000 of them):", { timeout: 60_000 });
  await expect(first.getByTestId("upload-builds-all")).toHaveText("all 10,040 builds of this log →");
  await page.reload();
  // The same file, 60 runs longer: 60 new builds, its 10,040 kept (and 9,940 of those not listed).
  await shell.dropFiles([{ name: "cron.log", content: cronFile(10_100) }]);
  await expect(shell.uploadItem("cron.log").getByTestId("upload-done")).toHaveText("Stored 60 new builds: 10,040 builds from its last upload are kept as they were.", { timeout: 60_000 });
});
