import { describe, expect, it } from "vitest";
import { generateLog } from "./generate";
import { scanLog, scanLogStream, streamRuns } from "./scan";
import { MAX_TERM_LENGTH, MAX_TERM_LINES } from "./term-block";
import { gitlabStamp, gitlabLines } from "./testing/gitlab-cuts";
import { errorOf } from "./testing/scan-error";
import type { MonitorRun } from "./types";

const TOP = [" [{<0.10.0>,{message_queue_len,500}},", "  {<0.11.0>,{message_queue_len,2}}]"];
const log = (...lines: string[]) => `${lines.join("\n")}\n`;

describe("scanLog errors carry line and column", () => {
  it.each([
    ["empty log", "", { code: "no_monitor_output", line: 1, column: 1 }],
    ["noise only", log("Started by timer", "Finished: SUCCESS"), { code: "no_monitor_output", line: 1, column: 1 }],
    ["header, then something else", log("x", "processes sorted by queue_len desc:", "", "  oops"), { code: "unreadable_term", line: 4, column: 3 }],
    ["header at the end of the log", log("processes sorted by queue_len desc:"), { code: "unreadable_term", line: 1, column: 1 }],
    ["top list cut by the log's end", log("processes sorted by queue_len desc:", " [{<0.10.0>,{message_queue_len,500}},"), { code: "unreadable_term", line: 2, column: 38 }],
    ["top list cut by an unindented line", log("processes sorted by queue_len desc:", " [{<0.10.0>,{message_queue_len,500}},", "Finished: SUCCESS"), { code: "unreadable_term", line: 2, column: 38 }],
    ["top entry of the wrong shape", log("processes sorted by queue_len desc:", " [{<0.10.0>,{message_queue_len,500}},", "  {<0.11.0>,{memory,2}}]"), { code: "unreadable_term", line: 3, column: 3 }],
    ["top list that is not a list", log("processes sorted by queue_len desc:", " [{<0.10.0>,{message_queue_len,500}}}]"), { code: "unreadable_term", line: 2, column: 37 }],
  ])("%s", (_name, text, expected) => {
    expect(errorOf(text)).toMatchObject(expected);
  });

  it("a message list longer than MAX_TERM_LENGTH (a crafted upload): refused at the list's first line, read ahead or line by line", async () => {
    // 65 lines of 1 MiB each inside one list: no line is too long, the term is.
    const line = `  ${"a,".repeat(512 * 1024 - 1)}`;
    const text = log("processes sorted by queue_len desc:", ...TOP, "message queue len of pid <0.10.0> : {message_queue_len,500}", "message in pid <0.10.0> :", " [a,", ...Array(MAX_TERM_LENGTH / (1024 * 1024) + 1).fill(line), "  a]");
    const expected = { code: "term_too_long", line: 6, column: 1, message: "the term that starts here is longer than 64 MiB, more than a monitor prints: it is not read at 6:1" };
    expect(errorOf(text)).toEqual(expected);
    // Streamed in chunks (lines handed over one by one: no read-ahead of the list).
    const chunks = async function* () {
      for (let at = 0; at < text.length; at += 256 * 1024) yield text.slice(at, at + 256 * 1024);
    };
    await expect(scanLogStream(chunks())).rejects.toMatchObject({ code: "term_too_long", line: 6, column: 1 });
  });

  it("a message list of more than MAX_TERM_LINES short lines: refused at its first line (the line table is the cost)", () => {
    const text = log("processes sorted by queue_len desc:", ...TOP, "message queue len of pid <0.10.0> : {message_queue_len,500}", "message in pid <0.10.0> :", " [a,", "  a,\n".repeat(MAX_TERM_LINES) + "  a]");
    expect(errorOf(text)).toEqual({ code: "term_too_long", line: 6, column: 1, message: "the term that starts here has more than 1,000,000 lines, more than a monitor prints: it is not read at 6:1" });
  });

  it("the message ends with the position", () => {
    expect(errorOf("").message).toBe("no monitor output in 0 lines (no 'processes sorted by queue_len desc:' or top list) at 1:1");
  });
});

