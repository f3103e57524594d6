// Story: an operator who works from the keyboard, or with a screen reader. Charts are one Tab
// stop each and say the point the arrow keys step to; an upload is announced when a file starts
// and when it is stored, not at every percent; applying a filter keeps focus and says how many
// match; deleting a log keeps focus on its question, then on the next row; the upload panel never
// hides what has focus; tables are named and their rows have headers; Chinese text says it is Chinese.
import type { APIRequestContext, Locator, Page } from "@playwright/test";
import type { AppShell } from "../pages/app-shell";
import { expect, test } from "../fixtures";
import { LOGS, permalinkOf, pressUntilShown, readLog, roomBuildVariant, uploadViaApi } from "../helpers";

/** The element that has focus, described (tag, test id, text) for messages. */
async function focused(page: Page): Promise<string> {
  return page.evaluate(() => {
    const element = document.activeElement;
    if (!element) return "nothing";
    return `${element.tagName.toLowerCase()}${element.getAttribute("data-testid") ? `[${element.getAttribute("data-testid")}]` : ""}${element.getAttribute("class") ? `.${element.getAttribute("class")}` : ""} "${(element.textContent ?? "").trim().slice(0, 30)}"`;
  });
}

/** Whether focus is inside (or on) this element. */
async function hasFocusWithin(locator: Locator): Promise<boolean> {
  return locator.evaluate((element) => element.contains(document.activeElement));
}

test("each chart is one Tab stop: Tab from the chart leaves it (no empty layer groups in between)", async ({ page, request, overview }) => {
  await uploadViaApi(request, "room", "sql", "chinese");
  await overview.goto();
  for (const chart of [overview.timeline, overview.roomsChart]) {
    const surface = chart.getByRole("application");
    await expect(surface).toBeVisible();
    // Once the chart has drawn its layers (they are what was tabbable).
    await expect(chart.locator("g[class*='recharts-zIndex-layer_']").first()).toBeAttached();
    await surface.focus();
    await expect(surface).toBeFocused();
    await page.keyboard.press("Tab");
    expect(await hasFocusWithin(chart), `after the chart, Tab went to ${await focused(page)}`).toBe(false);
    // And back: Shift+Tab from there lands on the chart itself, not on a layer inside it.
    await page.keyboard.press("Shift+Tab");
    await expect(surface).toBeFocused();
  }
});

/**
 * Records every text a live region (aria-live, role status/alert/log) comes to hold, as a screen reader would hear it;
 * and an alert put on the page with its text (a screen reader says that one too).
 */
async function recordAnnouncements(page: Page): Promise<void> {
  await page.evaluate(() => {
    const heard: string[] = [];
    (window as unknown as { heard: string[] }).heard = heard;
    const live = "[aria-live]:not([aria-live=off]), [role=status], [role=alert], [role=log]";
    // A region is heard when its text changes: emptied, then the same words again, is said again.
    const last = new WeakMap<Element, string>();
    const hear = (region: Element) => {
      const text = (region.textContent ?? "").replace(/\s+/g, " ").trim();
      if (last.get(region) === text) return;
      last.set(region, text);
      if (text) heard.push(text);
    };
    new MutationObserver((mutations) => {
      for (const mutation of mutations) {
        const target = mutation.target instanceof Element ? mutation.target : mutation.target.parentElement;
        const region = target?.closest(live);
        if (region) {
          hear(region);
          continue;
        }
        for (const added of mutation.addedNodes) {
          if (!(added instanceof Element)) continue;
          for (const alert of [added, ...added.querySelectorAll("[role=alert]")]) if (alert.matches("[role=alert]")) hear(alert);
        }
      }
    }).observe(document.body, { subtree: true, childList: true, characterData: true });
  });
}

