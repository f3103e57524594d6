import { describe, expect, it } from "vitest";
import {
  contentEndBeforeEscapes,
  cutEscapeRest,
  continuesLine,
  escapesLength,
  gitlabStamped,
  linePrefixLength,
  markerAt,
  parseBuildUrl,
  parseSourceName,
  timestampPrefix,
  timestampPrefixLength,
  timestampToIso,
} from "./markers";

const marker = (line: string) => markerAt(line, 0, line.length);

describe("markerAt", () => {
  it.each([
    ["processes sorted by queue_len desc:", { kind: "header" }],
    ["  processes sorted by queue_len desc:", { kind: "header" }],
    [" [{<6562.1.2>,{message_queue_len,3}},", { kind: "top-start" }],
    ["[{<6562.18467.5386>,{message_queue_len,12746}},", { kind: "top-start" }],
    ["[{a,b}]", { kind: "noise" }],
    ["  message queue len of pid <6562.1.2> : undefined", { kind: "inspect" }],
    ["message in pid <6562.1.2> :", { kind: "samples" }],
    ["message of the day", { kind: "noise" }],
    ["Started by timer", { kind: "build-start" }],
    ["Started by upstream project", { kind: "build-start" }],
    ["JOB_NAME=ProductCI_x", { kind: "meta", key: "job", value: "ProductCI_x" }],
    ["BUILD_NUMBER=27140", { kind: "meta", key: "number", value: "27140" }],
    ["BUILD_URL=http://ci/job/x/1/ ", { kind: "meta", key: "url", value: "http://ci/job/x/1/" }],
    // From a CI page's source: Jenkins links a URL; values keep no HTML.
    ['BUILD_URL=<a href="http://ci/job/x/1/">http://ci/job/x/1/</a>', { kind: "meta", key: "url", value: "http://ci/job/x/1/" }],
    ["JOB_NAME=<b>ProductCI_x</b> ", { kind: "meta", key: "job", value: "ProductCI_x" }],
    // Indentation copied from a web page (U+00A0) or its source (`&nbsp;`).
    ["\u00a0[{<6562.1.2>,{message_queue_len,3}},", { kind: "top-start" }],
    ["&nbsp;&nbsp;message queue len of pid <6562.1.2> : undefined", { kind: "inspect" }],
    ["&nbsp processes sorted by queue_len desc:", { kind: "noise" }],
    ["&amp;processes sorted by queue_len desc:", { kind: "noise" }],
    ["+ echo JOB_NAME=x", { kind: "noise" }],
    ["Finished: SUCCESS", { kind: "noise" }],
    ["", { kind: "noise" }],
  ])("%j", (line, expected) => {
    expect(marker(line)).toEqual(expected);
  });
});

