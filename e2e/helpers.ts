// Test data and small helpers shared by the specs: the fixture logs live in
// e2e/data (copied from the real CI logs of the seed, plus a few made for
// the tests), uploads through the API for specs that only need data.
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { expect, type APIRequestContext, type Locator, type Page, type TestInfo } from "@playwright/test";

/** This directory (the package is an ES module: no `__dirname`). */
const HERE = path.dirname(fileURLToPath(import.meta.url));
export const DATA_DIR = path.join(HERE, "data");

/** The logs the specs use, by what they show. */
export const LOGS = {
  /** Build 25877: a mod_muc_room flooded by one room. */
  room: { file: "room-25877.log", job: "ProductCI_ejabberd_mqueue_random_monitor", number: 25877, room: "snh-48#pocket48_76366191207121304@conference.easemob.com" },
  /** Build 27044: a p1_mysql connection. */
  sql: { file: "sql-27044.log", job: "ProductCI_ejabberd_mqueue_random_monitor", number: 27044 },
  /** Build 27140: the worst process died before it was inspected. */
  dead: { file: "dead-27140.log", job: "ProductCI_ejabberd_mqueue_random_monitor", number: 27140 },
  /** Build 11431 of the dbcluster job: rex, the rpc server. */
  rex: { file: "rex-11431.log", job: "ProductCI_ejabberd_mqueue_random_monitor_dbcluster", number: 11431 },
  /** A modern ejabberd log with a Chinese room name and body. */
  chinese: { file: "room-chinese-812.log", job: "ejabberd_mqueue_monitor_modern", number: 812, room: "运维值班@conference.im.example.cn" },
  /** Message bodies holding <script> and <img onerror>, and a javascript: CI URL. */
  xss: { file: "xss-room-9001.log", job: "e2e_xss_monitor", number: 9001, room: "e2e#xss_room_1@conference.easemob.com" },
  /** Two builds in one log (501: a room, 502: healthy), of a job no other log has. */
  twoBuilds: { file: "two-builds-501.log", job: "e2e_logs_monitor", number: 501 },
  /** The same two builds under a job of their own (601, 602): for specs that need such a log without storing twoBuilds, whose first upload other specs tell. */
  a11yTwoBuilds: { file: "a11y-two-builds-601.log", job: "e2e_a11y_monitor", number: 601 },
  /** A top list the term parser cannot read (`38 37`). */
  bad: { file: "bad-term.log" },
  /** ejabberd's overload watchdog: four snapshots (no job, no build number), each its own incident. */
  watchdog: { file: "ejabberd-watchdog.log" },
  /** Builds 701 and 702 of one job, started the same minute, the same room stuck in both: one incident of 2 builds. */
  sameTime: {
    file: "room-same-time-701-702.log",
    job: "e2e_same_time_monitor",
    number: 701,
    last: 702,
    room: "e2e#same_time_room@conference.easemob.com",
  },
} as const;

export type LogName = keyof typeof LOGS;

export function readLog(name: LogName): string {
  return fs.readFileSync(path.join(DATA_DIR, LOGS[name].file), "utf8");
}

/**
 * The XSS fixture (one room build, 9001) as a build of another job and room,
 * for specs that need a room or job of their own: its queue lengths set when
 * given, its timestamped lines dropped with `untimed`.
 */
/**
 * `pid`: the stuck process's, for the fixture's `<6562.777.1>` (builds of two processes: two incidents).
 * `at`: when it ran, for the fixture's `2015-09-01 10:00:00` (the same form, in its +0800 zone).
 */
