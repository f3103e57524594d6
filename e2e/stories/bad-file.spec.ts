// Story: someone uploads a log the scanner cannot read. They are told where
// (file:line:column) and nothing is stored.
import { expect, test } from "../fixtures";
import { LOGS, saveScreenshot } from "../helpers";

test("a log that cannot be read shows file:line:column and adds nothing", async ({ page, overview, uploadPage }, testInfo) => {
  await overview.goto();
  const before = { logs: await overview.total("logs"), builds: await overview.total("builds") };

  await uploadPage.goto();
  await uploadPage.picker.focus();
  await uploadPage.choose(LOGS.bad.file);
  const item = uploadPage.item(LOGS.bad.file);
  await expect(item).toHaveAttribute("data-phase", "error");
  await expect(item.getByTestId("upload-error-location")).toHaveText(new RegExp(`^${LOGS.bad.file.replace(".", "\\.")}:\\d+:\\d+$`));
  await expect(item.getByTestId("upload-error-location")).toHaveText(`${LOGS.bad.file}:9:44`);
  await expect(item.getByTestId("upload-error-message")).not.toBeEmpty();
  await expect(item.getByTestId("upload-build-link")).toHaveCount(0);
  await saveScreenshot(page, testInfo, "upload-error");

  await overview.goto();
  expect(await overview.total("logs")).toBe(before.logs);
  expect(await overview.total("builds")).toBe(before.builds);
});
