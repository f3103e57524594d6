// Story: an operator narrows a view (culprit class, job, time range) and
// sends the address to a colleague; reloading it shows the same view.
import { expect, test } from "../fixtures";
import { LOGS, roomBuildVariant, uploadRoomBuild, uploadViaApi } from "../helpers";

test.beforeEach(async ({ request }) => {
  await uploadViaApi(request, "room", "sql", "dead", "rex");
});

test("a class filter chosen in the form lives in the URL and survives a reload", async ({ page, buildsList }) => {
  await buildsList.goto();
  await buildsList.classFilter.selectOption("sql");
  await buildsList.apply.click();
  await expect(page).toHaveURL(/[?&]class=sql(&|$)/);
  await expect(buildsList.rows.first()).toBeVisible();
  const rows = await buildsList.rows.allInnerTexts();
  for (const row of rows) expect(row).toContain("SQL");
  expect(rows.join("\n")).toContain(`#${LOGS.sql.number}`);

  await page.reload();
  await expect(buildsList.classFilter).toHaveValue("sql");
  expect(await buildsList.rows.allInnerTexts()).toEqual(rows);
});

test("job and time range in the URL reproduce the view after a reload", async ({ page, buildsList, overview }) => {
  const query = `?job=${LOGS.room.job}&from=2015-08-22T00:00:00Z&to=2015-08-24T00:00:00Z`;
  await buildsList.goto(query);
  const rows = await buildsList.rows.allInnerTexts();
  expect(rows.join("\n")).toContain(`#${LOGS.room.number}`);
  expect(rows.join("\n")).not.toContain(`#${LOGS.sql.number}`); // 2015-08-25
  expect(rows.join("\n")).not.toContain(LOGS.rex.job);
  await expect(buildsList.jobFilter).toHaveValue(LOGS.room.job);
  await page.reload();
  expect(await buildsList.rows.allInnerTexts()).toEqual(rows);

  await overview.goto(query);
  const points = await overview.timeline.getAttribute("data-points");
  await page.reload();
  await expect(overview.timeline).toHaveAttribute("data-points", points ?? "");
  await expect(page.getByTestId("zoom-reset")).toBeVisible();
});

test("a zoomed range's exact ends survive Apply and another filter; an edited end takes its new value", async ({ page, request, buildsList }) => {
  // A chart zoom writes its range to the millisecond (`to` is the last build + 1 ms); the
  // time fields show minutes only. Builds a few ms from each end tell the two apart:
  // #1 is 4 ms before the range, #2 opens it, #3 is its last.
  const job = "e2e/exact range monitor";
  const starts = ["2015-09-01T00:06:00.003Z", "2015-09-01T00:06:00.007Z", "2015-09-01T00:18:00.007Z"];
  for (const [i, startedAt] of starts.entries()) {
    const meta = new URLSearchParams({ job, number: String(i + 1), startedAt, filename: `exact-range-${i + 1}.log` });
    const response = await request.post(`/api/logs?${meta}`, {
      headers: { "content-type": "text/plain" },
      data: Buffer.from(roomBuildVariant({ job: "e2e_exact_range_monitor", number: i + 1, room: "e2e#exact_range@conference.easemob.com" }), "utf8"),
    });
    expect(response.status(), await response.text()).toBeLessThan(300);
  }
  const from = "2015-09-01T00:06:00.007Z";
  const to = "2015-09-01T00:18:00.008Z";
  // The bar writes job, class…, from, to in that order: a URL in another order tells when its submit has landed.
  const landedOn = (...entries: [string, string][]) => (url: URL) =>
    url.pathname === "/builds" && JSON.stringify([...url.searchParams]) === JSON.stringify(entries);

  await buildsList.goto(`?${new URLSearchParams({ to, from, job })}`);
  await expect(buildsList.rows).toHaveCount(2);
  const rows = await buildsList.rows.allInnerTexts();
  expect(rows.join("\n")).toContain(`${job} #3`);
  expect(rows.join("\n")).not.toContain(`${job} #1`);
  await expect(page.getByTestId("filter-from")).toHaveValue("2015-09-01T00:06");
  await expect(page.getByTestId("filter-to")).toHaveValue("2015-09-01T00:18");

  // Apply with the time fields untouched: the URL's instants, not the fields' minutes.
  await buildsList.apply.click();
  await expect(page).toHaveURL(landedOn(["job", job], ["from", from], ["to", to]));
  await expect(buildsList.rows).toHaveCount(2);
  expect(await buildsList.rows.allInnerTexts()).toEqual(rows);

  // Another filter changed: the range still stays exact.
  await buildsList.classFilter.selectOption("muc_room");
  await buildsList.apply.click();
  await expect(page).toHaveURL(landedOn(["job", job], ["class", "muc_room"], ["from", from], ["to", to]));
  expect(await buildsList.rows.allInnerTexts()).toEqual(rows);

  // An end the user edits takes the edited minute; the other keeps its instant.
  await page.getByTestId("filter-to").fill("2015-09-01T00:10");
  await buildsList.apply.click();
  await expect(page).toHaveURL(landedOn(["job", job], ["class", "muc_room"], ["from", from], ["to", "2015-09-01T00:10:00Z"]));
  await expect(buildsList.rows).toHaveCount(1);
  await expect(buildsList.rows.first()).toContainText(`${job} #2`);
});