export function roomBuildVariant(options: { job: string; number: number; room: string; queueLen?: number; untimed?: boolean; pid?: string; at?: string }): string {
  let log = readLog("xss")
    .replaceAll(LOGS.xss.job, options.job)
    .replaceAll(String(LOGS.xss.number), String(options.number))
    .replaceAll(LOGS.xss.room, options.room)
    .replaceAll("javascript:alert(document.domain)", `http://ci.example.org/job/${options.job}/${options.number}/`);
  if (options.pid !== undefined) log = log.replaceAll("<6562.777.1>", options.pid);
  if (options.at !== undefined) log = log.replaceAll("2015-09-01 10:00:00", options.at);
  if (options.queueLen !== undefined) log = log.replace(/\{message_queue_len,(4242|4250)\}/g, `{message_queue_len,${options.queueLen}}`);
  // No timestamped line left: nothing in the log says when it ran.
  if (options.untimed) log = log.replace(/^\[?\d{4}-\d\d-\d\d[ T].*\n/gm, "");
  return log;
}

export function permalinkOf(name: LogName): string {
  const log = LOGS[name];
  if (!("job" in log)) throw new Error(`${name} has no build`);
  return `/builds/${encodeURIComponent(log.job)}/${log.number}`;
}

/** Uploads `roomBuildVariant(options)` as `<job>_<number>.log` through the API; fails the test unless it is stored. */
export async function uploadRoomBuild(request: APIRequestContext, options: Parameters<typeof roomBuildVariant>[0]): Promise<void> {
  const response = await request.post(`/api/logs?filename=${options.job}_${options.number}.log`, {
    headers: { "content-type": "text/plain" },
    data: roomBuildVariant(options),
  });
  expect(response.status(), await response.text()).toBeLessThan(300);
}

/** Uploads through the API (setup for specs whose story is not the upload). Idempotent. */
export async function uploadViaApi(request: APIRequestContext, ...names: LogName[]): Promise<void> {
  for (const name of names) {
    const response = await request.post(`/api/logs?filename=${encodeURIComponent(LOGS[name].file)}`, {
      headers: { "content-type": "text/plain" },
      data: Buffer.from(readLog(name), "utf8"),
    });
    expect(response.status(), `uploading ${name}: ${await response.text()}`).toBeLessThan(300);
  }
}

/** Saves a full-page screenshot under test-results/screenshots/ and attaches it to the report. */
export async function saveScreenshot(page: Page, testInfo: TestInfo, name: string): Promise<void> {
  const file = path.join(HERE, "..", "test-results", "screenshots", `${name}.png`);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  await page.screenshot({ path: file, fullPage: true, animations: "disabled" });
  await testInfo.attach(name, { path: file, contentType: "image/png" });
}

/** Fails the test if the page ever opens alert/confirm/prompt (an injected script ran). */
export function failOnDialog(page: Page): string[] {
  const opened: string[] = [];
  page.on("dialog", async (dialog) => {
    opened.push(`${dialog.type()}: ${dialog.message()}`);
    await dialog.dismiss();
  });
  return opened;
}

/** How wide the page is laid out against the window: wider means it scrolls sideways. */
export async function pageWidth(page: Page): Promise<{ scrollWidth: number; innerWidth: number }> {
  return page.evaluate(() => ({ scrollWidth: document.documentElement.scrollWidth, innerWidth: window.innerWidth }));
}

/**
 * The text of each line an element is laid out on, as a reader sees it wrap
 * (from the position of every character; a space the wrap swallowed ends its line).
 */
export async function renderedLines(element: Locator): Promise<string[]> {
  return element.evaluate((root) => {
    const lines: string[] = [];
    let line: string | null = null;
    let lineTop = 0;
    const range = document.createRange();
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const text = node.textContent ?? "";
      for (let i = 0; i < text.length; i++) {
        range.setStart(node, i);
        range.setEnd(node, i + 1);
        const box = range.getClientRects()[0];
        if (box && box.width > 0 && (line === null || box.top > lineTop + box.height / 2)) {
          if (line !== null) lines.push(line);
          line = "";
          lineTop = box.top;
        }
        if (line !== null) line += text.charAt(i);
      }
    }
    if (line !== null) lines.push(line);
    return lines;
  });
}

/** Where a long name may end a line: after a space, `-`, or the punctuation components/ui/break-points.ts breaks at. */
export const NATURAL_LINE_END = /[\s\-@._#/?&=]$/;

/**
 * Presses `key` on a chart's surface until `shown` (its tooltip) is visible: the first presses may
 * come before the page is hydrated, when nothing answers them (so the chart may have stepped past its
 * first point by then).
 */
export async function pressUntilShown(surface: Locator, key: string, shown: Locator): Promise<void> {
  await expect(async () => {
    await surface.press(key);
    await expect(shown).toBeVisible({ timeout: 1_000 });
  }).toPass({ timeout: 15_000 });
}
