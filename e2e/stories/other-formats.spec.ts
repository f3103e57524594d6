import fs from "node:fs";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { DATA_DIR } from "../helpers";

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
