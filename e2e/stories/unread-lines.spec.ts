// Story: a CI console whose later builds passed through a log shipper that put its own field in
// front of every line. The builds read are stored, and the upload says where the others are
// (file:line:column), instead of leaving them out without a word.
import { expect, test } from "../fixtures";
import { readLog } from "../helpers";

test("an upload with monitor lines behind an unknown prefix stores what it read and says where the rest is", async ({ page, shell }) => {
  const lines = readLog("twoBuilds").replaceAll("e2e_logs_monitor", "e2e_shipped_monitor").split("\n");
  const second = lines.findIndex((line, k) => k > 0 && line.includes("Started by"));
  expect(second).toBeGreaterThan(0);
  const content = lines.map((line, k) => (k < second || line === "" ? line : `web-7f9c | ${line}`)).join("\n");

  await page.goto("/upload");
  await shell.dropFiles([{ name: "shipped-501.log", content }]);
  const item = shell.uploadItem("shipped-501.log");
  await expect(item.getByTestId("upload-done")).toContainText("Stored 1 build");
  await expect(item.getByTestId("upload-build-link")).toHaveText("e2e_shipped_monitor #501");
  const warning = item.getByTestId("upload-warning");
  await expect(warning).toHaveCount(1);
  await expect(warning).toContainText(/^shipped-501\.log:\d+:\d+: /);
  await expect(warning).toContainText('after "web-7f9c |');
  await expect(warning).toContainText("not a line prefix this reader knows");
});