describe("scanLog runs", () => {
  it("metadata: the log's own, else the URL's, else the file name", () => {
    const body = [...TOP, "message queue len of pid <0.10.0> : {message_queue_len,501}", "message in pid <0.10.0> :", " []"];
    expect(scanLog(log("JOB_NAME=j", "BUILD_NUMBER=7", ...body), { source: "other_9.log" })[0]).toMatchObject({ job: "j", number: 7, url: null });
    expect(scanLog(log("BUILD_URL=http://ci/job/k/8/", ...body), { source: "other_9.log" })[0]).toMatchObject({ job: "k", number: 8 });
    expect(scanLog(log(...body), { source: "dir/other_9.log" })[0]).toMatchObject({ job: "other", number: 9, startedAt: null });
    // `echo BUILD_NUMBER=$BUILD_NUMBER` where it is unset (GitHub Actions, GitLab): no number, not build 0.
    expect(scanLog(log("JOB_NAME=j", "BUILD_NUMBER=", ...body))[0]).toMatchObject({ job: "j", number: null });
    expect(scanLog(log("JOB_NAME=j", "BUILD_NUMBER=  ", ...body), { source: "other_9.log" })[0]).toMatchObject({ job: "j", number: 9 });
    for (const odd of ["1e3", "0x10", "-4", "4.0"]) expect(scanLog(log("JOB_NAME=j", `BUILD_NUMBER=${odd}`, ...body))[0]?.number, odd).toBeNull();
    expect(scanLog(log("JOB_NAME=j", "BUILD_NUMBER=0042", ...body))[0]).toMatchObject({ number: 42 });
  });

  it("onRunStart names each run's build as the run will be named, when its top list starts: streamed, before the rest of the run arrives", async () => {
    const body = [...TOP, "message queue len of pid <0.10.0> : {message_queue_len,501}", "message in pid <0.10.0> :", " []"];
    const text = log("JOB_NAME=j", "BUILD_NUMBER=7", ...body, "JOB_NAME=", "BUILD_NUMBER=", "BUILD_URL=http://ci/job/k/8/", ...body, "BUILD_URL=", ...body);
    const events: string[] = [];
    const runs = scanLog(text, { source: "other_9.log", onRunStart: (start) => events.push(`${start.job} ${start.number} line ${start.line}`) });
    // The log's own names, then the URL's, then the file name's: each start says what its run says.
    expect(runs.map((run) => `${run.job} ${run.number}`)).toEqual(["j 7", "k 8", "other 9"]);
    expect(events).toEqual(runs.map((run) => `${run.job} ${run.number} line ${run.line}`));
    // Streamed line by line: the start is heard once the top list's first line is in, the run only after its last.
    const order: string[] = [];
    const lines = text.split(/(?<=\n)/);
    async function* chunks() {
      for (const line of lines) {
        order.push(`line ${order.filter((e) => e.startsWith("line")).length + 1}`);
        yield line;
      }
    }
    for await (const run of streamRuns(chunks(), { source: "other_9.log", onRunStart: (start) => order.push(`start ${start.line}`) })) order.push(`run ${run.line}`);
    const at = (event: string) => order.indexOf(event);
    for (const run of runs) {
      expect(at(`start ${run.line}`)).toBeGreaterThan(at(`line ${run.line}`));
      expect(at(`start ${run.line}`)).toBeLessThan(at(`line ${run.line + 2}`));
      expect(at(`run ${run.line}`)).toBeGreaterThan(at(`start ${run.line}`));
    }
  });

  it("a byte-order mark before line 1 (Notepad, PowerShell) hides neither its metadata nor its stamp", () => {
    const body = [...TOP, "message queue len of pid <0.10.0> : {message_queue_len,501}", "message in pid <0.10.0> :", " []"];
    expect(scanLog(`\ufeff${log("JOB_NAME=j", "BUILD_NUMBER=7", ...body)}`)[0]).toMatchObject({ job: "j", number: 7 });
    const stamped = scanLog(`\ufeff${log("[2015-08-25T01:00:00.000Z] processes sorted by queue_len desc:", ...body)}`)[0];
    expect(stamped).toMatchObject({ startedAt: "2015-08-25T01:00:00.000Z", line: 1, start: 28 });
    // Offsets still count the mark: `raw` is the log's own text.
    expect(stamped?.top).toHaveLength(2);
  });

  it("`Started by` starts a new build: metadata and start time reset", () => {
    const runs = scanLog(
      log(
        "[2015-08-25T01:00:00.000Z] Started by timer",
        "[2015-08-25T01:00:00.000Z] BUILD_NUMBER=1",
        ...TOP,
        "Started by timer",
        "2015-08-25 09:03:00 monitor: go",
        ...TOP,
      ),
      { localOffset: "+08:00" },
    );
    expect(runs.map((r) => [r.number, r.startedAt])).toEqual([
      [1, "2015-08-25T01:00:00.000Z"],
      [null, "2015-08-25T01:03:00.000Z"],
    ]);
  });

  it("a top list alone is a run without an inspected pid", () => {
    const [run] = scanLog(log("processes sorted by queue_len desc:", ...TOP));
    expect(run).toMatchObject({ inspected: null, top: [{ rank: 1, pid: "<0.10.0>", queueLen: 500 }, { rank: 2 }] });
  });

  it("an inspected pid without a top list is read, with an issue", () => {
    const [run] = scanLog(log("message queue len of pid <0.10.0> : undefined"));
    expect(run).toMatchObject({ top: [], inspected: { pid: "<0.10.0>", dead: true } });
    expect(run?.issues.map((i) => i.message)).toEqual(["no top list before the inspected pid"]);
  });

  it("the list may start on the marker line", () => {
    const [run] = scanLog(log(...TOP, "message queue len of pid <0.10.0> : {message_queue_len,3}", "message in pid <0.10.0> : [{a,1},", "   {b,2}]"));
    expect(run?.inspected?.samples.map((s) => s.raw)).toEqual(["{a,1}", "{b,2}"]);
    expect(run?.inspected?.samplesCut).toBe(false);
  });

  const INSPECT3 = "message queue len of pid <0.10.0> : {message_queue_len,3}";
  const listOf = (...lines: string[]) => log(...TOP, INSPECT3, "message in pid <0.10.0> :", ...lines);

  it("a garbled sample is kept as written with an issue, and the messages after it are read", () => {
    const [run] = scanLog(listOf(" [{a,1},", "  {b,@@},", "  {c,3}]"));
    expect(run?.inspected?.samples.map((s) => [s.raw, s.truncated])).toEqual([
      ["{a,1}", false],
      ["{b,@@}", true],
      ["{c,3}", false],
    ]);
    expect(run?.issues).toHaveLength(1);
    expect(run?.issues[0]).toMatchObject({ line: 6, column: 6 });
    expect(run?.inspected?.samplesCut).toBe(false);
    // Its text and place are the log's.
    const text = listOf(" [{a,1},", "  {b,@@},", "  {c,3}]");
    for (const sample of run?.inspected?.samples ?? []) expect(text.slice(sample.start, sample.end)).toBe(sample.raw);
  });

  it("a garbled last message, one spanning lines, a quoted comma in it: the list still closes", () => {
    const [run] = scanLog(listOf(" [{a,1},", "  {'$gen_call',{<0.1.0>,#Ref<0.0.0.1>},", "   {get_state 37, <<\"x,]\">>}}]"));
    expect(run?.inspected?.samples.map((s) => [s.raw, s.kind, s.truncated])).toEqual([
      ["{a,1}", "a", false],
      ["{'$gen_call',{<0.1.0>,#Ref<0.0.0.1>},\n   {get_state 37, <<\"x,]\">>}}", "$gen_call", true],
    ]);
    expect(run?.inspected?.samplesCut).toBe(false);
  });

  it("a message cut by the list's end, or garbled with brackets that never balance, still ends the list as cut", () => {
    const cut = scanLog(listOf(" [{a,1},", "  {b,<<\"ab"))[0];
    expect(cut?.inspected?.samples.map((s) => s.raw)).toEqual(["{a,1}", "{b,<<"]);
    expect(cut?.inspected?.samplesCut).toBe(true);
    const unbalanced = scanLog(listOf(" [{a,1},", "  {b,@@}},", "  {c,3}]"))[0];
    expect(unbalanced?.inspected?.samples.map((s) => s.raw)).toEqual(["{a,1}", "{b,"]);
    expect(unbalanced?.inspected?.samplesCut).toBe(true);
  });

  it("a garbled message before ~P's |...] cut: kept without the cut, and the list still counts as cut", () => {
    for (const tail of [["  {b,@@}|...]"], ["  {b,@@}|", "  ...]"]]) {
      const [run] = scanLog(listOf(" [{a,1},", ...tail));
      expect(run?.inspected?.samples.map((s) => [s.raw, s.truncated])).toEqual([
        ["{a,1}", false],
        ["{b,@@}", true],
      ]);
      expect(run?.inspected?.samplesCut).toBe(true);
    }
  });

  it("a garbled binary: its commas are inside it, no sample is made of its pieces", () => {
    const text = listOf(" [{a,1},", "  <<1,2,@>>,", "  {c,3}]");
    const [run] = scanLog(text);
    expect(run?.inspected?.samples.map((s) => s.raw)).toEqual(["{a,1}", "<<1,2,@>>", "{c,3}"]);
    expect(run?.issues).toHaveLength(1);
    expect(run?.inspected?.samplesCut).toBe(false);
    // No two samples share text.
    const samples = run?.inspected?.samples ?? [];
    for (let k = 1; k < samples.length; k++) expect(samples[k]!.start).toBeGreaterThanOrEqual(samples[k - 1]!.end);
  });

  it("past eight garbled messages the list counts as cut", () => {
    const lines = [" [{a,1},", ...Array.from({ length: 10 }, (_, i) => `  {b${i},@@},`), "  {c,3}]"];
    const [run] = scanLog(listOf(...lines));
    expect(run?.inspected?.samples).toHaveLength(1 + 9);
    expect(run?.issues).toHaveLength(9);
    expect(run?.inspected?.samplesCut).toBe(true);
  });

  it("a message list for another pid is noted", () => {
    const [run] = scanLog(log(...TOP, "message queue len of pid <0.10.0> : {message_queue_len,3}", "message in pid <0.99.0> :", " []"));
    expect(run?.issues.map((i) => i.message)).toEqual(["message list is for <0.99.0>, not <0.10.0>"]);
  });

  it("a second top list starts a second run", () => {
    const runs = scanLog(log(...TOP, "noise", ...TOP));
    expect(runs.map((r) => [r.seq, r.line])).toEqual([
      [0, 1],
      [1, 4],
    ]);
  });
});

