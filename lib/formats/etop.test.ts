// etop's text screens (`etop -output text`), read by etop_txt's fixed columns:
// `~-15w~-20s~8w~8w~8w~8w ~-20s` (Pid, Name, Time, Reds, Memory, MsgQ, Current Function).

import { describe, expect, it } from "vitest";
import { classifyRun } from "../classify";
import { MAX_LIST_ENTRIES } from "../monitor-log/extract";
import { scanSnapshots } from "./index";

/** `~Nw` / `~-Nw` / `~-Ns` as io_lib prints them: padded, stars when too wide (`w`), cut (`s`). */
const w = (v: string | number, n: number) => (String(v).length > n ? "*".repeat(n) : String(v).padStart(n));
const wl = (v: string, n: number) => (v.length > n ? "*".repeat(n) : v.padEnd(n));
const s = (v: string, n: number) => v.slice(0, n).padEnd(n);

/** One row, as etop_txt prints it (trailing blanks kept, as etop leaves them). */
function row(pid: string, name: string, reds: number, memory: number, msgq: number, current: string): string {
  return `${wl(pid, 15)}${s(name, 20)}${w("'-'", 8)}${w(reds, 8)}${w(memory, 8)}${w(msgq, 8)} ${s(current, 20)}`;
}

const HEAD = [
  "========================================================================================",
  " ejabberd@im1                                                              10:00:00",
  " Load:  cpu         7               Memory:  total    ********    binary    1234567",
  "        procs   52034                        processes********    code      3456789",
  "        runq        3                        atom      1045678    ets       1234567",
  "",
  "Pid            Name or Initial Func    Time    Reds  Memory    MsgQ Current Function    ",
  "----------------------------------------------------------------------------------------",
];
const RULE = "========================================================================================";
const screen = (...rows: string[]) => `${[...HEAD, ...rows, RULE].join("\n")}\n`;

/** The operator's row (t17-etop-real.txt): Reds and Memory ≥ 10^8, starred and run together. */
const STUCK = "<0.7731.3>     mod_muc_room:init/1      '-'**************** 1100000 mod_muc_room:process";
const C2S = row("<0.5005.3>", "xmpp_stream_in:init/1", 2345, 6331179, 467163, "gen:do_call/4");
const SQL = row("<0.900.0>", "ejabberd_sql:init/1", 98123, 2211002, 25000, "p1_fsm:collect_messages/3");

const top = (text: string) => scanSnapshots(text).map((x) => x.top.map((t) => `${t.pid}:${t.queueLen}`));

