// Story: two builds of a job started the same minute with the same room stuck.
// Their incident spans 2 builds: it is not called a "single build".
// And: incidents of a job sorted by how long they lasted.
import { expect, test } from "../fixtures";
import { LOGS, permalinkOf, roomBuildVariant, uploadRoomBuild, uploadViaApi } from "../helpers";

test("an incident over 2 builds that started at the same time says so, not 'single build'", async ({ request, incidentsList, buildPage }) => {
  await uploadViaApi(request, "sameTime");
  await incidentsList.goto(`?job=${LOGS.sameTime.job}`);
  await expect(incidentsList.rows).toHaveCount(1);
  const row = incidentsList.rows.first();
  await expect(row.getByTestId("incident-builds")).toHaveText("2");
  await expect(row.getByTestId("incident-first")).toHaveText(`#${LOGS.sameTime.number}`);
  await expect(row.getByTestId("incident-last")).toHaveText(`#${LOGS.sameTime.last}`);
  await expect(row.getByTestId("incident-duration")).not.toHaveText("single build");
  await expect(row.getByTestId("incident-duration")).toHaveText("same time");

  await buildPage.goto(permalinkOf("sameTime"));
  await expect(buildPage.incidentSpan).toHaveText(
    new RegExp(
      `^Part of an incident over 2 builds \\(same time, peak 3,102 when inspected in this build\\): from #${LOGS.sameTime.number} to #${LOGS.sameTime.last}; still going on at the job's latest build, \\d+ years ago\\.$`,
    ),
  );
});

