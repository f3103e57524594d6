// Story: someone shared the link to an incident's builds; since then an upload
// merged that incident into another (or the id never existed). Opening the
// link says so and offers the builds without it, instead of an empty list.
import { expect, test } from "../fixtures";
import { uploadViaApi } from "../helpers";

test("a link to an incident that no longer exists says so, and the filter can be dropped", async ({ page, request, buildsList, incidentsList }) => {
  await uploadViaApi(request, "room", "sql");
  // A living incident's link names it, and says nothing of one gone.
  await incidentsList.goto();
  const href = await incidentsList.rows.first().getByTestId("incident-builds").getAttribute("href");
  await buildsList.goto(href?.replace(/^\/builds/, "") ?? "");
  await expect(buildsList.scopeNotice).toContainText(/incident #\d+: /);
  await expect(buildsList.incidentGone).toHaveCount(0);

  // No incident has this id (ids are never reused, so none will).
  await buildsList.goto("?incidentId=987654&sort=number");
  await expect(buildsList.incidentGone).toHaveText(/^Incident #987654 no longer exists: it was merged into another incident or regrouped after an upload\./);
  await expect(buildsList.scopeNotice).toHaveCount(0);
  await expect(buildsList.rows).toHaveCount(0);

  await buildsList.clearIncident.click();
  await expect(page).toHaveURL(/\/builds\?sort=number$/);
  await expect(buildsList.incidentGone).toHaveCount(0);
  expect(await buildsList.rows.count()).toBeGreaterThan(0);

  // The incidents list says the same.
  await incidentsList.goto("?incidentId=987654");
  await expect(incidentsList.incidentGone).toContainText("Incident #987654 no longer exists");
});
