// A room's card counts the builds it blocked (queue at or above the incident
// threshold); its builds list holds every build whose culprit is the room,
// healthy ones too. When the two differ, the page says why.
import { expect, test } from "../fixtures";
import { roomBuildVariant } from "../helpers";

const ROOM = "e2e#healthy_too@conference.easemob.com";
const JOB = "e2e_healthy_too_monitor";

test("a room with a healthy build says how many of its builds it blocked", async ({ page, request }) => {
  for (const [number, queueLen] of [
    [1, 4242],
    [2, 12],
  ] as const) {
    const response = await request.post(`/api/logs?filename=healthy-${number}.log`, {
      headers: { "content-type": "text/plain" },
      data: Buffer.from(roomBuildVariant({ job: JOB, number, room: ROOM, queueLen }), "utf8"),
    });
    expect(response.status(), await response.text()).toBeLessThan(300);
  }
  await page.goto(`/rooms/${encodeURIComponent(ROOM)}`);
  await expect(page.getByTestId("room-builds").locator(".value")).toHaveText("1");
  await expect(page.getByTestId("room-builds-note")).toContainText("2 builds, 1 of them blocked");

  // Filtered, the card and the list count different things on purpose: no note then.
  await page.goto(`/rooms/${encodeURIComponent(ROOM)}?incident=true`);
  await expect(page.getByTestId("room-builds-note")).toHaveCount(0);
});

// A room only ever below the threshold: its build's page says the build is healthy, and its room
// link opens a page (zero builds blocked) instead of a 404. The name holds `%`, `?`, `&`, `=`, `'`
// and an escape-looking `%41`, which must reach the page and the API as written, and stay text.
const ODD_ROOM = "e2e'only'_50%off?x&y=1%41@conference.easemob.com";
const ODD_ROOM_TWICE_DECODED = "e2e'only'_50%off?x&y=1A@conference.easemob.com";
const ODD_JOB = "e2e_only_healthy_monitor";

test("a healthy build says so, and its room has a page though it blocked nothing", async ({ page, request, buildPage }) => {
  for (const [number, room, queueLen] of [
    [1, ODD_ROOM, 12],
    [2, ODD_ROOM_TWICE_DECODED, 4242],
  ] as const) {
    const response = await request.post(`/api/logs?filename=only-healthy-${number}.log`, {
      headers: { "content-type": "text/plain" },
      data: Buffer.from(roomBuildVariant({ job: ODD_JOB, number, room, queueLen }), "utf8"),
    });
    expect(response.status(), await response.text()).toBeLessThan(300);
  }
  await page.goto(`/builds/${ODD_JOB}/1`);
  await expect(page.getByTestId("culprit-healthy")).toContainText("A healthy build: no queue reached the incident threshold");
  await expect(page.getByTestId("stuck-process")).not.toContainText("Stuck process");
  await expect(buildPage.culpritRoom).toHaveText(ODD_ROOM);
  // An incident build keeps its headline.
  await page.goto(`/builds/${ODD_JOB}/2`);
  await expect(page.getByTestId("culprit-healthy")).toHaveCount(0);
  await expect(page.getByTestId("stuck-process")).toContainText("Stuck process");

  await page.goto(`/builds/${ODD_JOB}/1`);
  await buildPage.culpritRoom.click();
  await expect(page.getByTestId("room-title")).toHaveText(ODD_ROOM);
  await expect(page.getByTestId("room-builds").locator(".value")).toHaveText("0");
  await expect(page.getByTestId("room-incidents").locator(".value")).toHaveText("0");
  await expect(page.getByTestId("room-builds-note")).toContainText("1 build, 0 of them blocked");

  // The same room through the API: decoded once, so `%41` stays `%41`.
  const api = await request.get(`/api/rooms/${encodeURIComponent(ODD_ROOM)}`);
  expect(api.status(), await api.text()).toBe(200);
  const body = (await api.json()) as { room: { jid: string; builds: number; incidents: number }; totalBuilds: number };
  expect(body.room).toMatchObject({ jid: ODD_ROOM, builds: 0, incidents: 0 });
  const other = (await (await request.get(`/api/rooms/${encodeURIComponent(ODD_ROOM_TWICE_DECODED)}`)).json()) as { room: { jid: string; builds: number } };
  // Stored folded (ejabberd's room names are case-insensitive): still not the `%41` room.
  expect(other.room).toMatchObject({ jid: ODD_ROOM_TWICE_DECODED.toLowerCase(), builds: 1 });
  // A malformed escape in the path is still a JSON 400 (api-errors.spec.ts), an unknown room a 404.
  const missing = await request.get(`/api/rooms/${encodeURIComponent("nobody%41@conference.easemob.com")}`);
  expect(missing.status()).toBe(404);
});