test("a one-build incident is the build alone", async ({ request, incidentsList, buildPage }) => {
  await uploadViaApi(request, "sql");
  await incidentsList.goto(`?class=sql&job=${LOGS.sql.job}`);
  await expect(incidentsList.rows.first().getByTestId("incident-duration")).toHaveText("single build");
  await buildPage.goto(permalinkOf("sql"));
  // Still going on when no later build of its job is stored (run alone), over when another story stored one.
  await expect(buildPage.incidentSpan).toHaveText(/^An incident of this build alone \(peak 17,118 when inspected\)(; still going on: this is the job's latest build)?\.$/);
});

test("incidents sort by how long they lasted, longest first, then the other way; the order lives in the URL", async ({ page, request, incidentsList }) => {
  const job = "e2e_duration_sort";
  // Three processes, each stuck on a room of its own: over 2 hours (3 builds), 10 minutes (2), one build.
  const builds = [
    { number: 1, at: "2015-09-01 10:00:00", pid: 11, room: "long" },
    { number: 2, at: "2015-09-01 11:00:00", pid: 11, room: "long" },
    { number: 3, at: "2015-09-01 12:00:00", pid: 11, room: "long" },
    { number: 4, at: "2015-09-01 13:00:00", pid: 12, room: "short" },
    { number: 5, at: "2015-09-01 13:10:00", pid: 12, room: "short" },
    { number: 6, at: "2015-09-01 14:00:00", pid: 13, room: "single" },
  ];
  for (const build of builds) {
    await uploadRoomBuild(request, { job, number: build.number, room: `e2e#duration_${build.room}@conference.easemob.com`, pid: `<6562.${build.pid}.1>`, at: build.at });
  }
  const rooms = async () => (await incidentsList.rows.allInnerTexts()).map((text) => /duration_(\w+)/.exec(text)?.[1]);

  await incidentsList.goto(`?job=${job}`);
  await expect(incidentsList.rows).toHaveCount(3);
  expect(await rooms()).toEqual(["single", "short", "long"]);
  await page.getByTestId("sort-durationMs").click();
  await expect(page).toHaveURL(/[?&]sort=durationMs(&|$)/);
  await expect(page.getByTestId("sort-durationMs")).toHaveClass(/active/);
  await expect.poll(rooms).toEqual(["long", "short", "single"]);
  await expect(incidentsList.rows.first().getByTestId("incident-duration")).toHaveText(/2\s*h/);

  await expect(page.getByTestId("sort-order")).toHaveText("longest first");
  await expect(page.getByTestId("sort-order")).toHaveAttribute("aria-current", "true");
  // The other order is the link that switches to it, named by what it gives.
  await expect(page.getByTestId("sort-order-switch")).toHaveText("shortest first");
  await page.getByTestId("sort-order-switch").click();
  await expect(page).toHaveURL(/[?&]order=asc(&|$)/);
  await expect(page.getByTestId("sort-order")).toHaveText("shortest first");
  await expect.poll(rooms).toEqual(["single", "short", "long"]);
  await page.reload();
  await expect.poll(rooms).toEqual(["single", "short", "long"]);
});

test("the overview's latest incidents give each its end too, as the list sorted by its end needs", async ({ request, overview }) => {
  // (An operator's review: the overview's rows, sorted by their last time, showed only their first and looked out of order.)
  const job = "e2e_duration_overview";
  for (const [number, at] of [
    [1, "2015-09-02 10:00:00"],
    [2, "2015-09-02 12:30:00"],
  ] as const) {
    const log = roomBuildVariant({ job, number, room: "e2e#duration_overview@conference.easemob.com" }).replaceAll("2015-09-01 10:00:00", at);
    const response = await request.post(`/api/logs?filename=${job}_${number}.log`, { headers: { "content-type": "text/plain" }, data: Buffer.from(log, "utf8") });
    expect(response.status(), await response.text()).toBeLessThan(300);
  }
  await overview.goto(`?job=${job}`);
  const rows = overview.latestIncidents.getByTestId("incident-row");
  await expect(rows).toHaveCount(1);
  await expect(rows.first().getByTestId("incident-when")).toHaveText(/^2015-09-02 02:00 UTC\s*to 2015-09-02 04:30 UTC$/); // (the log's times are +08:00)
});

// Story: the seed's <6562.783.478>: after its last culprit build the process still sat lower in the
// next builds' top lists (another room's process inspected), then was gone. The incidents list and
// the build page say until when it was seen, which "to" its last culprit build did not.
test("an incident's process still in the top list after its last culprit build: the list and the build page say until when", async ({ request, incidentsList, buildPage }) => {
  const job = "e2e_last_seen";
  const builds = [
    { number: 1, at: "2015-09-03 10:00:00", room: "stuck", second: "<6562.6042.0>,{message_queue_len,1}" },
    { number: 2, at: "2015-09-03 11:00:00", room: "stuck", second: "<6562.6042.0>,{message_queue_len,1}" },
    // Another process inspected (its own room); the stuck one second in the list at 500.
    { number: 3, at: "2015-09-03 12:00:00", room: "other", pid: "<6562.778.1>", second: "<6562.777.1>,{message_queue_len,500}" },
    { number: 4, at: "2015-09-03 13:00:00", room: "other", pid: "<6562.778.1>", second: "<6562.6042.0>,{message_queue_len,1}" },
  ];
  /** Each build as `job`'s, its room named with `rooms` (another process inspected where `pid` says so). */
  const upload = async (job: string, rooms: string, list: typeof builds) => {
    for (const build of list) {
      let log = roomBuildVariant({ job, number: build.number, room: `e2e#${rooms}_${build.room}@conference.easemob.com` })
        .replaceAll("2015-09-01 10:00:00", build.at)
        .replace("<6562.6042.0>,{message_queue_len,1}", build.second);
      if (build.pid) log = log.replaceAll("<6562.777.1>,{message_queue_len,4242}", `${build.pid},{message_queue_len,4242}`).replaceAll("pid <6562.777.1>", `pid ${build.pid}`);
      const response = await request.post(`/api/logs?filename=${job}_${build.number}.log`, { headers: { "content-type": "text/plain" }, data: Buffer.from(log, "utf8") });
      expect(response.status(), await response.text()).toBeLessThan(300);
    }
  };
  await upload(job, "last_seen", builds);
  await incidentsList.goto(`?job=${job}&room=${encodeURIComponent("e2e#last_seen_stuck@conference.easemob.com")}`);
  await expect(incidentsList.rows).toHaveCount(1);
  const row = incidentsList.rows.first();
  await expect(row.getByTestId("incident-builds")).toHaveText("2");
  await expect(row.getByTestId("incident-last")).toHaveText("#2");
  // (The log's times are +08:00: 12:00 there is 04:00 UTC.)
  await expect(row.getByTestId("incident-last-seen")).toHaveText("in the top list until 2015-09-03 04:00 UTC");

  await buildPage.goto(`/builds/${job}/1`);
  await expect(buildPage.incidentSpan).toContainText("from #1 to #2; its process still in the top list until #3 (2015-09-03 04:00 UTC).");
  await buildPage.page.getByTestId("incident-last-seen").getByRole("link").click();
  await expect(buildPage.page).toHaveURL(new RegExp(`/builds/${job}/3$`));

  // An incident of one culprit build says it too (a review), with the last-seen build's own time.
  const one = "e2e_last_seen_one";
  await upload(one, "last_seen_one", builds.slice(1));
  await buildPage.goto(`/builds/${one}/2`);
  await expect(buildPage.incidentSpan).toHaveText("An incident of this build alone (peak 4,250 when inspected); its process still in the top list until #3 (2015-09-03 04:00 UTC).");

  // Its job's latest build #3, where it sat lower in the list: ongoing there, which the list names
  // (its last build, #2, is named beside it; #3 is not).
  const open = "e2e_last_seen_open";
  await upload(open, "last_seen_open", builds.slice(0, 3));
  await incidentsList.goto(`?job=${open}&room=${encodeURIComponent("e2e#last_seen_open_stuck@conference.easemob.com")}`);
  const ongoing = incidentsList.rows.first();
  await expect(ongoing.getByTestId("incident-ongoing")).toHaveText(/^ongoing at the job's latest build, #3, \d+ years ago$/);
  await expect(ongoing.getByTestId("incident-ongoing-build")).toHaveAttribute("href", `/builds/${open}/3`);
  await buildPage.goto(`/builds/${open}/1`);
  await expect(buildPage.page.getByTestId("incident-ongoing")).toHaveText(/^; still going on at the job's latest build, #3, \d+ years ago$/);
});