test("an upload is announced when it starts and when it is stored, not at every percent", async ({ page, shell }) => {
  test.setTimeout(90_000);
  await page.goto("/logs");
  // The polite status is there before anything is uploaded (a live region created with its text is not announced).
  const status = page.getByTestId("upload-announcer");
  await expect(status).toBeAttached();
  await expect(status).toHaveAttribute("aria-live", "polite");
  await expect(status).toHaveText("");
  await recordAnnouncements(page);
  // A slow link: about 1.5 MiB at 150 KB/s, some seconds of progress.
  const cdp = await page.context().newCDPSession(page);
  await cdp.send("Network.emulateNetworkConditions", { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: 150 * 1024 });
  const file = "e2e-announce-4401.log";
  const log = roomBuildVariant({ job: "e2e_announce_monitor", number: 4401, room: "e2e#announce@conference.example.org" }) + "noise line of a console, padding the log to a slow upload\n".repeat(27_000);
  await shell.dropFiles([{ name: file, content: log }]);
  const panel = page.getByTestId("upload-panel");
  await expect(panel.getByTestId("upload-progress")).toBeVisible();
  await expect(shell.uploadItem(file).getByTestId("upload-build-link")).toBeVisible({ timeout: 60_000 });
  await cdp.send("Network.emulateNetworkConditions", { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: -1 });
  await expect(status).toContainText("stored");
  // The panel itself is not a live region: its percentages are not read out.
  await expect(panel).not.toHaveAttribute("aria-live", /.*/);
  const heard = await page.evaluate(() => (window as unknown as { heard: string[] }).heard);
  expect(heard.filter((text) => /\d+ ?%/.test(text)), heard.join("\n")).toEqual([]);
  expect(heard.length, heard.join("\n")).toBeLessThanOrEqual(3);
  expect(heard.some((text) => text.includes(file) && /stored/.test(text)), heard.join("\n")).toBe(true);
});

test("on /upload the session's summary is a live region before the first upload, so the start is announced", async ({ page, uploadPage }) => {
  await uploadPage.goto();
  const summary = page.getByTestId("upload-summary");
  await expect(summary).toBeAttached();
  await expect(summary).toHaveAttribute("aria-live", "polite");
  await expect(summary).toHaveText("");
  // The same node then says how they went.
  await summary.evaluate((element) => ((element as HTMLElement).dataset.before = "yes"));
  await uploadPage.choose(LOGS.a11yTwoBuilds.file);
  await expect(page.getByTestId("upload-history").getByTestId("upload-summary")).toHaveText(/stored|already uploaded/);
  await expect(summary).toHaveAttribute("data-before", "yes");
  // Off to another page: its polite status does not say again what the upload page already said.
  await page.getByTestId("nav-logs").click();
  await expect(page).toHaveURL(/\/logs$/);
  await expect(page.getByTestId("upload-panel")).toBeVisible();
  await page.waitForTimeout(500);
  await expect(page.getByTestId("upload-announcer")).toHaveText("");
});

for (const list of ["builds", "incidents"] as const) {
  test(`${list}: Apply keeps focus on Apply and a status says how many ${list} match`, async ({ page, request }) => {
    await uploadViaApi(request, "room", "sql", "a11yTwoBuilds");
    await page.goto(`/${list}`);
    const count = page.getByTestId("filter-result-count");
    await expect(count).toBeAttached();
    await expect(count).toHaveAttribute("role", "status");
    await expect(count).toHaveText(new RegExp(`^[\\d,]+ ${list.slice(0, -1)}s? match(es)?$`));
    await count.evaluate((element) => ((element as HTMLElement).dataset.before = "yes"));
    await page.getByTestId("filter-job").selectOption(LOGS.a11yTwoBuilds.job);
    await page.getByTestId("filter-apply").focus();
    await page.keyboard.press("Enter");
    await expect(page).toHaveURL(new RegExp(`[?&]job=${LOGS.a11yTwoBuilds.job}`));
    await expect(page.getByTestId("filter-job")).toHaveValue(LOGS.a11yTwoBuilds.job);
    await expect(page.getByTestId("filter-apply"), `focus is on ${await focused(page)}`).toBeFocused();
    const rows = page.getByTestId(list === "builds" ? "build-row" : "incident-row");
    const n = await rows.count();
    expect(n).toBeGreaterThan(0);
    await expect(count).toHaveText(n === 1 ? `1 ${list.slice(0, -1)} matches` : `${n} ${list} match`);
    // The node that was there before: a screen reader announces the change, not a new region.
    await expect(count).toHaveAttribute("data-before", "yes");
    // Clear, from the keyboard, keeps focus on Clear too.
    await page.getByTestId("filter-clear").focus();
    await page.keyboard.press("Enter");
    await expect(page).toHaveURL(new RegExp(`/${list}$`));
    await expect(page.getByTestId("filter-job")).toHaveValue("");
    await expect(page.getByTestId("filter-clear"), `focus is on ${await focused(page)}`).toBeFocused();
  });
}

