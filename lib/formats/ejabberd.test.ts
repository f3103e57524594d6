// ejabberd's watchdog read line by line, as the snapshot scanner hands lines over: the section's
// entries (every one's `killed`, not only the worst's) and what the scanner makes of the log.

import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { timestampPrefix } from "../monitor-log/markers";
import { classifyRun } from "../classify";
import { createEjabberdReader } from "./ejabberd";
import { analyzeSnapshots, formatSnapshotReport, scanSnapshots } from "./index";
import { ROWS_REST_UNREAD, type LineView, type Section } from "./reader";
import { MAX_LIST_ENTRIES } from "../monitor-log/extract";

const DIR = join(__dirname, "__fixtures__");
const read = (name: string) => readFileSync(join(DIR, name), "utf8");

/** The snapshot scanner's view of a line (no CI prefix, no GitLab cuts). */
function view(line: string, lineNo: number): LineView {
  const ts = timestampPrefix(line, 0, line.length);
  const text = line.slice(ts.length);
  const q = text.search(/[^ \t]/);
  return { text, lineNo, printed: lineNo, offset: 0, endOffset: 0, prefix: ts.length, stamp: ts.stamp, stamps: ts.layers, first: q === -1 ? -1 : text.charCodeAt(q) };
}

/** The reader alone over a log, driven as scanner.ts's `offer` drives it. */
function sections(text: string): Section[] {
  const reader = createEjabberdReader();
  const out: Section[] = [];
  let open = false;
  const finish = () => {
    const s = reader.close();
    if (s) out.push(s);
    open = false;
  };
  text.split(/\r?\n/).forEach((line, i) => {
    const v = view(line, i + 1);
    if (open) {
      const r = reader.feed(v);
      if (r === "take") return;
      if (r === "done") return finish();
      if (r === "end") finish();
    }
    if (!reader.starts(v)) return;
    if (open) finish();
    if (reader.begin(v) === "done") finish();
    else open = true;
  });
  if (open) finish();
  return out;
}

const killedOf = (s: Section | undefined) => s?.entries.map((e) => [e.pid, e.queueLen, e.info.killed]);

const W = "2024-03-01 10:00:01.738664+00:00 [warning] <0.86.0>@ejabberd_system_monitor:handle_overload/2:143 ";
const K = "2024-03-01 10:00:01.741020+00:00 [error] <0.86.0>@ejabberd_system_monitor:do_kill/2:310 ";
const top = (name: string, msgs: number, app = "ejabberd") =>
  `** ${name}: msgs = ${msgs}, memory = 7120, initial_call = xmpp_stream_in:init/1, current_function = p1_server:collect_messages/3, ancestors = [ejabberd_c2s_sup,ejabberd_sup,<0.110.0>], application = ${app}`;