describe("timestampPrefix", () => {
  it.each([
    ["[2015-08-25T03:47:00.123Z] Started by timer", 27, "2015-08-25T03:47:00.123Z", 1],
    ["[2015-08-25T03:47:00Z] x", 23, "2015-08-25T03:47:00Z", 1],
    ["2015-08-25 11:47:00 +0800 monitor: go", 26, "2015-08-25 11:47:00 +0800", 1],
    ["2015-08-25 11:47:00 monitor", 20, "2015-08-25 11:47:00", 1],
    ["2015-08-25T11:47:00+08:00 x", 26, "2015-08-25T11:47:00+08:00", 1],
    ["[2015-08-25T03:47:00.000Z]", 26, "2015-08-25T03:47:00.000Z", 1],
    ["[ProductCI] $ /bin/sh", 0, "", 0],
    ["2015-8-25 11:47:00 x", 0, "", 0],
    [" [{<6562.1.2>,{message_queue_len,3}},", 0, "", 0],
    // Stacked (a Jenkins console shown by another CI): all of them are the prefix, the innermost is the time.
    ["2026-12-04T10:00:00.1234567Z [2015-08-25T03:47:00.123Z] Started by timer", 56, "2015-08-25T03:47:00.123Z", 2],
    ["2026-12-04T10:00:00.123456Z 00O 2015-08-25 11:47:00 +0800 monitor: go", 58, "2015-08-25 11:47:00 +0800", 2],
    ["2026-12-04T10:00:00.123456789Z 2026-12-04T10:00:00.123456Z 00O [2015-08-25T03:47:00.123Z] x", 90, "2015-08-25T03:47:00.123Z", 3],
    ["[2015-08-25T03:47:00.123Z] [ProductCI] $ /bin/sh", 27, "2015-08-25T03:47:00.123Z", 1],
    // After GitLab's `+` the text is the rest of a cut line, even when it looks like a stamp.
    ["2026-12-04T10:00:00.123456Z 00O+2015-08-25 11:47:00 +0800 monitor: go", 32, "2026-12-04T10:00:00.123456Z", 1],
    ["2026-12-04T10:00:00.123456789Z 2026-12-04T10:00:00.123456Z 00O+[2015-08-25T03:47:00.123Z] x", 63, "2026-12-04T10:00:00.123456Z", 2],
    // Jenkins' console page with Timestamper: a span holding a date is a stamp; a clock leads one.
    ['<span class="timestamp"><b>2015-08-25 03:47:00</b> </span>Started by timer', 58, "2015-08-25 03:47:00", 1],
    ['<pre class="console-output"><span class="timestamp"><b>2015-08-25T03:47:00.123Z</b> </span>x', 91, "2015-08-25T03:47:00.123Z", 1],
    ['<span class="timestamp">2015-08-25 03:47:00 </span>2015-08-23 00:34:01 +0800 monitor: go', 77, "2015-08-23 00:34:01 +0800", 2],
    ['<span class="timestamp"><b>03:47:00</b> </span>2015-08-23 00:34:01 +0800 monitor: go', 73, "2015-08-23 00:34:01 +0800", 1],
    ['<span class="timestamp"><b>03:47:00</b> </span>Started by timer', 0, "", 0],
    ['<span class="timestamp"><b>2015-08-25 03:47:00</b> x', 0, "", 0],
  ])("%j", (line, length, stamp, layers) => {
    expect(timestampPrefix(line, 0, line.length)).toEqual({ length, stamp, layers });
    // The scanner's allocation-free variant agrees.
    expect(timestampPrefixLength(line, 0, line.length)).toBe(length);
  });

  it.each([
    ["2015-08-25T03:47:00.123Z", "Z", "2015-08-25T03:47:00.123Z"],
    ["2015-08-25 11:47:00 +0800", "Z", "2015-08-25T03:47:00.000Z"],
    ["2015-08-25T11:47:00+08:00", "Z", "2015-08-25T03:47:00.000Z"],
    ["2015-08-25 11:47:00", "Z", "2015-08-25T11:47:00.000Z"],
    ["2015-08-25 11:47:00", "+08:00", "2015-08-25T03:47:00.000Z"],
    ["2015-08-25 11:47:00,5", "Z", "2015-08-25T11:47:00.500Z"],
    ["2015-13-45 11:47:00", "Z", null],
    // Past year 9999 in UTC: no time (stored as text, `+010000-…` would sort before every other).
    ["9999-12-31 23:00:00 -0100", "Z", null],
    ["9999-12-31 23:00:00", "-01:00", null],
    ["9999-12-31 23:59:59.999", "Z", "9999-12-31T23:59:59.999Z"],
    // Before year 1 in UTC: no time either (neither database reads it: a review, 2026-12-07).
    ["0000-01-01T00:49:00.000+05:00", "Z", null],
    ["0001-01-01 04:00:00", "+05:00", null],
    ["0001-01-01 00:00:00", "Z", "0001-01-01T00:00:00.000Z"],
  ])("to ISO: %s (%s)", (stamp, zone, iso) => {
    expect(timestampToIso(stamp, zone)).toBe(iso);
  });
});

