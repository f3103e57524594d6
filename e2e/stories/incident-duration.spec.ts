// Story: two builds of a job started the same minute with the same room stuck.
// Their incident spans 2 builds: it is not called a "single build".
import { expect, test } from "../fixtures";
import { LOGS, permalinkOf, uploadViaApi } from "../helpers";

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
    `Part of an incident over 2 builds (same time, peak 3,102 when inspected): from #${LOGS.sameTime.number} to #${LOGS.sameTime.last}.`,
  );
});

test("a one-build incident is the build alone", async ({ request, incidentsList, buildPage }) => {
  await uploadViaApi(request, "sql");
  await incidentsList.goto(`?class=sql&job=${LOGS.sql.job}`);
  await expect(incidentsList.rows.first().getByTestId("incident-duration")).toHaveText("single build");
  await buildPage.goto(permalinkOf("sql"));
  await expect(buildPage.incidentSpan).toHaveText("An incident of this build alone (peak 17,118 when inspected).");
});