describe("`Unable to kill process … from whitelisted application …` (do_kill, before its `Killed` line)", () => {
  it("belongs to the warning: the Killed line that follows is read (the operator's log)", () => {
    const text = read("ejabberd-unable-to-kill.log");
    const [s, ...rest] = sections(text);
    expect(rest).toEqual([]);
    expect(s?.killed).toEqual({ count: 1, threshold: 300000 });
    
    expect(scanSnapshots(text).map((x) => [x.sourceKind, x.line, x.killed])).toEqual([["ejabberd_system_monitor", 2, { count: 1, threshold: 300000 }]]);
  });

  it("says the process named was not killed, the others at the threshold or above were", () => {
    const text = [
      `${W}The system is overloaded with 1001000 messages queued by 3 process(es) (1%) from the following applications: kernel (600000 msgs), ejabberd (401000 msgs); the top processes are:`,
      top("rex", 600000, "kernel"),
      top("<0.7731.3>", 400000),
      top("<0.8000.3>", 1000),
      "",
      `${K.replace("[error]", "[warning]").replace("310", "294")}Unable to kill process rex from whitelisted application kernel`,
      `${K}Killed 1 process(es) consuming more than 333667 message(s) each`,
    ].join("\n");
    const [s] = sections(text);
    expect(killedOf(s)).toEqual([
      ["rex", 600000, false],
      ["<0.7731.3>", 400000, true],
      ["<0.8000.3>", 1000, false],
    ]);
    // The worst process is the one spared: the snapshot says so.
    expect(scanSnapshots(text)[0]?.inspected?.info?.killed).toBe(false);
  });

  it("names a pid or a quoted atom as the `** ` line does; with every process spared no Killed line comes", () => {
    const text = [
      `${W}The system is overloaded with 900 messages queued by 2 process(es) (1%) from the following applications: mnesia (900 msgs); the top processes are:`,
      top("<0.70.0>", 600, "mnesia"),
      top("'mnesia tm'", 300, "mnesia"),
      `${K.replace("[error]", "[warning]")}Unable to kill process <0.70.0> from whitelisted application mnesia`,
      `${K.replace("[error]", "[warning]")}Unable to kill process 'mnesia tm' from whitelisted application mnesia`,
      "2024-03-01 10:00:02.000000+00:00 [info] <0.500.0>@ejabberd_listener:accept/7:341 Accepted connection",
    ].join("\n");
    const [s] = sections(text);
    expect(s?.killed).toBeNull();
    expect(s?.issues).toEqual([]);
    expect(killedOf(s)).toEqual([
      ["<0.70.0>", 600, false],
      ["mnesia tm", 300, false],
    ]);
    const snaps = scanSnapshots(text);
    expect(snaps.map((x) => [x.line, x.top.length])).toEqual([[1, 2]]);
    // The section runs to the last Unable line.
    expect(text.slice(snaps[0]!.start, snaps[0]!.end).endsWith("whitelisted application mnesia")).toBe(true);
  });
});

describe("which processes the `Killed` line killed: do_kill's `Len >= Threshold`", () => {
  it("a process whose queue equals the threshold was killed (two equal queues, the operator's t16)", () => {
    const text = [
      `${W}The system is overloaded with 1000000 messages queued by 2 process(es) (0%) from the following applications: ejabberd (1000000 msgs); the top processes are:`,
      top("<0.900.0>", 500000),
      top("<0.901.0>", 500000),
      "",
      `${K}Killed 2 process(es) consuming more than 500000 message(s) each`,
    ].join("\n");
    expect(killedOf(sections(text)[0])).toEqual([
      ["<0.900.0>", 500000, true],
      ["<0.901.0>", 500000, true],
    ]);
    expect(scanSnapshots(text)[0]?.inspected?.info?.killed).toBe(true);
  });

  it("a one-process overload: the threshold is that process's queue (t05's second warning), one below it is not", () => {
    const closing = (i: number) => `2024-03-03 10:00:00.0000${String(i).padStart(2, "0")}+00:00 [info] <0.1204.3>@ejabberd_c2s:handle_info/2:421 (tls|<0.1203.3>) Closing c2s session for u${i}@example.org/phone`;
    const text = [
      `${W}The system is overloaded with 800000 messages queued by 1 process(es) (0%) from the following applications: ejabberd (800000 msgs); the top processes are:`,
      top("<0.900.0>", 800000),
      ...Array.from({ length: 20 }, (_, i) => closing(i + 1)),
      `${K}Killed 1 process(es) consuming more than 800000 message(s) each`,
      `${W}The system is overloaded with 900001 messages queued by 2 process(es) (0%) from the following applications: ejabberd (900001 msgs); the top processes are:`,
      top("<0.901.0>", 900000),
      top("<0.902.0>", 1),
      `${K}Killed 1 process(es) consuming more than 450001 message(s) each`,
    ].join("\n");
    const got = sections(text);
    expect(got.map((s) => s.killed)).toEqual([
      { count: 1, threshold: 800000 },
      { count: 1, threshold: 450001 },
    ]);
    expect(got.map(killedOf)).toEqual([[["<0.900.0>", 800000, true]], [["<0.901.0>", 900000, true], ["<0.902.0>", 1, false]]]);
  });
});

