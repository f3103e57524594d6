// Story: an on-call engineer opens the overview and asks what is stuck right now, on which job (a
// job: a monitor against one node). "Now, by job" names each job's latest build, how long ago it
// ran, what is stuck there and since when, and how many of its incidents are still going on.
import { expect, test } from "../fixtures";
import { roomBuildVariant, uploadRoomBuild } from "../helpers";

const STUCK = "e2e_now_stuck_monitor";
const HEALTHY = "e2e_now_healthy_monitor";
const ROOM = "e2e#now_stuck_room@conference.easemob.com";

test("the overview says, by job, what its latest build found and since when it is stuck", async ({ page, request }) => {
  await uploadRoomBuild(request, { job: STUCK, number: 1, room: ROOM });
  await uploadRoomBuild(request, { job: STUCK, number: 2, room: ROOM });
  await uploadRoomBuild(request, { job: HEALTHY, number: 1, room: "e2e#now_over_room@conference.easemob.com" });
  // Its queue down to 5: healthy, the incident over.
  await uploadRoomBuild(request, { job: HEALTHY, number: 2, room: "e2e#now_over_room@conference.easemob.com", queueLen: 5 });

  await page.goto(`/?job=${STUCK}`);
  const stuck = page.getByTestId("job-now");
  await expect(stuck).toHaveCount(1);
  await expect(stuck.getByTestId("job-now-job")).toHaveText(STUCK);
  await expect(stuck.getByTestId("job-now-build")).toHaveText("#2");
  await expect(stuck.getByTestId("job-now-build")).toHaveAttribute("href", `/builds/${STUCK}/2`);
  await expect(stuck.getByTestId("job-now-age")).toHaveText(/^\d+ years ago$/);
  await expect(stuck.getByTestId("job-now-verdict")).toContainText("MUC room");
  await expect(stuck.getByTestId("job-now-verdict").getByRole("link").first()).toHaveAttribute("title", ROOM);
  await expect(stuck.getByTestId("job-now-queue")).toHaveText(/^4,242\s*unchanged$/);
  await expect(stuck.getByTestId("job-now-silent")).toHaveCount(0);
  // Since its first build (the log's times are +08:00), over its two builds.
  await expect(stuck.getByTestId("job-now-since")).toContainText("2 builds");
  await stuck.getByTestId("job-now-ongoing").getByRole("link", { name: "1 incident" }).click();
  await expect(page).toHaveURL(new RegExp(`/incidents\\?job=${STUCK}&ongoing=true$`));
  await expect(page.getByTestId("incident-row")).toHaveCount(1);

  // Its process dies (the monitor found it gone): the latest build's own class, with its incident's process.
  const died = roomBuildVariant({ job: STUCK, number: 3, room: ROOM }).replace(
    "message queue len of pid <6562.777.1> : {message_queue_len,4250}",
    "message queue len of pid <6562.777.1> : undefined",
  );
  const response = await request.post(`/api/logs?filename=${STUCK}_3.log`, { headers: { "content-type": "text/plain" }, data: died });
  expect(response.status(), await response.text()).toBe(201);
  await page.goto(`/?job=${STUCK}`);
  await expect(stuck.getByTestId("job-now-build")).toHaveText("#3");
  await expect(stuck.getByTestId("job-now-verdict")).toContainText("process died");
  await expect(stuck.getByTestId("job-now-verdict").getByRole("link").first()).toHaveAttribute("title", ROOM);

  await page.goto(`/?job=${HEALTHY}`);
  const healthy = page.getByTestId("job-now");
  await expect(healthy.getByTestId("job-now-build")).toHaveText("#2");
  await expect(healthy.getByTestId("job-now-verdict")).toHaveText("healthy");
  // Down from the build before it.
  await expect(healthy.getByTestId("job-now-queue-change")).toHaveText("\u22124,237");
  await expect(healthy.getByTestId("job-now-since")).toHaveText("—");
  await expect(healthy.getByTestId("job-now-ongoing")).toHaveText("none");

  // Its room stuck again: the build page says it was before, on this job (an on-call review).
  await uploadRoomBuild(request, { job: HEALTHY, number: 3, room: "e2e#now_over_room@conference.easemob.com" });
  await page.goto(`/builds/${HEALTHY}/3`);
  await expect(page.getByTestId("incident-earlier")).toHaveText(
    /^This room was stuck before on this job: 1 incident, the latest at #1 \(\d{4}-\d\d-\d\d \d\d:\d\d UTC, \d+ years ago\)\. all of its incidents →$/,
  );
  await page.getByTestId("incident-earlier-all").click();
  await expect(page).toHaveURL(new RegExp(`/incidents\\?job=${HEALTHY}&room=`));
  await expect(page.getByTestId("incident-row")).toHaveCount(2);
});