// ## Lines GitLab's runner cut
//
// With timestamps on, the runner writes what it has read of a line and the rest behind `+`
// (`…Z 00O first` then `…Z 00O+rest`): the rest goes on with the line before, with no newline.

/** A log as GitLab's runner writes it: a string is a line, an array a line in those pieces. */
function gitlab(...lines: Array<string | readonly string[]>): string {
  const out: string[] = [];
  lines.forEach((line, k) => {
    const pieces = typeof line === "string" ? [line] : line;
    pieces.forEach((piece, i) => out.push(`${gitlabStamp(k)}00O${i === 0 ? " " : "+"}${piece}`));
  });
  return `${out.join("\n")}\n`;
}

/** The runs of `text` from the string, checked to be what streaming gives (byte chunks of `sizes`, noise skipped). */
async function bothWays(text: string, sizes = [7, 97, Infinity]): Promise<MonitorRun[]> {
  const runs = scanLog(text);
  const bytes = new TextEncoder().encode(text);
  for (const size of sizes) {
    const chunks: Uint8Array[] = [];
    for (let i = 0; i < bytes.length; i += size) chunks.push(bytes.subarray(i, i + size));
    expect(JSON.parse(JSON.stringify(await scanLogStream(chunks)))).toEqual(JSON.parse(JSON.stringify(runs)));
  }
  return runs;
}

