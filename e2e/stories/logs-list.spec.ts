// Story: an operator wants to see what has been uploaded (dropped by people,
// pushed by CI): from the overview's count of logs to the list of them, with
// name, time, size and sha256, and from a log's build count to its builds.
import { createHash } from "node:crypto";
import { expect, test } from "../fixtures";
import { failOnDialog, LOGS, readLog, roomBuildVariant, uploadViaApi } from "../helpers";

test("the logs total opens the uploaded logs; a log's build count opens only its builds", async ({
  page,
  request,
  shell,
  overview,
  logsPage,
  buildsList,
}) => {
  // Builds of another log, which the log's builds must leave out.
  await uploadViaApi(request, "sql");
  await overview.goto();
  const content = readLog("twoBuilds");
  await shell.dropFiles([{ name: LOGS.twoBuilds.file, content }]);
  await expect(shell.uploadItem(LOGS.twoBuilds.file).getByTestId("upload-done")).toContainText("Stored 2 builds");

  await overview.goto();
  const logs = await overview.total("logs");
  expect(logs).toBeGreaterThanOrEqual(2);
  await overview.totalLink("logs").click();
  await expect(page).toHaveURL(/\/logs$/);
  await expect(logsPage.rows).toHaveCount(Math.min(logs, 50));

  // Newest first; the name as uploaded, its size, its sha256 (shortened, whole in the title).
  const row = logsPage.row(LOGS.twoBuilds.file);
  await expect(logsPage.rows.first()).toHaveAttribute("data-log-id", (await row.getAttribute("data-log-id")) ?? "");
  const sha = createHash("sha256").update(content).digest("hex");
  const bytes = Buffer.byteLength(content);
  await expect(row.getByTestId("log-size")).toHaveText(`${(bytes / 1024).toFixed(1)} KiB`);
  await expect(row.getByTestId("log-size")).toHaveAttribute("title", `${bytes.toLocaleString("en-US")} bytes`);
  await expect(row.getByTestId("log-sha256")).toHaveText(`${sha.slice(0, 12)}…`);
  await expect(row.getByTestId("log-sha256")).toHaveAttribute("title", sha);
  await expect(row.getByTestId("log-uploaded")).toHaveText(/^\d{4}-\d\d-\d\d \d\d:\d\d UTC$/);
  // Under its name, the job its builds are of and their numbers (every CI push is console.log).
  await expect(row.getByTestId("log-jobs")).toHaveText(`${LOGS.twoBuilds.job} #501–#502`);
  await expect(logsPage.builds(LOGS.twoBuilds.file)).toHaveText("2");

  await logsPage.builds(LOGS.twoBuilds.file).click();
  await expect(page).toHaveURL(/\/builds\?logId=\d+$/);
  const logId = /logId=(\d+)/.exec(page.url())?.[1];
  await expect(page.getByTestId("scope-logId")).toContainText(`log #${logId}: ${LOGS.twoBuilds.file}`);
  await expect(buildsList.rows).toHaveCount(2);
  const rows = await buildsList.rows.allInnerTexts();
  expect(rows.map((text) => /#(\d+)/.exec(text)?.[1]).sort()).toEqual(["501", "502"]);
  for (const text of rows) expect(text).toContain(LOGS.twoBuilds.job);

  // A filter from the bar keeps the log: only its room build is left.
  await buildsList.classFilter.selectOption("muc_room");
  await buildsList.apply.click();
  await expect(page).toHaveURL(new RegExp(`[?&]logId=${logId}(&|$)`));
  await expect(buildsList.rows).toHaveCount(1);
  await expect(buildsList.rows.first()).toContainText(`${LOGS.twoBuilds.job} #501`);

  // The scope can be dropped again; the class stays.
  await page.getByTestId("scope-clear-logId").click();
  await expect(page).toHaveURL(/\/builds\?class=muc_room$/);
  await expect(page.getByTestId("scope-notice")).toHaveCount(0);

  // The site's navigation leads to the list too.
  await shell.navigate("logs");
  await expect(page).toHaveURL(/\/logs$/);
  // (The log just dropped: newest first, on the first page however many logs other stories stored.)
  await expect(logsPage.row(LOGS.twoBuilds.file)).toHaveCount(1);
});

// File names come from whoever uploads: markup in one is shown as the text it is, here and in the builds' notice.
test("a file name holding markup is listed as text", async ({ page, request, logsPage }) => {
  const dialogs = failOnDialog(page);
  const name = `<img src=x onerror=alert(1)>"'.log`;
  const response = await request.post(`/api/logs?filename=${encodeURIComponent(name)}`, {
    headers: { "content-type": "text/plain" },
    data: readLog("twoBuilds").replace(/e2e_logs_monitor/g, "e2e_logs_markup"),
  });
  expect(response.status(), await response.text()).toBe(201);

  await logsPage.goto();
  await expect(logsPage.row(name).getByTestId("log-file")).toHaveText(name);
  await logsPage.builds(name).click();
  await expect(page.getByTestId("scope-logId")).toContainText(name);
  await expect(page.locator('main img, img[src="x"]')).toHaveCount(0);
  expect(dialogs).toEqual([]);
});

test("a log uploaded by mistake is deleted from the list, after a second click that says what goes", async ({ page, request, logsPage }) => {
  const job = "e2e_delete_me_monitor";
  const file = "delete-me.log";
  const upload = await request.post(`/api/logs?filename=${file}`, {
    headers: { "content-type": "text/plain" },
    data: Buffer.from(roomBuildVariant({ job, number: 1, room: "e2e#delete_me@conference.easemob.com", queueLen: 4242 }), "utf8"),
  });
  expect(upload.status(), await upload.text()).toBe(201);
  expect((await page.goto(`/builds/${job}/1`))?.status()).toBe(200);

  await logsPage.goto();
  const row = logsPage.row(file);
  await row.getByTestId("log-delete").click();
  await expect(row.getByTestId("log-delete-confirm")).toContainText("Delete it and its 1 build?");
  // Kept: nothing sent.
  await row.getByTestId("log-delete-no").click();
  await expect(row.getByTestId("log-delete")).toBeVisible();
  await page.reload();
  await expect(logsPage.row(file)).toHaveCount(1);

  const deleted = page.waitForResponse((response) => response.request().method() === "DELETE" && /\/api\/logs\/\d+$/.test(response.url()));
  await logsPage.row(file).getByTestId("log-delete").click();
  await logsPage.row(file).getByTestId("log-delete-yes").click();
  expect((await deleted).status()).toBe(200);
  await expect(logsPage.row(file)).toHaveCount(0);
  // Its build, its room and its share link are gone with it.
  expect((await page.goto(`/builds/${job}/1`))?.status()).toBe(404);
  // (Through the browser: the request fixture's kept-alive connection has idled past the server's keep-alive by now.)
  expect((await page.goto(`/rooms/${encodeURIComponent("e2e#delete_me@conference.easemob.com")}`))?.status()).toBe(404);
});

test("deleting a console that shares a watchdog warning with another: the question counts the warning apart, and the warning stays with the other", async ({ page, request, logsPage }) => {
  const job = "e2e-shared-watchdog";
  const header = (time: string) =>
    `2024-03-05 ${time}.000001+00:00 [warning] <0.86.0>@ejabberd_system_monitor:handle_overload/2:143 The system is overloaded with 800000 messages queued by 1 process(es) (0%) from the following applications: kernel (800000 msgs); the top processes are:\n`;
  const warning = (time: string) =>
    `${header(time)}** rex: msgs = 800000, memory = 1, initial_call = proc_lib:init_p/5, current_function = gen_server:loop/7, ancestors = [kernel_sup,<0.47.0>], application = kernel\n\n`;
  const noise = `${Array.from({ length: 200 }, (_, i) => `+ step ${i}: ${"-".repeat(40)}`).join("\n")}\n`;
  const consoleOf = (number: number, times: string[]) => `Started by timer\nJOB_NAME=${job}\nBUILD_NUMBER=${number}\n${times.map(warning).join(noise)}Finished: SUCCESS\n`;
  for (const [file, number, times] of [
    ["shared-a.log", 1, ["18:00:00", "18:10:00"]],
    ["shared-b.log", 2, ["18:10:00", "18:20:00"]],
  ] as const) {
    const upload = await request.post(`/api/logs?filename=${file}`, { headers: { "content-type": "text/plain" }, data: Buffer.from(consoleOf(number, [...times]), "utf8") });
    expect(upload.status(), await upload.text()).toBe(201);
  }
  await logsPage.goto();
  const row = logsPage.row("shared-a.log");
  await row.getByTestId("log-delete").click();
  await expect(row.getByTestId("log-delete-confirm")).toContainText("Delete it and 1 of its 2 builds? (1 snapshot another console prints too moves there)");
  await row.getByTestId("log-delete-yes").click();
  await expect(page.getByText("Deleted shared-a.log and its 1 build (1 snapshot another console prints too moved to it)")).toBeVisible();
  await expect(logsPage.row("shared-b.log").getByTestId("log-builds")).toContainText("2");
  // Nothing left behind for other specs, which count the stored watchdog snapshots.
  const logs = (await (await request.get("/api/logs?pageSize=500")).json()) as { logs: { id: number; fileName: string }[] };
  for (const log of logs.logs.filter((entry) => entry.fileName === "shared-b.log")) expect((await request.delete(`/api/logs/${log.id}`)).status()).toBe(200);
});
