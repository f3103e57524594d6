import { expect, test } from "@playwright/test";

test("pages declare an icon; /favicon.ico leads to it instead of a 404", async ({ page, request }) => {
  const failed: string[] = [];
  page.on("response", (response) => {
    if (response.status() >= 400) failed.push(`${response.status()} ${response.url()}`);
  });
  page.on("console", (message) => {
    if (message.type() === "error") failed.push(message.text());
  });
  await page.goto("/");
  const href = await page.locator('link[rel="icon"]').first().getAttribute("href");
  expect(href).toMatch(/^\/icon\.svg/);
  const icon = await request.get(href as string);
  expect(icon.status()).toBe(200);
  expect(icon.headers()["content-type"]).toContain("image/svg+xml");

  const favicon = await request.get("/favicon.ico");
  expect(favicon.status()).toBe(200);
  expect(favicon.url()).toMatch(/\/icon\.svg$/);
  expect(favicon.headers()["content-type"]).toContain("image/svg+xml");

  await page.waitForLoadState("networkidle");
  expect(failed).toEqual([]);
});
