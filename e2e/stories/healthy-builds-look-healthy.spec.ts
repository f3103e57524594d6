// Story: a build below the incident threshold still has a culprit class (the classifier
// names what every inspected mailbox held), but it is not an incident. Every list and
// chart shows it as healthy: a muted badge with the class as text, a grey dot on the
// timeline, "healthy" in the upload's result; a room's chart of the builds it blocked
// leaves it out.
import { expect, test } from "../fixtures";
import { roomBuildVariant } from "../helpers";

const JOB = "e2e_looks_healthy_monitor";
const ROOM = "e2e#looks_healthy@conference.easemob.com";
const HEALTHY = "#b0b5bf"; // NO_CLASS_COLOR
const MUC_ROOM = "#e0533d"; // CLASS_COLORS.muc_room

test("a healthy build with a class reads as healthy in the upload, the builds list and the timeline", async ({
  page,
  request,
  shell,
  buildsList,
  overview,
}) => {
  // Build 1 blocked the room; build 2 had the same room as its largest mailbox, below the threshold.
  const blocked = await request.post(`/api/logs?filename=${JOB}_1.log`, {
    headers: { "content-type": "text/plain" },
    data: Buffer.from(roomBuildVariant({ job: JOB, number: 1, room: ROOM, queueLen: 4242 }), "utf8"),
  });
  expect(blocked.status(), await blocked.text()).toBeLessThan(300);

  // Uploaded in the page: its result says healthy, the class after it.
  await page.goto("/upload");
  // A day later than build 1 (the same log's times otherwise): its own place on the timeline.
  const healthyLog = roomBuildVariant({ job: JOB, number: 2, room: ROOM, queueLen: 12 }).replaceAll("2015-09-01 ", "2015-09-02 ");
  await shell.dropFiles([{ name: `${JOB}_2.log`, content: healthyLog }]);
  const item = shell.uploadItem(`${JOB}_2.log`);
  await expect(item.getByTestId("upload-build-link")).toHaveText(`${JOB} #2`);
  await expect(item.getByTestId("upload-build-verdict")).toHaveText(`healthy · MUC room — ${ROOM}`);

  const timeline = (await (await request.get(`/api/timeline?job=${JOB}`)).json()) as { points: { number: number; culpritClass: string; incident: boolean }[] };
  expect(timeline.points.map((p) => [p.number, p.culpritClass, p.incident])).toEqual([
    [1, "muc_room", true],
    [2, "muc_room", false],
  ]);

  // The builds list: the incident in its class's colour, the healthy build muted, its class as text.
  await buildsList.goto(`?job=${JOB}&sort=number&order=asc`);
  await expect(buildsList.rows).toHaveCount(2);
  const [incidentCell, healthyCell] = [0, 1].map((i) => buildsList.rows.nth(i).getByTestId("build-class"));
  await expect(incidentCell!.locator(".badge")).toHaveText("MUC room");
  await expect(incidentCell!.locator(".badge")).toHaveClass(/badge-muc_room/);
  await expect(healthyCell!).toHaveText("healthy · MUC room");
  await expect(healthyCell!.locator(".badge")).toHaveText("healthy");
  await expect(healthyCell!.locator(".badge-muc_room")).toHaveCount(0);

  // The overview's timeline: one red triangle, one grey healthy dot (not two of the room's colour).
  await overview.goto(`?job=${JOB}`);
  const symbols = overview.timeline.locator(".recharts-scatter-symbol path.recharts-symbols");
  await expect(symbols).toHaveCount(2);
  await expect(overview.timeline.locator(`.recharts-scatter-symbol path[fill="${MUC_ROOM}"]`)).toHaveCount(1);
  await expect(overview.timeline.locator(`.recharts-scatter-symbol path[fill="${HEALTHY}"]`)).toHaveCount(1);
  await expect(overview.timeline.locator(".recharts-legend-item").filter({ hasText: "healthy" })).toHaveCount(1);

  // Its tooltip says healthy, and what its largest mailbox held (hovered again until the chart has hydrated).
  await expect(async () => {
    await overview.timeline.locator(`.recharts-scatter-symbol path[fill="${HEALTHY}"]`).hover();
    await expect(page.getByTestId("tooltip-healthy")).toContainText("healthy · largest queue: MUC room", { timeout: 1_000 });
  }).toPass({ timeout: 15_000 });
});

test("a room's chart of the builds it blocked leaves its healthy builds out", async ({ page, request }) => {
  const job = "e2e_room_chart_monitor";
  const room = "e2e#room_chart@conference.easemob.com";
  for (const [number, queueLen] of [
    [1, 4242],
    [2, 12],
  ] as const) {
    const response = await request.post(`/api/logs?filename=${job}_${number}.log`, {
      headers: { "content-type": "text/plain" },
      data: Buffer.from(roomBuildVariant({ job, number, room, queueLen }), "utf8"),
    });
    expect(response.status(), await response.text()).toBeLessThan(300);
  }
  // The chart is of the builds it blocked: build 1 alone, as its card counts.
  await page.goto(`/rooms/${encodeURIComponent(room)}`);
  await expect(page.getByTestId("room-builds").locator(".value")).toHaveText("1");
  await expect(page.getByTestId("timeline-chart")).toHaveAttribute("data-points", "1");
  // Its list still holds both builds.
  await expect(page.getByTestId("build-row")).toHaveCount(2);
  // Filtered to healthy builds, it blocked none: an empty chart.
  await page.goto(`/rooms/${encodeURIComponent(room)}?incident=false`);
  await expect(page.getByTestId("build-row")).toHaveCount(1);
  await expect(page.getByTestId("timeline-chart")).toHaveAttribute("data-points", "0");
});
