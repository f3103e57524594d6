import { describe, expect, test } from "vitest";
import { parseUploadMeta } from "@/lib/validation/upload";
import { parseBuildUrl } from "@/lib/monitor-log/markers";
import { batchProblem, buildFromCiUrl, checkMeta, describeMeta, EMPTY_META, fieldErrors, metaQuery } from "./form-meta";

describe("checkMeta: the upload page's build fields, checked as the API checks them", () => {
  test("blank fields are not sent; given ones are trimmed", () => {
    expect(checkMeta(EMPTY_META)).toEqual({ ok: true, meta: {} });
    expect(checkMeta({ ...EMPTY_META, job: "  ProductCI_x ", number: " 25877" })).toEqual({ ok: true, meta: { job: "ProductCI_x", number: "25877" } });
  });

  test("each bad field has the server's own message", () => {
    const bad = { job: "a\u202eb", number: "abc", attempt: "0", startedAt: "yesterday", utcOffset: "+8", url: "javascript:alert(1)" };
    const checked = checkMeta(bad);
    expect(checked.ok).toBe(false);
    if (checked.ok) return;
    // The same words the API answers in its 400 (`invalid query parameters: number: …`).
    const server = parseUploadMeta(bad);
    expect(server.success).toBe(false);
    expect(checked.errors).toEqual(fieldErrors(server.error?.issues ?? []));
    expect(checked.errors.number).toBe("must be an integer from 0 to 2147483647");
    expect(checked.errors.startedAt).toMatch(/^expected an ISO 8601 date-time with a time zone .*, got "yesterday"$/);
    expect(checked.errors.url).toBe("url must be an http or https URL");
    expect(checked.errors.job).toMatch(/control or text-direction character/);
    expect(checked.errors.attempt).toMatch(/^must be an integer from 1 to 2147483647/);
    expect(checked.errors.utcOffset).toBeDefined();
  });

  test("attempt and utcOffset go as the API takes them: an attempt number or next, an offset such as +08:00 or Z", () => {
    expect(checkMeta({ ...EMPTY_META, attempt: " next ", utcOffset: "+08:00" })).toEqual({ ok: true, meta: { attempt: "next", utcOffset: "+08:00" } });
    expect(checkMeta({ ...EMPTY_META, attempt: "2", utcOffset: "Z" })).toEqual({ ok: true, meta: { attempt: "2", utcOffset: "Z" } });
    expect(checkMeta({ ...EMPTY_META, utcOffset: "-0530" }).ok).toBe(true);
    expect(checkMeta({ ...EMPTY_META, utcOffset: "Asia/Shanghai" }).ok).toBe(false);
    const params = new URLSearchParams(metaQuery({ attempt: "next", utcOffset: "+08:00" }).slice(1));
    expect(Object.fromEntries(params)).toEqual({ attempt: "next", utcOffset: "+08:00" });
    // Neither names one build: they go with every file of a drop.
    expect(batchProblem({ attempt: "2", utcOffset: "+08:00" }, 3)).toBeNull();
    expect(describeMeta({ attempt: "next", utcOffset: "+08:00" })).toBe("attempt next · zone-less times at +08:00");
  });

  test("a time without a zone, a number out of range or in hex are refused; an offset written +0800 is taken", () => {
    expect(checkMeta({ ...EMPTY_META, startedAt: "2015-08-23 00:34:01" }).ok).toBe(false);
    expect(checkMeta({ ...EMPTY_META, number: "2147483648" }).ok).toBe(false);
    expect(checkMeta({ ...EMPTY_META, number: "0x10" }).ok).toBe(false);
    expect(checkMeta({ ...EMPTY_META, startedAt: "2015-08-23T00:34:01+0800" })).toEqual({ ok: true, meta: { startedAt: "2015-08-23T00:34:01+0800" } });
  });
});

describe("fieldErrors", () => {
  test("takes the first issue of each field and leaves other parameters and junk out", () => {
    expect(
      fieldErrors([
        { path: ["number"], message: "first" },
        { path: ["number"], message: "second" },
        { path: ["filename"], message: "not a form field" },
        { path: ["url"], message: 5 },
        null,
        "junk",
      ]),
    ).toEqual({ number: "first" });
  });
});

describe("metaQuery and describeMeta", () => {
  test("the query encodes each value, in the form's order", () => {
    expect(metaQuery({ url: "http://ci/job/a b/1/?x=1&y", job: "snh#48", startedAt: "2015-08-23T00:34:01+08:00" })).toBe(
      "&job=snh%2348&startedAt=2015-08-23T00%3A34%3A01%2B08%3A00&url=http%3A%2F%2Fci%2Fjob%2Fa%20b%2F1%2F%3Fx%3D1%26y",
    );
    expect(metaQuery({})).toBe("");
    // What the server reads back is what was typed (a `+` unencoded would be a space).
    const params = new URLSearchParams(metaQuery({ job: "j", startedAt: "2015-08-23T00:34:01+08:00" }).slice(1));
    expect(params.get("startedAt")).toBe("2015-08-23T00:34:01+08:00");
  });

  test("describeMeta names what a file went up with", () => {
    expect(describeMeta({ number: "7", job: "j" })).toBe("job j · number 7");
    expect(describeMeta({})).toBe("");
  });
});

