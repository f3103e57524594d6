// Story: an operator pastes a pid into the address (as the shell printed it,
// without brackets, or as IEx did) to see where that process was. The
// overview and the builds list count the same builds: those that inspected it
// and those that only listed it lower in the top list; the pages write the pid
// the Erlang way, and a filter bar applied keeps it so.
import { expect, test } from "../fixtures";
import { roomBuildVariant } from "../helpers";

const JOB = "e2e_pid_filter_monitor";
const ROOM = "e2e#pid_filter@conference.easemob.com";
/** Inspected in build 1, second in build 2's top list, absent from build 3; no other spec's log has it. */
const PID = "<6562.9042.7>";
const OTHER = "<6562.9043.7>";

test.beforeEach(async ({ request }) => {
  const builds = [
    { inspected: PID, second: "<6562.6042.0>" },
    { inspected: OTHER, second: PID },
    { inspected: OTHER, second: "<6562.6042.0>" },
  ];
  for (const [i, { inspected, second }] of builds.entries()) {
    const log = roomBuildVariant({ job: JOB, number: i + 1, room: ROOM }).replaceAll("<6562.777.1>", inspected).replaceAll("<6562.6042.0>", second);
    const response = await request.post(`/api/logs?filename=${JOB}_${i + 1}.log`, { headers: { "content-type": "text/plain" }, data: Buffer.from(log, "utf8") });
    expect(response.status(), await response.text()).toBeLessThan(300);
  }
});

for (const spelling of [PID, "6562.9042.7", "#PID<6562.9042.7>"]) {
  test(`pid=${spelling}: the overview and the builds list count the same 2 builds, and name the pid ${PID}`, async ({ page, overview, buildsList }) => {
    const query = `?${new URLSearchParams({ pid: spelling })}`;
    await buildsList.goto(query);
    await expect(page.getByTestId("ignored-params")).toHaveCount(0);
    await expect(page.getByTestId("scope-pid")).toContainText(`pid ${PID}`);
    await expect(buildsList.rows).toHaveCount(2);
    const rows = (await buildsList.rows.allInnerTexts()).join("\n");
    expect(rows).toContain(`${JOB} #1`);
    expect(rows).toContain(`${JOB} #2`);

    await overview.goto(query);
    await expect(page.getByTestId("scope-pid")).toContainText(`pid ${PID}`);
    await expect(page.getByTestId("timeline-panel")).toContainText("2 builds");
    // The room's one incident (the same room stuck in all three builds) had the pid.
    await expect(page.getByTestId("latest-incidents").getByRole("link", { name: /^\d+ incidents? →$/ })).toHaveText("1 incident →");

    // Applying the filter bar keeps the pid, written as stored.
    await overview.filterBar.getByTestId("filter-apply").click();
    await expect(page).toHaveURL((url) => url.pathname === "/" && url.searchParams.get("pid") === PID);
  });
}

// The seed's reader saw by hand that a process sitting second in a build's list was the one stuck
// for days: each pid of a build's top list links to the job's builds that hold it, and that list
// gives the pid's own place in each (the "top-list queue" is the list's largest, another process's).
test("a top-list pid on a build's page opens the job's builds that hold it, each with the pid's own rank and queue", async ({ page, buildPage, buildsList }) => {
  await buildPage.goto(`/builds/${JOB}/2`);
  const link = buildPage.topRows.nth(1).getByTestId("top-pid");
  await expect(link).toHaveText(PID);
  await link.click();
  await expect(page).toHaveURL((url) => url.pathname === "/builds" && url.searchParams.get("pid") === PID && url.searchParams.get("job") === JOB);
  await expect(buildsList.rows).toHaveCount(2);
  await expect(page.getByTestId("build-pid-place-head")).toContainText(`${PID} in the top list`);
  const place = (number: number) => buildsList.rows.filter({ hasText: `${JOB} #${number}` }).getByTestId("build-pid-place");
  await expect(place(1)).toHaveText(/^#1 · [\d,]+$/);
  await expect(place(2)).toHaveText(/^#2 · [\d,]+$/);
  // Not the list's largest: build 2's top-list queue is the inspected process's, larger than the pid's.
  const row2 = buildsList.rows.filter({ hasText: `${JOB} #2` });
  const queues = await row2.locator("td.num").allInnerTexts();
  expect(Number(queues[0]!.replaceAll(",", ""))).toBeGreaterThan(Number(queues[1]!.replace(/^#2 · /, "").replaceAll(",", "")));
});

test("a pid= that is no pid is left out and named, not a view that silently shows nothing", async ({ page, buildsList }) => {
  await buildsList.goto(`?${new URLSearchParams({ pid: "not a pid", job: JOB })}`);
  await expect(page.getByTestId("ignored-params")).toContainText("pid");
  await expect(page.getByTestId("scope-pid")).toHaveCount(0);
  await expect(buildsList.rows).toHaveCount(3);
});