test("deleting a log: focus goes to 'keep it' on the question, back to 'delete' after it or after 'close'", async ({ page, request, logsPage }) => {
  await uploadViaApi(request, "a11yTwoBuilds");
  await logsPage.goto();
  const row = logsPage.row(LOGS.a11yTwoBuilds.file);
  const remove = row.getByTestId("log-delete");
  await remove.focus();
  await page.keyboard.press("Enter");
  const keep = row.getByTestId("log-delete-no");
  await expect(keep, `focus is on ${await focused(page)}`).toBeFocused();
  await expect(row.getByTestId("log-delete-confirm")).toHaveAttribute("role", "group");
  await page.keyboard.press("Enter");
  await expect(remove, `focus is on ${await focused(page)}`).toBeFocused();

  // A refusal: its message is an alert, and "close" gives focus back to "delete".
  await page.route((url) => url.pathname.startsWith("/api/logs/"), (route) =>
    route.fulfill({ status: 500, contentType: "application/json", body: JSON.stringify({ error: { message: "the database is away" } }) }),
  );
  await page.keyboard.press("Enter");
  await expect(keep).toBeFocused();
  await row.getByTestId("log-delete-yes").focus();
  await page.keyboard.press("Enter");
  const failed = row.getByTestId("log-delete-failed");
  await expect(failed.getByRole("alert")).toContainText("the database is away");
  const close = failed.getByRole("button", { name: "close" });
  await expect(close, `focus is on ${await focused(page)}`).toBeFocused();
  await page.keyboard.press("Enter");
  await expect(remove, `focus is on ${await focused(page)}`).toBeFocused();
});

test("stepping through a chart with the arrow keys says the point shown in a polite live region", async ({ page, request, overview }) => {
  await uploadViaApi(request, "room", "sql", "chinese");
  await overview.goto();
  await page.mouse.move(0, 0);

  const timeline = overview.timeline;
  const said = timeline.getByTestId("chart-announcer");
  await expect(said).toHaveAttribute("aria-live", "polite");
  await expect(said).toHaveText("");
  const surface = timeline.getByRole("application");
  const tooltip = page.getByTestId("timeline-tooltip");
  await pressUntilShown(surface, "ArrowRight", tooltip);
  const build = /#\d+/.exec((await tooltip.locator("strong").first().textContent()) ?? "")?.[0];
  expect(build).toBeTruthy();
  await expect(said).toContainText(build!);
  await expect(said).toContainText("queue");

  const rooms = overview.roomsChart;
  const roomSaid = rooms.getByTestId("chart-announcer");
  await expect(roomSaid).toHaveAttribute("aria-live", "polite");
  const roomSurface = rooms.getByRole("application");
  const roomTooltip = rooms.locator(".recharts-tooltip-wrapper");
  await expect(async () => {
    await roomSurface.press("ArrowRight");
    await expect(roomSaid).not.toHaveText("", { timeout: 1_000 });
  }).toPass({ timeout: 15_000 });
  await expect(roomTooltip).toBeVisible();
  const jid = (await roomTooltip.locator(".recharts-tooltip-label").textContent()) ?? "";
  expect(jid).toContain("@");
  await expect(roomSaid).toContainText(jid);
  await expect(roomSaid).toContainText("incident");
});

