import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { classifyRun, type CulpritClass } from "../classify";
import { MonitorLogError } from "../monitor-log";
import { detectFormats, scanSnapshots, streamSnapshots, type Snapshot, type SourceKind } from "./index";

const DIR = join(__dirname, "__fixtures__");
const read = (name: string) => readFileSync(join(DIR, name), "utf8");

/** What each snapshot of a fixture must be, in order: its identity, its top list, its verdict. */
type Expected = {
  kind: SourceKind;
  line: number;
  startedAt: string | null;
  node?: string | null;
  job?: string | null;
  number?: number | null;
  killed?: Snapshot["killed"];
  service?: boolean;
  /** `pid:queueLen`, ranked. */
  top: string[];
  verdict: { class: CulpritClass; subject: string | null; rule: string };
  /** A phrase the evidence must contain. */
  evidence?: string;
  /** `line:column` of each issue the snapshot must carry (none unless said). */
  issues?: string[];
};

const fixtures: [string, Expected[]][] = [
  [
    "ejabberd-modern.log",
    [
      {
        // Four `** ` lines (one wrapped mid-field, one a registered name), then `Killed 2 process(es)`.
        kind: "ejabberd_system_monitor",
        line: 2,
        startedAt: "2024-02-20T22:55:00.738Z",
        killed: { count: 2, threshold: 196716 },
        service: true,
        top: ["<0.7731.3>:950112", "<0.5005.3>:819617", "ejabberd_router_multicast:197433", "<0.5011.3>:1"],
        verdict: { class: "muc_room", subject: "conference.example.org", rule: "muc-room-process" },
        evidence: "the subject is that host's MUC service, not a room",
      },
      {
        // Header wrapped over two lines; `+01:00` zone.
        kind: "ejabberd_system_monitor",
        line: 10,
        startedAt: "2024-02-21T02:10:41.500Z",
        killed: null,
        service: false,
        top: ["rex:431090"],
        verdict: { class: "rpc", subject: "rex", rule: "rex-process" },
      },
    ],
  ],
  [
    "ejabberd-legacy.log",
    [
      {
        kind: "ejabberd_system_monitor",
        line: 2,
        startedAt: "2020-12-18T04:01:39.319Z",
        service: true,
        top: ["<0.588.0>:9618520"],
        verdict: { class: "muc_room", subject: "livechat.example.org", rule: "muc-room-process" },
      },
      {
        // `ancest` / `ors = [...]`: the line was cut by a terminal mid-word.
        kind: "ejabberd_system_monitor",
        line: 3,
        startedAt: "2020-12-18T04:02:10.871Z",
        service: false,
        top: ["<0.912.0>:5120331"],
        verdict: { class: "sql", subject: "<0.912.0>", rule: "sql-process" },
        evidence: "ancestors ejabberd_sql_sup_example.org",
      },
      {
        kind: "ejabberd_system_monitor",
        line: 5,
        startedAt: "2020-12-18T04:05:02.117Z",
        top: ["<0.2210.0>:10001"],
        verdict: { class: "dead", subject: "<0.2210.0>", rule: "max-queue-exit" },
        evidence: "{process_limit,{max_queue,10001}}",
      },
      {
        kind: "ejabberd_system_monitor",
        line: 7,
        startedAt: "2020-12-18T04:09:44.200Z",
        top: ["<0.3110.0>:5003"],
        verdict: { class: "unknown", subject: "c2s session <0.3110.0>", rule: "c2s-session-busy" },
        evidence: "max_queue,5003",
      },
    ],
  ],
  [
    "recon-erlang.txt",
    [
      {
        kind: "recon_proc_count",
        line: 5,
        startedAt: null,
        node: "emqttd@10.0.0.12",
        top: ["<10038.294.0>:113", "<10038.31007.12>:97", "<10038.12.0>:45", "<10038.5230.0>:0"],
        verdict: { class: "unknown", subject: "emqttd_sm_16", rule: "process-facts" },
        evidence: "current_function gen_server2:process_next_msg/1",
      },
      {
        kind: "recon_proc_count",
        line: 20,
        startedAt: null,
        node: "emqttd@10.0.0.12",
        top: ["<10038.12.0>:3"],
        verdict: { class: "rpc", subject: "rex", rule: "rex-process" },
      },
    ],
  ],
  [
    "recon-iex.txt",
    [
      {
        // `#PID<0.3120.0>` written `<0.3120.0>`; keyword-list info; re-ranked by queue.
        kind: "recon_proc_count",
        line: 3,
        startedAt: null,
        node: "supavisor@10.0.1.5",
        top: ["<0.3120.0>:20411", "<0.2971.0>:5120", "<0.1.0>:0"],
        verdict: { class: "sql", subject: "<0.3120.0>", rule: "sql-process" },
        evidence: "current_function Elixir.Postgrex.Protocol:recv_bind/3",
      },
    ],
  ],
  [
    "system-monitor.log",
    [
      {
        kind: "system_monitor",
        line: 2,
        startedAt: "2023-06-14T09:13:02.883Z",
        top: ["<0.3571.0>:82417"],
        verdict: { class: "gen_call", subject: "<0.3571.0>", rule: "process-in-call" },
        evidence: "blocked in gen:do_call/4",
      },
      {
        kind: "system_monitor",
        line: 17,
        startedAt: "2023-06-14T09:14:10.001Z",
        top: ["<0.12.0>:2301"],
        verdict: { class: "rpc", subject: "rex", rule: "rex-process" },
      },
    ],
  ],
  [
    "etop.txt",
    [
      {
        kind: "etop",
        line: 8,
        startedAt: null,
        node: "ejabberd@im-1",
        top: ["<0.12.0>:3817", "<0.123.0>:1204", "<0.901.0>:210", "<0.55.0>:0"],
        verdict: { class: "rpc", subject: "rex", rule: "rex-process" },
      },
    ],
  ],
  [
    // etop's columns run together and starred (values wider than `~8w`); see etop.test.ts.
    "etop-stars.txt",
    [
      {
        kind: "etop",
        line: 7,
        startedAt: null,
        node: "ejabberd@im1",
        top: ["<0.7731.3>:1100000", "<0.5005.3>:467163", "<0.900.0>:25000"],
        verdict: { class: "muc_room", subject: "<0.7731.3>", rule: "muc-room-process" },
      },
      {
        kind: "etop",
        line: 20,
        startedAt: null,
        node: "ejabberd@im1",
        top: ["<0.7731.3>:100000000", "<0.900.0>:25000"],
        verdict: { class: "muc_room", subject: "<0.7731.3>", rule: "muc-room-process" },
        // MsgQ starred (a lower bound), then a starred Pid (the row skipped).
        issues: ["22:60", "23:1"],
      },
    ],
  ],
  [
    "mixed.log",
    [
      {
        kind: "monitor",
        line: 12,
        startedAt: "2015-08-25T08:22:00.000Z",
        job: "ProductCI_ejabberd_mqueue_random_monitor",
        number: 27142,
        node: null,
        killed: null,
        service: false,
        top: ["<6562.4071.0>:12", "<6562.5764.0>:1", "<6562.32767.2591>:0"],
        verdict: { class: "gen_call", subject: "{get_state}", rule: "gen-server-calls" },
      },
      {
        kind: "ejabberd_system_monitor",
        line: 24,
        startedAt: "2015-08-25T16:22:03.120Z",
        job: "ProductCI_ejabberd_mqueue_random_monitor",
        number: 27142,
        service: true,
        top: ["<0.4071.0>:12"],
        verdict: { class: "muc_room", subject: "conference.easemob.com", rule: "muc-room-process" },
      },
      {
        kind: "recon_proc_count",
        line: 27,
        startedAt: "2015-08-25T16:22:03.120Z",
        node: "ejabberd@ebs-ali-beijing-5-pri",
        job: "ProductCI_ejabberd_mqueue_random_monitor",
        number: 27142,
        top: ["<6562.4071.0>:12", "<6562.12.0>:3"],
        verdict: { class: "gen_call", subject: "<6562.4071.0>", rule: "process-in-call" },
      },
    ],
  ],
];

