// Story: an operator drops a console saved while its build was still running, then the whole
// console once it finished. The first upload stores what it read and warns that the log ends inside
// the message list; the second is refused as the same build, and the refusal links to the stored
// build and to the log it came from, whose builds page leads to where it is deleted.
import { expect, test } from "../fixtures";
import { readLog } from "../helpers";

test("a console dropped before its build finished, then whole: warned, then refused with links to what to delete", async ({ page, shell }) => {
  const whole = readLog("room").replaceAll("25877", "27941").replaceAll("ProductCI_ejabberd_mqueue_random_monitor", "e2e_grown_console");
  const lines = whole.split("\n");
  const partial = lines.slice(0, lines.findIndex((line) => line.startsWith("message in pid")) + 1).join("\n");
  expect(partial.length).toBeLessThan(whole.length);

  await page.goto("/upload");
  await shell.dropFiles([{ name: "early-console.log", content: partial }]);
  const first = shell.uploadItem("early-console.log");
  await expect(first.getByTestId("upload-build-link")).toHaveText("e2e_grown_console #27941");
  await expect(first.getByTestId("upload-warning")).toContainText("the log ends after 'message in pid …:', before its messages");

  await shell.dropFiles([{ name: "whole-console.log", content: whole }]);
  const second = shell.uploadItem("whole-console.log");
  await expect(second.getByTestId("upload-error-message")).toContainText("is already stored from another log");
  await expect(second.getByTestId("upload-error-stored-build")).toHaveAttribute("href", "/builds/e2e_grown_console/27941");
  await second.getByTestId("upload-error-stored-log").click();
  await expect(page).toHaveURL(/\/builds\?logId=\d+$/);
  await expect(page.getByRole("link", { name: "e2e_grown_console #27941" }).first()).toBeVisible();
});