/** What a run read, positions aside (a cut log's are its own). */
const readOf = (run: MonitorRun | undefined) =>
  run && {
    job: run.job,
    number: run.number,
    url: run.url,
    top: run.top,
    inspected: run.inspected && {
      pid: run.inspected.pid,
      queueLen: run.inspected.queueLen,
      dead: run.inspected.dead,
      samplesCut: run.inspected.samplesCut,
      samples: run.inspected.samples.map(({ kind, stanza, summary, decoded, truncated }) => ({ kind, stanza, summary, decoded, truncated })),
    },
    issues: run.issues.map((i) => i.message),
  };

const HEADER = "processes sorted by queue_len desc:";
const INSPECT = "message queue len of pid <0.10.0> : {message_queue_len,3102}";
const SAMPLES = "message in pid <0.10.0> :";
const MESSAGES = [' [{route,<<"room@conference.example">>},', "  {'$gen_cast',{foo,12345}}]"];

describe("lines GitLab's runner cut", () => {
  const uncut = gitlab(HEADER, ...TOP, INSPECT, SAMPLES, ...MESSAGES);

  it("a top entry cut inside message_queue_len, a message inside its quoted binary and its number", async () => {
    const cut = gitlab(
      HEADER,
      TOP[0]!,
      ["  {<0.11.0>,{message_qu", "eue_len,2}}]"],
      INSPECT,
      SAMPLES,
      [' [{route,<<"room@confe', 'rence.example">>},'],
      ["  {'$gen_cast',{foo,123", "45}}]"],
    );
    const [want] = scanLog(uncut);
    const [run] = await bothWays(cut);
    expect(readOf(run)).toEqual(readOf(want));
    expect(run?.top.map((t) => t.queueLen)).toEqual([500, 2]);
    // A sample's place is the log's: its raw text there, its start and end around it.
    for (const sample of run?.inspected?.samples ?? []) expect(cut.slice(sample.start, sample.end)).toBe(sample.raw);
    expect(run?.inspected?.samples[0]?.raw).toBe(`{route,<<"room@confe\n${gitlabStamp(5)}00O+rence.example">>}`);
  });

  it("a message that ends where its line was cut ends there, not after the next piece's stamp", async () => {
    const [run] = await bothWays(gitlab(HEADER, ...TOP, INSPECT, SAMPLES, [" [{a,1}", ",{b,2}]"]));
    expect(run?.inspected?.samples.map((s) => s.raw)).toEqual(["{a,1}", "{b,2}"]);
    const first = run?.inspected?.samples[0];
    expect(first && run && first.end).toBe(gitlab(HEADER, ...TOP, INSPECT, SAMPLES).length + gitlabStamp(5).length + 4 + " [{a,1}".length);
  });

  it.each([
    ["the header cut inside `queue`", [["processes sorted by que", "ue_len desc:"], ...TOP, INSPECT, SAMPLES, ...MESSAGES]],
    ["the header cut in three", [["proc", "esses sorted by queue_len desc", ":"], ...TOP, INSPECT, SAMPLES, ...MESSAGES]],
    ["the inspect line cut inside its pid and its value", [HEADER, ...TOP, ["message queue len of pid <0.1", "0.0> : {message_queue_len,31", "02}"], SAMPLES, ...MESSAGES]],
    ["the inspect line cut inside `queue`", [HEADER, ...TOP, ["message qu", "eue len of pid <0.10.0> : {message_queue_len,3102}"], SAMPLES, ...MESSAGES]],
    ["`message in pid` cut inside its pid", [HEADER, ...TOP, INSPECT, ["message in pid <0.1", "0.0> :"], ...MESSAGES]],
    ["a top list without its header, cut before message_queue_len", [[" [{<0.10.0>,{mes", "sage_queue_len,500}},"], TOP[1]!, INSPECT, SAMPLES, ...MESSAGES]],
    ["a message line cut in its indentation", [HEADER, ...TOP, INSPECT, SAMPLES, MESSAGES[0]!, [" ", " {'$gen_cast',{foo,12345}}]"]]],
    // A console with stamps of its own in a GitLab job: the cut may fall inside such a stamp.
    [
      "Jenkins' stamps inside GitLab's, cut inside them",
      [
        ["[2015-08-25T03:4", "7:00.123Z] processes sorted by queue_len desc:"],
        ["[2015-08-25T03:47:00.123Z", "] ", TOP[0]!],
        ["[2015-08-25T03:47:00.1", `23Z] ${TOP[1]!}`],
        INSPECT,
        SAMPLES,
        ...MESSAGES,
      ],
    ],
  ] as const)("%s", async (_name, lines) => {
    const [want] = scanLog(uncut);
    const runs = await bothWays(gitlab(...lines));
    expect(runs.map(readOf)).toEqual([readOf(want)]);
    // The run starts at its header (a top list alone would start one too, at its own line).
    expect(runs[0]?.line).toBe(1);
  });

  it.each([
    ["the header", [["[2015-08-25T03:4", "7:00.123Z] processes sorted by queue_len desc:"], ...TOP]],
    ["the top list's first line, in three pieces", [["[2015-08-2", "5T03:47:00.1", `23Z] ${TOP[0]!}`], TOP[1]!]],
    ["a noise line before the header", [["[2015-08-25T03:47", ":00.123Z] + erl -noshell"], HEADER, ...TOP]],
  ] as const)("a build's time is the Jenkins stamp inside GitLab's, also when %s cut inside it", async (_name, head) => {
    const [run] = await bothWays(gitlab(...head, INSPECT, SAMPLES, ...MESSAGES));
    expect(run?.startedAt).toBe("2015-08-25T03:47:00.123Z");
  });

  it("metadata cut in its value, and `Started by` cut", async () => {
    const body = [...TOP, INSPECT, SAMPLES, ...MESSAGES];
    const [run] = await bothWays(gitlab(["Started by ti", "mer"], ["JOB_NA", "ME=my_job"], ["BUILD_URL=http://ci/jo", "b/other/8/"], ...body));
    expect(run).toMatchObject({ job: "my_job", number: 8, url: "http://ci/job/other/8/" });
  });

  it("the monitor's `....` cut: the list was cut there, as uncut", async () => {
    const lines = [HEADER, ...TOP, INSPECT, SAMPLES, " [{a,1},", "  {b,"];
    const [want] = scanLog(gitlab(...lines, "                  ...."));
    const [run] = await bothWays(gitlab(...lines, ["                  ..", ".."]));
    expect(readOf(run)).toEqual(readOf(want));
    expect(run?.inspected?.samplesCut).toBe(true);
  });

  it("a piece goes on with the line right before it, whatever its stream: another stream's line in between takes it", async () => {
    // The runner's stderr line came between a stdout line and its rest: the rest joins the stderr line.
    const text = gitlab(HEADER, ...TOP, ["message queue len of pid <0.10.0> : {messa"]).replace(/\n$/, "");
    const log = `${text}\n${gitlabStamp(9)}01E warning: x\n${gitlabStamp(9)}00O+ge_queue_len,3102}\n`;
    const [run] = await bothWays(log);
    // The line cannot be read; the top list's 500 for that pid is taken (null would say it died).
    expect(run?.inspected).toMatchObject({ pid: "<0.10.0>", queueLen: 500, dead: false });
    expect(run?.issues.map((i) => i.message)).toEqual(["cannot read 'message queue len of pid' line: the top list's queue length of <0.10.0>, 500, is taken"]);
  });

  it("an unreadable queue length line: the top list's length for the pid, or null and not dead when the list does not have it", () => {
    const lines = (pid: string) => [
      "processes sorted by queue_len desc:",
      " [{<0.10.0>,{message_queue_len,3102}},",
      "  {<0.11.0>,{message_queue_len,7}}]",
      `message queue len of pid ${pid} : {message_queue_len,31 02}`,
      "",
    ];
    const [listed] = scanLog(lines("<0.10.0>").join("\n"));
    expect(listed?.inspected).toMatchObject({ pid: "<0.10.0>", queueLen: 3102, dead: false });
    expect(listed?.issues).toEqual([
      expect.objectContaining({ line: 4, column: 1, message: "cannot read 'message queue len of pid' line: the top list's queue length of <0.10.0>, 3102, is taken" }),
    ]);
    const [unlisted] = scanLog(lines("<0.99.0>").join("\n"));
    expect(unlisted?.inspected).toMatchObject({ pid: "<0.99.0>", queueLen: null, dead: false });
    expect(unlisted?.issues.map((i) => i.message)).toEqual(["cannot read 'message queue len of pid' line"]);
    // The analysis carries no field of the scanner's own: the same keys as for a readable line.
    expect(Object.keys(listed?.inspected ?? {}).sort()).toEqual(["dead", "line", "pid", "queueLen", "samples", "samplesCut"]);
  });

  it("a term that does not parse once joined: the error's line and column are the piece's", () => {
    const text = gitlab(HEADER, [" [{<0.10.0>,{message_queue_len,500}}", "}]"]);
    const at = text.lastIndexOf("}]");
    const line = text.slice(0, at).split("\n").length;
    const column = at - (text.lastIndexOf("\n", at) + 1) + 1;
    expect(errorOf(text)).toMatchObject({ code: "unreadable_term", line, column });
    expect(line).toBe(3);
    expect(column).toBe(gitlabStamp(0).length + 5);
  });

  it("generated builds cut at every width read as uncut, from a string and streamed", async () => {
    for (let seed = 1; seed <= 8; seed++) {
      // Jenkins' timestamper left out: GitLab's stamp is the only prefix.
      const plain = [...generateLog({ seed, builds: 2 })].join("").replace(/^\[\d{4}-\d\d-\d\dT[^\]]*\] /gm, "");
      const want = scanLog(plain).map(readOf);
      const lines = plain.replace(/\n$/, "").split("\n");
      for (const width of [1, 7, 30, 79]) {
        const cut = `${lines.flatMap((line, k) => gitlabLines(line, k, width + ((k * seed) % 5))).join("\n")}\n`;
        expect((await bothWays(cut, [97, 65536])).map(readOf)).toEqual(want);
      }
    }
  });
});