function summary(s: Snapshot, e: Expected) {
  const verdict = classifyRun(s);
  return {
    kind: s.sourceKind,
    line: s.line,
    startedAt: s.startedAt,
    ...("node" in e ? { node: s.node } : {}),
    ...("job" in e ? { job: s.job } : {}),
    ...("number" in e ? { number: s.number } : {}),
    ...("killed" in e ? { killed: s.killed } : {}),
    ...("service" in e ? { service: s.service } : {}),
    top: s.top.map((t) => `${t.pid}:${t.queueLen}`),
    verdict: verdict && { class: verdict.class, subject: verdict.subject, rule: verdict.rule },
  };
}

describe("scanSnapshots over each format's fixture", () => {
  it.each(fixtures)("%s", (name, expected) => {
    const text = read(name);
    const snaps = scanSnapshots(text, { source: name });
    const withoutEvidence = expected.map((e) => Object.fromEntries(Object.entries(e).filter(([k]) => k !== "evidence" && k !== "issues")));
    expect(snaps.map((s, i) => summary(s, expected[i]!))).toEqual(withoutEvidence);
    snaps.forEach((s, i) => {
      const e = expected[i]!;
      expect(s.seq).toBe(i);
      // Located in the log: the span starts on the snapshot's line and is ordered.
      expect(text.slice(0, s.start).split("\n").length).toBe(s.line);
      expect(s.end).toBeGreaterThan(s.start);
      // Ranks follow the queue, 1-based.
      expect(s.top.map((t) => t.rank)).toEqual(s.top.map((_, r) => r + 1));
      // Other formats: the worst process is the inspected one, with no samples.
      if (s.sourceKind !== "monitor") expect(s.inspected).toMatchObject({ pid: s.top[0]?.pid, queueLen: s.top[0]?.queueLen, samples: [], dead: false });
      expect(s.issues.map((x) => `${x.line}:${x.column}`)).toEqual(e.issues ?? []);
      if (e.evidence) expect(classifyRun(s)?.evidence.join("\n")).toContain(e.evidence);
    });
  });

  it("carries the process facts the rules read (ejabberd's ** line)", () => {
    const [s] = scanSnapshots(read("ejabberd-modern.log"));
    const entry = s?.inspected;
    expect(entry?.info).toEqual({
      registeredName: null,
      initialCall: "mod_muc_room:init/1",
      currentFunction: "mod_muc_room:process_presence/3",
      ancestors: ["mod_muc_room_sup_conference.example.org", "mod_muc_sup_conference.example.org", "ejabberd_gen_mod_sup", "ejabberd_sup", "<0.110.0>"],
      application: "ejabberd",
      memory: 7120448,
      reductions: null,
      currentStack: [],
      exit: null,
      killed: true,
    });
  });

  it("reads system_monitor's stack and etop's columns", () => {
    const [sm] = scanSnapshots(read("system-monitor.log"));
    expect(sm?.inspected?.info).toMatchObject({
      memory: 29532512,
      currentStack: ["gen:do_call/4", "gen_server:call/3", "brod_producer:do_send/2", "gen_server:try_dispatch/4"],
    });
    const [et] = scanSnapshots(read("etop.txt"));
    expect(et?.inspected?.info).toMatchObject({ registeredName: "rex", memory: 21432, reductions: 2345, currentFunction: "gen_server:loop/7" });
  });

  it("the same snapshots from chunks of any size (bytes split mid-character included)", async () => {
    for (const [name] of fixtures) {
      const text = read(name);
      const bytes = new TextEncoder().encode(text);
      const chunks: Uint8Array[] = [];
      for (let i = 0; i < bytes.length; i += 7) chunks.push(bytes.subarray(i, i + 7));
      const streamed: Snapshot[] = [];
      for await (const s of streamSnapshots(chunks, { source: name })) streamed.push(s);
      expect(streamed).toEqual(scanSnapshots(text, { source: name }));
    }
  });

  it("yields each snapshot before the rest of the log is read", async () => {
    const text = read("system-monitor.log");
    const lines = text.split(/(?<=\n)/);
    let pulled = 0;
    function* chunks() {
      for (const l of lines) {
        pulled++;
        yield l;
      }
    }
    const it = streamSnapshots(chunks());
    const first = await it.next();
    expect(first.value?.line).toBe(2);
    expect(pulled).toBeLessThan(lines.length);
    await it.return(undefined);
  });
});