async function openPanel(page: Page, request: APIRequestContext, shell: AppShell): Promise<Locator> {
  await uploadViaApi(request, "room", "sql", "chinese", "a11yTwoBuilds", "rex", "dead");
  await page.setViewportSize({ width: 1280, height: 720 });
  await page.goto("/builds");
  await shell.dropFiles([{ name: LOGS.xss.file, content: roomBuildVariant({ job: "e2e_cover_monitor", number: 77, room: "e2e#cover@conference.example.org" }) }]);
  const panel = page.getByTestId("upload-panel");
  await expect(panel.getByTestId("upload-build-link")).toBeVisible();
  return panel;
}

test("the upload panel comes right after the header in Tab order", async ({ page, request, shell }) => {
  const panel = await openPanel(page, request, shell);
  // The panel's controls come straight after the header's: the first Tab stop past the header is in the panel.
  await page.getByTestId("nav-builds").focus();
  const header = page.locator(".site-header");
  for (let k = 0; k < 20 && (await hasFocusWithin(header)); k++) await page.keyboard.press("Tab");
  const inPanel = await hasFocusWithin(panel);
  expect(inPanel, `after the header, focus went to ${await focused(page)} before the panel`).toBe(true);
});

test("the upload panel never covers the element that has focus (its height is kept clear at the bottom)", async ({ page, request, shell }) => {
  test.setTimeout(120_000);
  await openPanel(page, request, shell);
  // Every Tab stop in the page: never under the panel.
  await page.locator("main").focus();
  const covered: string[] = [];
  for (let k = 0; k < 150; k++) {
    await page.keyboard.press("Tab");
    const where = await page.evaluate(() => {
      const element = document.activeElement;
      const aside = document.querySelector("[data-testid=upload-panel]");
      if (!element || !aside || element === document.body) return { done: true, covered: false, what: "" };
      if (aside.contains(element) || !element.closest("main")) return { done: !element.closest("main") && !aside.contains(element), covered: false, what: "" };
      const a = element.getBoundingClientRect();
      const b = aside.getBoundingClientRect();
      const overlaps = a.right > b.left && a.left < b.right && a.bottom > b.top && a.top < b.bottom;
      return { done: false, covered: overlaps, what: `${element.tagName} "${(element.textContent ?? "").trim().slice(0, 30)}"` };
    });
    if (where.covered) covered.push(where.what);
    if (where.done) break;
  }
  expect(covered, covered.join("\n")).toEqual([]);
});

test("the sorted column's header says its order (aria-sort), and only that one", async ({ page, request }) => {
  await uploadViaApi(request, "room", "sql");
  await page.goto("/builds?sort=queueLen&order=asc");
  const sorted = page.getByTestId("builds-table").locator("th[aria-sort]");
  await expect(sorted).toHaveCount(1);
  await expect(sorted).toContainText("top-list queue");
  await expect(sorted).toHaveAttribute("aria-sort", "ascending");
  await page.goto("/incidents");
  const byWhen = page.getByTestId("incidents-table").locator("th[aria-sort]");
  await expect(byWhen).toHaveCount(1);
  await expect(byWhen).toHaveText("when");
  await expect(byWhen).toHaveAttribute("aria-sort", "descending");
});

test("count links say what they count: builds of an incident, builds of a log, a room's incidents", async ({ page, request, logsPage }) => {
  await uploadViaApi(request, "room", "a11yTwoBuilds");
  await page.goto("/incidents");
  await expect(page.getByTestId("incident-builds").first()).toHaveAccessibleName(/^\d+ builds? of this incident$/);
  await logsPage.goto();
  await expect(logsPage.builds(LOGS.a11yTwoBuilds.file)).toHaveAccessibleName(`2 builds of ${LOGS.a11yTwoBuilds.file}`);
  await page.goto(`/rooms/${encodeURIComponent(LOGS.room.room)}`);
  await expect(page.getByTestId("room-incidents-link")).toHaveAccessibleName(/^\d+ incidents?$/);
});

