// Story: an operator in Beijing drops a console saved as `运维监控-控制台.log`. The logs list
// names it as it was named: the browser sends the name's UTF-8 bytes, which the form parser
// read as Latin-1 (`è¿ç»´…`).
import { expect, test } from "../fixtures";
import { roomBuildVariant } from "../helpers";

test("a dropped file's non-ASCII name is stored and listed as it was named", async ({ page, shell }) => {
  const name = "运维监控-控制台 ü.log";
  await page.goto("/upload");
  await shell.dropFiles([{ name, content: roomBuildVariant({ job: "e2e_unicode_name_monitor", number: 77, room: "e2e#unicode_name@conference.easemob.com" }) }]);
  const item = shell.uploadItem(name);
  await expect(item.getByTestId("upload-build-link")).toBeVisible();
  await page.goto("/logs");
  await expect(page.getByTestId("log-file").filter({ hasText: "运维监控" })).toHaveText(name);
});

test("a dropped file whose name holds a text-direction control is stored, the control shown as U+FFFD", async ({ page, shell }) => {
  // The page sends the name as ?filename=, which the API refuses with such a character (a 400 for a
  // CI script); a person who picked the file cannot rename it there: the page cleans it, as a
  // multipart upload's name is cleaned.
  const name = "<img src=x onerror=alert(7)>\u202Egol.exe.log";
  await page.goto("/upload");
  await shell.dropFiles([{ name, content: roomBuildVariant({ job: "e2e_bidi_name_monitor", number: 78, room: "e2e#bidi_name@conference.easemob.com" }) }]);
  await expect(shell.uploadItem(name).getByTestId("upload-build-link")).toBeVisible();
  await page.goto("/logs");
  await expect(page.getByTestId("log-file").filter({ hasText: "gol.exe" })).toHaveText("<img src=x onerror=alert(7)>\uFFFDgol.exe.log");
});
