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
  await expect(item.getByTestId("upload-builds-summary")).toHaveText("10 incidents · 2 healthy builds");
  await expect(item.getByTestId("upload-build-link")).toHaveCount(5);
  await item.getByTestId("upload-builds-all").click();
  await expect(page).toHaveURL(/\/builds\?logId=\d+$/);
  await expect(page.getByTestId("build-row")).toHaveCount(12);
});
