// Story: the operator on call opens the dashboard on a phone (390 px): no page
// scrolls sideways, a wide table scrolls inside its own box with the build and
// its #number still in sight. At a desktop width (1280 px) the builds table
// fits, its subject / room column included. Long names (room JIDs, jobs, the CI
// URL) wrap after their punctuation, not in the middle of a word.
import { expect, test } from "../fixtures";
import { LOGS, NATURAL_LINE_END, pageWidth, permalinkOf, renderedLines, roomBuildVariant, uploadRoomBuild, uploadViaApi } from "../helpers";
import type { Locator } from "@playwright/test";

const PHONE = { width: 390, height: 844 };
const DESKTOP = { width: 1280, height: 900 };

test.beforeEach(async ({ request }) => {
  await uploadViaApi(request, "room", "sql", "dead", "rex", "chinese", "xss", "watchdog");
});

/** Every line of the element but the last ends at a natural break point. */
async function expectNaturalBreaks(element: Locator): Promise<void> {
  const lines = await renderedLines(element);
  expect(lines.length, "the element shows text").toBeGreaterThan(0);
  for (const line of lines.slice(0, -1)) expect(line, `wrapped as ${JSON.stringify(lines)}`).toMatch(NATURAL_LINE_END);
}

/** The build links (a row's first link) not wholly inside the table's scroll box and the window, by text. */
async function buildLinksCutOff(table: Locator): Promise<string[]> {
  return table.evaluate((node) => {
    const box = node.parentElement?.getBoundingClientRect() ?? node.getBoundingClientRect();
    const left = Math.max(box.left, 0);
    const right = Math.min(box.right, window.innerWidth);
    return [...node.querySelectorAll('[data-testid="build-row"]')]
      .map((row) => row.querySelector("a"))
      .filter((link): link is HTMLAnchorElement => link !== null)
      .filter((link) => link.getBoundingClientRect().left < left - 0.5 || link.getBoundingClientRect().right > right + 0.5)
      .map((link) => link.textContent ?? "");
  });
}

/**
 * How much darker than the page the scroll box's outermost pixels on `side` are, from 0 (the page's
 * own colour) up, with the table's text hidden: what the box's background alone paints there.
 */
async function edgeShade(table: Locator, side: "left" | "right"): Promise<number> {
  const page = table.page();
  await table.evaluate((node) => (node.style.visibility = "hidden"));
  const box = await table.evaluate((node) => {
    const rect = (node.parentElement as HTMLElement).getBoundingClientRect();
    return { x: rect.left, y: rect.top, width: rect.width, height: Math.min(rect.height, 300) };
  });
  const clip = { ...box, x: side === "left" ? box.x + 1 : box.x + box.width - 4, width: 3 };
  const png = (await page.screenshot({ clip })).toString("base64");
  await table.evaluate((node) => (node.style.visibility = ""));
  return page.evaluate(async (data) => {
    const image = new Image();
    image.src = `data:image/png;base64,${data}`;
    await image.decode();
    const canvas = document.createElement("canvas");
    canvas.width = image.width;
    canvas.height = image.height;
    const context = canvas.getContext("2d") as CanvasRenderingContext2D;
    context.drawImage(image, 0, 0);
    const pixels = context.getImageData(0, 0, image.width, image.height).data;
    const page = getComputedStyle(document.body).backgroundColor.match(/\d+/g)?.map(Number) ?? [0, 0, 0];
    let sum = 0;
    pixels.forEach((value, i) => {
      if (i % 4 !== 3) sum += Math.abs(value - (page[i % 4] ?? 0)); // alpha left out
    });
    return sum / (pixels.length / 4) / 3;
  }, png);
}