describe("etop rows by columns", () => {
  it("the helper prints the operator's row", () => {
    expect(row("<0.7731.3>", "mod_muc_room:init/1", 123456789, 123456789, 1100000, "mod_muc_room:process_packet/2")).toBe(STUCK);
  });

  it("a starred, run-together row first: the screen is read, the stuck process ranked first", () => {
    const [snap, ...rest] = scanSnapshots(screen(STUCK, C2S, SQL));
    expect(rest).toEqual([]);
    expect(snap?.top.map((t) => `${t.pid}:${t.queueLen}`)).toEqual(["<0.7731.3>:1100000", "<0.5005.3>:467163", "<0.900.0>:25000"]);
    expect(snap?.node).toBe("ejabberd@im1");
    // Starred Reds and Memory are unknown; no issue for them.
    expect(snap?.inspected?.info).toMatchObject({ initialCall: "mod_muc_room:init/1", reductions: null, memory: null, currentFunction: "mod_muc_room:process" });
    expect(snap?.issues).toEqual([]);
  });

  it("a starred row later: the screen goes on past it and keeps the worst process", () => {
    expect(top(screen(C2S, STUCK, SQL))).toEqual([["<0.7731.3>:1100000", "<0.5005.3>:467163", "<0.900.0>:25000"]]);
  });

  it("8-digit values touching their neighbours (`1234567887654321`)", () => {
    const r = row("<0.42.0>", "rex", 12345678, 87654321, 99999999, "gen_server:loop/7");
    expect(r).toContain("123456788765432199999999 gen_server");
    const [snap] = scanSnapshots(screen(r));
    expect(snap?.top).toEqual([{ rank: 1, pid: "<0.42.0>", queueLen: 99999999 }]);
    expect(snap?.inspected?.info).toMatchObject({ registeredName: "rex", reductions: 12345678, memory: 87654321 });
  });

  it("a starred MsgQ: kept at 100,000,000 with an issue saying it is a lower bound", () => {
    const r = row("<0.77.0>", "mod_muc_room:init/1", 1, 2, 123456789, "gen:do_call/4");
    const [snap] = scanSnapshots(screen(SQL, r));
    expect(snap?.top.map((t) => `${t.pid}:${t.queueLen}`)).toEqual(["<0.77.0>:100000000", "<0.900.0>:25000"]);
    expect(snap?.issues).toHaveLength(1);
    expect(snap?.issues[0]).toMatchObject({ line: 10, column: 60 });
    expect(snap?.issues[0]?.message).toMatch(/MsgQ of <0\.77\.0> as \*{8} \(more than 99,999,999\).*lower bound/);
  });

  it("a starred Pid (a remote pid wider than 15): the row is skipped with an issue, the screen read on", () => {
    const r = row("<6562.12345.1234>", "mod_muc_room:init/1", 1, 2, 999999, "gen:do_call/4");
    expect(r.startsWith("*".repeat(15))).toBe(true);
    const [snap] = scanSnapshots(screen(C2S, r, SQL));
    expect(snap?.top.map((t) => t.pid)).toEqual(["<0.5005.3>", "<0.900.0>"]);
    expect(snap?.issues).toHaveLength(1);
    expect(snap?.issues[0]).toMatchObject({ line: 10, column: 1 });
    expect(snap?.issues[0]?.message).toMatch(/Pid as \*{15}.*skipped/);
  });

  it("a row that reads neither by columns nor as words: an issue with its line and column, and the rows below are read", () => {
    const bad = "<0.66.0>       rex                      '-'    12x4   21432    3817 gen_server:loop/7";
    const [snap] = scanSnapshots(screen(C2S, bad, SQL));
    expect(snap?.top.map((t) => t.pid)).toEqual(["<0.5005.3>", "<0.900.0>"]);
    expect(snap?.issues).toEqual([expect.objectContaining({ line: 10, column: 44 })]);
    expect(snap?.issues[0]?.message).toMatch(/Reds \(columns 44-51\) holds `12x4`/);
  });

  it("a screen whose rows are all unreadable is a snapshot with issues, not nothing", () => {
    const r = row("<6562.12345.1234>", "mod_muc_room:init/1", 1, 2, 999999, "gen:do_call/4");
    const snaps = scanSnapshots(screen(r));
    expect(snaps).toHaveLength(1);
    expect(snaps[0]).toMatchObject({ sourceKind: "etop", top: [], inspected: null });
    expect(snaps[0]?.issues).toHaveLength(1);
  });

  it("rows typed or re-aligned by hand still read as words", () => {
    const text = "Pid            Name or Initial Func    Time    Reds  Memory    MsgQ Current Function\n<0.1.0>  foo  '-'  1  2  3  a:b/1\n";
    expect(top(text)).toEqual([["<0.1.0>:3"]]);
  });

  it("newer OTP's widened columns (a space after Reds and Memory, wider fields): taken from the header", () => {
    // etop_txt's calc_field_widths: Name 24, Reds 9, Memory 10, MsgQ 8; the header's labels end where the fields do.
    const header = `Pid            Name or Initial Func${" ".repeat(24 - 16)}Time${" ".repeat(9 - 4)}Reds${" ".repeat(10 - 5)}Memory${" ".repeat(8 - 3)}MsgQ Current Function`;
    const r = `${wl("<0.5.0>", 15)}${s("xmpp_stream_in:init/1", 24)}${w("'-'", 8)}${w(123456789, 9)} ${w(1234567890, 10)} ${w(4321, 8)} ${s("gen:do_call/4", 24)}`;
    const [snap] = scanSnapshots(`${header}\n${r}\n`);
    expect(snap?.top).toEqual([{ rank: 1, pid: "<0.5.0>", queueLen: 4321 }]);
    expect(snap?.inspected?.info).toMatchObject({ reductions: 123456789, memory: 1234567890, currentFunction: "gen:do_call/4" });
  });
});

