// Story: an operator saved a Jenkins console page by hand (the seed's excerpts: the monitor's
// output, no JOB_NAME= or BUILD_NUMBER= line). On the upload page they say which job, build number,
// start time and CI link it is, drop it, and follow the result to the build's permalink, under its
// job and number. A wrong field is said before anything is sent, and what the server refuses is
// said beside the fields too; nothing is stored then.
import type { APIRequestContext, Page } from "@playwright/test";
import { expect, test } from "../fixtures";
import { LOGS, readLog, roomBuildVariant, saveScreenshot } from "../helpers";

/** The monitor's output of one build as the seed quotes it: from `processes sorted by queue_len desc:` on, nothing naming the build. */
function excerpt(room: string): string {
  const log = roomBuildVariant({ job: "e2e_upmeta_source", number: 1, room });
  return log.slice(log.indexOf("processes sorted by queue_len desc:"));
}

type Fields = Partial<Record<"job" | "number" | "attempt" | "startedAt" | "utcOffset" | "url", string>>;

async function fill(page: Page, fields: Fields): Promise<void> {
  for (const [field, value] of Object.entries(fields)) await page.getByTestId(`upload-meta-${field}-input`).fill(value);
}

type StoredBuild = { number: number | null; attempt: number; startedAt: string | null; url: string | null };

async function buildsOfJob(request: APIRequestContext, job: string): Promise<StoredBuild[]> {
  const response = await request.get(`/api/builds?job=${encodeURIComponent(job)}`);
  expect(response.status()).toBe(200);
  return ((await response.json()) as { builds: StoredBuild[] }).builds;
}

async function openUploadPage(page: Page): Promise<void> {
  await page.goto("/upload");
  await expect(page.getByTestId("upload-meta-form")).toBeVisible();
}

test("a seed excerpt dropped with job, number, start time and URL is stored as that build, at its permalink", async ({ page, shell, buildPage, request }, testInfo) => {
  const job = "e2e_upmeta_monitor";
  const url = "http://ci.easemob.com/job/e2e_upmeta_monitor/4101/console";
  const room = "e2e#upmeta_room_4101@conference.easemob.com";
  const text = excerpt(room);
  expect(text).not.toMatch(/JOB_NAME|BUILD_NUMBER|BUILD_URL/);
  await openUploadPage(page);
  await fill(page, { job, number: "4101", startedAt: "2015-08-23T00:34:01+08:00", url });
  await shell.dropFiles([{ name: "console.txt", content: text }]);

  const item = shell.uploadItem("console.txt");
  await expect(item.getByTestId("upload-sent-meta")).toHaveText(`sent with job ${job} · number 4101 · started 2015-08-23T00:34:01+08:00 · url ${url}`);
  const link = item.getByTestId("upload-build-link");
  await expect(link).toHaveText(`${job} #4101`);
  await expect(link).toHaveAttribute("href", `/builds/${job}/4101`);
  await expect(page.getByTestId("upload-meta-server")).toHaveCount(0);
  await saveScreenshot(page, testInfo, "upload-build-fields");

  // Stored with what the fields said, over what the log says (its own time is 2015-09-01 10:00 +0800).
  expect(await buildsOfJob(request, job)).toEqual([expect.objectContaining({ number: 4101, startedAt: "2015-08-22T16:34:01.000Z", url })]);
  expect(await buildsOfJob(request, "e2e_upmeta_source")).toEqual([]);

  await link.click();
  await expect(page).toHaveURL(new RegExp(`/builds/${job}/4101$`));
  await expect(buildPage.title).toHaveText(`${job} #4101`);
  await expect(buildPage.ciLink.getByRole("link")).toHaveAttribute("href", url);
  await expect(buildPage.culpritRoom).toHaveText(room);
});

test("a console whose times carry no zone, dropped with the CI host's UTC offset and an attempt, is stored at the right instant as that run", async ({ page, shell, request }) => {
  const job = "e2e_upmeta_zone";
  // The log's own line, its zone cut off: `2015-09-01 10:00:00 monitor: …`, the CI host's clock in UTC+8.
  const text = roomBuildVariant({ job, number: 4201, room: "e2e#upmeta_zone@conference.easemob.com" }).replace("2015-09-01 10:00:00 +0800", "2015-09-01 10:00:00");
  expect(text).toMatch(/^2015-09-01 10:00:00 monitor:/m);
  await openUploadPage(page);
  // Blank, the field means the server's LOG_UTC_OFFSET (Z on the test server), and the hint says so.
  await expect(page.getByTestId("upload-meta-utcOffset")).toContainText("LOG_UTC_OFFSET, Z");
  await fill(page, { utcOffset: "+8" });
  await page.getByTestId("upload-meta-utcOffset-input").blur();
  await expect(page.getByTestId("upload-meta-utcOffset-error")).toBeVisible();
  await fill(page, { attempt: "2", utcOffset: "+08:00" });
  await expect(page.getByTestId("upload-meta-utcOffset-error")).toHaveCount(0);
  await shell.dropFiles([{ name: "zone-less.txt", content: text }]);

  const item = shell.uploadItem("zone-less.txt");
  await expect(item.getByTestId("upload-sent-meta")).toHaveText("sent with attempt 2 · zone-less times at +08:00");
  await expect(item.getByTestId("upload-build-link")).toHaveAttribute("href", `/builds/${job}/4201?attempt=2`);
  // 10:00 on a UTC+8 clock is 02:00 UTC (without the offset it would have been stored as 10:00 UTC).
  expect(await buildsOfJob(request, job)).toEqual([expect.objectContaining({ number: 4201, attempt: 2, startedAt: "2015-09-01T02:00:00.000Z" })]);
});