describe("log order", () => {
  it("a watchdog warning waiting for its Killed line still comes before a monitor run that follows it", () => {
    const text = [
      "2024-02-20 22:55:00.738664+00:00 [warning] <0.86.0>@ejabberd_system_monitor:handle_overload/2:143 The system is overloaded with 9 messages queued by 1 process(es) (1%) from the following applications: ejabberd (9 msgs); the top processes are:",
      "** <0.9.0>: msgs = 9, memory = 1, initial_call = a:b/1, current_function = c:d/2, ancestors = [], application = ejabberd",
      "processes sorted by queue_len desc:",
      " [{<0.1.0>,{message_queue_len,5}}]",
      "message queue len of pid <0.1.0> : undefined",
      "[{<0.2.0>,7,[]}]",
    ].join("\n");
    const snaps = scanSnapshots(text);
    expect(snaps.map((s) => [s.seq, s.sourceKind, s.line])).toEqual([
      [0, "ejabberd_system_monitor", 1],
      [1, "monitor", 3],
      [2, "recon_proc_count", 6],
    ]);
  });

  it("snapshots of other formats wait behind an open monitor run", () => {
    // The run's top list is open (no inspected line yet) when the recon paste arrives.
    const text = "processes sorted by queue_len desc:\n [{<0.1.0>,{message_queue_len,5}}]\n[{<0.2.0>,7,[]}]\nnoise\n";
    expect(scanSnapshots(text).map((s) => s.sourceKind)).toEqual(["monitor", "recon_proc_count"]);
  });
});

