// What an upload's metadata may override: `number`, `startedAt` and `url` name one build, so a log of
// several monitor runs sent with any of them is refused (422) rather than made one build or put at one
// moment; `job` applies to every run, each keeping its own time. A file name that ends in a day is
// no build number.
import fs from "node:fs";
import path from "node:path";
import { describe, expect, test } from "vitest";
import { POST as postLogs } from "@/app/api/logs/route";
import { generateLog } from "@/lib/monitor-log/generate";
import { fixture, multipartRequest, rawRequest } from "@/lib/testing/api";
import { useTestDatabase } from "@/lib/testing/use-test-database";

/** A log of `builds` monitor runs with their own numbers and times, and no job lines of its own that matter here. */
const log = (seed: number, builds: number) => [...generateLog({ seed, builds, job: `meta-${seed}` })].join("");
type Answer = { builds: { number: number | null; job: string | null; startedAt: string | null }[]; error?: { message: string; line: number } };
const upload = async (text: string, query: string) => {
  const response = await postLogs(rawRequest(text, "text/plain", { query }));
  return { status: response.status, body: (await response.json()) as Answer };
};

describe("upload metadata", () => {
  useTestDatabase("sqlite", "upload_meta");

  test("startedAt with a log of several runs is refused, naming the start time; so is number", async () => {
    const two = log(31, 2);
    const when = await upload(two, "?filename=two.log&startedAt=2020-01-01T00:00:00Z");
    expect(when.status).toBe(422);
    expect(when.body.error?.message).toContain("the start time 2020-01-01T00:00:00");
    expect(when.body.error?.message).toContain("more than one monitor run");
    const number = await upload(two, "?filename=two.log&number=5");
    expect(number.status).toBe(422);
    expect(number.body.error?.message).toContain("build number 5");
    // A URL too: every run linked to one CI page (stored so before; the upload page refused it).
    const url = await upload(two, `?filename=two.log&url=${encodeURIComponent("https://ci.example/job/x/7/")}`);
    expect(url.status).toBe(422);
    expect(url.body.error?.message).toMatch(/^two\.log:\d+:1: the upload names the build URL https:\/\/ci\.example\/job\/x\/7\/, but the log holds more than one monitor run/);
  });

  test("startedAt with several files, each of one run: refused, naming the other file; nothing stored", async () => {
    const files = [
      { name: "first.log", content: log(35, 1) },
      { name: "second.log", content: log(36, 1) },
    ];
    const response = await postLogs(multipartRequest(files, { startedAt: "2020-01-01T00:00:00Z" }));
    const body = (await response.json()) as Answer;
    expect(response.status, body.error?.message).toBe(422);
    expect(body.error?.message).toMatch(/^second\.log:\d+:1: the upload names the start time 2020-01-01T00:00:00.*first\.log, another file of this upload, has a monitor run too/);
    // A URL names one build too: the same, nothing stored.
    const linked = await postLogs(multipartRequest(files, { url: "https://ci.example/job/x/7/" }));
    const linkedBody = (await linked.json()) as Answer;
    expect(linked.status, linkedBody.error?.message).toBe(422);
    expect(linkedBody.error?.message).toMatch(/^second\.log:\d+:1: the upload names the build URL https:\/\/ci\.example\/job\/x\/7\/, which is one build's, but first\.log, another file of this upload, has a monitor run too: upload each file with its own URL, or without it$/);
    // Each file alone with it, or both without it: stored.
    expect((await postLogs(multipartRequest(files.slice(0, 1), { startedAt: "2020-01-01T00:00:00Z" }))).status).toBe(201);
    expect((await postLogs(multipartRequest(files.slice(1)))).status).toBe(201);
  });

  test("job with a log of several runs applies to each, which keep their own times", async () => {
    const { status, body } = await upload(log(32, 2), "?filename=two.log&job=renamed");
    expect(status).toBe(201);
    expect(body.builds.map((b) => b.job)).toEqual(["renamed", "renamed"]);
    expect(new Set(body.builds.map((b) => b.startedAt)).size).toBe(2);
  });

  test("a form field or query parameter the upload does not read is said in the warnings, with the name it may have meant", async () => {
    const response = await postLogs(
      multipartRequest([{ name: "console.log", content: log(34, 1) }], { Job: "misspelt", build: "8", job: "meta-right", BUILD_URL: "https://ci/8", format: "text", colour: "red" }, { query: "?Number=3&JOB_NAME=x&Format=text&run_attempt=2" }),
    );
    expect(response.status).toBe(201);
    const body = (await response.json()) as Answer & { logs: { warnings: string[] }[] };
    expect(body.builds.map((b) => b.job)).toEqual(["meta-right"]);
    expect(body.logs[0]!.warnings).toEqual([
      'query parameter "Number" is not one this endpoint reads (job, number, attempt, startedAt, url, filename, utcOffset, format): did you mean number?; it was ignored',
      // CI's own spellings (a review, 2026-12-07: these had no hint).
      'query parameter "JOB_NAME" is not one this endpoint reads (job, number, attempt, startedAt, url, filename, utcOffset, format): did you mean job?; it was ignored',
      'query parameter "Format" is not one this endpoint reads (job, number, attempt, startedAt, url, filename, utcOffset, format): did you mean format?; it was ignored',
      'query parameter "run_attempt" is not one this endpoint reads (job, number, attempt, startedAt, url, filename, utcOffset, format): did you mean attempt?; it was ignored',
      'form field "Job" is not one this endpoint reads (job, number, attempt, startedAt, url, filename, utcOffset): did you mean job?; it was ignored',
      'form field "build" is not one this endpoint reads (job, number, attempt, startedAt, url, filename, utcOffset): did you mean number?; it was ignored',
      'form field "BUILD_URL" is not one this endpoint reads (job, number, attempt, startedAt, url, filename, utcOffset): did you mean url?; it was ignored',
      'form field "format" is read as a query parameter only (?format=text: the answer\'s form is chosen before the body is read); it was ignored',
      'form field "colour" is not one this endpoint reads (job, number, attempt, startedAt, url, filename, utcOffset); it was ignored',
    ]);
    const clean = await postLogs(multipartRequest([{ name: "console.log", content: log(35, 1) }], { job: "meta-clean" }));
    expect(((await clean.json()) as { logs: { warnings: string[] }[] }).logs[0]!.warnings).toEqual([]);
  });

  test("an upload's number that differs from the log's, and a form field the query overrode, are said in the warnings", async () => {
    // The log says 25870 (BUILD_NUMBER=); the query says 1000, the form 2000: stored as 1000.
    const text = fixture("ProductCI_ejabberd_mqueue_random_monitor_25870.log");
    const response = await postLogs(multipartRequest([{ name: "console.log", content: text }], { number: "2000" }, { query: "?number=1000" }));
    expect(response.status).toBe(201);
    const body = (await response.json()) as Answer & { logs: { warnings: string[] }[] };
    expect(body.builds.map((b) => b.number)).toEqual([1000]);
    expect(body.logs[0]!.warnings).toEqual([
      expect.stringMatching(/^console\.log:\d+:1: stored as build number 1000, which the upload sent; the log names 25870 \(its BUILD_NUMBER=, BUILD_URL= or file name\): the upload's wins$/),
      'form field number="2000" was overridden by the query parameter number="1000": a query parameter wins',
    ]);
    // The same number as the log's: no word.
    const same = await postLogs(rawRequest(text.replaceAll("25870", "25871"), "text/plain", { query: "?filename=same.log&number=25871" }));
    expect(((await same.json()) as { logs: { warnings: string[] }[] }).logs[0]!.warnings).toEqual([]);
    // The same values written otherwise, and an empty query parameter (none): no word either.
    const alike = await postLogs(
      multipartRequest(
        [{ name: "alike.log", content: text.replaceAll("25870", "25872") }],
        { number: "025872", startedAt: "2015-08-25T03:28:00Z", job: "meta-alike " },
        { query: "?number=25872&startedAt=2015-08-25T11:28:00%2B08:00&job=meta-alike&url=" },
      ),
    );
    expect(alike.status).toBe(201);
    expect(((await alike.json()) as { logs: { warnings: string[] }[] }).logs[0]!.warnings).toEqual([]);
    // A duplicate stores nothing: no "stored as build number" (its note says what was not applied).
    const again = await postLogs(multipartRequest([{ name: "console.log", content: text }], { number: "2000" }, { query: "?number=1000" }));
    expect(again.status).toBe(200);
    const repeated = (await again.json()) as { logs: { warnings: string[]; note: string }[] };
    expect(repeated.logs[0]!.warnings.filter((w) => w.includes("stored as build number"))).toEqual([]);
  });

  test("a console written in GBK (not UTF-8): stored, and said once, with how to convert it", async () => {
    const text = fixture("ProductCI_ejabberd_mqueue_random_monitor_25870.log").replaceAll("ProductCI_ejabberd_mqueue_random_monitor", "运维_monitor").replaceAll("25870", "25873");
    const utf8 = Buffer.from(text, "utf8");
    // 运维 in GBK: D4 CB CE AC.
    const gbk = Buffer.from(utf8.toString("latin1").replaceAll(Buffer.from("运维", "utf8").toString("latin1"), Buffer.from([0xd4, 0xcb, 0xce, 0xac]).toString("latin1")), "latin1");
    const response = await postLogs(rawRequest(gbk, "text/plain", { query: "?filename=gbk.log" }));
    expect(response.status).toBe(201);
    const body = (await response.json()) as Answer & { logs: { warnings: string[] }[] };
    // (D4 CB is no UTF-8; CE AC happens to be: ά.)
    expect(body.builds.map((b) => b.job)).toEqual(["\uFFFD\uFFFD\u03AC_monitor"]);
    expect(body.logs[0]!.warnings).toEqual([
      expect.stringMatching(/^gbk\.log:\d+:1: this run's text holds bytes that are not UTF-8, stored as U\+FFFD \(\uFFFD\): was the console written in another encoding \(GBK, Latin-1\)\? Convert it to UTF-8 first \(iconv -f GBK -t UTF-8\)$/),
    ]);
    // The same console in UTF-8: no word (lib/utf8-check.test.ts cuts its characters between chunks).
    const fine = await postLogs(rawRequest(utf8, "text/plain", { query: "?filename=utf8.log&number=25874" }));
    expect(fine.status).toBe(201);
    expect(((await fine.json()) as { logs: { warnings: string[] }[] }).logs[0]!.warnings.filter((w) => w.includes("not UTF-8"))).toEqual([]);
    // Nor for a U+FFFD the log itself holds, in UTF-8 (a review: it said to convert a file that needs none).
    const own = Buffer.from(text.replaceAll("运维", "\uFFFD运").replaceAll("25873", "25875"), "utf8");
    const kept = await postLogs(rawRequest(own, "text/plain", { query: "?filename=fffd.log" }));
    expect(kept.status).toBe(201);
    expect(((await kept.json()) as { logs: { warnings: string[] }[] }).logs[0]!.warnings.filter((w) => w.includes("not UTF-8"))).toEqual([]);
  });

  test("a monitor run stored with a job but no number is said so, with what that costs", async () => {
    const bare = fixture("ProductCI_ejabberd_mqueue_random_monitor_25870.log").replace(/^.*(JOB_NAME|BUILD_NUMBER|BUILD_URL).*\n/gm, "");
    const response = await postLogs(rawRequest(bare, "text/plain", { query: "?filename=console.log&job=meta-numberless" }));
    expect(response.status).toBe(201);
    const body = (await response.json()) as Answer & { logs: { warnings: string[] }[] };
    expect(body.builds).toMatchObject([{ job: "meta-numberless", number: null }]);
    expect(body.logs[0]!.warnings).toEqual([
      expect.stringMatching(/^console\.log:\d+:1: stored without a number: neither the upload \(number=\) nor the log .* named it; a build without a number has no address of its own \(\/builds\/by-id\/…\) \(README: Pushing logs from CI\)$/),
    ]);
  });

  // A new user's review: the same content again under a name that names no build (a gzip of it, a
  // copy) was answered "uploaded before; nothing new was stored" and "stored without a job and number".
  test("a duplicate under a name that names no build says nothing was stored, not that it was stored without a job", async () => {
    // Its job and number from the file name alone (the log's own JOB_NAME=… lines taken out).
    const named = fixture("ProductCI_ejabberd_mqueue_random_monitor_25870.log").replace(/^.*(JOB_NAME|BUILD_NUMBER|BUILD_URL).*\n/gm, "").replace(/^/, "Started by timer (duplicate test)\n");
    const first = await postLogs(rawRequest(named, "text/plain", { query: "?filename=ProductCI_ejabberd_mqueue_random_monitor_25869.log" }));
    expect(first.status).toBe(201);
    expect(((await first.json()) as Answer).builds).toMatchObject([{ job: "ProductCI_ejabberd_mqueue_random_monitor", number: 25869 }]);
    const again = await postLogs(rawRequest(named, "text/plain", { query: "?filename=copy.log" }));
    expect(again.status).toBe(200);
    const body = (await again.json()) as { logs: { duplicate: boolean; warnings: string[]; note: string | null }[] };
    expect(body.logs[0]).toMatchObject({ duplicate: true, note: expect.stringContaining("nothing new was stored") });
    expect(body.logs[0]!.warnings.filter((w) => w.includes("stored without"))).toEqual([]);
  });

  test("a log whose line breaks were lost (curl -d @file) is refused with a hint at the cause; a short line or a log of lines gets none", async () => {
    const flat = log(36, 1).replace(/[\r\n]/g, "");
    const refused = await upload(flat, "?filename=flat.log");
    expect(refused.status).toBe(422);
    expect(refused.body.error?.message).toMatch(/^flat\.log:1:\d+: .*\(the log is one line of [\d,]+ bytes: were its line breaks lost\? curl -d @file strips them: send it with --data-binary @file or -F file=@file\)$/);
    // A watchdog's ejabberd.log flattened so: its section is found but no process line read ("nothing read").
    const watchdog = fs.readFileSync(path.join(process.cwd(), "lib", "formats", "__fixtures__", "ejabberd-modern.log"), "utf8").replace(/[\r\n]+/g, " ");
    const flatWatchdog = await upload(watchdog, "?filename=flat-watchdog.log");
    expect(flatWatchdog.status).toBe(422);
    expect(flatWatchdog.body.error?.message).toMatch(/^flat-watchdog\.log:1:\d+: nothing read in 1 line: .*\(the log is one line of [\d,]+ bytes: were its line breaks lost\? curl -d @file strips them/);
    const short = await upload("hello", "?filename=short.log");
    expect(short.status).toBe(422);
    expect(short.body.error?.message).not.toContain("line breaks");
    const lines = await upload("hello\n".repeat(300), "?filename=lines.log");
    expect(lines.status).toBe(422);
    expect(lines.body.error?.message).not.toContain("line breaks");
  });

  test("startedAt with a log of one run is its start", async () => {
    const { status, body } = await upload(log(33, 1), "?filename=one.log&startedAt=2020-01-01T00:00:00Z");
    expect(status).toBe(201);
    expect(body.builds[0]?.startedAt).toBe("2020-01-01T00:00:00.000Z");
  });

  test("a file named by its day is no build number", async () => {
    const text = log(34, 1)
      .split("\n")
      .filter((line) => !/JOB_NAME=|BUILD_NUMBER=|BUILD_URL=/.test(line))
      .join("\n");
    const { status, body } = await upload(text, "?filename=mqueue_monitor_20150825.log");
    expect(status).toBe(201);
    expect(body.builds[0]).toMatchObject({ job: null, number: null });
  });
});