test("a bad field is said at the field and nothing is sent; the server's refusal is said beside the fields; nothing is stored", async ({ page, shell, request }, testInfo) => {
  const job = "e2e_upmeta_bad";
  const uploads: string[] = [];
  page.on("request", (sent) => {
    if (new URL(sent.url()).pathname === "/api/logs" && sent.method() === "POST") uploads.push(sent.url());
  });
  await openUploadPage(page);

  // Checked in the browser, with the server's words: no request at all.
  await fill(page, { job, number: "abc", startedAt: "yesterday" });
  await shell.dropFiles([{ name: "bad-fields.log", content: excerpt("e2e#upmeta_bad@conference.easemob.com") }]);
  await expect(page.getByTestId("upload-meta-refusal")).toHaveText("Nothing was sent: the 2 build fields marked above are not right.");
  await expect(page.getByTestId("upload-meta-number-error")).toHaveText("number: must be an integer from 0 to 2147483647");
  await expect(page.getByTestId("upload-meta-startedAt-error")).toHaveText(/^startedAt: expected an ISO 8601 date-time with a time zone .*, got "yesterday"$/);
  await expect(page.getByTestId("upload-meta-number-input")).toHaveAttribute("aria-invalid", "true");
  // The first bad field has the focus, its message read with it.
  await expect(page.getByTestId("upload-meta-number-input")).toBeFocused();
  const described = await page.getByTestId("upload-meta-number-input").getAttribute("aria-describedby");
  expect(described?.split(" ").length).toBe(2);
  await expect(page.locator(`[id="${described?.split(" ")[1]}"]`)).toHaveText(/must be an integer/);
  await expect(shell.uploadItems).toHaveCount(0);

  // A value the browser lets through but the server refuses (here: changed on its way, as an older
  // page or another client might send it): the server's 400 is said at its field and beside the form.
  await fill(page, { number: "77", startedAt: "" });
  await page.route(
    (url) => url.pathname === "/api/logs",
    (route) => route.continue({ url: route.request().url().replace("number=77", "number=0x4D") }),
  );
  await shell.dropFiles([{ name: "bad-fields.log", content: excerpt("e2e#upmeta_bad@conference.easemob.com") }]);
  const server = page.getByTestId("upload-meta-server-error");
  await expect(server).toHaveText("bad-fields.log invalid query parameters: number: must be an integer from 0 to 2147483647");
  await expect(page.getByTestId("upload-meta-number-error")).toHaveText("number: must be an integer from 0 to 2147483647");
  await expect(shell.uploadItem("bad-fields.log")).toHaveAttribute("data-phase", "error");
  await page.unroute((url) => url.pathname === "/api/logs");

  // A number for a log of two monitor runs: only the server can tell (422, with the place).
  const two = readLog("twoBuilds").replaceAll(LOGS.twoBuilds.job, "e2e_upmeta_two_source");
  await fill(page, { number: "9" });
  await expect(page.getByTestId("upload-meta-number-error")).toHaveCount(0);
  await shell.dropFiles([{ name: "two-runs.log", content: two }]);
  await expect(server).toHaveText(
    /^two-runs\.log:\d+:1 the upload names build number 9, but the log holds more than one monitor run: each run is a build with its own; upload them as separate logs, or without it/,
  );
  await expect(page.getByTestId("upload-meta-server")).toContainText("nothing of it was stored");
  await saveScreenshot(page, testInfo, "upload-build-fields-refused");

  expect(uploads).toHaveLength(2);
  expect(await buildsOfJob(request, job)).toEqual([]);
  expect(await buildsOfJob(request, "e2e_upmeta_two_source")).toEqual([]);
});