describe("a watchdog line wrapped at a terminal's width, its first piece ending inside the logger's prefix", () => {
  const MODERN = read("ejabberd-modern.log").split("\n").slice(1, 7);
  const LEGACY = read("ejabberd-legacy.log").split("\n").slice(1, 2);
  /** The lines as a terminal `width` columns wide shows them. */
  const wrap = (lines: string[], width: number) => lines.flatMap((l) => l.match(new RegExp(`.{1,${width}}`, "g")) ?? [""]);
  const facts = (text: string) => scanSnapshots(text).map((s) => ({ line: s.line, startedAt: s.startedAt, top: s.top, info: s.inspected?.info, killed: s.killed, issues: s.issues }));

  it.each([80, 100, 120])("reads at %i columns as unwrapped (the operator's t21-wrap80/100/120)", (width) => {
    const got = facts(wrap(MODERN, width).join("\n"));
    expect(got.map((f) => f.top.length)).toEqual([4]);
    expect(got).toEqual(facts(MODERN.join("\n")));
  });

  it("reads at every width from 58 columns (the prefix cut just after `@ejabb`) to 200", () => {
    const plain = { modern: facts(MODERN.join("\n")), legacy: facts(LEGACY.join("\n")) };
    // A `** ` line cut inside its last value (`application = ejabbe` / `rd`) reads as complete
    // there (COMPLETE_TOP_LINE): those widths are left out; the prefix is what this is about.
    const cutsApplication = (width: number) =>
      MODERN.some((l) => l.includes("application = ") && Array.from({ length: Math.floor((l.length - 1) / width) }, (_, k) => (k + 1) * width).some((at) => at > l.lastIndexOf("application = ") + 14 && at < l.length));
    let widths = 0;
    for (let width = 58; width <= 200; width++) {
      expect(facts(wrap(LEGACY, width).join("\n")), `legacy, ${width} columns`).toEqual(plain.legacy);
      if (cutsApplication(width)) continue;
      widths++;
      expect(facts(wrap(MODERN, width).join("\n")), `modern, ${width} columns`).toEqual(plain.modern);
    }
    expect(widths).toBeGreaterThan(100);
  });

  it("the legacy line cut after `handle_event:` (the operator's t20-wrapped80)", () => {
    const [, legacy] = scanSnapshots(read("ejabberd-wrapped.log"));
    expect(legacy).toMatchObject({ line: 15, startedAt: "2020-12-18T04:01:39.319Z", top: [{ pid: "<0.588.0>", queueLen: 9618520 }], issues: [] });
    expect(legacy?.inspected?.info).toMatchObject({ currentFunction: "jid:remove_resource/1", application: "ejabberd" });
  });

  it("a prefix no piece goes on with carries an issue; one that turns out to be a cut `Killed` line is no section", () => {
    const cut = "2024-02-20 22:55:00.738664+00:00 [warning] <0.86.0>@ejabberd_system_monitor:hand";
    const next = "2024-02-20 22:55:01.000000+00:00 [info] <0.1204.3>@ejabberd_c2s:handle_info/2:421 Closing c2s session";
    const [s] = sections(`${cut}\n${next}`);
    expect(s?.entries).toEqual([]);
    expect(s?.issues.map((i) => [i.line, i.message])).toEqual([[1, "the watchdog's line was cut before it said what it was, and no piece went on with it"]]);
    expect(sections(`${K.slice(0, 90)}\n${K.slice(90)}Killed 1 process(es) consuming more than 5 message(s) each\n${next}`)).toEqual([]);
  });

  it("a prefix cut before `@ejabb` holds no piece of READER_PIECES: not recognised", () => {
    expect(sections(wrap(MODERN, 50).join("\n"))).toEqual([]);
  });
});

