// Story: the dashboard is set up with INGEST_TOKEN and READ_TOKEN. An operator
// opens the upload page with the read token's link and drops a log: the page
// asks for the upload token instead of failing the file, refuses a wrong one
// with a clear word, and with the right one the held file goes up and its
// build opens. Without INGEST_TOKEN the page asks for nothing.
import { expect, test } from "../fixtures";
import { LOGS, readLog } from "../helpers";
import { SPEC_SERVER_PORT, startSpecServer, type SpecServer } from "../token-server";

const INGEST = "e2e-ingest-7f3a";
const READ = "e2e-read-91c2";

test.describe("with INGEST_TOKEN and READ_TOKEN set", () => {
  test.use({ baseURL: `http://127.0.0.1:${SPEC_SERVER_PORT}` });
  let server: SpecServer | undefined;

  test.beforeAll(async () => {
    test.setTimeout(180_000);
    server = await startSpecServer({ INGEST_TOKEN: INGEST, READ_TOKEN: READ });
  });
  test.afterAll(async () => {
    await server?.stop();
  });

  test("a dropped log waits for the upload token, a wrong one is refused, the right one uploads it", async ({ page, shell, buildPage }) => {
    const sent: (string | null)[] = [];
    page.on("request", (request) => {
      if (request.method() === "POST" && new URL(request.url()).pathname === "/api/logs") sent.push(request.headers()["authorization"] ?? null);
    });

    await page.goto(`/upload?token=${READ}`);
    await expect(page).toHaveURL(/\/upload$/);
    // A shared link with the token, opened with the cookie already: the token leaves the address too.
    await page.goto(`/builds?token=${READ}`);
    await expect(page).toHaveURL(/\/builds$/);
    expect(await page.content()).not.toContain(READ);
    await page.goto("/upload");
    // The page says up front that uploads need their own token.
    await expect(shell.tokenForm).toBeVisible();
    await expect(shell.tokenMessage).toContainText("upload token");
    await expect(shell.headerHint).toContainText("upload token");

    // The read token's cookie is no upload token.
    const withCookie = await page.request.post("/api/logs?filename=cookie.log", { headers: { "content-type": "text/plain" }, data: readLog("room") });
    expect(withCookie.status()).toBe(401);

    await shell.dropFiles([{ name: LOGS.room.file, content: readLog("room") }]);
    const item = shell.uploadItem(LOGS.room.file);
    await expect(item).toHaveAttribute("data-phase", "needs-token");
    await expect(item.getByTestId("upload-needs-token")).toContainText("upload token");
    await expect(shell.tokenMessage).toContainText("1 file waits");

    const refused = page.waitForResponse((r) => new URL(r.url()).pathname === "/api/logs" && r.request().method() === "POST");
    await shell.enterUploadToken("not-the-token");
    expect((await refused).status()).toBe(401);
    await expect(shell.tokenMessage).toHaveAttribute("data-reason", "rejected");
    await expect(shell.tokenMessage).toContainText("refused");
    await expect(item).toHaveAttribute("data-phase", "needs-token");
    await expect(item.getByTestId("upload-error")).toHaveCount(0);

    await shell.enterUploadToken(INGEST);
    const link = item.getByTestId("upload-build-link");
    await expect(link).toHaveText(`${LOGS.room.job} #${LOGS.room.number}`);
    await expect(shell.tokenForm.getByTestId("upload-token-input")).toHaveCount(0);
    expect(sent).toEqual(["Bearer not-the-token", `Bearer ${INGEST}`]);

    // Kept for the tab's session, never in a cookie or the address.
    expect(await page.evaluate(() => Object.values(sessionStorage))).toContain(INGEST);
    expect((await page.context().cookies()).map((c) => c.value)).not.toContain(INGEST);
    expect(page.url()).not.toContain(INGEST);

    await link.click();
    await expect(page).toHaveURL(new RegExp(`/builds/${LOGS.room.job}/${LOGS.room.number}$`));
    await expect(buildPage.culpritRoom).toHaveText(LOGS.room.room);

    // Another page of the same tab: the token is remembered, the next drop goes straight up.
    await page.goto("/builds");
    await shell.dropFiles([{ name: LOGS.sql.file, content: readLog("sql") }]);
    await expect(shell.uploadItem(LOGS.sql.file).getByTestId("upload-build-link")).toHaveText(`${LOGS.sql.job} #${LOGS.sql.number}`);
    expect(sent.at(-1)).toBe(`Bearer ${INGEST}`);
  });

  test("a token that stops working asks again, and the refused files are sent once it is entered", async ({ page, shell }) => {
    await page.goto(`/upload?token=${READ}`);
    await page.evaluate(() => sessionStorage.clear());
    await page.reload();
    await shell.enterUploadToken("stale-token");
    // Accepted by the page (it cannot check it); the server refuses it at the first upload.
    await expect(shell.tokenForm.getByTestId("upload-token-input")).toHaveCount(0);
    await shell.dropFiles([
      { name: LOGS.dead.file, content: readLog("dead") },
      { name: LOGS.rex.file, content: readLog("rex") },
    ]);
    await expect(shell.uploadItem(LOGS.dead.file)).toHaveAttribute("data-phase", "needs-token");
    await expect(shell.uploadItem(LOGS.rex.file)).toHaveAttribute("data-phase", "needs-token");
    await expect(shell.tokenMessage).toHaveAttribute("data-reason", "rejected");
    await expect(shell.tokenMessage).toContainText("2 files wait");

    await shell.enterUploadToken(INGEST);
    await expect(shell.uploadItem(LOGS.dead.file).getByTestId("upload-build-link")).toHaveText(`${LOGS.dead.job} #${LOGS.dead.number}`);
    await expect(shell.uploadItem(LOGS.rex.file).getByTestId("upload-build-link")).toHaveText(`${LOGS.rex.job} #${LOGS.rex.number}`);
  });

  test("a log posted with the upload token to a page's address is told where to go (405), not that its token is wrong", async ({ request }) => {
    const response = await request.post("/", { headers: { authorization: `Bearer ${INGEST}`, "content-type": "text/plain" }, data: readLog("room") });
    expect(response.status()).toBe(405);
    expect(((await response.json()) as { error: { message: string } }).error.message).toBe("POST /: pages are read with GET; post logs to /api/logs");
  });

  // An operator's review: a colleague opening a shared build link without the token got the API's JSON.
  test("a shared build link opened without the token asks for it in a page; a wrong one is refused, the right one opens the build", async ({ browser, request }) => {
    const upload = await request.post(`/api/logs?filename=${LOGS.room.file}`, {
      headers: { authorization: `Bearer ${INGEST}`, "content-type": "text/plain" },
      data: readLog("room"),
    });
    expect(upload.status(), await upload.text()).toBeLessThan(300);
    const permalink = ((await upload.json()) as { builds: { permalink: string }[] }).builds[0]!.permalink;
    const colleague = await browser.newContext({ baseURL: `http://127.0.0.1:${SPEC_SERVER_PORT}` });
    try {
      const page = await colleague.newPage();
      const response = await page.goto(permalink);
      expect(response?.status()).toBe(401);
      await expect(page.getByRole("heading", { name: "This dashboard needs its read token" })).toBeVisible();
      await expect(page.getByTestId("read-token-return")).toHaveText(permalink);
      await page.getByLabel("Read token").fill("not-the-token");
      await page.getByRole("button", { name: "Open" }).click();
      await expect(page.getByTestId("read-token-wrong")).toHaveText("That is not this dashboard's read token.");
      // The token is posted, never put in an address.
      expect(page.url()).not.toContain("not-the-token");
      await page.getByLabel("Read token").fill(READ);
      await page.getByRole("button", { name: "Open" }).click();
      await expect(page).toHaveURL(new RegExp(`${permalink.replace(/[.?*+^$()[\]{}|\\]/g, "\\$&")}$`));
      await expect(page.getByRole("heading", { level: 1 })).toContainText(String(LOGS.room.number));
      expect(page.url()).not.toContain(READ);
      // The cookie holds from here on: another page opens at once.
      expect((await page.goto("/incidents"))?.status()).toBe(200);
    } finally {
      await colleague.close();
    }
  });

  test("a script that sends the read token and ?token= too reads the page at once, and the page does not hold the token", async ({ request }) => {
    for (const path of ["/builds?token=" + READ + "&class=sql", "/incidents?token=" + READ, "/api/builds?token=" + READ]) {
      const response = await request.get(path, { headers: { authorization: `Bearer ${READ}` }, maxRedirects: 0 });
      expect(response.status(), path).toBe(200);
      expect(await response.text(), path).not.toContain(READ);
    }
  });

  test("deleting a log needs the upload token too: the list says where to enter it, then the log goes", async ({ page, shell, logsPage }) => {
    const file = "token-delete.log";
    const content = readLog("twoBuilds").replaceAll(LOGS.twoBuilds.job, "e2e_token_delete_monitor");
    const stored = await page.request.post(`/api/logs?filename=${file}`, {
      headers: { "content-type": "text/plain", authorization: `Bearer ${INGEST}` },
      data: content,
    });
    expect(stored.status(), await stored.text()).toBe(201);

    await page.goto(`/logs?token=${READ}`);
    await page.evaluate(() => sessionStorage.clear());
    await page.reload();
    await logsPage.row(file).getByTestId("log-delete").click();
    await expect(logsPage.row(file).getByTestId("log-delete-confirm")).toContainText("Delete it and its 2 builds?");
    await logsPage.row(file).getByTestId("log-delete-yes").click();
    const failed = logsPage.row(file).getByTestId("log-delete-failed");
    await expect(failed).toContainText("Deleting needs the upload token");
    await failed.getByRole("link", { name: "enter it on the upload page" }).click();
    await expect(page).toHaveURL(/\/upload$/);
    await shell.enterUploadToken(INGEST);

    await logsPage.goto();
    await logsPage.row(file).getByTestId("log-delete").click();
    await logsPage.row(file).getByTestId("log-delete-yes").click();
    await expect(logsPage.row(file)).toHaveCount(0);
  });
});

test("without INGEST_TOKEN the upload page asks for no token", async ({ page, shell }) => {
  await page.goto("/upload");
  await expect(page.getByTestId("upload-box")).toBeVisible();
  await expect(shell.headerHint).toHaveText("drop logs anywhere to upload");
  await expect(shell.tokenForm).toHaveCount(0);
});
