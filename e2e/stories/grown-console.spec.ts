// Story: an operator drops a console saved while its build was still running, then the whole
// console once it finished. The first upload stores what it read and warns that the log ends inside
// the message list; the whole console begins with the stored bytes, so it replaces that log, says so,
// and the build's page now shows the messages. A console of the same build that is not the stored
// one grown (its first line differs) is refused, and the refusal links to the stored build and to
// the log it came from, whose builds page leads to where it is deleted.
import { expect, test } from "../fixtures";
import { readLog } from "../helpers";

test("a console dropped before its build finished, then whole: warned, then replaced; another console of that build is refused with links to what to delete", async ({ page, shell, buildPage }) => {
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
  await expect(second.getByTestId("upload-done")).toHaveText("Stored 1 build:");
  await expect(second.getByTestId("upload-note")).toContainText(/this log begins with log \d+ \(early-console\.log, its first [\d,]+ bytes\), which held build e2e_grown_console #27941 alone/);
  await expect(second.getByTestId("upload-note")).toContainText("was replaced by this one");

  // The early one again (a late retry): refused, saying the stored log is longer, not to delete it.
  await shell.dropFiles([{ name: "early-console-again.log", content: partial }]);
  const late = shell.uploadItem("early-console-again.log");
  await expect(late.getByTestId("upload-error-message")).toContainText("is already stored from a longer log");
  await expect(late.getByTestId("upload-error-stored-longer")).toContainText("it is already held and nothing needs doing");

  // A console of the same build that does not begin with the stored one (another run of it, at
  // another time): refused, with links. (The same run again, only its first line changed, is said
  // stored already: rerun-attempts.spec.ts.)
  await shell.dropFiles([{ name: "replayed-console.log", content: whole.replace("Started by timer", "Started by user admin").replace("2015-08-23 00:34:01", "2015-08-23 00:44:01") }]);
  const third = shell.uploadItem("replayed-console.log");
  await expect(third.getByTestId("upload-error-message")).toContainText("is already stored from another log");
  await expect(third.getByTestId("upload-error-stored-build")).toHaveAttribute("href", "/builds/e2e_grown_console/27941");

  await third.getByTestId("upload-error-stored-log").click();
  await expect(page).toHaveURL(/\/builds\?logId=\d+$/);
  const stored = page.getByRole("link", { name: "e2e_grown_console #27941" }).first();
  await expect(stored).toBeVisible();
  // The build is the whole console's: its page shows the messages the early one did not have.
  await stored.click();
  await expect(page).toHaveURL("/builds/e2e_grown_console/27941");
  await expect(buildPage.culpritClass).toHaveAttribute("data-class", "muc_room");
  await expect(buildPage.samples.first()).toBeVisible();
  expect(await buildPage.samples.count()).toBeGreaterThan(1);
});