describe("OTP logger's multi-line crash report naming max_queue", () => {
  const ONE_LINE = read("ejabberd-legacy.log").split("\n")[6]!; // the same report, printed on one line

  it("reads as the one-line report does: the crashed process, its queue, its facts (the operator's t02)", () => {
    const [s, ...rest] = scanSnapshots(read("ejabberd-crash-report.log"));
    expect(rest).toEqual([]);
    expect(s).toMatchObject({ sourceKind: "ejabberd_system_monitor", line: 2, startedAt: "2024-03-01T11:00:05.123Z", top: [{ rank: 1, pid: "<0.5005.3>", queueLen: 10001 }], issues: [] });
    expect(s?.inspected?.info).toMatchObject({ initialCall: "xmpp_stream_in:init/1", registeredName: null, ancestors: ["ejabberd_c2s_sup", "ejabberd_sup", "<0.110.0>"], exit: "{process_limit,{max_queue,10001}}", killed: false });
    // The one-line report (ejabberd-legacy.log) gives the same facts, no more.
    const [one] = scanSnapshots(ONE_LINE);
    const filled = (info: object | undefined) => Object.entries(info ?? {}).filter(([, v]) => v !== null && !(Array.isArray(v) && v.length === 0) && v !== false).map(([k]) => k);
    expect(filled(s?.inspected?.info)).toEqual(filled(one?.inspected?.info));
  });

  const report = (first: string[], exit: string[], more: string[] = []) =>
    [
      ...first,
      "    initial call: mod_muc_room:init/1",
      "    pid: <0.900.0>",
      "    registered_name: []",
      ...exit,
      "      in function  p1_server:terminate/7 (src/p1_server.erl, line 878)",
      "    ancestors: ['mod_muc_room_sup_conference.example.org',ejabberd_sup,<0.110.0>]",
      "    message_queue_len: 5004",
      ...more,
      "  neighbours:",
      "    neighbour:",
      "      pid: <0.901.0>",
      "      initial call: ejabberd_sql:init/1",
      "2024-03-01 11:00:06.000000+00:00 [info] <0.500.0>@ejabberd_listener:accept/7:341 Accepted connection",
    ].join("\n");

  it("OTP's default formatter (`=CRASH REPORT====`, then `crasher:` alone), the exit wrapped over lines, a neighbour's pid after", () => {
    const text = report(["=CRASH REPORT==== 1-Mar-2024::11:00:05.123456 ===", "  crasher:"], ["    exception exit: {{process_limit,", "                      {max_queue,5003}},", "                     [{p1_server,terminate,7,[]}]}"]);
    const got = sections(text);
    expect(got.map((s) => [s.line, s.entries.map((e) => [e.pid, e.queueLen, e.info.initialCall, e.info.exit])])).toEqual([[2, [["<0.900.0>", 5003, "mod_muc_room:init/1", "{process_limit,{max_queue,5003}}"]]]]);
    expect(scanSnapshots(text).map((s) => [s.line, s.top.length])).toEqual([[2, 1]]);
  });

  it("a crash report about something else is no section; one naming max_queue without a pid carries an issue", () => {
    const head = "2024-03-01 11:00:05.123456+00:00 [error] <0.900.0>@proc_lib:crash_report/4:539 crasher:";
    expect(sections(report([head], ["    exception exit: {timeout,{gen_server,call,[ejabberd_sm,get]}}"]))).toEqual([]);
    const noPid = report([head], ["    exception exit: {process_limit,{max_queue,5003}}"]).replace("    pid: <0.900.0>\n", "").replace(/<0\.\d+\.0>/g, "x");
    const [s] = sections(noPid);
    expect(s?.entries).toEqual([]);
    expect(s?.issues.map((i) => i.message)).toEqual(["a crash report naming max_queue does not say which process crashed"]);
  });
});