describe("etop's Name cut to 20 characters (`~-20s`)", () => {
  // t17b-etop-no-stars.txt, as the operator saved it (trailing blanks included).
  const T17B = screen(
    "<0.5005.3>     xmpp_stream_in:init/     '-'    2345 6331179  467163 gen:do_call/4       ",
    "<0.900.0>      ejabberd_sql:init/1      '-'   98123 2211002   25000 p1_fsm:collect_messa",
  );

  it("a cut `M:F/` is an initial call with its end unknown, not a registered name", () => {
    const [snap] = scanSnapshots(T17B);
    expect(snap?.inspected?.info).toMatchObject({ registeredName: null, initialCall: "xmpp_stream_in:init/", initialCallCut: true });
  });

  it("t17b's c2s row classifies as the same row with the name uncut would", () => {
    const [cut] = scanSnapshots(T17B);
    const [whole] = scanSnapshots(T17B.replace("xmpp_stream_in:init/     '-'", "xmpp_stream_in:init/1   '-'"));
    expect(whole?.inspected?.info?.initialCall).toBe("xmpp_stream_in:init/1");
    const v = classifyRun(cut!);
    expect(v).toMatchObject({ class: "gen_call", subject: "c2s session <0.5005.3>", rule: "c2s-session" });
    expect({ class: v?.class, subject: v?.subject, rule: v?.rule }).toEqual((({ class: c, subject, rule }) => ({ class: c, subject, rule }))(classifyRun(whole!)!));
    expect(v?.evidence.join("\n")).toContain("xmpp_stream_in:init/… (cut to its column in the log: its end is unknown)");
    expect(v?.evidence.join("\n")).not.toContain("registered as");
  });

  it("a name shorter than its field is whole; a quoted atom with `:` is a registered name", () => {
    const [snap] = scanSnapshots(screen(row("<0.1.0>", "mod_muc_room:init/1", 1, 2, 30, "gen:do_call/4"), row("<0.2.0>", "'a:b'", 1, 2, 3, "x:y/0")));
    expect(snap?.inspected?.info).toMatchObject({ initialCall: "mod_muc_room:init/1" });
    expect(snap?.inspected?.info?.initialCallCut).toBeUndefined();
    const [quoted] = scanSnapshots(screen(row("<0.2.0>", "'a:b'", 1, 2, 3, "x:y/0")));
    expect(quoted?.inspected?.info).toMatchObject({ registeredName: "a:b", initialCall: null });
  });

  it("a call that fills the field may have lost arity digits: marked cut", () => {
    const [snap] = scanSnapshots(screen(row("<0.3.0>", "abcdefgh_stream:fn/10", 1, 2, 3, "x:y/0")));
    expect(snap?.inspected?.info).toMatchObject({ initialCall: "abcdefgh_stream:fn/1", initialCallCut: true });
  });

describe("etop's Current Function cut to 20 characters (`~-20s`)", () => {
  it("a process waiting in a call whose name is longer than the field is still `gen_call`, and the evidence says the name was cut", () => {
    for (const [current, printed] of [
      ["gen_fsm:sync_send_event/3", "gen_fsm:sync_send_ev"],
      ["gen_statem:call_dirty/4", "gen_statem:call_dirt"],
      ["p1_fsm:sync_send_event/3", "p1_fsm:sync_send_eve"],
      ["gen_fsm:sync_send_all_state_event/3", "gen_fsm:sync_send_al"],
    ] as const) {
      const [cut] = scanSnapshots(screen(row("<0.42.0>", "my_worker", 1, 2, 5000, current)));
      expect(cut?.inspected?.info).toMatchObject({ registeredName: "my_worker", currentFunction: printed, currentFunctionCut: true });
      const v = classifyRun(cut!);
      expect(v, current).toMatchObject({ class: "gen_call", subject: "my_worker", rule: "process-in-call" });
      expect(v?.evidence.join("\n")).toContain(`blocked in ${printed}… (cut to its column in the log: its end is unknown)`);
      // The same row with room to print the whole name (etop's widened layout) says the same.
      const whole = classifyRun(scanSnapshots(screen(`${row("<0.42.0>", "my_worker", 1, 2, 5000, "").trimEnd()} ${current}`))[0]!);
      expect({ class: whole?.class, subject: whole?.subject, rule: whole?.rule }).toEqual({ class: v?.class, subject: v?.subject, rule: v?.rule });
    }
  });

  it("a cut function that is no call's start, or a whole one with its arity, is not taken for a call", () => {
    const [other] = scanSnapshots(screen(row("<0.42.0>", "my_worker", 1, 2, 5000, "p1_fsm:collect_messages/3")));
    expect(other?.inspected?.info).toMatchObject({ currentFunction: "p1_fsm:collect_messa", currentFunctionCut: true });
    expect(classifyRun(other!)?.rule).not.toBe("process-in-call");
    const [short] = scanSnapshots(screen(row("<0.42.0>", "my_worker", 1, 2, 5000, "gen_server:loop/7")));
    expect(short?.inspected?.info?.currentFunctionCut).toBeUndefined();
    // 20 characters ending in an arity: whole (or its arity's last digits lost, which no rule reads).
    const [full] = scanSnapshots(screen(row("<0.42.0>", "my_worker", 1, 2, 5000, "gen_server:handle/12")));
    expect(full?.inspected?.info?.currentFunctionCut).toBeUndefined();
  });
});
});