test.describe("on a phone", () => {
  test.use({ viewport: PHONE });

  const PAGES: { name: string; path: string; shows: string }[] = [
    { name: "overview", path: "/", shows: "latest-incidents" },
    { name: "builds list", path: "/builds", shows: "build-row" },
    { name: "incidents list", path: "/incidents", shows: "incident-row" },
    { name: "rooms list", path: "/rooms", shows: "room-row" },
    { name: "build", path: permalinkOf("room"), shows: "build-title" },
    { name: "room", path: `/rooms/${encodeURIComponent(LOGS.room.room)}`, shows: "room-title" },
    { name: "upload", path: "/upload", shows: "upload-box" },
    { name: "logs list", path: "/logs", shows: "log-row" },
  ];
  for (const { name, path, shows } of PAGES) {
    test(`the ${name} page does not scroll sideways`, async ({ page }) => {
      await page.goto(path);
      await expect(page.getByTestId(shows).first()).toBeVisible();
      const { scrollWidth, innerWidth } = await pageWidth(page);
      expect(scrollWidth, `${path} is laid out ${scrollWidth} px wide in a ${innerWidth} px window`).toBeLessThanOrEqual(innerWidth);
    });
  }

  test("the header's links are targets of 24 by 24 px or more, wrapped on two lines too (WCAG 2.2 target size)", async ({ page }) => {
    // On /upload the links wrap (the current page's is bold): their lines stood 23 px apart (an audit, 2026-12-06).
    for (const path of ["/upload", "/"]) {
      await page.goto(path);
      const boxes = await page.getByRole("navigation", { name: "main" }).getByRole("link").evaluateAll((links) =>
        links.map((link) => ({ text: link.textContent, ...link.getBoundingClientRect().toJSON() }) as { text: string; width: number; height: number; top: number }),
      );
      expect(boxes.length).toBeGreaterThan(3);
      for (const box of boxes) {
        expect(box.height, `${path}: ${box.text}`).toBeGreaterThanOrEqual(24);
        expect(box.width, `${path}: ${box.text}`).toBeGreaterThanOrEqual(24);
      }
    }
  });

  test("a room's name and its stuck pid under it, both links, are far enough apart to tap one and not the other", async ({ incidentsList }) => {
    // They were stacked 16 px tall with no gap (an accessibility review, WCAG 2.5.8).
    await incidentsList.goto(`?job=${LOGS.room.job}`);
    const pids = incidentsList.rows.getByTestId("incident-room-pid");
    await expect(pids.first()).toBeVisible();
    for (const row of await incidentsList.rows.filter({ has: pids }).all()) {
      const room = row.locator(`a[href^="/rooms/"]`).first();
      const [above, below] = [await room.boundingBox(), await row.getByTestId("incident-room-pid").first().boundingBox()];
      expect(below!.y - (above!.y + above!.height), "the gap between the room link and the pid link").toBeGreaterThanOrEqual(8);
    }
  });

  test("the incidents list, Now, by job and the rooms list are cards: no sideways scroll, each value under its column's name", async ({ page }) => {
    // As tables they were laid out 1,075 px (/incidents) and 659 px (Now) wide in a 358 px box: an
    // incident's builds, peak and first / last build were two screens to the right of its room. The
    // rooms list showed a room and its host; its counts needed a sideways scroll (an operator's review).
    for (const { path, table, name } of [
      { path: "/incidents", table: page.getByTestId("incidents-table"), name: "Incidents" },
      { path: "/", table: page.getByTestId("jobs-now").locator("table"), name: "Each job's latest build and what is stuck there" },
      { path: "/rooms", table: page.getByTestId("rooms-table"), name: "Rooms" },
    ]) {
      await page.goto(path);
      await expect(table.locator("tbody tr").nth(1)).toBeVisible();
      const sizes = await table.evaluate((node) => ({ wide: node.scrollWidth, box: node.parentElement?.clientWidth ?? 0 }));
      expect(sizes.wide, `${path}: a ${sizes.wide} px table in a ${sizes.box} px box`).toBeLessThanOrEqual(sizes.box);
      // Every cell in the window, each but the card's head under its column's header text.
      const cells = await table.evaluate((node) => {
        const headers = [...node.querySelectorAll("thead th")].map((th) => (th as HTMLElement).innerText.replace(/\s+/g, " ").trim());
        return [...node.querySelectorAll("tbody tr")].flatMap((row) =>
          [...row.querySelectorAll<HTMLTableCellElement>("td, th")].map((td, column) => {
            const { left, right } = td.getBoundingClientRect();
            return { header: headers[column], label: td.dataset.label ?? null, shown: getComputedStyle(td, "::before").content, left, right, head: td.classList.contains("card-head") };
          }),
        );
      });
      for (const cell of cells) {
        expect(cell.left, `${path}: the ${cell.header} cell starts in the window`).toBeGreaterThanOrEqual(0);
        expect(cell.right, `${path}: the ${cell.header} cell ends in the window`).toBeLessThanOrEqual(PHONE.width);
        if (cell.head) continue;
        expect(cell.label, `${path}: the ${cell.header} cell's label`).toBe(cell.header);
        expect(cell.shown, `${path}: the ${cell.header} cell shows its label, hidden from screen readers`).toBe(`"${cell.header}" / ""`);
      }
      expect(cells.filter((cell) => !cell.head).length, path).toBeGreaterThan(0);
      // Still a table to a screen reader, its columns named by their headers.
      const grid = page.getByRole("table", { name, exact: true });
      await expect(grid.getByRole("columnheader")).toHaveCount(await table.locator("thead th").count());
      await expect(grid.getByRole("cell")).toHaveCount(cells.length - (await table.locator("tbody th").count()));
    }
  });

  test("the filters fold under one button, how many are set on it; unfolded they filter, and Apply folds them again", async ({ page }) => {
    // Unfolded, one field a row, the bar was 416 px of an 844 px screen.
    await page.goto("/incidents");
    const bar = page.getByTestId("filter-bar");
    const toggle = bar.getByTestId("filter-toggle");
    await expect(toggle).toBeVisible();
    await expect(toggle).toHaveText("Filters");
    await expect(toggle).toHaveAttribute("aria-expanded", "false");
    await expect(bar.getByTestId("filter-job")).toBeHidden();
    await expect(bar.getByTestId("filter-apply")).toBeHidden();
    await expect(bar.getByTestId("filter-last-week")).toBeVisible();
    const folded = (await bar.boundingBox())!.height;
    expect(folded, "the folded bar's height").toBeLessThan(60);
    const fields = page.locator(`[id="${await toggle.getAttribute("aria-controls")}"]`);
    await expect(fields).toHaveAttribute("data-testid", "filter-fields");

    await toggle.click();
    await expect(toggle).toHaveAttribute("aria-expanded", "true");
    await expect(bar.getByTestId("filter-apply")).toBeVisible();
    const job = await bar.getByTestId("filter-job").locator("option").nth(1).getAttribute("value");
    expect(job).toBeTruthy();
    await bar.getByTestId("filter-job").selectOption(job!);
    await bar.getByTestId("filter-apply").click();
    await expect(page).toHaveURL(new RegExp(`[?&]job=${encodeURIComponent(job!)}(&|$)`));
    // Drawn anew for the new filter: folded, saying one is set, and the focus on its button (not lost to the page's start).
    await expect(toggle).toHaveText("Filters (1 set)");
    await expect(toggle).toHaveAttribute("aria-expanded", "false");
    await expect(bar.getByTestId("filter-job")).toBeHidden();
    await expect(toggle).toBeFocused();
    await expect(page.getByTestId("incident-row").first()).toBeVisible();
    // Unfolded again, it holds the job applied.
    await toggle.click();
    await expect(bar.getByTestId("filter-job")).toHaveValue(job!);
    await toggle.click();
    await expect(bar.getByTestId("filter-job")).toBeHidden();

    // "Last:" works folded: the hidden From field is set and sent.
    await bar.getByTestId("filter-last-week").click();
    await expect(page).toHaveURL(/[?&]from=/);
    await expect(page).toHaveURL(new RegExp(`[?&]job=${encodeURIComponent(job!)}(&|$)`));
    await expect(toggle).toHaveText("Filters (2 set)");
  });

  test("asking whether to delete a log keeps the logs page from scrolling sideways", async ({ page, logsPage }) => {
    await logsPage.goto();
    await logsPage.rows.first().getByTestId("log-delete").click();
    const confirm = logsPage.rows.first().getByTestId("log-delete-confirm");
    await expect(confirm).toBeVisible();
    const { scrollWidth, innerWidth } = await pageWidth(page);
    expect(scrollWidth).toBeLessThanOrEqual(innerWidth);
    // The row's file name has scrolled out of sight to reach the column: the question names the file,
    // and its answers are big enough and far enough apart to tap.
    const file = (await logsPage.rows.first().getByTestId("log-file").textContent()) ?? "";
    await expect(confirm.getByTestId("log-delete-name")).toBeInViewport();
    expect(((await confirm.getByTestId("log-delete-name").textContent()) ?? "").replace(/:$/, "")).toBe(file.trim());
    const [yes, no] = [await confirm.getByTestId("log-delete-yes").boundingBox(), await confirm.getByTestId("log-delete-no").boundingBox()];
    expect(yes!.height).toBeGreaterThanOrEqual(24);
    expect(no!.height).toBeGreaterThanOrEqual(24);
    // Side by side 8 px apart or more, or "keep it" under "yes, delete" (the question wraps in its own box).
    expect(no!.x >= yes!.x + yes!.width + 8 || no!.y >= yes!.y + yes!.height, `yes at ${JSON.stringify(yes)}, keep at ${JSON.stringify(no)}`).toBe(true);
  });

  test("the builds table scrolls in its box and keeps each build and its #number in sight", async ({ buildsList }) => {
    await buildsList.goto("?pageSize=500"); // every build of the suite on one page
    const first = buildsList.rows.first().getByRole("link").first();
    await expect(first).toBeInViewport({ ratio: 1 });
    expect(await buildLinksCutOff(buildsList.table)).toEqual([]);
    await expectNaturalBreaks(buildsList.rows.filter({ hasText: `#${LOGS.dead.number}` }).getByRole("link").first());

    // Scrolled to its far end, the table still shows which build each row is, and the page did not move.
    await buildsList.table.evaluate((table) => table.parentElement?.scrollBy({ left: 10_000 }));
    await expect(first).toBeInViewport({ ratio: 1 });
    expect(await buildLinksCutOff(buildsList.table)).toEqual([]);
    const { scrollWidth, innerWidth } = await pageWidth(buildsList.page);
    expect(scrollWidth).toBeLessThanOrEqual(innerWidth);
  });

  test("a table wider than its box shades the edge more columns lie beyond, and only that edge", async ({ buildsList }) => {
    await buildsList.goto();
    await expect(buildsList.rows.first()).toBeVisible();
    const scroll = (left: number) => buildsList.table.evaluate((table, to) => table.parentElement?.scrollTo({ left: to }), left);
    await scroll(0);
    expect(await edgeShade(buildsList.table, "right"), "more columns to the right: that edge is shaded").toBeGreaterThan(8);
    expect(await edgeShade(buildsList.table, "left"), "nothing to the left yet").toBeLessThan(2);
    await scroll(10_000);
    expect(await edgeShade(buildsList.table, "right"), "scrolled to the end: no shade left there").toBeLessThan(2);
  });

  test("scrolled, the column that stays in sight shades the columns that slid under it", async ({ buildsList }) => {
    await buildsList.goto();
    const key = buildsList.rows.first().locator(".key-col");
    await expect(key).toBeVisible();
    const scroll = (left: number) => buildsList.table.evaluate((table, to) => table.parentElement?.scrollTo({ left: to }), left);
    // The box's own left shade is under the sticky column: it casts one (an outer shadow, past the inset rule).
    const shades = () => key.evaluate((cell) => getComputedStyle(cell).boxShadow.split(/,(?![^(]*\))/).filter((part) => part.trim() !== "none" && !part.includes("inset")).length);
    await scroll(0);
    await expect.poll(shades, { message: "at the start, nothing slid under it" }).toBe(0);
    await scroll(40);
    await expect.poll(shades, { message: "scrolled: a shade" }).toBe(1);
  });

  test("a build's long names wrap at their punctuation and stay in their cards", async ({ buildPage }) => {
    await buildPage.goto(permalinkOf("room"));
    for (const element of [buildPage.title, buildPage.ciLink, buildPage.culpritSubject, buildPage.culpritRoom, buildPage.sampleGroupTitles.first()]) {
      await expectNaturalBreaks(element);
      const inside = await element.evaluate((node) => {
        const card = node.closest(".panel, .page-head") ?? document.body;
        return node.getBoundingClientRect().right <= card.getBoundingClientRect().right + 0.5;
      });
      expect(inside, `${await element.innerText()} stays inside its card`).toBe(true);
    }
  });

  test("room names in the rooms table wrap at their punctuation", async ({ roomsPage }) => {
    await roomsPage.goto();
    await expectNaturalBreaks(roomsPage.row(LOGS.room.room).getByTestId("room-link"));
  });

  test("the overview's rooms chart leaves its bars about half its width, its labels cut shorter", async ({ page }) => {
    await page.goto("/");
    const chart = page.getByTestId("rooms-chart");
    await chart.scrollIntoViewIfNeeded();
    const grid = chart.locator(".recharts-cartesian-grid");
    await expect(grid).toBeVisible();
    // Labels as wide as on a desktop (28 characters) left the bars a quarter of the chart.
    await expect
      .poll(async () => {
        const [outer, plot] = await Promise.all([chart.boundingBox(), grid.boundingBox()]);
        return outer && plot ? plot.width / outer.width : 0;
      })
      .toBeGreaterThan(0.4);
  });
});

