import { expect, test } from "@playwright/test";

test("the home page renders and shows the product's name", async ({ page }) => {
  const response = await page.goto("/");
  expect(response?.status()).toBe(200);
  await expect(page.getByTestId("product-name")).toHaveText("Mailbox incident dashboard");
  await expect(page).toHaveTitle(/Mailbox incident dashboard/);
  // The totals come from the database (other specs may have uploaded already): proves the page queried it.
  await expect(page.getByTestId("total-builds")).toContainText(/\d+/);
});
