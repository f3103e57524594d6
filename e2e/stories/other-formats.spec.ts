import fs from "node:fs";
import path from "node:path";
import { expect } from "@playwright/test";
import { test } from "../fixtures";
import { DATA_DIR, LOGS, uploadViaApi } from "../helpers";

// An ejabberd overload warning is not a CI build: its page says where it came from and names the MUC service.
test("an ejabberd watchdog log uploads as snapshots whose page shows the source kind and the service", async ({ page, request }) => {
  const response = await request.post("/api/logs?filename=ejabberd-watchdog.log", {
    data: fs.readFileSync(path.join(DATA_DIR, "ejabberd-watchdog.log"), "utf8"),
    headers: { "content-type": "text/plain" },
  });
  expect([200, 201]).toContain(response.status());
  const { builds } = (await response.json()) as { builds: { permalink: string; culprit: { class: string; subject: string } | null }[] };
  const room = builds.find((b) => b.culprit?.class === "muc_room");
  expect(room?.permalink).toMatch(/^\/builds\/by-id\/\d+$/);

  await page.goto(room?.permalink as string);
  await expect(page.getByTestId("source-kind")).toHaveText("ejabberd overload warning");
  await expect(page.getByTestId("culprit-class")).toContainText(/muc/i);
  await expect(page.getByTestId("culprit-subject")).toContainText("MUC service");
  await expect(page.getByTestId("build-title")).toContainText("snapshot of");
});

// Mixed history: the operator looks at the watchdog's warnings alone, then sends the view on.
test("the source filter narrows the builds list to one kind of snapshot and lives in the URL", async ({ page, request, buildsList }) => {
  await uploadViaApi(request, "sql");
  const response = await request.post("/api/logs?filename=ejabberd-watchdog.log", {
    data: fs.readFileSync(path.join(DATA_DIR, "ejabberd-watchdog.log"), "utf8"),
    headers: { "content-type": "text/plain" },
  });
  expect([200, 201]).toContain(response.status());

  // (Every build on one page: other specs' builds, newer, would push the SQL one past the first.)
  await buildsList.goto("?pageSize=500");
  await expect(page.getByText(`#${LOGS.sql.number}`).first()).toBeVisible();
  await buildsList.sourceFilter.selectOption("ejabberd_system_monitor");
  await buildsList.apply.click();
  await expect(page).toHaveURL(/[?&]sourceKind=ejabberd_system_monitor(&|$)/);
  await expect(buildsList.rows.first()).toBeVisible();
  const rows = await buildsList.rows.allInnerTexts();
  for (const row of rows) expect(row).toContain("snapshot of");
  expect(rows.join("\n")).not.toContain(`#${LOGS.sql.number}`);

  await page.reload();
  await expect(buildsList.sourceFilter).toHaveValue("ejabberd_system_monitor");
  expect(await buildsList.rows.allInnerTexts()).toEqual(rows);
});