describe("ejabberd 18.x's `Killed` lines, logged through error_logger (no `@ejabberd_system_monitor:` location)", () => {
  // processone/ejabberd issue 2749 (ejabberd 18.09), crash.log as pasted there: each `Killed` line
  // ran into the next report's date (24); the same with the line breaks put back (24b).
  const RUN_IN = [
    "2018-12-28 13:26:55 =ERROR REPORT====",
    "Killed 29 process(es) consuming more than 19715 message(s) each2018-12-28 13:27:26 =ERROR REPORT====",
    "Killed 4 process(es) consuming more than 4841 message(s) each2019-01-03 08:40:59 =ERROR REPORT====",
    "Killed 1 process(es) consuming more than 53599 message(s) each2019-01-03 08:40:59 =SUPERVISOR REPORT====",
    "     Supervisor: {local,ejabberd_c2s_sup}",
    "     Context:    child_terminated",
    "     Reason:     killed",
    "     Offender:   [{pid,<0.1683.0>},{id,undefined},{mfargs,{ejabberd_c2s,start_link,undefined}},{restart_type,temporary},{shutdown,1000},{child_type,worker}]",
  ].join("\n");
  const SPLIT = RUN_IN.replace(/each(?=\d{4}-)/g, "each\n");
  const EXPECTED = [
    { killed: { count: 29, threshold: 19715 }, startedAt: "2018-12-28T13:26:55.000Z" },
    { killed: { count: 4, threshold: 4841 }, startedAt: "2018-12-28T13:27:26.000Z" },
    { killed: { count: 1, threshold: 53599 }, startedAt: "2019-01-03T08:40:59.000Z" },
  ];

  it("crash.log's `Killed` line after its `=ERROR REPORT====` line: the watchdog acted, no process named (an issue says so)", () => {
    const snaps = scanSnapshots(SPLIT);
    expect(snaps.map((s) => ({ killed: s.killed, startedAt: s.startedAt }))).toEqual(EXPECTED);
    expect(snaps.map((s) => s.line)).toEqual([2, 4, 6]);
    for (const s of snaps) expect(s).toMatchObject({ sourceKind: "ejabberd_system_monitor", top: [], inspected: null });
    expect(snaps[0]?.issues).toEqual([
      expect.objectContaining({
        line: 2,
        column: 1,
        message: "ejabberd's watchdog killed 29 process(es) with 19715 or more messages each; this line names none of them, and no overload warning read before it lists them (crash.log never holds that warning)",
      }),
    ]);
  });

  it("run together (the paste lost the line break before each report's date): the same counts, and each at its own report's time", () => {
    expect(scanSnapshots(RUN_IN).map((s) => ({ killed: s.killed, startedAt: s.startedAt }))).toEqual(EXPECTED);
  });

  it("behind lager's `[error] <pid> ` with no location (ejabberd.log, error.log): alone, or ending the warning it follows", () => {
    const E = "2018-12-28 13:26:55.482 [error] <0.86.0> ";
    const [alone, ...rest] = sections(`${E}Killed 2 process(es) consuming more than 500000 message(s) each`);
    expect(rest).toEqual([]);
    expect(alone).toMatchObject({ line: 1, entries: [], killed: { count: 2, threshold: 500000 } });
    const [warning, ...none] = sections([`${W}The system is overloaded with 1100000 messages queued by 2 process(es) (1%) from the following applications: ejabberd (1100000 msgs); the top processes are:`, top("<0.1.0>", 600000), top("<0.2.0>", 500000), `${E}Killed 2 process(es) consuming more than 500000 message(s) each`].join("\n"));
    expect(none).toEqual([]);
    expect(warning?.killed).toEqual({ count: 2, threshold: 500000 });
    expect(killedOf(warning)).toEqual([["<0.1.0>", 600000, true], ["<0.2.0>", 500000, true]]);
  });

  it("after a crash report it is not the report's: the crashed process stopped itself, the count is of a warning's processes", () => {
    // ejabberd 17.x/18.x's ejabberd.log (lager, error_logger's lines without a location), as in ejabberd issue 1616.
    const crash = "2017-03-17 16:04:36.998 [error] <0.648.0> CRASH REPORT Process <0.648.0> with 0 neighbours exited with reason: {process_limit,{max_queue,1477}} in p1_server:terminate/7 line 864";
    for (const killed of ["2017-03-17 16:04:40.001 [error] <0.86.0> Killed 1 process(es) consuming more than 1000 message(s) each", `${K}Killed 1 process(es) consuming more than 1000 message(s) each`]) {
      const got = sections(`${crash}\n${killed}`);
      expect(got.map((s) => [s.line, s.killed, killedOf(s)])).toEqual([
        [1, null, [["<0.648.0>", 1477, false]]],
        [2, { count: 1, threshold: 1000 }, []],
      ]);
    }
  });

  it("lines that only look alike are not read: another wording, another message behind `[error] <pid> `, an indented line", () => {
    const lines = [
      "Killed 3 processes consuming more than 5 messages each",
      "2018-12-28 13:26:55.482 [error] <0.86.0> Killed by signal 9",
      "2018-12-28 13:26:55.482 [error] <0.86.0> Process <0.1.0> Killed 1 process(es) consuming more than 5 message(s) each",
      "    Killed 1 process(es) consuming more than 5 message(s) each",
      "Killed: 9",
    ];
    expect(sections(lines.join("\n"))).toEqual([]);
  });
});

