// Story: a keyboard user on call. The first Tab offers to skip the header to the page; the
// header says which section the page is in.
import { expect, test } from "../fixtures";
import { permalinkOf, uploadViaApi } from "../helpers";

test("the first Tab is 'Skip to content', which moves focus past the header; the nav marks the current section", async ({ page, request }) => {
  await uploadViaApi(request, "sql");
  await page.goto(permalinkOf("sql"));
  await page.keyboard.press("Tab");
  const skip = page.getByTestId("skip-link");
  await expect(skip).toBeFocused();
  await expect(skip).toBeInViewport();
  await page.keyboard.press("Enter");
  await expect(page.locator("main")).toBeFocused();

  await expect(page.getByTestId("nav-builds")).toHaveAttribute("aria-current", "page");
  await expect(page.locator('nav[aria-label="main"] [aria-current]')).toHaveCount(1);
  await page.getByTestId("nav-rooms").click();
  await expect(page).toHaveURL(/\/rooms$/);
  await expect(page.getByTestId("nav-rooms")).toHaveAttribute("aria-current", "page");
  await expect(page.getByTestId("nav-builds")).not.toHaveAttribute("aria-current", "page");
});
