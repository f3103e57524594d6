// Story: an operator opens an SQL build to find the pid to trace or kill. The
// headline names the stuck process — the inspected one, #1 in the top list: the
// p1_mysql connection — and the evidence names the socket reader whose data fills
// its mailbox (p1_mysql_recv sends to its parent, the connection).
import fs from "node:fs";
import path from "node:path";
import type { APIRequestContext } from "@playwright/test";
import { expect, test } from "../fixtures";
import { DATA_DIR, LOGS, permalinkOf, readLog, uploadViaApi } from "../helpers";

const STUCK = "<6562.18467.5386>";
const RECEIVER = "<6562.29581.5794>";

test("the SQL build page names the inspected pid, the connection, as the stuck one; its receiver only as evidence", async ({ request, buildPage }) => {
  await uploadViaApi(request, "sql");
  await buildPage.goto(permalinkOf("sql"));
  await expect(buildPage.culpritClass).toHaveAttribute("data-class", "sql");

  await expect(buildPage.stuckPid).toHaveText(STUCK);
  await expect(buildPage.inspectedPid).toHaveText(STUCK);
  await expect(buildPage.topRows.first()).toContainText(STUCK);
  await expect(buildPage.stuckWhat).toHaveText("a p1_mysql connection; its mailbox is full of p1_mysql_recv data from its socket reader.");
  await expect(buildPage.culpritSubject).toHaveCount(0);
  await expect(buildPage.evidence).toContainText(`from the receiver ${RECEIVER}, the p1_mysql_recv process that reads this connection's socket`);
  // The receiver's pid is never offered as the stuck one.
  await expect(buildPage.page.getByTestId("stuck-process")).not.toContainText(RECEIVER);
});

test("the two queue lengths are labelled and the build page says the monitor measured twice", async ({ request, buildPage, buildsList }) => {
  await uploadViaApi(request, "sql");
  await buildPage.goto(permalinkOf("sql"));
  await expect(buildPage.inspectedQueue).toHaveText("17,118");
  await expect(buildPage.topListQueue).toHaveText("12,746");
  await expect(buildPage.queueNote).toHaveText(
    `The monitor measured ${STUCK} twice: 12,746 messages in the top list, then 17,118 when it inspected the process a moment later.`,
  );

  // The builds list shows the first measurement, and says which it is.
  await buildsList.goto(`?job=${LOGS.sql.job}`);
  await expect(buildsList.page.getByTestId("builds-table").locator("th").nth(2)).toHaveText("top-list queue");
  await expect(buildsList.rows.filter({ hasText: `#${LOGS.sql.number}` })).toContainText("12,746");

  // So does the timeline, whose tooltip names the inspected pid and what it is.
  await buildsList.page.goto(`/?job=${LOGS.sql.job}&class=sql`);
  await buildsList.page.getByTestId("timeline-chart").locator(".recharts-scatter-symbol").first().hover();
  const tooltip = buildsList.page.getByTestId("timeline-tooltip");
  await expect(tooltip).toContainText(`top-list queue 12,746 · inspected pid ${STUCK}`);
  // The class says what it is (every driver's connection); the same words again would add nothing.
  await expect(tooltip.getByText(/^culprit: /)).toHaveText("culprit: SQL connection");
});

test("the rpc build names rex next to its pid; the M:F is what the calls ask for", async ({ request, buildPage, incidentsList, buildsList }) => {
  await uploadViaApi(request, "rex");
  await buildPage.goto(permalinkOf("rex"));
  await expect(buildPage.stuckPid).toHaveText("<6555.12.0>");
  await expect(buildPage.stuckName).toHaveText("rex");
  await expect(buildPage.culpritSubject).toHaveText("mnesia_lib:db_get");

  // The incidents list, too, leads with the stuck pid rather than the subject.
  await incidentsList.goto(`?job=${LOGS.rex.job}`);
  const row = incidentsList.rows.first();
  await expect(row.getByTestId("incident-stuck-pid")).toHaveText("<6555.12.0>");
  await expect(row).toContainText("rpc calls: mnesia_lib:db_get");

  // So does the builds list, as the build page does: the pid and its registered name.
  await buildsList.goto(`?job=${LOGS.rex.job}`);
  await expect(buildsList.rows.first().getByTestId("build-pid")).toHaveText("<6555.12.0> (rex)");
});

test("a room's incident names its stuck pid under the room, a link to the builds it is in", async ({ request, incidentsList }) => {
  // The seed's reader followed one pid stuck on one room for eleven builds: the room keys the incident, the pid is still there.
  await uploadViaApi(request, "room");
  await incidentsList.goto(`?job=${LOGS.room.job}&room=${encodeURIComponent(LOGS.room.room)}`);
  await expect(incidentsList.rows).toHaveCount(1);
  const pid = incidentsList.rows.first().getByTestId("incident-room-pid");
  await expect(pid).toHaveText("<6562.25870.402>");
  await pid.click();
  await expect(incidentsList.page).toHaveURL(/\/builds\?pid=%3C6562\.25870\.402%3E$/);
});

test("a process that died names the next one in its top list, where the seed's reader looked", async ({ page, request, buildPage }) => {
  // 27140: the inspected <6562.26699.4254> (10,084) was gone by the check; <6562.25972.4111> had 3,837 behind it.
  await uploadViaApi(request, "dead");
  await buildPage.goto(permalinkOf("dead"));
  await expect(buildPage.culpritClass).toHaveAttribute("data-class", "dead");
  const next = page.getByTestId("next-in-top");
  await expect(next).toHaveText("Next in the top list: <6562.25972.4111> with 3,837 messages.");
  await next.getByRole("link").click();
  await expect(page).toHaveURL(/\/builds\?pid=%3C6562\.25972\.4111%3E$/);
  // Its peak is its queue in the top list, before it died: the page says so, not "when inspected".
  await buildPage.goto(permalinkOf("dead"));
  await expect(page.getByTestId("incident-span")).toContainText("peak 10,084 before it died");
});