// ejabberd's room names are case-insensitive: one mod_muc_room process, however the stanzas spell it.
const CASE_ROOMS = ["E2E_Case_Room@Conference.Easemob.com", "e2e_case_room@conference.easemob.com"];
const CASE_JOB = "e2e_case_room_monitor";

test("a room spelled two ways is one room, and its page opens by either spelling", async ({ page, request }) => {
  for (const [number, room] of CASE_ROOMS.entries()) {
    const response = await request.post(`/api/logs?filename=case-room-${number + 1}.log`, {
      headers: { "content-type": "text/plain" },
      data: Buffer.from(roomBuildVariant({ job: CASE_JOB, number: number + 1, room, queueLen: 4242 }), "utf8"),
    });
    expect(response.status(), await response.text()).toBeLessThan(300);
  }
  await page.goto(`/rooms?job=${CASE_JOB}`);
  const table = page.getByTestId("rooms-table");
  await expect(table.getByRole("link", { name: /case_room/i })).toHaveText(["e2e_case_room"]);
  await page.goto(`/rooms/${encodeURIComponent(CASE_ROOMS[0] as string)}`);
  await expect(page.getByTestId("room-title")).toHaveText("e2e_case_room@conference.easemob.com");
  await expect(page.getByTestId("room-builds").locator(".value")).toHaveText("2");
});

// One room stuck in more builds than the page lists incidents: each build is a job of its own, so
// an incident of its own.
const MANY_ROOM = "e2e#many_incidents@conference.easemob.com";
const MANY_JOBS = Array.from({ length: 22 }, (_, i) => `e2e_many_incidents_${String(i).padStart(2, "0")}`);

test("a room's page names how many incidents it lists and links to all of them; its cards follow the filters", async ({ page, request, roomsPage }) => {
  for (const job of MANY_JOBS) {
    const response = await request.post(`/api/logs?filename=${job}.log`, {
      headers: { "content-type": "text/plain" },
      data: Buffer.from(roomBuildVariant({ job, number: 1, room: MANY_ROOM }), "utf8"),
    });
    expect(response.status(), await response.text()).toBeLessThan(300);
  }
  await page.goto(`/rooms/${encodeURIComponent(MANY_ROOM)}`);
  await expect(page.getByTestId("room-incidents").locator(".value")).toHaveText("22");
  await expect(page.getByTestId("incident-row")).toHaveCount(20);
  await expect(page.getByTestId("room-incidents-more")).toContainText("The latest 20 of 22 incidents");
  await expect(page.getByTestId("room-cards-filtered")).toHaveCount(0);
  await page.getByTestId("room-incidents-all").click();
  await expect(page).toHaveURL(/\/incidents\?room=/);
  expect(new URL(page.url()).searchParams.get("room")).toBe(MANY_ROOM);
  await expect(page.getByTestId("incident-row")).toHaveCount(22);

  // Filtered on one job: the cards count that job's build and incident, and say they are filtered.
  const job = MANY_JOBS[3] as string;
  await page.goto(`/rooms/${encodeURIComponent(MANY_ROOM)}?job=${job}`);
  await expect(page.getByTestId("room-builds").locator(".value")).toHaveText("1");
  await expect(page.getByTestId("room-incidents").locator(".value")).toHaveText("1");
  await expect(page.getByTestId("room-cards-filtered")).toBeVisible();
  await expect(page.getByTestId("room-incidents-more")).toHaveCount(0);
  await expect(page.getByTestId("incident-row")).toHaveCount(1);

  // The rooms list counts the incidents the filters keep too.
  await roomsPage.goto(`?job=${job}`);
  await expect(roomsPage.row(MANY_ROOM).getByTestId("room-incidents")).toHaveText("1");
  await roomsPage.goto();
  await expect(roomsPage.row(MANY_ROOM).getByTestId("room-incidents")).toHaveText("22");
});
