// Story: the watchdog warned four times; no job, no build number. The operator
// sees each warning named by its time wherever builds are listed, and each
// name opens that snapshot's page — never "#?" nor a database id.
import { expect, test } from "../fixtures";
import { LOGS, permalinkOf, uploadViaApi } from "../helpers";

const SNAPSHOT = /^snapshot of 2020-12-18 04:\d\d:\d\d UTC$/;

test("snapshots on /incidents are named by their time and link to their page", async ({ page, request, incidentsList }) => {
  await uploadViaApi(request, "watchdog");
  await incidentsList.goto("?sourceKind=ejabberd_system_monitor");
  await expect(incidentsList.rows).toHaveCount(4);
  const first = incidentsList.rows.getByTestId("incident-first");
  for (const link of await first.all()) {
    await expect(link).not.toHaveText("#?");
    await expect(link).toHaveText(SNAPSHOT);
    await expect(link).toHaveAttribute("href", /^\/builds\/by-id\/\d+$/);
    // The full name, with the source, on hover.
    await expect(link).toHaveAttribute("title", /\(ejabberd overload warning\)$/);
  }

  // The link opens the snapshot it names.
  const label = await first.first().innerText();
  await first.first().click();
  await expect(page).toHaveURL(/\/builds\/by-id\/\d+$/);
  await expect(page.getByTestId("build-title")).toHaveText(`${label} (ejabberd overload warning)`);
});

test("the overview names snapshots by time in its incidents and in the chart's tooltip", async ({ page, request, overview }) => {
  await uploadViaApi(request, "watchdog");
  await overview.goto("?sourceKind=ejabberd_system_monitor");
  const links = overview.latestIncidents.getByTestId("incident-first");
  await expect(links.first()).toBeVisible();
  for (const link of await links.all()) await expect(link).toHaveText(SNAPSHOT);

  await overview.timeline.locator(".recharts-scatter-symbol").first().hover();
  const tooltip = page.getByTestId("timeline-tooltip");
  await expect(tooltip).toContainText(/snapshot of 2020-12-18 04:\d\d:\d\d UTC \(ejabberd overload warning\)/);
  await expect(tooltip).not.toContainText(/build \d/);
});

// Latest incidents (overview) and a room's incidents list no job column: builds of
// different jobs share numbers, so there a build is its job and number.
test("the overview's and a room's incidents name a CI build with its job", async ({ page, request }) => {
  await uploadViaApi(request, "sameTime");
  const { job, number, last, room } = LOGS.sameTime;
  for (const path of [`/?job=${job}`, `/rooms/${encodeURIComponent(room)}?job=${job}`]) {
    await page.goto(path);
    const row = page.getByTestId("incident-row").first();
    const first = row.getByTestId("incident-first");
    await expect(first, path).toHaveText(`${job} #${number}`);
    await expect(first).toHaveAttribute("href", permalinkOf("sameTime"));
    await expect(first).toHaveAttribute("title", `${job} #${number}`);
    // The last build is of the same job: its number alone, the job in its title.
    await expect(row.getByTestId("incident-last")).toHaveText(`#${last}`);
    await expect(row.getByTestId("incident-last")).toHaveAttribute("title", `${job} #${last}`);
  }
});