// Story (an on-call review): a p1_mysql connection stuck over three builds, found dead by the third
// check with 43,000 messages in its top list, more than it ever had when inspected. Its incident stays
// the connection's (sql), and its peak is that dead build's top-list queue: the list says "before it
// died" under it, not the column's "when inspected", and the figure opens the build that gave it.
test("an incident whose process died at its last build: its peak is said as the top list's before it died, and links there", async ({ page, request, incidentsList, buildPage }) => {
  const job = "e2e_peak_died";
  const sql = readLog("sql").replaceAll(LOGS.sql.job, job);
  const pid = "<6562.18467.5386>";
  const died = readLog("dead").replaceAll(LOGS.dead.job, job).replaceAll("<6562.26699.4254>", pid).replace("{message_queue_len,10084}", "{message_queue_len,43000}");
  for (const [number, log] of [[1, sql.replaceAll(String(LOGS.sql.number), "1")], [2, sql.replaceAll(String(LOGS.sql.number), "2")], [3, died.replaceAll(String(LOGS.dead.number), "3")]] as const) {
    const response = await request.post(`/api/logs?filename=${job}_${number}.log`, { headers: { "content-type": "text/plain" }, data: Buffer.from(log, "utf8") });
    expect(response.status(), await response.text()).toBe(201);
  }
  await incidentsList.goto(`?job=${job}`);
  await expect(incidentsList.rows).toHaveCount(1);
  const row = incidentsList.rows.first();
  await expect(row.getByTestId("incident-builds")).toHaveText("3");
  await expect(row.getByTestId("incident-peak")).toHaveText("43,000");
  await expect(row.getByTestId("incident-peak-note")).toHaveText("before it died");
  await row.getByTestId("incident-peak").click();
  await expect(page).toHaveURL(new RegExp(`/builds/${job}/3$`));
  await expect(buildPage.culpritClass).toHaveAttribute("data-class", "dead");
  await expect(page.getByTestId("incident-span")).toContainText("peak 43,000 before it died in this build)");
  // Its first build names the build that gave the peak.
  await buildPage.goto(`/builds/${job}/1`);
  await expect(page.getByTestId("incident-span")).toContainText("peak 43,000 before it died at #3)");
  await page.getByTestId("incident-peak-build").getByRole("link", { name: "#3" }).click();
  await expect(page).toHaveURL(new RegExp(`/builds/${job}/3$`));
});

/** Uploads a log printed by a real Erlang node (its job `repro`) as `job`'s: its build's permalink. */
async function uploadReproLog(request: APIRequestContext, file: string, job: string): Promise<string> {
  const log = fs.readFileSync(path.join(DATA_DIR, file), "utf8").replace("JOB_NAME=repro", `JOB_NAME=${job}`);
  const response = await request.post(`/api/logs?filename=${job}.log`, { headers: { "content-type": "text/plain" }, data: Buffer.from(log, "utf8") });
  expect(response.status(), await response.text()).toBe(201);
  return ((await response.json()) as { builds: { permalink: string }[] }).builds[0]!.permalink;
}

// Story: real Erlang output (OTP 25) from a monitor that prints with `~P`. A Chinese room name,
// printed as bytes, is cut in every sample; the page still says a room's stanzas fill the
// mailbox, gives its host, and says the name was cut, with no room link made up from what is left.
test("routes whose room name `~P` cut: a MUC room of the host, the name said cut, no room invented", async ({ request, buildPage }) => {
  await buildPage.goto(await uploadReproLog(request, "otp25-room-name-cut-by-P.log", "e2e_room_name_cut"));
  await expect(buildPage.culpritClass).toHaveAttribute("data-class", "muc_room");
  await expect(buildPage.stuckWhat).toContainText(
    "its mailbox is full of stanzas routed to rooms of conference.im.example.cn whose names the log cut (~P printed them short): which room, or how many, is not known",
  );
  await expect(buildPage.culpritRoom).toHaveCount(0);
  await expect(buildPage.evidence).toContainText("the log cut the room's name in all 4: …@conference.im.example.cn is what is left");
});

// Story: the process was killed between the monitor's two calls: its queue read (500), then
// `undefined` for its messages. The page calls it dead and keeps the queue it had.
test("a process gone when its messages were fetched: dead, its queue kept, the page says when it died", async ({ request, buildPage, incidentsList }) => {
  await buildPage.goto(await uploadReproLog(request, "died-at-fetch.log", "e2e_died_at_fetch"));
  await expect(buildPage.culpritClass).toHaveAttribute("data-class", "dead");
  await expect(buildPage.inspectedQueue).toHaveText("500, then died before its messages could be fetched");
  await expect(buildPage.page.getByTestId("samples-none")).toHaveText("It died before its messages could be fetched: the log shows none.");
  await expect(buildPage.evidence).toContainText("<0.79.0> held 500 messages when its queue was checked, and was gone when its messages were fetched");
  await expect(buildPage.page.getByTestId("incident-span")).toHaveText("An incident of this build alone (peak 500 before it died); still going on: this is the job's latest build.");
  // The incidents list says the same of its peak.
  await incidentsList.goto("?job=e2e_died_at_fetch");
  await expect(incidentsList.rows).toHaveCount(1);
  await expect(incidentsList.rows.first().getByTestId("incident-peak")).toHaveText("500");
  await expect(incidentsList.rows.first().getByTestId("incident-peak-note")).toHaveText("before it died");
});