test("several files dropped with a number are refused whole, as the API refuses them; with a job alone each goes under it", async ({ page, shell, request }) => {
  const job = "e2e_upmeta_many";
  const files = [
    { name: "first.log", content: excerpt("e2e#upmeta_many_1@conference.easemob.com") },
    { name: "second.log", content: excerpt("e2e#upmeta_many_2@conference.easemob.com") },
  ];
  await openUploadPage(page);
  await fill(page, { job, number: "12" });
  await shell.dropFiles(files);
  await expect(page.getByTestId("upload-meta-refusal")).toHaveText(
    `Nothing was sent: 2 files were dropped together with build number 12, which names one build. Drop one file at a time with its own, or clear that field to send them all under job ${job} with what each log says.`,
  );
  await expect(shell.uploadItems).toHaveCount(0);
  expect(await buildsOfJob(request, job)).toEqual([]);

  await fill(page, { number: "" });
  await shell.dropFiles(files);
  await expect(page.getByTestId("upload-meta-refusal")).toHaveCount(0);
  for (const { name } of files) {
    await expect(shell.uploadItem(name).getByTestId("upload-sent-meta")).toHaveText(`sent with job ${job}`);
    await expect(shell.uploadItem(name)).toHaveAttribute("data-phase", "done");
  }
  // The excerpts name no number or time: two builds of the job, each with its own link (by id).
  expect(await buildsOfJob(request, job)).toHaveLength(2);
});

test("the fields are used from the keyboard: labelled, checked on leaving, Enter opens the file chooser", async ({ page, shell }) => {
  const job = "e2e_upmeta_keys";
  await openUploadPage(page);
  await page.getByTestId("file-picker").focus();
  await page.keyboard.press("Tab");
  const jobInput = page.getByRole("textbox", { name: /^CI job/ });
  await expect(jobInput).toBeFocused();
  await page.keyboard.type(job);
  await page.keyboard.press("Tab");
  const number = page.getByRole("textbox", { name: /^Build number/ });
  await expect(number).toBeFocused();
  await page.keyboard.type("12x");
  await page.keyboard.press("Tab");
  // The attempt goes with the number.
  await expect(page.getByRole("textbox", { name: /^Attempt/ })).toBeFocused();
  // Said on leaving the field, and read with it.
  await expect(number).toHaveAttribute("aria-invalid", "true");
  await expect(number).toHaveAccessibleDescription(/Names one build.*number: must be an integer from 0 to 2147483647/);

  // Enter with a bad field: no chooser, the focus back on it.
  let chooserOpened = false;
  page.on("filechooser", () => (chooserOpened = true));
  await page.keyboard.press("Enter");
  await expect(number).toBeFocused();
  await expect(page.getByTestId("upload-meta-refusal")).toHaveText("Nothing was sent: the build field marked above is not right.");
  await page.keyboard.press("Backspace");
  await expect(number).toHaveAttribute("aria-invalid", "false");
  await expect(page.getByTestId("upload-meta-number-error")).toHaveCount(0);
  await expect(page.getByTestId("upload-meta-refusal")).toHaveCount(0);
  expect(chooserOpened).toBe(false);

  const chooser = page.waitForEvent("filechooser");
  await page.keyboard.press("Enter");
  await (await chooser).setFiles({ name: "saved-console.txt", mimeType: "text/plain", buffer: Buffer.from(excerpt("e2e#upmeta_keys@conference.easemob.com")) });
  const link = shell.uploadItem("saved-console.txt").getByTestId("upload-build-link");
  await expect(link).toHaveText(`${job} #12`);
  // On to the result by keyboard too.
  await link.focus();
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(new RegExp(`/builds/${job}/12$`));
});

test("a Jenkins console address pasted as the build URL offers its job and number, taken by keyboard", async ({ page, shell }, testInfo) => {
  const url = "http://ci.example.org/view/ProductionCI/job/e2e_upmeta_url/7/console";
  await openUploadPage(page);
  const offer = page.getByTestId("upload-meta-from-url");
  await expect(offer).toHaveCount(0);
  await page.getByTestId("upload-meta-url-input").focus();
  await page.keyboard.insertText(url);
  await expect(offer).toHaveText("take job e2e_upmeta_url and number 7 from this URL");
  await saveScreenshot(page, testInfo, "upload-build-fields-from-url");
  await page.keyboard.press("Tab");
  await expect(offer).toBeFocused();
  await page.keyboard.press("Enter");
  await expect(page.getByTestId("upload-meta-job-input")).toHaveValue("e2e_upmeta_url");
  await expect(page.getByTestId("upload-meta-number-input")).toHaveValue("7");
  // Taken: nothing left to offer.
  await expect(offer).toHaveCount(0);

  await shell.dropFiles([{ name: "console-7.txt", content: excerpt("e2e#upmeta_url@conference.easemob.com") }]);
  const item = shell.uploadItem("console-7.txt");
  await expect(item.getByTestId("upload-sent-meta")).toHaveText(`sent with job e2e_upmeta_url · number 7 · url ${url}`);
  await expect(item.getByTestId("upload-build-link")).toHaveText("e2e_upmeta_url #7");
});
