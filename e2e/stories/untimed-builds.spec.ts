// A log that gives no start time: its build sits on the timeline at its
// upload, and the tooltip says so, so an old log does not read as today's.
import { expect, test } from "../fixtures";
import { roomBuildVariant } from "../helpers";

const JOB = "e2e_untimed_monitor";

test("a build without a start time is placed at its upload, and the tooltip says the log gives no time", async ({ page, request, overview }) => {
  const log = roomBuildVariant({ job: JOB, number: 77, room: "e2e#untimed_room@conference.easemob.com", untimed: true });
  const response = await request.post("/api/logs?filename=untimed.log", { headers: { "content-type": "text/plain" }, data: Buffer.from(log, "utf8") });
  expect(response.status(), await response.text()).toBe(201);
  const timeline = (await (await request.get(`/api/timeline?job=${JOB}`)).json()) as { points: { startedAt: string | null; at: string }[] };
  expect(timeline.points).toHaveLength(1);
  expect(timeline.points[0]!.startedAt).toBeNull();

  await overview.goto(`?job=${JOB}`);
  await overview.timeline.locator(".recharts-scatter-symbol").first().hover();
  const tooltip = page.getByTestId("timeline-tooltip");
  await expect(tooltip).toContainText(`${JOB} #77`);
  await expect(tooltip.getByTestId("tooltip-untimed")).toContainText(/uploaded \d{4}-\d\d-\d\d \d\d:\d\d UTC · the log gives no start time/);
});