test("'show raw text' and 'show tree' hand focus to each other", async ({ page, request, buildPage }) => {
  await uploadViaApi(request, "xss");
  await buildPage.goto(`/builds/${LOGS.xss.job}/${LOGS.xss.number}`);
  await buildPage.openAllSamples();
  const sample = buildPage.samples.first();
  await expect(sample.getByTestId("term-tree")).toBeVisible();
  await sample.getByTestId("term-show-raw").focus();
  await page.keyboard.press("Enter");
  await expect(sample.getByTestId("term-raw")).toBeVisible();
  await expect(sample.getByTestId("term-show-tree"), `focus is on ${await focused(page)}`).toBeFocused();
  await page.keyboard.press("Enter");
  await expect(sample.getByTestId("term-tree")).toBeVisible();
  await expect(sample.getByTestId("term-show-raw"), `focus is on ${await focused(page)}`).toBeFocused();
});

test("the upload page offers one 'choose files' button (the hidden file input is not a second one)", async ({ page, uploadPage }) => {
  await uploadPage.goto();
  await expect(page.getByRole("button", { name: /choose/i })).toHaveCount(1);
  await expect(uploadPage.input).toHaveAttribute("aria-hidden", "true");
});

test("'Link copied' is said in a status", async ({ page, context, request, buildPage }) => {
  await uploadViaApi(request, "sql");
  await context.grantPermissions(["clipboard-read", "clipboard-write"]);
  await buildPage.goto(`/builds/${LOGS.sql.job}/${LOGS.sql.number}`);
  const status = page.getByTestId("copy-link-status");
  await expect(status).toHaveAttribute("role", "status");
  await buildPage.copyLink.click();
  await expect(status).toHaveText("Link copied");
});

test("a page that is not there has a title of its own, not the overview's", async ({ page }) => {
  const missing = await page.goto("/nothing-here");
  expect(missing?.status()).toBe(404);
  await expect(page).toHaveTitle("Not found · Mailbox incident dashboard");
  const build = await page.goto("/builds/nope/999");
  expect(build?.status()).toBe(404);
  await expect(page).toHaveTitle("Build not found · Mailbox incident dashboard");
  // A room that is not stored (an axe audit: its title named the room, over a "Room not found" page).
  const room = await page.goto("/rooms/nobody%40conference.example.org");
  expect(room?.status()).toBe(404);
  await expect(page).toHaveTitle("Room not found · Mailbox incident dashboard");
});

test("a message's fold buttons keep one name; aria-expanded says whether they are open", async ({ page, request, buildPage }) => {
  // "unfold, collapsed, button" said the state twice, the name changing with it (an axe audit).
  await uploadViaApi(request, "room");
  await buildPage.goto(permalinkOf("room"));
  const fold = page.getByTestId("term-fold").first();
  await expect(fold).toBeVisible();
  await expect(fold).toHaveAttribute("aria-label", "contents");
  const before = await fold.getAttribute("aria-expanded");
  await fold.click();
  await expect(fold).toHaveAttribute("aria-expanded", before === "true" ? "false" : "true");
  await expect(fold).toHaveAttribute("aria-label", "contents");
});

test("every column header of the logs table has text: the delete column's, hidden, stays inside the table's box", async ({ page, request, logsPage }) => {
  await uploadViaApi(request, "a11yTwoBuilds");
  // A phone: the table scrolls in its box, and the delete column lies past the window's edge.
  await page.setViewportSize({ width: 375, height: 700 });
  await logsPage.goto();
  const headers = logsPage.table.locator("thead th");
  // axe's empty-table-header: a header's name from its text (an aria-label alone is not enough).
  const texts = await headers.evaluateAll((cells) => cells.map((cell) => (cell.textContent ?? "").trim()));
  expect(texts.filter((text) => text === ""), texts.join(" | ")).toEqual([]);
  const remove = headers.last();
  await expect(remove).toHaveText("delete");
  await expect(remove).toHaveAccessibleName("delete");
  // Not shown: one pixel at most, and the page no wider than the window (the hidden text is in the table's scroll box).
  const box = await remove.locator(".visually-hidden").boundingBox();
  expect(box && box.width * box.height, "the hidden text's area").toBeLessThanOrEqual(1);
  const width = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, window: window.innerWidth }));
  expect(width.scroll).toBeLessThanOrEqual(width.window);
});