test("an invalid value in the URL is ignored and said so, the rest still applies", async ({ page, incidentsList }) => {
  await incidentsList.goto(`?class=not-a-class&job=${LOGS.room.job}`);
  await expect(page.getByTestId("ignored-params")).toContainText("class");
  await expect(incidentsList.jobFilter).toHaveValue(LOGS.room.job);
});

test("the timeline's log axis is chosen in the URL and survives a reload", async ({ page, overview }) => {
  const yTicks = async () => (await overview.timeline.locator(".recharts-cartesian-axis-tick-value").allTextContents()).map((t) => t.trim());
  await overview.goto(`?job=${LOGS.room.job}`);
  // One order of magnitude between these builds' queues: the axis starts linear.
  await expect(overview.timeline).toHaveAttribute("data-scale", "linear");
  await expect(page.getByTestId("scale-linear")).toHaveAttribute("aria-pressed", "true");
  expect(await yTicks()).not.toContain("100");

  await page.getByTestId("scale-log").click();
  await expect(page).toHaveURL(/[?&]scale=log(&|$)/);
  // The filters stay as they were.
  await expect(page).toHaveURL(new RegExp(`[?&]job=${LOGS.room.job}(&|$)`));
  await expect(overview.timeline).toHaveAttribute("data-scale", "log");
  await expect.poll(yTicks).toEqual(expect.arrayContaining(["0", "10", "100", "1k", "10k", "100k"]));

  await page.reload();
  await expect(overview.timeline).toHaveAttribute("data-scale", "log");
  await expect(page.getByTestId("scale-log")).toHaveAttribute("aria-pressed", "true");

  // Another filter applied from the form keeps the axis.
  await overview.filterBar.getByTestId("filter-class").selectOption("sql");
  await overview.filterBar.getByTestId("filter-apply").click();
  await expect(page).toHaveURL(/[?&]class=sql(&|$)/);
  await expect(page).toHaveURL(/[?&]scale=log(&|$)/);
  await expect(overview.timeline).toHaveAttribute("data-scale", "log");
  await expect(page.getByTestId("ignored-params")).toHaveCount(0);

  await page.getByTestId("scale-linear").click();
  await expect(page).toHaveURL(/[?&]scale=linear(&|$)/);
  await expect(overview.timeline).toHaveAttribute("data-scale", "linear");
});

