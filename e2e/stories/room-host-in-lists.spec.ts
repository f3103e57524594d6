// Story: one room name on two MUC hosts is two rooms. The lists name each with its host (muted
// after the name), not the name alone with the host in a tooltip.
import { expect, test } from "../fixtures";
import { roomBuildVariant } from "../helpers";

const JOB = "e2e_room_host_monitor";
const ROOMS = ["e2e#twin_room@conference.easemob.com", "e2e#twin_room@conference.im.example.cn"];

test("the builds and incidents lists name a room with its host; so does an incident's scope notice", async ({ page, request }) => {
  for (const [i, room] of ROOMS.entries()) {
    const response = await request.post(`/api/logs?filename=room-host-${i + 1}.log`, {
      headers: { "content-type": "text/plain" },
      // Another process for the second room: the same pid in consecutive builds would be one incident.
      data: Buffer.from(roomBuildVariant({ job: JOB, number: 900 + i, room }).replaceAll("<6562.777.1>", `<6562.${777 + i}.1>`), "utf8"),
    });
    expect(response.status(), await response.text()).toBeLessThan(300);
  }
  await page.goto(`/builds?job=${JOB}`);
  const hosts = page.getByTestId("build-subject").getByTestId("room-host");
  await expect(hosts).toHaveText(["@conference.im.example.cn", "@conference.easemob.com"]);
  await expect(page.getByTestId("build-subject").first()).toHaveText("e2e#twin_room@conference.im.example.cn");

  await page.goto(`/incidents?job=${JOB}`);
  await expect(page.getByTestId("incident-row").getByTestId("room-host")).toHaveText(["@conference.im.example.cn", "@conference.easemob.com"]);
  const { incidents } = (await (await request.get(`/api/incidents?job=${JOB}`)).json()) as { incidents: { id: number; room: string }[] };
  const id = incidents.find((incident) => incident.room === ROOMS[1])?.id;
  expect(id).toBeDefined();
  await page.goto(`/builds?incidentId=${id}`);
  await expect(page.getByTestId("scope-incidentId")).toContainText("e2e#twin_room@conference.im.example.cn");
});