describe("a log that ends inside a run (a console read before its build finished writing it)", () => {
  const [build] = [...generateLog({ seed: 11, builds: 1 })];
  const lines = build!.split("\n");
  const at = (prefix: string) => lines.findIndex((line) => line.includes(prefix));
  const ends = (run: MonitorRun) => run.issues.filter((issue) => issue.message.startsWith("the log ends"));

  it("keeps what was read and says the log ended before the messages", () => {
    const count = at("message in pid") + 1;
    const [run] = scanLog(lines.slice(0, count).join("\n"));
    expect(run!.inspected).not.toBeNull();
    expect(ends(run!)).toEqual([
      {
        message: "the log ends after 'message in pid …:', before its messages: read before the build finished writing its console, or cut short? (the verdict had no message to read)",
        line: count,
        column: 1,
        offset: expect.any(Number),
      },
    ]);
  });

  it("says nothing of a list cut after some messages: the monitor cuts its own output so (the seed's 25877), and the evidence says it", () => {
    const [run] = scanLog(lines.slice(0, at("message in pid") + 4).join("\n"));
    expect(run!.inspected!.samplesCut).toBe(true);
    expect(ends(run!)).toEqual([]);
  });

  it("says nothing of a run the log closed (its list ended, or a line after it)", () => {
    const [whole] = scanLog(build!);
    expect(ends(whole!)).toEqual([]);
    const [closed] = scanLog(`${build!.trimEnd()}\nFinished: SUCCESS\n`);
    expect(ends(closed!)).toEqual([]);
  });
});