describe("time of a paste that prints none", () => {
  // Most lines of a timestamped console continue a printed term; the latest stamp may sit on one of them.
  const text = [
    "[2015-08-25T08:22:00.000Z] processes sorted by queue_len desc:",
    "[2015-08-25T08:22:00.100Z]  [{<0.1.0>,{message_queue_len,500}},",
    "[2015-08-25T08:22:00.200Z]   {<0.2.0>,{message_queue_len,3}}]",
    "[2015-08-25T08:22:00.300Z] message queue len of pid <0.1.0> : {message_queue_len,500}",
    "[2015-08-25T08:22:00.400Z] message in pid <0.1.0> :",
    "[2015-08-25T08:22:00.500Z]  [{'$gen_call',{<0.9.0>,#Ref<0.0.0.1>},",
    "[2015-08-25T08:22:07.250Z]    get_state}]",
    "[{<0.2.0>,7,[]}]",
  ].join("\n");

  it("is the latest stamp of the log, a term's continuation line included", () => {
    expect(scanSnapshots(text).map((s) => [s.sourceKind, s.startedAt])).toEqual([
      ["monitor", "2015-08-25T08:22:00.000Z"],
      ["recon_proc_count", "2015-08-25T08:22:07.250Z"],
    ]);
  });

  it("is the same streamed in pieces that cut lines anywhere", async () => {
    const pieces = text.match(/[\s\S]{1,7}/g) ?? [];
    const snaps: Snapshot[] = [];
    for await (const s of streamSnapshots(pieces)) snaps.push(s);
    expect(snaps.map((s) => [s.sourceKind, s.startedAt])).toEqual([
      ["monitor", "2015-08-25T08:22:00.000Z"],
      ["recon_proc_count", "2015-08-25T08:22:07.250Z"],
    ]);
  });
});

describe("a byte-order mark before line 1", () => {
  it("leaves the first line's metadata and a paste on line 1 readable", () => {
    const monitor = scanSnapshots("\ufeffJOB_NAME=j\nBUILD_NUMBER=7\nprocesses sorted by queue_len desc:\n [{<0.1.0>,{message_queue_len,5}}]\n");
    expect(monitor.map((s) => [s.sourceKind, s.job, s.number])).toEqual([["monitor", "j", 7]]);
    expect(scanSnapshots("\ufeff[{<0.2.0>,7,[]}]\n").map((s) => [s.sourceKind, s.line])).toEqual([["recon_proc_count", 1]]);
  });
});