test.describe("on a phone without JavaScript", () => {
  test.use({ viewport: PHONE, javaScriptEnabled: false });

  test("the filter bar shows its fields (no button could unfold them) and filters as a plain form", async ({ page }) => {
    await page.goto("/builds");
    const bar = page.getByTestId("filter-bar");
    await expect(bar.getByTestId("filter-toggle")).toBeHidden();
    await expect(bar.getByTestId("filter-job")).toBeVisible();
    const job = await bar.getByTestId("filter-job").locator("option").nth(1).getAttribute("value");
    await bar.getByTestId("filter-job").selectOption(job!);
    await bar.getByTestId("filter-apply").click();
    await expect(page).toHaveURL(new RegExp(`[?&]job=${encodeURIComponent(job!)}(&|$)`));
  });
});

test.describe("at a desktop width", () => {
  test.use({ viewport: DESKTOP });

  test("asking whether to delete a log keeps the logs table in its box, the row's file name in sight", async ({ logsPage }) => {
    // On one line the question made its column 370 px wide: the table scrolled sideways (1,377 px
    // in 1,152) and the file names were cut at their start (an operator's review).
    await logsPage.goto();
    const row = logsPage.rows.first();
    await row.getByTestId("log-delete").click();
    await expect(row.getByTestId("log-delete-confirm")).toBeVisible();
    const sizes = await logsPage.table.evaluate((node) => ({ wide: node.scrollWidth, box: node.parentElement?.clientWidth ?? 0 }));
    expect(sizes.wide, `a ${sizes.wide} px table in a ${sizes.box} px box`).toBeLessThanOrEqual(sizes.box);
    await expect(row.getByTestId("log-file")).toBeInViewport({ ratio: 1 });
    await expect(row.getByTestId("log-delete-yes")).toBeInViewport({ ratio: 1 });
  });

  test("the filters show at once, with no button to unfold them", async ({ page }) => {
    await page.goto("/incidents");
    const bar = page.getByTestId("filter-bar");
    await expect(bar.getByTestId("filter-job")).toBeVisible();
    await expect(bar.getByTestId("filter-apply")).toBeVisible();
    await expect(bar.getByTestId("filter-toggle")).toBeHidden();
    // Laid out as before the fold: a row of fields, the Job field and Apply on the bar's first two lines.
    const jobBox = (await bar.getByTestId("filter-job").boundingBox())!;
    const applyBox = (await bar.getByTestId("filter-apply").boundingBox())!;
    expect(applyBox.y - jobBox.y, "Apply is at most one row below Job").toBeLessThan(2 * jobBox.height + 40);
  });

  test("the builds table fits its box: the subject / room column is not cut off", async ({ buildsList }) => {
    await buildsList.goto();
    await expect(buildsList.rows.first()).toBeVisible();
    const { table, box } = await buildsList.table.evaluate((node) => ({ table: node.scrollWidth, box: node.parentElement?.clientWidth ?? 0 }));
    expect(table, `a ${table} px table in a ${box} px box`).toBeLessThanOrEqual(box);
    const subjects = buildsList.rows.getByTestId("build-subject");
    expect(await subjects.count()).toBe(await buildsList.rows.count());
    for (const subject of await subjects.all()) {
      const { scrollWidth, clientWidth } = await subject.evaluate((cell) => ({ scrollWidth: cell.scrollWidth, clientWidth: cell.clientWidth }));
      const text = await subject.innerText();
      expect(scrollWidth, `"${text}" fits its cell`).toBeLessThanOrEqual(clientWidth);
      if (text.trim() !== "") await expectNaturalBreaks(subject); // a healthy build has no subject
    }
  });

  test("the incidents table of a long-named job fits its box: the first / last build column is not cut off", async ({ request, incidentsList }) => {
    // The seed's job and room names are the long ones (ProductCI_ejabberd_mqueue_random_monitor,
    // snh-48#pocket48_76366191207121304@conference.easemob.com): the column that links an incident's
    // builds comes last and was the one cut off at the box's edge. An incident over builds far apart
    // by number ("2 of 1,500 numbers" under its count) cut it off again (an operator's review: 1229 px in 1152).
    // (A job of its own: the seed's job is other specs' too, which count its builds.)
    const spanned = `${LOGS.room.job}_numbers_spanned`;
    // (Not an snh-48 room: a room filter of "snh-48" lists the rooms that hold it, and a story counts them.)
    const room = "e2e#spanned_numbers_room_76366191207121304@conference.easemob.com";
    await uploadRoomBuild(request, { job: spanned, number: 30001, room, at: "2015-09-01 10:00:00" });
    await uploadRoomBuild(request, { job: spanned, number: 31500, room, at: "2015-09-01 11:00:00" });
    await incidentsList.goto(`?job=${spanned}`);
    await expect(incidentsList.rows.getByTestId("incident-numbers")).toHaveText(["2 of 1,500 numbers"]);
    const spannedSizes = await incidentsList.table.evaluate((node) => ({ table: node.scrollWidth, box: node.parentElement?.clientWidth ?? 0 }));
    expect(spannedSizes.table, `a ${spannedSizes.table} px table in a ${spannedSizes.box} px box`).toBeLessThanOrEqual(spannedSizes.box);
    // The job filter names the job: no column repeats it.
    await expect(incidentsList.rows.getByTestId("incident-job")).toHaveCount(0);
    await incidentsList.goto(`?job=${LOGS.room.job}`);
    await expect(incidentsList.rows.first()).toBeVisible();
    const { table, box } = await incidentsList.table.evaluate((node) => ({ table: node.scrollWidth, box: node.parentElement?.clientWidth ?? 0 }));
    expect(table, `a ${table} px table in a ${box} px box`).toBeLessThanOrEqual(box);
    // The chart of incidents over time is above the table: the page scrolled down to the table, and
    // only down (scrolling the table's box sideways would hide the cut this looks for).
    await incidentsList.table.evaluate((node) => window.scrollTo(window.scrollX, node.getBoundingClientRect().top + window.scrollY));
    for (const link of await incidentsList.rows.getByTestId("incident-first").all()) await expect(link).toBeInViewport({ ratio: 1 });
    // The room's stuck pid under it (the seed's reader followed the pid): whole, in sight.
    const pids = incidentsList.rows.getByTestId("incident-room-pid");
    expect(await pids.count()).toBeGreaterThan(0);
    for (const pid of await pids.all()) await expect(pid).toBeInViewport({ ratio: 1 });
    // A time may wrap between its date and its hour, nowhere else.
    for (const when of await incidentsList.rows.getByTestId("incident-when").all()) {
      const lines = await renderedLines(when);
      for (const line of lines) expect(line.trim(), `wrapped as ${JSON.stringify(lines)}`).toMatch(/^((to |in the top list until )?\d{4}-\d\d-\d\d( \d\d:\d\d UTC)?|\d\d:\d\d UTC|in the top list until( #\d+)?)$/);
    }
  });

  test("a room name of 601 letters with no punctuation wraps: no page or table grows wider than the window", async ({ page, request }) => {
    // Left whole, such a word set its column's smallest width: the rooms table and the build page
    // were laid out about 6,300 px wide (an operator-UX review).
    const job = "e2e_long_room_monitor";
    const room = `e2e#${"x".repeat(601)}@conference.easemob.com`;
    await uploadRoomBuild(request, { job, number: 1, room });
    for (const path of [`/builds/${job}/1`, "/rooms", `/incidents?job=${job}`, `/builds?job=${job}`, `/rooms/${encodeURIComponent(room)}`]) {
      await page.goto(path);
      await expect(page.getByText("xxxxxxxx").first()).toBeVisible();
      const { scrollWidth, innerWidth } = await pageWidth(page);
      expect(scrollWidth, `${path} is laid out ${scrollWidth} px wide in a ${innerWidth} px window`).toBeLessThanOrEqual(innerWidth);
      // Nor is a table wider than the window (its own box would scroll, hiding the other columns).
      const wide = await page.locator("table").evaluateAll((tables) => tables.map((t) => t.scrollWidth).filter((w) => w > window.innerWidth));
      expect(wide, path).toEqual([]);
    }
  });

  test("room JIDs and job names wrap at their punctuation", async ({ buildPage, incidentsList }) => {
    await buildPage.goto(permalinkOf("room"));
    await expectNaturalBreaks(buildPage.culpritSubject);
    await expectNaturalBreaks(buildPage.culpritRoom);

    // (Unfiltered: under a job filter the list leaves its job column out.)
    await incidentsList.goto();
    const job = incidentsList.rows.filter({ hasText: LOGS.rex.job }).first().getByTestId("incident-job");
    await expect(job).toHaveText(LOGS.rex.job);
    await expectNaturalBreaks(job);
  });

  test("a snapshot's long build names wrap inside the incidents table, the full name in their title", async ({ request, incidentsList }) => {
    // Two monitor runs of a job whose log names no build number: linked by id, named by their time.
    const job = "e2e_unnumbered_monitor";
    const run = (time: string) =>
      roomBuildVariant({ job, number: 1, room: "e2e#unnumbered_room@conference.easemob.com" })
        .replace(/^(\+ echo )?BUILD_(NUMBER|URL)=.*\n/gm, "")
        .replace("2015-09-01 10:00:00", time);
    const response = await request.post("/api/logs?filename=unnumbered-runs.log", {
      headers: { "content-type": "text/plain" },
      data: run("2015-09-01 10:00:00") + run("2015-09-01 10:10:00"),
    });
    expect(response.status(), await response.text()).toBeLessThan(300);

    await incidentsList.goto(`?job=${job}`);
    await expect(incidentsList.rows).toHaveCount(1);
    const { table, box } = await incidentsList.table.evaluate((node) => ({ table: node.scrollWidth, box: node.parentElement?.clientWidth ?? 0 }));
    expect(table, `a ${table} px table in a ${box} px box`).toBeLessThanOrEqual(box);
    const { scrollWidth, innerWidth } = await pageWidth(incidentsList.page);
    expect(scrollWidth, `/incidents is laid out ${scrollWidth} px wide in a ${innerWidth} px window`).toBeLessThanOrEqual(innerWidth);
    for (const [testId, time] of [["incident-first", "02:00:00"], ["incident-last", "02:10:00"]] as const) {
      const link = incidentsList.rows.first().getByTestId(testId);
      await expect(link).toBeInViewport({ ratio: 1 });
      await expect(link).toHaveText(`monitor run of 2015-09-01 ${time} UTC`);
      await expect(link).toHaveAttribute("href", /^\/builds\/by-id\/\d+$/);
      await expect(link).toHaveAttribute("title", `${job}: monitor run of 2015-09-01 ${time} UTC`);
    }
  });
});
