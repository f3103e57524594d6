// Story: text on coloured backgrounds is readable in both colour schemes: primary buttons,
// the active chart toggle, the class badges and links reach WCAG AA (4.5:1), as axe-core
// measures it: the text's colour against the background painted behind it.
import type { Locator, Page } from "@playwright/test";
import { expect, test } from "../fixtures";
import { uploadViaApi } from "../helpers";

/**
 * The contrast ratio of an element's text with what is painted behind it (its own background, else its ancestors', composited).
 * `border`: its top border's colour instead, against what is painted inside it (`inside`) or around it (`outside`: its parent's).
 */
async function contrast(locator: Locator, border?: "inside" | "outside" | "placeholder"): Promise<number> {
  return locator.evaluate((element: Element, mode) => {
    // `placeholder`: the field's example text (its ::placeholder colour) against the field.
    const border = mode === "placeholder" ? undefined : mode;
    type Rgba = [number, number, number, number];
    const parse = (value: string): Rgba => {
      const srgb = /^color\(srgb ([\d.e-]+) ([\d.e-]+) ([\d.e-]+)(?: \/ ([\d.]+))?\)$/.exec(value);
      if (srgb) return [Number(srgb[1]) * 255, Number(srgb[2]) * 255, Number(srgb[3]) * 255, srgb[4] === undefined ? 1 : Number(srgb[4])];
      const rgb = /^rgba?\(([\d.]+),? ([\d.]+),? ([\d.]+)(?:[,/] ?([\d.]+))?\)$/.exec(value);
      if (!rgb) throw new Error(`unread colour ${value}`);
      return [Number(rgb[1]), Number(rgb[2]), Number(rgb[3]), rgb[4] === undefined ? 1 : Number(rgb[4])];
    };
    const over = (top: Rgba, below: Rgba): Rgba => [0, 1, 2].map((i) => top[i]! * top[3] + below[i]! * (1 - top[3])).concat(1) as Rgba;
    // The layers behind the text, innermost first, down to an opaque one (the canvas is white below all).
    const layers: Rgba[] = [];
    for (let node: Element | null = border === "outside" ? element.parentElement : element; node; node = node.parentElement) {
      const layer = parse(getComputedStyle(node).backgroundColor);
      if (layer[3] > 0) layers.push(layer);
      if (layer[3] === 1) break;
    }
    let background: Rgba = [255, 255, 255, 1];
    for (const layer of layers.reverse()) background = over(layer, background);
    const color = border ? getComputedStyle(element).borderTopColor : getComputedStyle(element, mode === "placeholder" ? "::placeholder" : null).color;
    const text = over(parse(color), background);
    const luminance = ([r, g, b]: Rgba) =>
      [r, g, b].map((v) => v / 255).map((v) => (v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4)).reduce((sum, v, i) => sum + v * [0.2126, 0.7152, 0.0722][i]!, 0);
    const [light, dark] = [luminance(text), luminance(background)].sort((x, y) => y - x) as [number, number];
    return (light + 0.05) / (dark + 0.05);
  }, border);
}

/** A field's placeholder (an example value) reads at 4.5:1 against the field: the browser's grey did not. */
async function expectReadablePlaceholder(what: string, locator: Locator) {
  await expect(locator).toBeVisible();
  expect(await locator.getAttribute("placeholder"), `${what} has a placeholder`).toBeTruthy();
  expect(await contrast(locator, "placeholder"), `${what}'s placeholder`).toBeGreaterThanOrEqual(4.5);
}

async function expectReadable(page: Page, what: string, locator: Locator) {
  await expect(locator).toBeVisible();
  expect(await contrast(locator), what).toBeGreaterThanOrEqual(4.5);
}

/** A form field's edge is told from what is inside and around it at 3:1 (WCAG 1.4.11, non-text contrast). */
async function expectVisibleEdge(what: string, locator: Locator) {
  await expect(locator).toBeVisible();
  for (const side of ["inside", "outside"] as const) expect(await contrast(locator, side), `${what}'s border, ${side}`).toBeGreaterThanOrEqual(3);
}

