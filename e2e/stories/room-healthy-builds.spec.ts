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