test("the term's buttons (show raw text, show tree, binaries as bytes) are targets of at least 24 × 24 CSS px", async ({ page, request, buildPage }) => {
  await uploadViaApi(request, "xss");
  await buildPage.goto(permalinkOf("xss"));
  await buildPage.openAllSamples();
  const sample = buildPage.samples.first();
  await expect(sample.getByTestId("term-tree")).toBeVisible();
  const expectTarget = async (button: Locator) => {
    await expect(button).toBeVisible();
    const box = (await button.boundingBox())!;
    expect(box.width, `${await button.textContent()}: width`).toBeGreaterThanOrEqual(24);
    expect(box.height, `${await button.textContent()}: height`).toBeGreaterThanOrEqual(24);
  };
  const raw = sample.getByTestId("term-show-raw");
  const bytes = sample.getByTestId("term-bytes-toggle");
  await expectTarget(raw);
  await expectTarget(bytes);
  // Still one row of tools, above the tree.
  const [rawBox, bytesBox, treeBox] = await Promise.all([raw.boundingBox(), bytes.boundingBox(), sample.getByTestId("term-tree").boundingBox()]);
  expect(Math.abs(rawBox!.y - bytesBox!.y)).toBeLessThan(1);
  expect(rawBox!.y + rawBox!.height).toBeLessThanOrEqual(treeBox!.y);
  await raw.click();
  await expectTarget(sample.getByTestId("term-show-tree"));
  await expect(page.getByTestId("term-raw").first()).toBeVisible();
});

test("deleting a log: focus goes to the next row's 'delete' (else the page's heading) and a polite status says what went", async ({ page, request, logsPage }) => {
  // Two logs of this test's own, which it deletes: the newer one's row comes first.
  const logs = [4501, 4502].map((number) => ({
    name: `e2e-a11y-delete-${number}.log`,
    content: roomBuildVariant({ job: "e2e_a11y_delete_monitor", number, room: "e2e#a11y_delete@conference.example.org" }),
  }));
  for (const log of logs) {
    const response = await request.post(`/api/logs?filename=${encodeURIComponent(log.name)}`, { headers: { "content-type": "text/plain" }, data: Buffer.from(log.content) });
    expect(response.ok(), await response.text()).toBe(true);
  }
  await logsPage.goto();
  const status = page.getByTestId("logs-status");
  await expect(status).toHaveAttribute("role", "status");
  await expect(status).toHaveText("");
  for (const log of [logs[1]!, logs[0]!]) {
    const row = logsPage.row(log.name);
    // Where focus belongs once the row is gone: the next row's "delete", the previous row's, or the heading.
    const expected = await row.evaluate((tr) => {
      const other = tr.nextElementSibling ?? tr.previousElementSibling;
      return other ? `delete in row ${other.getAttribute("data-log-id")}` : "heading";
    });
    await row.getByTestId("log-delete").focus();
    await page.keyboard.press("Enter");
    await row.getByTestId("log-delete-yes").focus();
    await page.keyboard.press("Enter");
    await expect(row).toHaveCount(0);
    await expect(status).toHaveText(`Deleted ${log.name} and its 1 build`);
    const now = await page.evaluate(() => {
      const element = document.activeElement;
      if (element?.getAttribute("data-testid") === "log-delete") return `delete in row ${element.closest("tr")?.getAttribute("data-log-id")}`;
      return element?.tagName === "H1" ? "heading" : `${element?.tagName ?? "nothing"} ${(element?.textContent ?? "").trim().slice(0, 30)}`;
    });
    expect(now, `after deleting ${log.name}`).toBe(expected);
  }
});