const CLASSES = ["muc_room", "sql", "rpc", "gen_call", "dead", "unknown", "none"];

for (const scheme of ["light", "dark"] as const) {
  test(`${scheme}: buttons, the active toggle, class badges and links reach 4.5:1`, async ({ page, request }) => {
    await uploadViaApi(request, "room");
    await page.emulateMedia({ colorScheme: scheme });

    await page.goto("/builds");
    await expectReadable(page, "Apply", page.getByTestId("filter-apply"));
    // A link on the page's background (#f7f7f9 in light mode: the builds table is not in a panel).
    await expectReadable(page, "a build's link", page.getByTestId("build-row").first().getByRole("link").first());
    // Every class's badge, and the healthy one, as the tables draw them.
    await page.evaluate((classes) => {
      const holder = document.createElement("p");
      holder.id = "badges";
      for (const cls of classes) holder.insertAdjacentHTML("beforeend", `<span class="badge badge-${cls}" data-badge="${cls}">label</span> `);
      holder.insertAdjacentHTML("beforeend", `<span class="badge badge-healthy" data-badge="healthy">healthy</span>`);
      document.querySelector("main")?.prepend(holder);
    }, CLASSES);
    for (const cls of [...CLASSES, "healthy"]) await expectReadable(page, `the ${cls} badge`, page.locator(`[data-badge="${cls}"]`));

    await page.goto("/");
    // Two toggles over the timeline (its time axis, its queue axis): each one's pressed and unpressed button.
    const active = page.locator(".chart-controls .toggle.active");
    const inactive = page.locator(".chart-controls .toggle:not(.active)");
    await expect(active).toHaveCount(2);
    await expect(inactive).toHaveCount(2);
    for (const [k, toggle] of (await active.all()).entries()) await expectReadable(page, `active chart toggle ${k + 1}`, toggle);
    for (const [k, toggle] of (await inactive.all()).entries()) await expectReadable(page, `inactive chart toggle ${k + 1}`, toggle);

    await page.goto("/upload");
    await expectReadable(page, "choose files…", page.getByTestId("file-picker"));
  });

  test(`${scheme}: form fields' borders reach 3:1, and the "stored" (.ok) text 4.5:1`, async ({ page, request }) => {
    await uploadViaApi(request, "room");
    await page.emulateMedia({ colorScheme: scheme });
    // The filter bar, on the page's background.
    await page.goto("/builds");
    await expectVisibleEdge("the Job select", page.getByTestId("filter-job"));
    await expectVisibleEdge("the Room field", page.getByTestId("filter-room"));
    await expectReadablePlaceholder("the Room field", page.getByTestId("filter-room"));
    await expectVisibleEdge("the From field", page.getByTestId("filter-from"));
    // The upload page's fields, in a panel (--card).
    await page.goto("/upload");
    const fields = page.getByTestId("upload-box").locator("input:not([type=file])");
    expect(await fields.count()).toBeGreaterThan(0);
    for (const [k, field] of (await fields.all()).entries()) {
      await expectVisibleEdge(`upload field ${k + 1}`, field);
      if (await field.getAttribute("placeholder")) await expectReadablePlaceholder(`upload field ${k + 1}`, field);
    }
    // "Stored 1 build:" as the upload list writes it, on the page and in a panel.
    await page.evaluate(() => {
      const main = document.querySelector("main");
      main?.insertAdjacentHTML("afterbegin", '<p class="ok" data-ok="page">Stored 1 build:</p><section class="panel"><p class="ok" data-ok="panel">Stored 1 build:</p></section>');
    });
    await expectReadable(page, "ok text on the page", page.locator('[data-ok="page"]'));
    await expectReadable(page, "ok text in a panel", page.locator('[data-ok="panel"]'));
  });
}