describe("a crash report's `messages:` list: the crashed process's samples", () => {
  // processone/ejabberd issue 1536 (ejabberd 16.x), crash.log as the issue's reviewer re-joined it
  // (23b); below, as pasted there, hard-wrapped at a fixed column inside tokens (23).
  const MESSAGES_LINE = `    messages: [{'$gen_event',{xmlstreamelement,{xmlel,<<"presence">>,[{<<"id">>,<<"6386269338139535360-51">>},{<<"type">>,<<"off">>}],[]}}},{'$gen_event',{xmlstreamelement,{xmlel,<<"iq">>,[{<<"to">>,<<"glabbr.co.in">>},{<<"id">>,<<"ping1486919203">>},{<<"type">>,<<"get">>}],[{xmlel,<<"ping">>,[{<<"xmlns">>,<<"xmpp:ping">>}],[]}]}}}]`;
  const crash = (exit: string[], messages: string[]) =>
    [
      "2017-02-12 17:06:49 =CRASH REPORT====",
      "  crasher:",
      "    initial call: gen:init_it/6",
      "    pid: <0.5717.0>",
      "    registered_name: []",
      ...exit,
      "    ancestors: [<0.391.0>,ejabberd_listeners,ejabberd_sup,<0.37.0>]",
      ...messages,
      "    links: [#Port<0.18170>]",
      "    dictionary: [{'$internal_queue_len',0}]",
      "    trap_exit: false",
      "    status: running",
      "    heap_size: 196650",
      "    stack_size: 27",
      "    reductions: 25938765",
      "  neighbours:",
    ].join("\n");
  const EXIT = `    exception exit: {{process_limit,{max_queue,1611}},[{p1_fsm,terminate,8,[{file,"src/p1_fsm.erl"},{line,755}]},{p1_fsm,loop,10,[{file,"src/p1_fsm.erl"},{line,433}]},{proc_lib,init_p_do_apply,3,[{file,"proc_lib.erl"},{line,237}]}]}`;
  const UNWRAPPED = crash([EXIT], [MESSAGES_LINE]);
  const HARD_WRAPPED = crash(
    [
      `    exception exit: {{process_limit,{max_queue,1611}},[{p1_fsm,terminate,8,[{file,"src/p1_fsm.erl"},{line,755}]},{p1_fsm,loop,1`,
      `0,[{file,"src/p1_fsm.erl"},{line,433}]},{proc_lib,init_p_do_apply,3,[{file,"proc_lib.erl"},{line,237}]}]}`,
    ],
    [
      `    messages: [{'$gen_event',{xmlstreamelement,{xmlel,<<"presence">>,[{<<"id">>,<<"6386269338139535360-51">>},{<<"type">>,<<"of`,
      `f">>}],[]}}},{'$gen_event',{xmlstreamelement,{xmlel,<<"iq">>,[{<<"to">>,<<"glabbr.co.in">>},{<<"id">>,<<"ping1486919203">>},{<<`,
      `"type">>,<<"get">>}],[{xmlel,<<"ping">>,[{<<"xmlns">>,<<"xmpp:ping">>}],[]}]}}}]`,
    ],
  );
  const facts = (text: string) => {
    const [s] = scanSnapshots(text);
    return s?.inspected?.samples.map((x) => [x.index, x.kind, x.summary, x.decoded.join(" "), x.truncated]);
  };

  it("every message read as the monitor reads its list: kind, summary, decoded binaries, the log's own text and place", () => {
    const [s, ...rest] = scanSnapshots(UNWRAPPED);
    expect(rest).toEqual([]);
    expect(s).toMatchObject({ top: [{ pid: "<0.5717.0>", queueLen: 1611 }], issues: [] });
    expect(s?.inspected).toMatchObject({ pid: "<0.5717.0>", samplesCut: false });
    expect(facts(UNWRAPPED)).toEqual([
      [0, "$gen_event", expect.stringContaining(`{xmlel,<<"presence">>`), "presence id 6386269338139535360-51 type off", false],
      [1, "$gen_event", expect.stringContaining(`{xmlel,<<"iq">>`), "iq to glabbr.co.in id ping1486919203 type get ping xmlns xmpp:ping", false],
    ]);
    for (const x of s!.inspected!.samples) expect(UNWRAPPED.slice(x.start, x.end)).toBe(x.raw);
    expect(s?.inspected?.samples.map((x) => [x.line, x.column])).toEqual([[8, 16], [8, 141]]);
    // The classifier sees the same process: the crash report's verdict stands.
    expect(classifyRun(s!)).toMatchObject({ class: "dead", rule: "max-queue-exit" });
  });

  it("hard-wrapped inside tokens: the same samples and facts, its ancestors line kept (before, the wrap ended the report there)", () => {
    const [wrapped] = scanSnapshots(HARD_WRAPPED);
    const [whole] = scanSnapshots(UNWRAPPED);
    expect(wrapped?.inspected?.info).toEqual(whole?.inspected?.info);
    expect(wrapped?.inspected?.info?.ancestors).toEqual(["<0.391.0>", "ejabberd_listeners", "ejabberd_sup", "<0.37.0>"]);
    expect(facts(HARD_WRAPPED)).toEqual(facts(UNWRAPPED));
    for (const x of wrapped!.inspected!.samples) expect(HARD_WRAPPED.slice(x.start, x.end)).toBe(x.raw);
    expect(wrapped?.end).toBe(HARD_WRAPPED.length);
  });

  it("`messages: []` gives none; a list printed over indented lines is read whole; one the log cuts is marked cut", () => {
    expect(facts(crash([EXIT], ["    messages: []"]))).toEqual([]);
    const indented = crash([EXIT], ["    messages: [{'$gen_cast',{route,<<\"a@b\">>}},", "               {'$gen_cast',", "                   {route,<<\"c@d\">>}}]"]);
    expect(facts(indented)?.map((f) => [f[1], f[3]])).toEqual([["$gen_cast", "a@b"], ["$gen_cast", "c@d"]]);
    const cut = crash([EXIT], ["    messages: [{'$gen_cast',{route,<<\"a@b\">>}},", "               {'$gen_cast',"]).replace(/\n {4}links:[^]*$/, "\n2017-02-12 17:06:50 =INFO REPORT====");
    const [s] = scanSnapshots(cut);
    expect(s?.inspected?.samplesCut).toBe(true);
    expect(s?.inspected?.samples.map((x) => [x.kind, x.truncated])).toEqual([["$gen_cast", false], ["$gen_cast", true]]);
  });

  it("a line at the start after a report whose brackets are closed still ends it", () => {
    const text = `${UNWRAPPED.replace("  neighbours:", "").trimEnd()}\nnot indented: {a,[b`;
    const [s] = scanSnapshots(text);
    expect(s?.end).toBe(text.indexOf("\nnot indented"));
    expect(s?.inspected?.samples).toHaveLength(2);
  });
});

