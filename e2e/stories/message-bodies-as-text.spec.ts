// Story: a message body in a stuck mailbox holds markup (an attacker's, or
// just XML). The dashboard shows it as text and never runs it.
import { expect, test } from "../fixtures";
import { LOGS, failOnDialog, permalinkOf, roomBuildVariant, saveScreenshot } from "../helpers";

test("<script> and <img onerror> in message bodies render as text; no dialog opens", async ({ page, uploadPage, buildPage }, testInfo) => {
  const dialogs = failOnDialog(page);
  await uploadPage.goto();
  await uploadPage.choose(LOGS.xss.file);
  await expect(uploadPage.item(LOGS.xss.file).getByTestId("upload-build-link")).toBeVisible();

  await buildPage.goto(permalinkOf("xss"));
  await expect(buildPage.culpritRoom).toHaveText(LOGS.xss.room);
  await buildPage.openAllSamples();
  const trees = buildPage.sampleTrees();
  await expect(trees).toHaveCount(2);
  await expect(trees.nth(0)).toContainText(`<script>alert('xss-script')</script>`);
  await expect(trees.nth(1)).toContainText(`<img src=x onerror=alert('xss-img')>`);
  // The raw text view is text too.
  await trees.nth(1).locator("..").getByTestId("term-show-raw").click();
  await expect(page.getByTestId("term-raw").first()).toContainText("onerror=alert('xss-img')");

  // Nothing became an element, and the javascript: CI URL is not a link.
  await expect(page.locator("main script")).toHaveCount(0);
  await expect(page.locator('img[src="x"]')).toHaveCount(0);
  // (The server may drop the non-http URL or keep it; either way it is never a link.)
  await expect(page.locator('a[href^="javascript:"]')).toHaveCount(0);
  await expect(page.locator('[data-testid="ci-link"] a')).toHaveCount(0);

  await page.waitForTimeout(500);
  await saveScreenshot(page, testInfo, "build-markup-as-text");
  expect(dialogs).toEqual([]);
});

test("a right-to-left override in a message body is shown as its escape, not applied", async ({ page, request, buildPage }) => {
  const job = "e2e_bidi_monitor";
  const log = roomBuildVariant({ job, number: 9002, room: "e2e#bidi_room@conference.easemob.com" }).replace(
    `<<"<script>alert('xss-script')</script>">>`,
    // As a node prints a unicode body: the override would make the page read `invoice_exe.pdf`.
    `<<"invoice_\u202Efdp.exe"/utf8>>`,
  );
  const response = await request.post("/api/logs?filename=bidi-9002.log", { headers: { "content-type": "text/plain" }, data: Buffer.from(log, "utf8") });
  expect(response.status(), await response.text()).toBeLessThan(300);

  await buildPage.goto(`/builds/${job}/9002`);
  await buildPage.openAllSamples();
  const tree = buildPage.sampleTrees().nth(0);
  const control = tree.getByTestId("bidi-control");
  await expect(control).toHaveText("\\x{202e}");
  await expect(control).toHaveAttribute("title", /U\+202E RIGHT-TO-LEFT OVERRIDE/);
  await expect(tree).toContainText(`"invoice_\\x{202e}fdp.exe"`);
  expect(await tree.innerText()).not.toContain("\u202E");

  // The raw text view shows it the same way.
  await tree.locator("..").getByTestId("term-show-raw").click();
  const raw = page.getByTestId("term-raw").first();
  await expect(raw).toContainText(`<<"invoice_\\x{202e}fdp.exe"/utf8>>`);
  expect(await raw.innerText()).not.toContain("\u202E");
});

test("a MySQL error packet (not UTF-8, mostly text) reads as the string literal of its bytes", async ({ request, buildPage }) => {
  // ejabberd 3875: the packet's header bytes 255,191 are not UTF-8; the server's message after them is.
  const job = "e2e_mysql_error_monitor";
  const log = [
    `JOB_NAME=${job}`,
    "BUILD_NUMBER=9003",
    "processes sorted by queue_len desc:",
    " [{<0.4242.0>,{message_queue_len,5000}},",
    "  {<0.1.0>,{message_queue_len,0}}]",
    "message queue len of pid <0.4242.0> : {message_queue_len,5000}",
    "message in pid <0.4242.0> :",
    " [{p1_mysql_recv,<0.2070.0>,data,",
    "                 <<255,191,48,84,103,102,111,114,32,99,111,110,102,105,103,117,114,105,110,103,32,116,104,105,115,32,98,101,105,111,114,46>>,",
    "                 0}]",
    "",
  ].join("\n");
  const response = await request.post("/api/logs?filename=mysql-error-9003.log", { headers: { "content-type": "text/plain" }, data: log });
  expect(response.status(), await response.text()).toBeLessThan(300);

  await buildPage.goto(`/builds/${job}/9003`);
  await buildPage.openAllSamples();
  const tree = buildPage.sampleTrees().nth(0);
  await expect(tree.getByTestId("term-binary-latin1")).toHaveText(`"\\x{ff}\\x{bf}0Tgfor configuring this beior."`);
  // The numbers are one click away, as for any binary.
  await tree.locator("..").getByTestId("term-bytes-toggle").click();
  await expect(tree.getByTestId("term-bytes")).toHaveText("255,191,48,84,103,102,111,114,32,99,111,110,102,105,103,117,114,105,110,103,32,116,104,105,115,32,98,101,105,111,114,46");
  await expect(tree.getByTestId("term-binary-latin1")).toHaveCount(0);
});
