// Story: a long list is paged; the operator jumps to its ends, and an old link to a page past
// the end (the list shrank since) says so and leads back instead of showing "No builds match".
import { expect, test } from "../fixtures";
import { roomBuildVariant } from "../helpers";

const JOB = "e2e_pagination_monitor";

test.beforeEach(async ({ request }) => {
  for (let i = 1; i <= 5; i++) {
    const response = await request.post(`/api/logs?filename=pagination-${i}.log`, {
      headers: { "content-type": "text/plain" },
      data: Buffer.from(roomBuildVariant({ job: JOB, number: 800 + i, room: "e2e#pagination@conference.easemob.com" }), "utf8"),
    });
    expect(response.status(), await response.text()).toBeLessThan(300);
  }
});

test("first and last links jump to the list's ends; a page past the end links the last one", async ({ page }) => {
  await page.goto(`/builds?job=${JOB}&pageSize=1&page=3`);
  const pager = page.getByTestId("pagination");
  await expect(pager).toContainText("page 3 of 5 · 5 rows");
  await pager.getByTestId("page-last").click();
  await expect(page).toHaveURL(/[?&]page=5(&|$)/);
  await expect(pager).toContainText("page 5 of 5");
  await expect(pager.getByTestId("page-last")).toHaveCount(0);
  await pager.getByTestId("page-first").click();
  await expect(pager).toContainText("page 1 of 5");
  await expect(page).not.toHaveURL(/[?&]page=/);
  await expect(page).toHaveURL(/pageSize=1/);

  await page.goto(`/builds?job=${JOB}&pageSize=1&page=99`);
  await expect(pager.getByTestId("page-past-end")).toHaveText("page 99 is past the last page (5) · 5 rows");
  await pager.getByTestId("page-last").click();
  await expect(pager).toContainText("page 5 of 5");
  await expect(page.getByTestId("build-row")).toHaveCount(1);
});
