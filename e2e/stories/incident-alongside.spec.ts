// Story: the on-call reader opens a build whose own verdict is one room, while another room's process
// is still second in its top list. The page says that incident goes on through this build and links
// its builds (an operator's review: the seed's 24719 named its own incident alone, while the snh-48
// room's process sat second with 388 messages).
import { expect, test } from "../fixtures";
import { roomBuildVariant, uploadRoomBuild } from "../helpers";

const JOB = "e2e_alongside_monitor";
const FIRST = "e2e#alongside_first@conference.easemob.com";
const OTHER = "e2e#alongside_other@conference.easemob.com";

test("a build names the job's other incident whose process sits lower in its top list, with a link to that incident's builds", async ({ page, request }) => {
  await uploadRoomBuild(request, { job: JOB, number: 1, room: FIRST, at: "2015-09-01 10:00:00" });
  // Build 2: another room's process on top; the first room's <6562.777.1> second, with 388 messages.
  const second = roomBuildVariant({ job: JOB, number: 2, room: OTHER, pid: "<6562.999.1>", at: "2015-09-01 10:10:00" }).replace(
    "{<6562.6042.0>,{message_queue_len,1}}",
    "{<6562.777.1>,{message_queue_len,388}}",
  );
  const response = await request.post(`/api/logs?filename=${JOB}_2.log`, { headers: { "content-type": "text/plain" }, data: second });
  expect(response.status(), await response.text()).toBe(201);
  await uploadRoomBuild(request, { job: JOB, number: 3, room: FIRST, at: "2015-09-01 10:20:00" });

  await page.goto(`/builds/${JOB}/2`);
  const alongside = page.getByTestId("incident-alongside");
  await expect(alongside).toContainText("Also in its top list: <6562.777.1> (#2, 388 messages), the stuck process of incident #");
  await expect(alongside).toContainText(`MUC room ${FIRST}, #1 → #3`);
  await alongside.getByRole("link").click();
  await expect(page).toHaveURL(/\/builds\?incidentId=\d+$/);
  await expect(page.getByTestId("build-row")).toHaveCount(2);

  // A build of that incident names no other.
  await page.goto(`/builds/${JOB}/1`);
  await expect(page.getByTestId("incident-span")).toBeVisible();
  await expect(page.getByTestId("incident-alongside")).toHaveCount(0);
});
