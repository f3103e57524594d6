// Story: a stuck mailbox holds long messages (MySQL packets, big stanzas). The build page shows
// each one cut, and past a bound shows the rest by their summary alone: the page stays a few MB,
// where a build of 1,000 messages of 50 KB was a 50 MB page (a security review, 2026-12-07).
// The build's JSON, linked from the page, holds every message whole.
import { expect, test } from "../fixtures";

const JOB = "e2e_long_messages_monitor";

/** A run of `count` messages of about `size` characters each (a cast carrying a long binary). */
function longMessagesLog(count: number, size: number): string {
  const messages = Array.from({ length: count }, (_, k) => `{'$gen_cast',{store,${k},<<"${String.fromCharCode(97 + (k % 26)).repeat(size)}">>}}`);
  return (
    `JOB_NAME=${JOB}\nBUILD_NUMBER=1\n` +
    `processes sorted by queue_len desc:\n [{<0.90.0>,{message_queue_len,${count * 10}}}]\n` +
    `message queue len of pid <0.90.0> : {message_queue_len,${count * 10}}\n` +
    `message in pid <0.90.0> :\n [${messages.join(",\n  ")}]\n`
  );
}

test("a build of 40 messages of 150,000 characters: each cut on the page, the later ones named only, the page a few MB; the JSON whole", async ({ page, request }) => {
  const upload = await request.post("/api/logs?filename=long-messages.log", { headers: { "content-type": "text/plain" }, data: Buffer.from(longMessagesLog(40, 150_000), "utf8") });
  expect(upload.status(), await upload.text()).toBe(201);

  const response = await page.goto(`/builds/${JOB}/1`);
  expect(response?.status()).toBe(200);
  // 6 MB of messages: the page holds 2,000,000 characters of them.
  // (2,045,644 bytes when written; 6,188,022 before the bound.)
  expect((await response!.body()).byteLength).toBeLessThan(3_000_000);
  await expect(page.getByTestId("samples-cut")).toContainText("20 messages are too long to show whole here, and 20 messages are named alone");
  await expect(page.getByTestId("samples-cut").getByRole("link")).toHaveAttribute("href", `/api/builds/${JOB}/1`);
  await expect(page.getByTestId("sample-cut").first()).toContainText("#1: its last 50,0");
  // 20 shown cut (100,000 characters each), the other 20 by their summary.
  await expect(page.getByTestId("sample")).toHaveCount(20);
  await expect(page.getByTestId("sample-not-shown")).toHaveCount(20);
  // The first, open, shows its text first, said cut here (not in the log); its tree a click away.
  const first = page.getByTestId("sample").first();
  await expect(first).toContainText("cut for this page");
  await expect(first.getByTestId("term-raw")).toContainText("{'$gen_cast',{store,0,<<\"aaaa");
  // A long message scrolls in a box of its own, which the keyboard reaches (a UI review: the page
  // grew 15,000 px tall): the first sample open takes a few hundred pixels, not 100,000 characters' worth.
  const raw = first.getByTestId("term-raw");
  const box = await raw.boundingBox();
  expect(box?.height).toBeLessThan(600);
  expect(await raw.evaluate((node) => node.scrollHeight > node.clientHeight)).toBe(true);
  await expect(raw).toHaveAttribute("tabindex", "0");
  await first.getByTestId("term-show-tree").click();
  await expect(first.getByTestId("term-tree")).toContainText("store");
  expect((await first.getByTestId("term-tree").boundingBox())?.height).toBeLessThan(600);

  const json = (await (await request.get(`/api/builds/${JOB}/1`)).json()) as { build: { samples: { raw: string }[] } };
  expect(json.build.samples).toHaveLength(40);
  expect(json.build.samples.every((sample) => sample.raw.length > 150_000)).toBe(true);
});

test("a short message opens at its full height, not in a scrolling box", async ({ page, request }) => {
  const job = "e2e_short_message_monitor";
  const log = longMessagesLog(1, 300).replaceAll(JOB, job);
  const upload = await request.post("/api/logs?filename=short-message.log", { headers: { "content-type": "text/plain" }, data: Buffer.from(log, "utf8") });
  expect(upload.status(), await upload.text()).toBe(201);
  await page.goto(`/builds/${job}/1`);
  const tree = page.getByTestId("sample").first().getByTestId("term-tree");
  await expect(tree).toContainText("store");
  await expect(tree).not.toHaveAttribute("tabindex", "0");
  expect(await tree.evaluate((node) => node.scrollHeight <= node.clientHeight + 1)).toBe(true);
});