test("deleting two logs of the same name (CI's console.log) is said twice, not once", async ({ page, request, logsPage }) => {
  const name = "e2e-a11y-console-4701.log";
  for (const number of [4701, 4702]) {
    const log = roomBuildVariant({ job: "e2e_a11y_same_name_monitor", number, room: "e2e#a11y_same_name@conference.example.org" });
    const response = await request.post(`/api/logs?filename=${encodeURIComponent(name)}`, { headers: { "content-type": "text/plain" }, data: Buffer.from(log) });
    expect(response.ok(), await response.text()).toBe(true);
  }
  await logsPage.goto();
  const rows = logsPage.row(name);
  await expect(rows).toHaveCount(2);
  await recordAnnouncements(page);
  for (const left of [1, 0]) {
    const row = rows.first();
    await row.getByTestId("log-delete").click();
    await row.getByTestId("log-delete-yes").click();
    await expect(rows).toHaveCount(left);
    await expect(page.getByTestId("logs-status")).toHaveText(`Deleted ${name} and its 1 build`);
  }
  await page.waitForTimeout(300);
  const heard = await page.evaluate(() => (window as unknown as { heard: string[] }).heard);
  expect(heard.filter((text) => text === `Deleted ${name} and its 1 build`), heard.join("\n")).toHaveLength(2);
});

test("an upload that fails is said once, with what went wrong, in the polite status (the panel's error is not an alert too)", async ({ page, shell }) => {
  await page.goto("/logs");
  const status = page.getByTestId("upload-announcer");
  await expect(status).toBeAttached();
  await recordAnnouncements(page);
  const file = "e2e-a11y-bad-4601.log";
  await shell.dropFiles([{ name: file, content: readLog("bad") }]);
  await expect(shell.uploadItems.filter({ hasText: file })).toHaveAttribute("data-phase", "error");
  await expect(status).toContainText(`${file} failed: ${file}:9:44: `);
  await expect(status).toContainText("Nothing stored.");
  await expect(page.getByTestId("upload-panel").getByRole("alert")).toHaveCount(0);
  await page.waitForTimeout(300);
  const heard = await page.evaluate(() => (window as unknown as { heard: string[] }).heard);
  const failures = heard.filter((text) => text.includes(file) && /failed|not stored|nothing .*stored/i.test(text));
  expect(failures, heard.join("\n")).toHaveLength(1);
});

test("each data table has a name, and each row a header: the cell that says which row it is", async ({ page, request }) => {
  await uploadViaApi(request, "room", "a11yTwoBuilds");
  const room = `/rooms/${encodeURIComponent(LOGS.room.room)}`;
  const named: [string, string, string][] = [
    ["/builds", "builds-table", "Builds"],
    ["/incidents", "incidents-table", "Incidents"],
    ["/rooms", "rooms-table", "Rooms"],
    ["/logs", "logs-table", "Logs"],
    ["/", "incidents-table", "Latest incidents"],
    [permalinkOf("room"), "top-table", "Top processes by queue length"],
    [room, "incidents-table", "Incidents of this room"],
    [room, "builds-table", "Builds of this room"],
  ];
  for (const [path, testId, name] of named) {
    await page.goto(path);
    await expect(page.getByTestId(testId), `${path}: ${testId}`).toHaveAccessibleName(name);
  }
  // Row headers: the build, the room, the log's file, the process.
  const keyed: [string, (page: Page) => Locator, string | RegExp][] = [
    [`/builds?job=${LOGS.a11yTwoBuilds.job}`, (page) => page.getByTestId("build-row").first(), `${LOGS.a11yTwoBuilds.job} #`],
    ["/rooms", (page) => page.locator(`[data-testid="room-row"][data-jid="${LOGS.room.room}"]`), "pocket48_"],
    ["/logs", (page) => page.getByTestId("log-row").filter({ hasText: LOGS.a11yTwoBuilds.file }), LOGS.a11yTwoBuilds.file],
    [permalinkOf("room"), (page) => page.getByTestId("top-row").first(), /\S/],
  ];
  for (const [path, rowOf, text] of keyed) {
    await page.goto(path);
    const row = rowOf(page);
    const header = row.getByRole("rowheader");
    await expect(header, `${path}: one header in each row`).toHaveCount(1);
    await expect(header).toContainText(text);
    // It looks as the row's other cells do (the column headers' small grey bold is theirs alone).
    const looks = await row.evaluate((tr) => {
      const style = (cell: Element) => {
        const computed = getComputedStyle(cell);
        return { weight: computed.fontWeight, size: computed.fontSize, color: computed.color };
      };
      const th = tr.querySelector("th")!;
      return { th: style(th), td: style(tr.querySelector("td")!), align: getComputedStyle(th).textAlign };
    });
    expect(looks.th, path).toEqual(looks.td);
    expect(looks.align, path).toBe("left");
  }
  // The key column stays in sight while the rest scrolls under it.
  await page.goto(`/builds?job=${LOGS.a11yTwoBuilds.job}`);
  await expect(page.getByTestId("build-row").first().getByRole("rowheader")).toHaveCSS("position", "sticky");
  await page.goto("/rooms");
  await expect(page.getByTestId("room-row").first().getByRole("rowheader")).toHaveCSS("position", "sticky");
});