describe("a screen printed into a remote shell: every line behind the shell's prompt", () => {
  // emqx/emqx issue 2671 (emq 2.3.10), as pasted there: etop started from `(emq@prod-mb-1)2>`,
  // its screen printed behind the prompt the shell had printed, on the first row twice.
  const EMQX_2671 = [
    "(emq@prod-mb-1)2>  'emq@prod-mb-1'                           12:43:35",
    " Load:  cpu         0               Memory:  total     1296090    binary    1092085",
    "        procs    8134                        processes  110337    code        27627",
    "        runq        0                        atom         2218    ets         43071",
    "(emq@prod-mb-1)2>",
    "(emq@prod-mb-1)2> Pid            Name or Initial Func    Time    Reds  Memory    MsgQ Current Function",
    "(emq@prod-mb-1)2> ----------------------------------------------------------------------------------------",
    "(emq@prod-mb-1)2> (emq@prod-mb-1)2> <0.1729.0>     emqttd_client:init/1     '-'********   26696       0 gen_server2:process_",
    "(emq@prod-mb-1)2> <0.1749.0>     emqttd_session:init/     '-'********    4864       0 erlang:hibernate/3",
    "(emq@prod-mb-1)2> <0.11950.0>    emqttd_client:init/1     '-'********   29712       0 gen_server2:process_",
    "(emq@prod-mb-1)2> <0.11942.0>    emqttd_client:init/1     '-'********   34600       0 gen_server2:process_",
    "(emq@prod-mb-1)2> <0.1739.0>     emqttd_client:init/1     '-'********   26696       0 gen_server2:process_",
    "(emq@prod-mb-1)2> <0.1727.0>     emqttd_client:init/1     '-'********   21808       0 gen_server2:process_",
  ].join("\n");
  const stripped = (text: string) => text.replace(/^(?:\(emq@prod-mb-1\)2> ?)+/gm, "");

  it("reads as the same screen with the prompts taken out: six rows, no issue", () => {
    const [snap, ...rest] = scanSnapshots(EMQX_2671);
    expect(rest).toEqual([]);
    expect(snap).toMatchObject({ sourceKind: "etop", line: 6 });
    expect(snap?.top.map((t) => `${t.pid}:${t.queueLen}`)).toEqual(["<0.1729.0>:0", "<0.1749.0>:0", "<0.11950.0>:0", "<0.11942.0>:0", "<0.1739.0>:0", "<0.1727.0>:0"]);
    expect(snap?.issues).toEqual([]);
    expect(snap?.inspected?.info).toMatchObject({ initialCall: "emqttd_client:init/1", memory: 26696, reductions: null, currentFunction: "gen_server2:process_" });
    const [control] = scanSnapshots(stripped(EMQX_2671));
    expect({ ...snap, start: 0, end: 0 }).toEqual({ ...control, start: 0, end: 0 });
  });

  it("a whole screen so: its node comes from the line after the rule, and an issue's column counts the prompt", () => {
    const P = "(ejabberd@im1)3> ";
    const bad = "<0.66.0>       rex                      '-'    12x4   21432    3817 gen_server:loop/7";
    const [snap] = scanSnapshots(screen(C2S, bad, SQL).split("\n").map((l) => (l === "" ? l : P + l)).join("\n"));
    expect(snap?.node).toBe("ejabberd@im1");
    expect(snap?.top.map((t) => t.pid)).toEqual(["<0.5005.3>", "<0.900.0>"]);
    expect(snap?.issues).toEqual([expect.objectContaining({ line: 10, column: P.length + 44 })]);
    expect(snap?.issues[0]?.message).toMatch(/Reds \(columns 44-51\) holds `12x4`/);
  });

  it("the next prompt with a command after the screen ends it", () => {
    const text = `${stripped(EMQX_2671).split("\n").slice(5, 9).join("\n")}\n(emq@prod-mb-1)3> etop:stop().\n`;
    const [snap] = scanSnapshots(text);
    expect(snap?.top).toHaveLength(2);
    expect(snap?.end).toBe(text.indexOf("\n(emq@prod-mb-1)3>"));
  });
});