describe("build identity from names", () => {
  it.each([
    ["ProductCI_ejabberd_mqueue_random_monitor_25877.log", { job: "ProductCI_ejabberd_mqueue_random_monitor", number: 25877 }],
    ["/tmp/logs/ProductCI_ejabberd_mqueue_random_monitor_dbcluster_11431.log", { job: "ProductCI_ejabberd_mqueue_random_monitor_dbcluster", number: 11431 }],
    ["two-runs.log", { job: null, number: null }],
    // Uploads and the CLI inflate gzip: the name of what was inflated counts.
    ["gzjob_80.log.gz", { job: "gzjob", number: 80 }],
    ["gzjob_80.gz", { job: null, number: null }],
    // A day or a time in the name is no build number (the next day's file is no next build).
    ["mqueue_monitor_20150825.log", { job: null, number: null }],
    ["mqueue_monitor_20150825103000.log", { job: null, number: null }],
    ["mqueue_monitor_20151340.log", { job: "mqueue_monitor", number: 20151340 }],
    ["mqueue_monitor_2015.log", { job: "mqueue_monitor", number: 2015 }],
    [undefined, { job: null, number: null }],
  ])("file %s", (name, expected) => {
    expect(parseSourceName(name)).toEqual(expected);
  });

  it.each([
    ["http://ci.easemob.com/job/ProductCI_x/27140/", { job: "ProductCI_x", number: 27140 }],
    ["http://ci.easemob.com/view/ProductionCI/job/ProductCI_x/11431/console", { job: "ProductCI_x", number: 11431 }],
    ["http://ci/job/x/lastBuild/", { job: null, number: null }],
    // Folders and multibranch pipelines: the name JOB_NAME gives, views left out.
    ["https://ci.example.org/job/team/job/ejabberd-monitor/job/main/25877/", { job: "team/ejabberd-monitor/main", number: 25877 }],
    ["https://ci.example.org/view/Ops/job/team/view/All/job/mon/12/console", { job: "team/mon", number: 12 }],
    ["https://ci.example.org/job/org/job/repo/job/feature%252Fx/7/", { job: "org/repo/feature%2Fx", number: 7 }],
    ["https://ci.example.org/job/ops%20monitor/3/", { job: "ops monitor", number: 3 }],
    ["https://ci.example.org/job/50%off/3/", { job: "50%off", number: 3 }],
    ["https://ci.example.org/view/x/12/", { job: null, number: null }],
  ])("url %s", (url, expected) => {
    expect(parseBuildUrl(url)).toEqual(expected);
  });
});