describe("ejabberd 18.x's ejabberd.log: the watchdog's lines without a location (error_logger through lager)", () => {
  const at = (time: string, level = "warning") => `2018-12-28 13:${time} [${level}] <0.86.0> `;
  const OVERLOAD_18 = [
    `${at("26:25.104")}The system is overloaded with 600000 messages queued by 2 process(es) (1%) from the following applications: ejabberd (600000 msgs); the top processes are:`,
    top("<0.1.0>", 400000),
    top("<0.2.0>", 200000),
    `${at("26:25.109")}Unable to kill process <0.3.0> from whitelisted application kernel`,
    `${at("26:25.110", "info")}unexpected info: {timeout,#Ref<0.1.2.3>,handle_overload}`,
    `${at("26:25.111", "error")}Killed 1 process(es) consuming more than 300000 message(s) each`,
  ].join("\n");
  const CONSUMES_18 = `${at("27:00.000")}Process <0.588.0> consumes more than 5% of OS memory (msgs = 9618520, memory = 4084255564, initial_call = mod_muc_room:init/1, current_function = jid:remove_resource/1, ancestors = ['mod_muc_room_sup_livechat.example.org',ejabberd_gen_mod_sup,ejabberd_sup,<0.107.0>], application = ejabberd)`;

  it("read as the same lines with the watchdog's location are: the warning, its processes, the ones killed", () => {
    const got = sections(`${OVERLOAD_18}\n${CONSUMES_18}`);
    const located = sections(`${OVERLOAD_18}\n${CONSUMES_18}`.replace(/(\[(?:warning|error)\] <0\.86\.0>) (?=The|Unable|Killed|Process)/g, "$1@ejabberd_system_monitor:handle_overload/2:143 "));
    expect(got).toEqual(located);
    expect(got.map((s) => [s.line, s.killed, killedOf(s)])).toEqual([
      [1, { count: 1, threshold: 300000 }, [["<0.1.0>", 400000, true], ["<0.2.0>", 200000, false]]],
      [7, null, [["<0.588.0>", 9618520, false]]],
    ]);
    expect(scanSnapshots(CONSUMES_18)[0]).toMatchObject({ service: true, inspected: { info: { initialCall: "mod_muc_room:init/1" } } });
  });

  it("only before one of the watchdog's messages: other lines of that form are not the watchdog's", () => {
    expect(sections([`${at("26:25.104")}Process <0.1.0> exited`, `${at("26:25.105", "info")}The sun is up`, `${at("26:25.106", "error")}Killed by signal 9`].join("\n"))).toEqual([]);
  });
});