test("an incident's build count opens its builds; the scope can be dropped again", async ({ page, incidentsList, buildsList }) => {
  await incidentsList.goto(`?class=sql`);
  const row = incidentsList.rows.first();
  const link = row.getByTestId("incident-builds");
  const count = Number(await link.innerText());
  expect(count).toBeGreaterThan(0);
  await link.click();
  await expect(page).toHaveURL(/\/builds\?incidentId=\d+$/);
  // Named by what it was: culprit and builds.
  await expect(page.getByTestId("scope-incidentId")).toContainText(/incident #\d+: SQL connection <[\d.]+>, #\d+/);
  await expect(buildsList.rows).toHaveCount(count);
  for (const text of await buildsList.rows.allInnerTexts()) expect(text).toContain("SQL");

  await page.getByTestId("scope-clear-incidentId").click();
  await expect(page).toHaveURL(/\/builds$/);
  await expect(page.getByTestId("scope-notice")).toHaveCount(0);
  expect(await buildsList.rows.count()).toBeGreaterThan(count);
});

test("a filter applied from the bar keeps the incident the builds are narrowed to", async ({ page, incidentsList, buildsList }) => {
  // The SQL incident of the seed's job (another spec pushes the same log under a job of its own, at the same time).
  await incidentsList.goto(`?${new URLSearchParams({ class: "sql", job: LOGS.sql.job })}`);
  const link = incidentsList.rows.first().getByTestId("incident-builds");
  const count = Number(await link.innerText());
  const scope = (await link.getAttribute("href"))?.match(/[?&](incidentId=\d+)/)?.[1];
  expect(scope).toBeDefined();
  // Sorted and on a page past the end: the sort stays, the page goes back to 1.
  await buildsList.goto(`?${scope}&sort=number&order=asc&page=2`);
  await expect(buildsList.rows).toHaveCount(0);

  // The room build is in the same job: only the incident keeps it out.
  await buildsList.jobFilter.selectOption(LOGS.sql.job);
  await buildsList.apply.click();
  await expect(page).toHaveURL(new RegExp(`[?&]job=${LOGS.sql.job}(&|$)`));
  await expect(page).toHaveURL(new RegExp(`[?&]${scope}(&|$)`));
  await expect(page).toHaveURL(/[?&]sort=number&order=asc(&|$)/);
  await expect(page).not.toHaveURL(/[?&]page=/);
  await expect(page.getByTestId("scope-incidentId")).toContainText(/incident #\d+: SQL/);
  await expect(buildsList.rows).toHaveCount(count);
  const rows = (await buildsList.rows.allInnerTexts()).join("\n");
  expect(rows).toContain(`#${LOGS.sql.number}`);
  expect(rows).not.toContain(`#${LOGS.room.number}`);

  // Still droppable: the job stays, the other builds of the job come back.
  await page.getByTestId("scope-clear-incidentId").click();
  await expect(page).not.toHaveURL(/incidentId=/);
  await expect(page).toHaveURL(new RegExp(`[?&]job=${LOGS.sql.job}(&|$)`));
  await expect(buildsList.rows.filter({ hasText: `#${LOGS.room.number}` })).toHaveCount(1);
});

test("the rooms list names the incident it is narrowed to and keeps it through the filter bar", async ({ page, request, incidentsList, roomsPage }) => {
  await uploadViaApi(request, "chinese");
  await incidentsList.goto(`?class=muc_room&room=${encodeURIComponent(LOGS.room.room)}`);
  const scope = (await incidentsList.rows.first().getByTestId("incident-builds").getAttribute("href"))?.match(/[?&](incidentId=\d+)/)?.[1];
  expect(scope).toBeDefined();
  await roomsPage.goto(`?${scope}`);
  await expect(page.getByTestId("scope-incidentId")).toContainText(/incident #\d+/);
  await expect(roomsPage.rows).toHaveCount(1);

  // Every room of the source would be two or more: the Chinese room is one too. (The rooms page
  // has no culprit field: only MUC room builds name a room.)
  await expect(page.getByTestId("filter-class")).toHaveCount(0);
  await page.getByTestId("filter-source").selectOption("monitor");
  await page.getByTestId("filter-apply").click();
  await expect(page).toHaveURL(/[?&]sourceKind=monitor(&|$)/);
  await expect(page).toHaveURL(new RegExp(`[?&]${scope}(&|$)`));
  await expect(roomsPage.rows).toHaveCount(1);
  await expect(roomsPage.row(LOGS.room.room)).toBeVisible();

  await page.getByTestId("scope-clear-incidentId").click();
  await expect(page).toHaveURL(/\/rooms\?sourceKind=monitor$/);
  await expect(roomsPage.row(LOGS.chinese.room)).toBeVisible();
  // An address that sets a culprit class shows the field, to be seen and cleared.
  await roomsPage.goto("?class=sql");
  await expect(page.getByTestId("filter-class")).toHaveValue("sql");
});

test("From after To: the pages say why nothing matches", async ({ page, buildsList }) => {
  // The API answers this range with a 400; a page said only "No builds match." (an operator-UX review).
  const reversed = "?from=2015-09-05T00:00:00Z&to=2015-09-01T00:00:00Z";
  for (const path of ["/builds", "/incidents", "/rooms", "/"]) {
    await page.goto(path + reversed);
    await expect(page.getByTestId("empty-range"), path).toContainText("is after To");
  }
  // A range that holds time says nothing.
  await buildsList.goto("?from=2015-09-01T00:00:00Z&to=2015-09-05T00:00:00Z");
  await expect(page.getByTestId("empty-range")).toHaveCount(0);
});

test("Last: 7 days puts From a week before now and empties To, the other filters kept; 24 h and 30 days alike", async ({ page, buildsList }) => {
  // A new user's review: "this week's rooms" meant typing a date into From.
  for (const [testId, days] of [
    ["filter-last-week", 7],
    ["filter-last-day", 1],
    ["filter-last-month", 30],
  ] as const) {
    await buildsList.goto("?job=e2e_last_span&to=2015-09-01T00:00:00Z&sort=number");
    const before = Date.now();
    await page.getByTestId(testId).click();
    await expect(page).toHaveURL(/[?&]from=/);
    const url = new URL(page.url());
    expect(url.searchParams.get("job")).toBe("e2e_last_span");
    expect(url.searchParams.get("sort")).toBe("number");
    expect(url.searchParams.get("to")).toBeNull();
    // Its minute (the field holds minutes): within a minute and a bit of `days` before the click.
    const from = Date.parse(url.searchParams.get("from")!);
    expect(Math.abs(from - (before - days * 24 * 3_600_000)), testId).toBeLessThan(90_000);
  }
});

test("a parameter the page does not read is named, with the filter it may have meant; links followed in the page add none", async ({ page, incidentsList, buildsList }) => {
  // `rooms=` for `room=`: the list answered every incident as if no filter had been asked for, without a word.
  await incidentsList.goto(`?rooms=${encodeURIComponent(LOGS.room.room)}&job=${LOGS.room.job}`);
  await expect(page.getByTestId("unread-params")).toHaveText("Not a filter of this page, ignored: rooms (did you mean room?).");
  // What it reads is applied as ever.
  await expect(incidentsList.jobFilter).toHaveValue(LOGS.room.job);
  // Navigating inside the app (the router's own requests) and the timeline's view add nothing to name.
  await page.getByTestId("ongoing-links").getByRole("link", { name: "ongoing" }).click();
  await expect(page).toHaveURL(/[?&]ongoing=true/);
  await expect(page.getByTestId("unread-params")).toHaveCount(0);
  await buildsList.goto(`?job=${LOGS.room.job}`);
  await expect(buildsList.rows.first()).toBeVisible();
  await page.goto(`/?job=${LOGS.room.job}&scale=log&axis=builds`);
  await expect(page.getByTestId("timeline-chart")).toBeVisible();
  await expect(page.getByTestId("unread-params")).toHaveCount(0);
});

test("Except job leaves a job out of the overview, Now by job included, and the address keeps it", async ({ page, overview }) => {
  // A staging job's hundreds of incidents filled the overview's lists and charts (an operator's review).
  await overview.goto();
  const except = page.getByTestId("filter-exclude-job");
  await expect(page.getByTestId("job-now-job").filter({ hasText: new RegExp(`^${LOGS.room.job}$`) })).toHaveCount(1);
  await except.selectOption(LOGS.room.job);
  await page.getByTestId("filter-apply").click();
  await expect(page).toHaveURL(new RegExp(`[?&]excludeJob=${LOGS.room.job}(&|$)`));
  const jobsNow = page.getByTestId("job-now-job");
  await expect(jobsNow.filter({ hasText: LOGS.rex.job })).toHaveCount(1);
  await expect(jobsNow.filter({ hasText: new RegExp(`^${LOGS.room.job}$`) })).toHaveCount(0);
  const firstBuilds = page.getByTestId("incident-first");
  await expect(firstBuilds.first()).toBeVisible();
  for (const href of await firstBuilds.evaluateAll((links) => links.map((link) => link.getAttribute("href") ?? ""))) {
    expect(href.startsWith(`/builds/${LOGS.room.job}/`), href).toBe(false);
  }
  await page.reload();
  await expect(except).toHaveValue(LOGS.room.job);
  // The builds page under the same filter lists none of the job's builds either.
  await page.goto(`/builds?excludeJob=${LOGS.room.job}`);
  const rows = page.getByTestId("build-row");
  await expect(rows.first()).toBeVisible();
  for (const href of await rows.locator("a[href^='/builds/']").evaluateAll((links) => links.map((link) => link.getAttribute("href") ?? ""))) {
    expect(href.startsWith(`/builds/${LOGS.room.job}/`), href).toBe(false);
  }
  // A job misspelt in an address leaves nothing out: said, with the stored job it may mean.
  await page.goto(`/incidents?excludeJob=${LOGS.room.job.slice(0, -1)}`);
  const hint = page.getByTestId("exclude-job-hint");
  await expect(hint).toContainText("to leave out: nothing is.");
  await hint.getByTestId("exclude-job-hint-link").filter({ hasText: new RegExp(`^${LOGS.room.job}$`) }).click();
  await expect(page).toHaveURL(new RegExp(`[?&]excludeJob=${LOGS.room.job}(&|$)`));
  await expect(page.getByTestId("filter-exclude-job")).toHaveValue(LOGS.room.job);
  // Job and Except job on one job leave nothing: said.
  await page.goto(`/builds?job=${LOGS.room.job}&excludeJob=${LOGS.room.job}`);
  await expect(page.getByTestId("exclude-job-hint")).toHaveText(`Job and Except job both name ${LOGS.room.job}: every build of it is left out, and nothing is left.`);
});

test("a room opened from a filtered list counts what its row counted: the list's job, Except job and time range go with it", async ({ page, request, roomsPage, incidentsList }) => {
  // One room blocked by two jobs: 3 builds of one, 1 of the other.
  const room = "shared-room@conference.example.org";
  for (const number of [501, 502, 503]) await uploadRoomBuild(request, { job: "room_scope_a", number, room, at: `2015-09-0${number - 500} 10:00:00` });
  await uploadRoomBuild(request, { job: "room_scope_b", number: 601, room, at: "2015-09-05 10:00:00" });

  await page.goto("/rooms?job=room_scope_a");
  const row = roomsPage.rows.filter({ hasText: "shared-room" });
  await expect(row.getByTestId("room-builds")).toHaveText("3");
  await row.getByTestId("room-link").click();
  await expect(page).toHaveURL(new RegExp(`/rooms/${encodeURIComponent(room).replace(/[.]/g, "\\.")}\\?job=room_scope_a$`));
  await expect(page.getByTestId("filter-job")).toHaveValue("room_scope_a");
  await expect(page.getByTestId("build-row")).toHaveCount(3);

  // From the incidents list, Except job and the range ride along; the list's own sort does not.
  await page.goto("/incidents?excludeJob=room_scope_a&from=2015-09-01&sort=peak");
  await incidentsList.rows.filter({ hasText: "shared-room" }).getByRole("link", { name: /shared-room/ }).first().click();
  await expect(page).toHaveURL(/\/rooms\/shared-room%40conference\.example\.org\?excludeJob=room_scope_a&from=2015-09-01$/);
  await expect(page.getByTestId("build-row")).toHaveCount(1);

  // Filters the bar has no field for ride along too: an uploaded log's builds (logId), a pid.
  const logs = (await (await request.get("/api/logs?pageSize=500")).json()) as { logs: { id: number; fileName: string }[] };
  const log = logs.logs.find((entry) => entry.fileName === "room_scope_b_601.log")!;
  await page.goto(`/rooms?logId=${log.id}&pid=%3C6562.777.1%3E`);
  await roomsPage.rows.filter({ hasText: "shared-room" }).getByTestId("room-link").click();
  await expect(page).toHaveURL(new RegExp(`/rooms/shared-room%40conference\\.example\\.org\\?pid=%3C6562\\.777\\.1%3E&logId=${log.id}$`));
  await expect(page.getByTestId("build-row")).toHaveCount(1);
});

test("the builds list shows all builds, the incident builds or the healthy ones, from links that keep the other filters", async ({ page, request, buildsList }) => {
  const job = "e2e_show_builds_monitor";
  const room = "e2e#show_builds@conference.easemob.com";
  await uploadRoomBuild(request, { job, number: 1, room });
  await uploadRoomBuild(request, { job, number: 2, room, queueLen: 12, at: "2015-09-02 10:00:00" });
  await buildsList.goto(`?job=${job}`);
  const links = page.getByTestId("incident-links");
  await expect(links.locator("strong")).toHaveText("all");
  await expect(buildsList.rows).toHaveCount(2);

  await links.getByRole("link", { name: "incidents" }).click();
  await expect(page).toHaveURL(new RegExp(`/builds\\?job=${job}&incident=true$`));
  await expect(links.locator("strong")).toHaveText("incidents");
  await expect(buildsList.rows).toHaveCount(1);
  await expect(buildsList.rows.first()).toContainText("#1");

  await links.getByRole("link", { name: "healthy" }).click();
  await expect(page).toHaveURL(new RegExp(`/builds\\?job=${job}&incident=false$`));
  await expect(buildsList.rows).toHaveCount(1);
  await expect(buildsList.rows.first()).toContainText("#2");

  await links.getByRole("link", { name: "all" }).click();
  await expect(page).toHaveURL(new RegExp(`/builds\\?job=${job}$`));
  await expect(buildsList.rows).toHaveCount(2);
});