describe("escapes around a line's text", () => {
  const E = "\u001b";
  it.each([
    [`${E}[32mtext`, 5],
    [`${E}[0K${E}[36;1mtext`, 11],
    [`${E}[8mha:////4AAA==${E}[0mtext`, 21],
    [`${E}_bk;t=1764842400000\u0007text`, 21],
    // Not escapes we know, or cut: left as text.
    [`${E}]0;title\u0007text`, 0],
    [`${E}[32`, 0],
    [`${E}`, 0],
    ["text", 0],
  ])("%j: %i characters before the text", (line, expected) => {
    expect(escapesLength(line, 0, line.length)).toBe(expected);
  });

  it.each([
    [`3102${E}[0m`, 4],
    [`3102${E}[0m${E}[K`, 4],
    ["connecting to the room", 22],
    ["[0m", 3],
    [`${E}[0m`, 0],
    // An escape cut short at the line's end (GitLab's runner cut the line inside it).
    [`3102},${E}`, 6],
    [`3102},${E}[`, 6],
    [`3102},${E}[0;`, 6],
    [`3102},${E}[0m${E}[0`, 6],
    ["size [10", 8],
    ["<0.10.0>", 8],
  ])("%j: its text ends at %i", (line, expected) => {
    expect(contentEndBeforeEscapes(line, 0, line.length)).toBe(expected);
  });

  it.each([
    [`${E}`, "[0;m rest", { skip: 4, open: "" }],
    [`${E}[0`, ";m rest", { skip: 2, open: "" }],
    [`${E}[0;`, `m${E}[K rest`, { skip: 4, open: "" }],
    [`${E}`, "[3", { skip: 2, open: `${E}[3` }],
    [`${E}`, "", { skip: 0, open: `${E}` }],
    [`${E}`, "rest", { skip: 0, open: "" }],
    [`${E}[0`, "\u00e9", { skip: 0, open: "" }],
  ])("%j then a piece %j: the escape's rest is skipped", (open, piece, expected) => {
    expect(cutEscapeRest(open, piece, 0, piece.length)).toEqual(expected);
  });

  it.each([
    ["[10:00:04] processes sorted by queue_len desc:", 11],
    ["[0:00:01.234] processes sorted by queue_len desc:", 14],
    ["[10:00:04] 2015-08-18 00:13:00 +0800 monitor: connecting", 37],
    ["2026-12-04T10:00:00.123456Z 00O processes", 32],
    ["2026-12-04T10:00:00.123456Z 00E+processes", 32],
    [`${E}[8mha:////x${E}[0m[2015-08-25T08:16:00.000Z] Started by timer`, 43],
    ["[Pipeline] sh", 0],
    ["[100:00:04] x", 12],
    ["[10000:00:04] x", 0],
    ["2015 was a year", 0],
    [`2026-12-04T10:00:00.1234567Z ${E}[32m[2015-08-25T08:16:00.000Z] ${E}[0mprocesses`, 65],
    ["2026-12-04T10:00:00.1234567Z [10:00:04] [2015-08-25T08:16:00.000Z] processes", 67],
    // A date-less clock under an outer stamp (Timestamper's clock or elapsed format shown by GitHub Actions, GitLab).
    ["2026-12-04T10:00:00.1234567Z [10:00:04] processes", 40],
    ["2026-12-04T10:00:00.123456Z 00O [0:00:01.234] processes", 46],
    [`2026-12-04T10:00:00.1234567Z ${E}[32m[10:00:04] ${E}[0mprocesses`, 49],
    // A cut line's rest keeps its escapes: they are its text.
    [`2026-12-04T10:00:00.123456Z 00O+${E}[0mprocesses`, 32],
    [`2026-12-04T10:00:00.123456Z 00O ${E}[0mprocesses`, 36],
  ])("%j: a prefix of %i", (line, expected) => {
    expect(linePrefixLength(line, 0, line.length, 0)).toBe(expected);
  });

  it.each([
    // Timestamper's span on Jenkins' console page, in its formats: a clock, an elapsed time, a date.
    ['<span class="timestamp"><b>03:47:00</b> </span>processes', 47],
    ['<span class="timestamp"><b>0:00:01.234</b> </span>processes', 50],
    ['<span class="timestamp"><b>2015-08-25 03:47:00</b> </span> [{&lt;6562.1.2&gt;,', 58],
    ['<pre class="console-output"><span class="timestamp"><b>03:47:00</b> </span>Started by timer', 75],
    ['<pre class="console-output">Started by timer', 28],
    ["<pre>", 5],
    // No span closed within its length, another tag, Erlang: the line's text.
    [`<span class="timestamp"><b>03:47:00</b>${" ".repeat(300)}</span>processes`, 0],
    ['<span class="time">03:47:00</span>processes', 0],
    ["<preface>", 0],
    ["<6562.1.2>", 0],
    ["<<\"a\">>", 0],
  ])("%j: a page's prefix of %i", (line, expected) => {
    expect(linePrefixLength(line, 0, line.length, 0)).toBe(expected);
  });

  it.each([
    ["2026-12-04T10:00:00.123456Z 00O+_queue_len,1}},", true, true],
    ["2026-12-04T10:00:00.123456Z 0aE+", true, true],
    ["2026-12-04T10:00:00.123456Z 00O   {<6562.6042.0>,{message", false, true],
    [`2026-12-04T10:00:00.123456Z 00O ${E}[0KRunning with gitlab-runner`, false, true],
    ["2026-12-04T10:00:00.123456789Z 2026-12-04T10:00:00.123456Z 01E+x", true, true],
    ["2026-12-04T10:00:00.1234567Z + echo x", false, false],
    ["[2015-08-25T03:47:00.123Z] + echo x", false, false],
    ["2015-08-25 11:47:00 +0800 monitor: go", false, false],
    ["+ echo x", false, false],
  ])("%j: continues the line before %s, GitLab-stamped %s", (line, continues, gitlab) => {
    const p = linePrefixLength(line, 0, line.length, 0);
    expect(continuesLine(line, 0, p)).toBe(continues);
    expect(gitlabStamped(line, 0, line.length)).toBe(gitlab);
  });
});