describe("the readable report of a snapshot with no process", () => {
  it("says no process was read, not `healthy`: a `Killed` line alone (the watchdog killed 29 processes)", () => {
    const text = "2018-12-28 13:26:55 =ERROR REPORT====\nKilled 29 process(es) consuming more than 19715 message(s) each\n";
    const report = formatSnapshotReport(analyzeSnapshots(text, { source: "crash.log" }));
    expect(report.split("\n").slice(0, 5)).toEqual([
      "(unknown build)  2018-12-28T13:26:55.000Z  [crash.log:2]",
      "  format:    ejabberd_system_monitor, watchdog killed 29 above 19715",
      "  top:       ",
      "  inspected: none",
      "  verdict:   none, no process read (an upload stores no build for it)",
    ]);
    // A snapshot with a process keeps its verdict.
    const warning = `${W}The system is overloaded with 600000 messages queued by 1 process(es) (1%) from the following applications: ejabberd (600000 msgs); the top processes are:\n${top("<0.1.0>", 600000)}\n`;
    expect(formatSnapshotReport(analyzeSnapshots(warning, { source: "w.log" }))).toContain("  verdict:   INCIDENT, unknown c2s session <0.1.0>");
  });
});

describe("a warning of more processes than a list is read to (MAX_LIST_ENTRIES)", () => {
  it("10,002 `** <pid>: msgs = N` lines: the first 10,000 kept, one issue for the rest", () => {
    const text = [
      `${W}The system is overloaded with 10002 messages queued by 10002 process(es) (1%) from the following applications: ejabberd (10002 msgs); the top processes are:`,
      ...Array.from({ length: MAX_LIST_ENTRIES + 2 }, (_, k) => top(`<0.${k + 100}.0>`, 1)),
    ].join("\n");
    const [s] = sections(text);
    expect(s?.entries).toHaveLength(MAX_LIST_ENTRIES);
    expect(s?.issues.map((i) => [i.line, i.message])).toEqual([[MAX_LIST_ENTRIES + 2, ROWS_REST_UNREAD]]);
  });
});
