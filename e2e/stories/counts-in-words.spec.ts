// Numbers next to nouns read as English: "1 build blocked", a tiny upload in bytes.
import { expect, test } from "../fixtures";
import { LOGS, uploadViaApi } from "../helpers";

test("a room that blocked one build says '1 build blocked'", async ({ page, request }) => {
  await uploadViaApi(request, "xss");
  await page.goto(`/rooms/${encodeURIComponent(LOGS.xss.room)}`);
  const card = page.getByTestId("room-builds");
  await expect(card.locator(".value")).toHaveText("1");
  await expect(card.locator(".label")).toHaveText("build blocked");
  await expect(page.getByTestId("room-incidents").locator(".label")).toHaveText("incident");
});

test("a file under 1 KiB is sized in bytes, not '0.0 KiB'", async ({ page, shell }) => {
  await page.goto("/upload");
  await shell.dropFiles([{ name: "tiny-note.log", content: "no monitor output here\n" }]);
  const item = shell.uploadItem("tiny-note.log");
  await expect(item.getByTestId("upload-size")).toHaveText("23 bytes");
  await expect(item).toHaveAttribute("data-phase", "error");
});