test("Chinese in a room name and a message summary says its language (lang=zh) in the English page, as text", async ({ page, request, roomsPage, buildPage, overview }) => {
  await uploadViaApi(request, "chinese", "room");
  await roomsPage.goto();
  await expect(page.locator("html")).toHaveAttribute("lang", "en");
  const name = roomsPage.row(LOGS.chinese.room).getByTestId("room-link");
  await expect(name.locator("[lang=zh]")).toHaveText("运维值班");
  // A room name without Chinese has no lang of its own.
  await expect(roomsPage.row(LOGS.room.room).locator("[lang]")).toHaveCount(0);
  await buildPage.goto(permalinkOf("chinese"));
  await expect(buildPage.culpritRoom.locator("[lang=zh]").first()).toHaveText("运维值班");
  // A sample's summary names the room; its message body, in the term, is Chinese too.
  const sample = buildPage.samples.filter({ has: page.getByTestId("sample-summary").filter({ hasText: "运维值班" }) }).first();
  const summary = sample.getByTestId("sample-summary");
  await expect(summary.locator("[lang=zh]").first()).toHaveText("运维值班");
  await expect(summary).toContainText("route message to 运维值班@");
  await buildPage.openAllSamples();
  const body = sample.getByTestId("term-tree").locator("[lang=zh]").filter({ hasText: "部署完成" });
  await expect(body).toHaveText("部署完成，请检查");
  // Marked, not rewritten: the span holds the log's text as text, no markup from it.
  expect(await body.evaluate((span) => span.children.length)).toBe(0);
  // The rooms chart's bar label (SVG) and its tooltip say it too.
  await overview.goto(`?job=${LOGS.chinese.job}`);
  const label = overview.roomsChart.locator(".recharts-yAxis-tick-labels .recharts-cartesian-axis-tick-value").filter({ hasText: "运维值班" });
  await expect(label).toHaveCount(1);
  await expect(label.locator("xpath=ancestor::*[@lang][1]")).toHaveAttribute("lang", "zh");
  await overview.roomsChart.locator(".recharts-bar-rectangle").first().hover();
  await expect(overview.roomsChart.locator(".recharts-tooltip-wrapper [lang=zh]").first()).toHaveText("运维值班");
  // And the timeline's tooltip, which names the room its build was stuck on.
  await overview.timeline.locator(".recharts-scatter-symbol").first().hover();
  const tooltip = page.getByTestId("timeline-tooltip");
  await expect(tooltip).toContainText("运维值班@conference.im.example.cn");
  await expect(tooltip.locator("[lang=zh]").first()).toHaveText("运维值班");
});