describe("errors", () => {
  it("a log with none of the formats: MonitorLogError no_monitor_output at 1:1", () => {
    let error: unknown;
    try {
      scanSnapshots("hello\nworld\n[warning] nothing here\n");
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(MonitorLogError);
    expect(error).toMatchObject({ code: "no_monitor_output", line: 1, column: 1 });
  });

  it("a cut recon paste keeps what it read and says where it was cut", () => {
    const text = "1> recon:proc_count(message_queue_len, 2).\n[{<0.5.0>,40,[foo]},\n {<0.6.0>,3,\n\nafter\n";
    const [s] = scanSnapshots(text);
    // The cut entry still names its pid and queue: it counts.
    expect(s?.top).toEqual([
      { rank: 1, pid: "<0.5.0>", queueLen: 40 },
      { rank: 2, pid: "<0.6.0>", queueLen: 3 },
    ]);
    expect(s?.issues[0]?.line).toBe(3); // the last line it had
    expect(s?.issues[0]?.message).toMatch(/expected the rest of the term/);
  });
});

// [text, formats found]: detection rows, one format at a time and mixed.
const detection: [string, SourceKind[]][] = [
  ["2024-02-20 22:55:00.738664+00:00 [warning] <0.86.0>@ejabberd_system_monitor:handle_overload/2:143 The system is overloaded with 1 messages queued by 1 process(es) (1%) from the following applications: ejabberd (1 msgs); the top processes are:\n** <0.1.0>: msgs = 1, memory = 1, initial_call = a:b/1, current_function = c:d/2, ancestors = [], application = ejabberd\n", ["ejabberd_system_monitor"]],
  ["[{<0.1.0>,5,[]}]\n", ["recon_proc_count"]],
  ["[{#PID<0.1.0>, 5, []}]\n", ["recon_proc_count"]],
  ["Suspect Proc\noffending_pid=<0.1.0>\nmessage_queue_len=9\n", ["system_monitor"]],
  ["Pid            Name or Initial Func    Time    Reds  Memory    MsgQ Current Function\n<0.1.0>  foo  '-'  1  2  3  a:b/1\n", ["etop"]],
  [" [{<0.1.0>,{message_queue_len,5}}]\n", ["monitor"]],
  ["processes sorted by queue_len desc:\n [{<0.1.0>,{message_queue_len,5}}]\n[{<0.2.0>,7,[]}]\n", ["monitor", "recon_proc_count"]],
  ["nothing\n", []],
];

describe("detectFormats", () => {
  it.each(detection)("%#: %j", (text, kinds) => expect(detectFormats(text)).toEqual(kinds));
});

describe("lines GitLab's runner cut (`…Z 00O+rest`)", () => {
  /** A log as the runner writes it: each line in its pieces. */
  const gitlab = (...lines: string[][]) =>
    `${lines.flatMap((pieces, k) => pieces.map((piece, i) => `2026-12-04T10:00:${String(k).padStart(2, "0")}.123456Z 00O${i === 0 ? " " : "+"}${piece}`)).join("\n")}\n`;

  it("CI metadata cut in its value names another format's snapshot whole, from a string and streamed", async () => {
    const text = gitlab(["Started by ti", "mer"], ["JOB_NA", "ME=my_j", "ob"], ["BUILD_NUMBER=4", "2"], ["2023-06-14T09:13:02.883102+00:00 warning: Suspect Proc"], ["offending_pid=<0.1.0>"], ["message_queue_len=9"]);
    const chunks = [...new TextEncoder().encode(text)].map((b) => Uint8Array.of(b));
    for (const snapshots of [scanSnapshots(text), await collect(streamSnapshots(chunks))]) {
      expect(snapshots.map((s) => [s.sourceKind, s.job, s.number])).toEqual([["system_monitor", "my_job", 42]]);
    }
  });
});

async function collect(snapshots: AsyncIterable<Snapshot>): Promise<Snapshot[]> {
  const out: Snapshot[] = [];
  for await (const s of snapshots) out.push(s);
  return out;
}