describe("batchProblem: several files dropped with fields that name one build", () => {
  test("one file, or a job alone, goes", () => {
    expect(batchProblem({ job: "j", number: "7", startedAt: "2015-08-23T00:34:01Z", url: "http://ci/1/" }, 1)).toBeNull();
    expect(batchProblem({ job: "j" }, 3)).toBeNull();
    expect(batchProblem({}, 3)).toBeNull();
  });

  test("a number, a start time or a URL with several files refuses the whole drop, saying which and what to do", () => {
    expect(batchProblem({ job: "j", number: "7" }, 2)).toBe(
      "Nothing was sent: 2 files were dropped together with build number 7, which names one build. Drop one file at a time with its own, or clear that field to send them all under job j with what each log says.",
    );
    expect(batchProblem({ number: "7", startedAt: "2015-08-23T00:34:01Z", url: "http://ci/7/" }, 3)).toBe(
      "Nothing was sent: 3 files were dropped together with build number 7, start time 2015-08-23T00:34:01Z and build URL http://ci/7/, which name one build. Drop one file at a time with its own, or clear those fields to send them all with what each log says.",
    );
    expect(batchProblem({ startedAt: "2015-08-23T00:34:01Z" }, 2)).toMatch(/^Nothing was sent: 2 files .* start time 2015-08-23T00:34:01Z, which names one build/);
  });
});

describe("buildFromCiUrl: the job and number of a Jenkins build page's address", () => {
  test("the seed's console links, with and without a view; a folder's jobs joined by /", () => {
    expect(buildFromCiUrl("http://ci.easemob.com/view/ProductionCI/job/ProductCI_ejabberd_mqueue_random_monitor_dbcluster/11431/console")).toEqual({
      job: "ProductCI_ejabberd_mqueue_random_monitor_dbcluster",
      number: "11431",
    });
    expect(buildFromCiUrl(" http://ci.easemob.com/job/ProductCI_ejabberd_mqueue_random_monitor/25877/ ")).toEqual({
      job: "ProductCI_ejabberd_mqueue_random_monitor",
      number: "25877",
    });
    expect(buildFromCiUrl("https://jenkins.example.org/job/ops/view/all/job/mq%20monitor/12/consoleFull")).toEqual({ job: "ops/mq monitor", number: "12" });
  });

  test("null for an address that names no build", () => {
    for (const text of [
      "",
      "not a url",
      "javascript:alert(1)//job/a/1",
      "ftp://ci/job/a/1/",
      "http://ci.example.org/job/a/",
      "http://ci.example.org/job/a/lastBuild/console",
      "http://ci.example.org/view/a/12/",
      "http://ci.example.org/job/a/99999999999/",
      "http://ci.example.org/job/%E0%A4%A/1/",
      "http://ci.example.org/job/../1/",
    ]) {
      expect(buildFromCiUrl(text), text).toBeNull();
    }
  });

  test("offers what the log scanner reads from the same address in a log's BUILD_URL line, except where it is stricter", () => {
    for (const url of [
      "http://ci.easemob.com/view/ProductionCI/job/ProductCI_ejabberd_mqueue_random_monitor_dbcluster/11431/console",
      "http://ci.easemob.com/job/ProductCI_ejabberd_mqueue_random_monitor/25877/",
      "https://jenkins.example.org/job/ops/view/all/job/mq%20monitor/12/consoleFull",
      "https://jenkins.example.org/job/team/job/mon/job/feature%2Fx/7",
    ]) {
      const inLog = parseBuildUrl(url);
      expect(inLog.job, url).not.toBeNull();
      expect(buildFromCiUrl(url), url).toEqual({ job: inLog.job, number: String(inLog.number) });
    }
    // Any page of the build, pasted from the browser, names it too (a log's BUILD_URL is the build's own address).
    for (const url of [
      "http://ci.example.org/job/mon/12/display/redirect",
      "http://ci.example.org/job/mon/12/execution/node/3/log/",
      "http://ci.example.org/job/mon/12/timestamps/?elapsed=HH:mm",
      "https://ci.example.org/jenkins/job/mon/12/artifact/log.txt",
    ]) {
      expect(buildFromCiUrl(url), url).toEqual({ job: "mon", number: "12" });
    }
    expect(parseBuildUrl("http://ci.example.org/job/mon/12/display/redirect")).toEqual({ job: null, number: null });
    // A stray `%`: the log's line keeps the segment as typed; the page offers nothing.
    expect(parseBuildUrl("http://ci.example.org/job/50%off/3/")).toEqual({ job: "50%off", number: 3 });
    expect(buildFromCiUrl("http://ci.example.org/job/50%off/3/")).toBeNull();
  });
});