describe("a screen whose `'-'` was typeset (`‘-‘`): Time is not read, the rows are", () => {
  // A blog's etop write-up (OTP 17), as published: its typesetting turned the quotes of 8 rows' `'-'` typographic.
  const BLOG = [
    "========================================================================================",
    " etop@appfelstrudelUSA                                                     07:32:52",
    "  Load:  cpu         0               Memory:  total       12642    binary        699",
    "          procs      34                        processes    4315    code         4321",
    "                  runq        0                        atom          198    ets           240",
    "",
    "Pid            Name or Initial Func    Time    Reds  Memory    MsgQ Current Function",
    "----------------------------------------------------------------------------------------",
    "<0.3.0>        erl_prim_loader          '-'  159565  109232       0 erl_prim_loader:loop",
    "<0.26.0>       code_server              '-'   88670  142784       0 code_server:loop/1",
    "<0.11.0>       kernel_sup               ‘-‘   53137  197408       0 gen_server:loop/6",
    "<0.7.0>        application_controll     ‘-‘    6790  263984       0 gen_server:loop/6",
    "<0.0.0>        init                     ‘-‘    5223   18624       0 init:boot_loop/2",
    "<0.33.0>       erlang:apply/2           ‘-‘    4026  197048       0 shell:get_command1/5",
    "<0.2.0>        etop_server              ‘-‘    1622   34360       0 etop:data_handler/2",
    "<0.20.0>       auth                     ‘-‘     831    7688       0 gen_server:loop/6",
    "<0.21.0>       net_kernel               ‘-‘     710    7136       0 gen_server:loop/6",
    "<0.30.0>       user_drv                 ‘-‘     409   13800       0 user_drv:server_loop",
  ].join("\n");

  it("all ten rows read, with no issue, as with straight quotes", () => {
    const [snap] = scanSnapshots(BLOG);
    expect(snap?.top).toHaveLength(10);
    expect(snap?.issues).toEqual([]);
    expect(snap?.node).toBe("etop@appfelstrudelUSA");
    const [straight] = scanSnapshots(BLOG.replaceAll("‘-‘", "'-'"));
    expect(snap).toEqual(straight);
  });

  it("other typeset forms too (‘-’, an en dash), by columns and as words", () => {
    for (const time of ["‘-’", "’–’", "–"]) {
      const r = row("<0.42.0>", "rex", 12, 34, 56, "gen_server:loop/7").replace("'-'", time.padStart(3));
      expect(top(screen(r)), time).toEqual([["<0.42.0>:56"]]);
    }
    const words = "Pid            Name or Initial Func    Time    Reds  Memory    MsgQ Current Function\n<0.1.0>  foo  ‘-’  1  2  3  a:b/1\n";
    expect(top(words)).toEqual([["<0.1.0>:3"]]);
  });

  it("garbage in a column that is read is still an issue, and so is Time holding something else than a dash", () => {
    const reds = "<0.66.0>       rex                      ‘-‘    12x4   21432    3817 gen_server:loop/7";
    const time = "<0.67.0>       rex                      x-y    1234   21432    3817 gen_server:loop/7";
    const [snap] = scanSnapshots(screen(C2S, reds, time));
    expect(snap?.top.map((t) => t.pid)).toEqual(["<0.5005.3>"]);
    expect(snap?.issues.map((i) => [i.line, i.column, i.message])).toEqual([
      [10, 44, "etop row not read: Reds (columns 44-51) holds `12x4`"],
      [11, 36, "etop row not read: Time (columns 36-43) holds `x-y`"],
    ]);
  });
});

describe("a screen of more rows than a list is read to (MAX_LIST_ENTRIES)", () => {
  it("10,002 rows: the first 10,000 read, one issue at the first row left", () => {
    const rows = Array.from({ length: MAX_LIST_ENTRIES + 2 }, (_, k) => row(`<0.${k + 100}.0>`, "mod_muc_room:init/1", 1, 1, 50_000 - k, "gen:do_call/4"));
    const [snapshot] = scanSnapshots(screen(...rows));
    expect(snapshot?.top).toHaveLength(MAX_LIST_ENTRIES);
    expect(snapshot?.top[0]).toMatchObject({ pid: "<0.100.0>", queueLen: 50_000 });
    expect(snapshot?.issues.map((i) => [i.line, i.message])).toEqual([[HEAD.length + MAX_LIST_ENTRIES + 1, "the screen goes on past 10,000 processes: the rest is not read"]]);
  });

  it("rows that cannot be read count too: 10,002 starred Pids give 10,000 issues and the one that ends them", () => {
    const rows = Array.from({ length: MAX_LIST_ENTRIES + 2 }, () => row("<6555.12345678.9>", "rex", 1, 1, 5, "gen_server:loop/7"));
    const [snapshot] = scanSnapshots(screen(...rows, row("<0.1.0>", "rex", 1, 1, 7, "gen_server:loop/7")));
    expect(snapshot?.issues).toHaveLength(MAX_LIST_ENTRIES + 1);
    expect(snapshot?.issues.at(-1)?.message).toBe("the screen goes on past 10,000 processes: the rest is not read");
  });
});
