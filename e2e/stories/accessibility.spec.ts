// Story: an operator who works from the keyboard, or with a screen reader. Charts are one Tab
// stop each and say the point the arrow keys step to; an upload is announced when a file starts
// and when it is stored, not at every percent; applying a filter keeps focus and says how many
// match; deleting a log keeps focus on its question; the upload panel never hides what has focus.
import type { Locator, Page } from "@playwright/test";
import { expect, test } from "../fixtures";
import { uploadViaApi } from "../helpers";

/** The element that has focus, described (tag, test id, text) for messages. */
async function focused(page: Page): Promise<string> {
  return page.evaluate(() => {
    const element = document.activeElement;
    if (!element) return "nothing";
    return `${element.tagName.toLowerCase()}${element.getAttribute("data-testid") ? `[${element.getAttribute("data-testid")}]` : ""}${element.getAttribute("class") ? `.${element.getAttribute("class")}` : ""} "${(element.textContent ?? "").trim().slice(0, 30)}"`;
  });
}

/** Whether focus is inside (or on) this element. */
async function hasFocusWithin(locator: Locator): Promise<boolean> {
  return locator.evaluate((element) => element.contains(document.activeElement));
}

test("each chart is one Tab stop: Tab from the chart leaves it (no empty layer groups in between)", async ({ page, request, overview }) => {
  await uploadViaApi(request, "room", "sql", "chinese");
  await overview.goto();
  for (const chart of [overview.timeline, overview.roomsChart]) {
    const surface = chart.getByRole("application");
    await expect(surface).toBeVisible();
    // Once the chart has drawn its layers (they are what was tabbable).
    await expect(chart.locator("g[class*='recharts-zIndex-layer_']").first()).toBeAttached();
    await surface.focus();
    await expect(surface).toBeFocused();
    await page.keyboard.press("Tab");
    expect(await hasFocusWithin(chart), `after the chart, Tab went to ${await focused(page)}`).toBe(false);
    // And back: Shift+Tab from there lands on the chart itself, not on a layer inside it.
    await page.keyboard.press("Shift+Tab");
    await expect(surface).toBeFocused();
  }
});
