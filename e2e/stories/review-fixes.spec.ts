// Story: what a walk through the pages at three widths found (a review by a helper, 2026-12-06),
// checked as a user meets it: a room's own page does not repeat the room in every row of its
// tables; an empty list under filters says the filters left nothing, not that nothing exists;
// an unknown room is named as such; a process that died is not called stuck; a number in the
// evidence reads as the card's numbers do.
import { expect, test } from "../fixtures";
import { LOGS, permalinkOf, uploadViaApi } from "../helpers";

test.beforeEach(async ({ request }) => {
  await uploadViaApi(request, "room", "dead");
});

test("a room's page leaves the room out of its tables' rows; the builds list keeps it", async ({ page }) => {
  await page.goto(`/rooms/${encodeURIComponent(LOGS.room.room)}`);
  await expect(page.getByTestId("incident-row").first()).toBeVisible();
  await expect(page.getByTestId("build-row").first()).toBeVisible();
  await expect(page.getByTestId("incidents-table").locator("th")).not.toContainText(["stuck process / room"]);
  expect(await page.getByTestId("incidents-table").locator("th").allInnerTexts()).not.toContain("stuck process / room");
  expect(await page.getByTestId("builds-table").locator("th").allInnerTexts()).not.toContain("room / details");
  await expect(page.getByTestId("build-subject")).toHaveCount(0);
  // The same builds in the builds list, filtered to the room: the column is there, naming it.
  await page.goto(`/builds?room=${encodeURIComponent(LOGS.room.room)}`);
  expect(await page.getByTestId("builds-table").locator("th").allInnerTexts()).toContain("room / details");
  await expect(page.getByTestId("build-subject").first()).toContainText(LOGS.room.room.split("@")[0] as string);
});

test("an empty rooms list under a filter says the filter left none; an unknown room is 'Room not found'", async ({ page }) => {
  await page.goto("/rooms?class=sql");
  await expect(page.getByTestId("rooms-empty")).toHaveText("No room blocked a build that these filters keep.");
  // The overview under the same filter offers no "all 0 rooms" link.
  await page.goto("/?class=sql");
  await expect(page.getByTestId("rooms-panel").getByRole("link")).toHaveCount(0);
  await expect(page.getByTestId("rooms-panel")).toContainText("No room has blocked a build in this view.");

  const response = await page.goto(`/rooms/${encodeURIComponent("nosuchroom@conference.example.org")}`);
  expect(response?.status()).toBe(404);
  await expect(page.getByTestId("not-found")).toContainText("Room not found");
  await expect(page.getByTestId("not-found").getByRole("link", { name: "All rooms" })).toHaveAttribute("href", "/rooms");
});

test("a process that died is 'Process <pid>', not stuck; the evidence's queue reads 10,084, as the top list does", async ({ page }) => {
  await page.goto(permalinkOf("dead"));
  await expect(page.getByTestId("culprit-class")).toContainText("process died");
  await expect(page.getByTestId("stuck-process")).toHaveText(/^Process <[\d.]+>:$/);
  await expect(page.getByTestId("stuck-process")).not.toContainText("Stuck");
  await expect(page.locator("body")).toContainText("in the top list with 10,084 messages");
});

test("a room filter that names no room says so and offers the rooms that hold the text; one that does, says nothing", async ({ page, buildsList }) => {
  const room = LOGS.room.room;
  const part = (room.split("#")[0] as string).toUpperCase();
  await buildsList.goto(`?room=${encodeURIComponent(part)}`);
  await expect(buildsList.page.getByTestId("builds-empty")).toBeVisible();
  const hint = page.getByTestId("room-hint");
  await expect(hint).toContainText(`No stored room is named ${part.toLowerCase()}`);
  const link = hint.getByTestId("room-hint-link").filter({ hasText: room.split("@")[0] as string });
  await expect(link).toHaveCount(1);
  await link.click();
  await expect(page).toHaveURL(new RegExp(`[?&]room=${encodeURIComponent(room).replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}(&|$)`));
  await expect(buildsList.rows.first()).toBeVisible();
  await expect(page.getByTestId("room-hint")).toHaveCount(0);
  // The same on the incidents list and the overview.
  for (const path of [`/incidents?room=${encodeURIComponent(part)}`, `/?room=${encodeURIComponent(part)}`]) {
    await page.goto(path);
    await expect(page.getByTestId("room-hint"), path).toBeVisible();
  }
});

// An operator's review: a job name mistyped in an address gave empty lists with no word.
test("a job filter that names no stored job says so and offers the jobs like it; one that does, says nothing", async ({ page, request, buildsList }) => {
  await uploadViaApi(request, "room");
  const job = LOGS.room.job;
  const typo = job.slice(0, -1);
  await buildsList.goto(`?job=${encodeURIComponent(typo)}`);
  const hint = page.getByTestId("job-hint");
  await expect(hint).toContainText(`No stored build is of the job ${typo}`);
  const link = hint.getByTestId("job-hint-link").filter({ hasText: new RegExp(`^${job}$`) });
  await expect(link).toHaveCount(1);
  await link.click();
  await expect(page).toHaveURL(new RegExp(`[?&]job=${job}(&|$)`));
  await expect(buildsList.rows.first()).toBeVisible();
  await expect(page.getByTestId("job-hint")).toHaveCount(0);
  for (const path of ["/incidents", "/rooms", "/"]) {
    await page.goto(`${path}?job=${encodeURIComponent(typo)}`);
    await expect(page.getByTestId("job-hint"), path).toBeVisible();
  }
});

test("a message's decoded binaries are named by the message, their control characters written as the term writes them", async ({ page, request }) => {
  await uploadViaApi(request, "sql");
  await page.goto(permalinkOf("sql"));
  const decoded = page.locator("details.decoded").first();
  await expect(decoded.locator("summary")).toHaveText(/^#\d+'s binaries decoded as text \(\d+\)$/);
  await decoded.locator("summary").click();
  const controls = decoded.getByTestId("control-char");
  expect(await controls.count()).toBeGreaterThan(0);
  // As the term printer writes them: `\x{1e}`, or a named escape (`\e`, `\r`, `\b`, `\v`, `\f`, `\d`).
  for (const text of await controls.allTextContents()) expect(text).toMatch(/^\\(x\{[0-9a-f]{1,2}\}|[bvfred])$/);
  // No raw control character is left in the text shown.
  expect(await decoded.getByTestId("sample-decoded").innerText()).not.toMatch(/[\x00-\x08\x0b-\x1f\x7f-\x9f]/);
});

test("the charts have names a screen reader reads", async ({ page }) => {
  await page.goto("/");
  await expect(page.getByRole("application", { name: "Top-list queue per build" })).toBeVisible();
  await expect(page.getByRole("application", { name: "Incidents per room" })).toBeVisible();
});
