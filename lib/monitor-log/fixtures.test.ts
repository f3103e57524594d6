import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { classifyRun } from "../classify";
import { MonitorLogError } from "./errors";
import { scanLog } from "./scan";
import { SEED_TALLY_AS_WRITTEN, SEED_TALLY_FROM_DATA, SEED_VERDICTS } from "./__fixtures__/seed-verdicts";

const DIR = join(__dirname, "__fixtures__");
const read = (name: string) => readFileSync(join(DIR, name), "utf8");
const logFiles = readdirSync(DIR).filter((f) => f.endsWith(".log"));
const seedFile = (v: { job: string; number: number }) => `${v.job}_${v.number}.log`;

function scanOne(name: string) {
  const runs = scanLog(read(name), { source: name });
  expect(runs).toHaveLength(1);
  const run = runs[0]!;
  return { run, verdict: classifyRun(run) };
}

describe("seed fixtures: one per build of the seed, verdicts as the seed gives them", () => {
  it("has a fixture for every build in the seed and a verdict for every seed fixture", () => {
    const seedFiles = logFiles.filter((f) => /_\d+\.log$/.test(f)).sort();
    expect(seedFiles).toEqual(SEED_VERDICTS.map(seedFile).sort());
    expect(SEED_VERDICTS).toHaveLength(27);
  });

  it.each(SEED_VERDICTS.map((v) => [v.number, v] as const))("build %i", (_n, v) => {
    const { run, verdict } = scanOne(seedFile(v));
    expect(run.job).toBe(v.job);
    expect(run.number).toBe(v.number);
    expect(run.url).toBe(`http://ci.easemob.com/job/${v.job}/${v.number}/`);
    expect(run.inspected?.pid).toBe(v.pid);
    expect(run.top[0]?.pid).toBe(v.pid);
    expect(verdict).toMatchObject({ class: v.class, subject: v.subject, pid: v.pid, incident: v.incident });
    if (v.seedTime) expect(run.startedAt).toBe(new Date(`${v.seedTime.replace(" ", "T")}+08:00`).toISOString());
    else expect(run.startedAt).toMatch(/^2015-08-\d\dT\d\d:\d\d:\d\d\.000Z$/);
    if (verdict?.class === "muc_room") {
      const [name, host] = (v.subject ?? "").split("@");
      expect(verdict.room).toEqual({ jid: v.subject, name, host });
    }
  });

  it("yields the room tally of the seed's index (which differs from its closing tally)", () => {
    const tally: Record<string, number> = {};
    for (const f of logFiles) {
      let runs;
      try {
        runs = scanLog(read(f), { source: f });
      } catch {
        continue; // the two unreadable fixtures
      }
      for (const run of runs) {
        const v = classifyRun(run);
        if (v?.class === "muc_room" && v.incident && run.job?.startsWith("ProductCI_") && v.subject) {
          tally[v.subject] = (tally[v.subject] ?? 0) + 1;
        }
      }
    }
    // two-runs.log holds one more snh-48 …598244 incident (build 27141) that is not in the seed.
    const R244 = "snh-48#pocket48_76366185259598244@conference.easemob.com";
    expect({ ...tally, [R244]: (tally[R244] ?? 0) - 1 }).toEqual(SEED_TALLY_FROM_DATA);
    expect(tally).not.toEqual(SEED_TALLY_AS_WRITTEN);
  });
});

describe("what the excerpts look like after scanning", () => {
  it("27044: top list without its header, sql samples cut by `....`", () => {
    const { run } = scanOne(`ProductCI_ejabberd_mqueue_random_monitor_27044.log`);
    expect(run.top.map((t) => t.queueLen)).toEqual([12746, 3, 2, 2, 1, 1, 0, 0, 0, 0]);
    expect(run.top[9]).toEqual({ rank: 10, pid: "<6562.32754.4367>", queueLen: 0 });
    expect(run.inspected).toMatchObject({ queueLen: 17118, dead: false, samplesCut: true });
    const s = run.inspected!.samples;
    expect(s.map((x) => x.kind)).toEqual(["p1_mysql_recv", "p1_mysql_recv"]);
    expect(s[0]!.sender).toBe("<6562.29581.5794>");
    expect(s[0]!.decoded[0]).toContain("zhimq#zhimq_260525@easemob.com");
    expect(s[1]!.raw.endsWith("27}")).toBe(true);
    expect(run.issues).toEqual([]);
  });

  it("25877: the list is cut mid-message; the cut message is kept and flagged", () => {
    const text = read("ProductCI_ejabberd_mqueue_random_monitor_25877.log");
    const { run } = scanOne("ProductCI_ejabberd_mqueue_random_monitor_25877.log");
    const s = run.inspected!.samples;
    expect(s.map((x) => [x.kind, x.stanza, x.truncated])).toEqual([
      ["$gen_event", "iq", false],
      ["$gen_event", "iq", false],
      ["$gen_event", null, true],
    ]);
    expect(s[0]!.destination).toBe("snh-48#pocket48_76366191207121304@conference.easemob.com");
    expect(s[0]!.sender).toBe("snh-48#pocket48_51786@easemob.com/mobile");
    expect(run.inspected!.samplesCut).toBe(true);
    expect(run.issues).toHaveLength(1);
    const issue = run.issues[0]!;
    const lineText = text.split("\n")[issue.line - 1]!;
    expect(lineText.trim()).toBe("{<<\"to\">>,");
    expect(issue.column).toBe(lineText.length + 1);
  });

  it("27140: dead before the check, the indented marker line, timestamps on every line", () => {
    const { run, verdict } = scanOne("ProductCI_ejabberd_mqueue_random_monitor_27140.log");
    expect(run.inspected).toMatchObject({ pid: "<6562.26699.4254>", queueLen: null, dead: true, samples: [] });
    expect(verdict).toMatchObject({ class: "dead", queueLen: 10084, incident: true });
    expect(verdict?.evidence.join(" ")).toContain("#1 in the top list with 10,084 messages");
  });

  it("11431: pasted from the HTML console, <span> tags and &lt; entities", () => {
    const { run, verdict } = scanOne("ProductCI_ejabberd_mqueue_random_monitor_dbcluster_11431.log");
    expect(run.html).toBe(true);
    expect(run.top.slice(0, 3).map((t) => t.queueLen)).toEqual([1511, 807, 807]);
    expect(run.inspected).toMatchObject({ pid: "<6555.12.0>", queueLen: 1511 });
    const kinds = run.inspected!.samples.map((s) => s.kind);
    expect(kinds.filter((k) => k === "$gen_call")).toHaveLength(3);
    expect(kinds.filter((k) => k === "reply")).toHaveLength(7);
    expect(run.inspected!.samples[1]!.raw).toContain('<span style="color:red">mnesia_lib,db_get,</span>');
    expect(run.inspected!.samples[1]!.destination).toBe("mnesia_lib:db_get");
    expect(verdict?.evidence).toContain("not counted: 7 late replies");
  });

  it("keeps every sample's raw text as a span of the log, for every fixture", () => {
    let checked = 0;
    for (const f of logFiles) {
      const text = read(f);
      let runs;
      try {
        runs = scanLog(text, { source: f });
      } catch {
        continue;
      }
      for (const run of runs) {
        expect(text.slice(run.start, run.start + 10)).toMatch(/^(processes|\s*\[)/);
        for (const s of run.inspected?.samples ?? []) {
          expect(text.slice(s.start, s.end)).toBe(s.raw);
          const lineStart = text.lastIndexOf("\n", s.start - 1) + 1;
          expect(text.slice(0, s.start).split("\n")).toHaveLength(s.line);
          expect(s.start - lineStart + 1).toBe(s.column);
          checked++;
        }
      }
    }
    expect(checked).toBeGreaterThan(100);
  });

  it("reads CRLF logs (24433) with the same samples", () => {
    const text = read("ProductCI_ejabberd_mqueue_random_monitor_24433.log");
    expect(text).toContain("\r\n");
    const crlf = scanLog(text)[0]!;
    const lf = scanLog(text.replace(/\r\n/g, "\n"))[0]!;
    expect(crlf.inspected!.samples.map((s) => s.summary)).toEqual(lf.inspected!.samples.map((s) => s.summary));
    expect(crlf.inspected!.samples[0]!.raw).toContain("\r\n");
  });
});

describe("special fixtures", () => {
  it("two-runs.log: two builds, each with its own metadata; the second is healthy", () => {
    const runs = scanLog(read("two-runs.log"), { source: "two-runs.log" });
    expect(runs.map((r) => [r.seq, r.number, r.startedAt])).toEqual([
      [0, 27141, "2015-08-25T08:19:00.000Z"],
      [1, 27142, "2015-08-25T08:22:00.000Z"],
    ]);
    const [a, b] = runs.map((r) => classifyRun(r));
    expect(a).toMatchObject({ class: "muc_room", incident: true, subject: "snh-48#pocket48_76366185259598244@conference.easemob.com" });
    expect(b).toMatchObject({ class: "gen_call", subject: "{get_state}", incident: false });
    expect(classifyRun(runs[1]!, { threshold: 10 })?.incident).toBe(true);
  });

  it("no-monitor-output.log: a clear error at 1:1", () => {
    expect(() => scanLog(read("no-monitor-output.log"))).toThrow(MonitorLogError);
    try {
      scanLog(read("no-monitor-output.log"));
    } catch (e) {
      expect(e).toMatchObject({ code: "no_monitor_output", line: 1, column: 1 });
      expect((e as Error).message).toMatch(/^no monitor output in 16 lines .* at 1:1$/);
    }
  });

  it("unparseable-term.log: the top list's error points at the bad token", () => {
    try {
      scanLog(read("unparseable-term.log"));
      expect.unreachable();
    } catch (e) {
      expect(e).toMatchObject({ code: "unreadable_term", line: 9, column: 44 });
      expect(read("unparseable-term.log").split("\n")[8]!.slice(43, 45)).toBe("37");
      expect((e as MonitorLogError).reason).toContain("cannot read the top list");
    }
  });

  it("modern-xmpp.log: ejabberd ≥ 16 records, bare or wrapped, Chinese room name, cut tail `|...]`", () => {
    const run = scanOne("modern-xmpp.log").run;
    const s = run.inspected!.samples;
    expect(s.map((x) => [x.kind, x.stanza])).toEqual([
      ["$gen_event", "message"],
      ["route", "presence"],
      ["iq", "iq"],
      ["message", "message"],
      ["$gen_call", null],
    ]);
    expect(s[0]!.destination).toBe("运维值班@Conference.IM.example.cn");
    expect(s[0]!.decoded).toContain("部署完成，请检查");
    expect(run.inspected!.samplesCut).toBe(true);
    expect(classifyRun(run)).toMatchObject({
      class: "muc_room",
      subject: "运维值班@conference.im.example.cn",
      room: { jid: "运维值班@conference.im.example.cn", name: "运维值班", host: "conference.im.example.cn" },
      sampleIndexes: [0, 1, 2, 3],
    });
  });

  // Printed by a real OTP 25 node with `~P` (a domain review, 2026-12-07): each byte of a room name
  // printed as bytes counts toward the depth, so `~P 25` cut the room's name in every sample.
  it("otp25-room-name-cut-by-P.log: routes whose room name `~P` cut are a room's stanzas all the same: muc_room, no room named", () => {
    const { run, verdict } = scanOne("otp25-room-name-cut-by-P.log");
    const s = run.inspected!.samples;
    expect(s).toHaveLength(20);
    expect(s[0]).toMatchObject({ kind: "$gen_event", stanza: "message", destination: "…@conference.im.example.cn" });
    expect(s[0]!.summary).toContain("to …@conference.im.example.cn from alice@im.example.cn/pc");
    expect(s[19]).toMatchObject({ kind: "$gen_sync_all_state_event", request: "get_config" });
    expect(verdict).toMatchObject({ class: "muc_room", subject: "…@conference.im.example.cn", room: null, rule: "muc-room-routes", incident: true });
    expect(verdict!.evidence.slice(0, 3)).toEqual([
      "4 of 20 counted samples are stanzas routed to a conference room",
      "the log cut the room's name in all 4: …@conference.im.example.cn is what is left",
      "1 '$gen_call' request (rule gen-server-calls)",
    ]);
  });

  it("otp25-rex-block-call-cut-by-P.log: a rex backlog under a shallow `~P` is rpc, its subject from the samples left whole", () => {
    const { run, verdict } = scanOne("otp25-rex-block-call-cut-by-P.log");
    const s = run.inspected!.samples;
    expect(s.map((x) => [x.request, x.destination])).toEqual([
      ["block_call", "mnesia_lib:db_get"],
      ["block_call", "mnesia_lib:db_get"],
      ["block_call", "mnesia_lib:db_get"],
      ["block_call", "mnesia_lib:…"],
      ["block_call", "…:…"],
      ["…", null],
      ["…", null],
      ["…", null],
      [null, null],
    ]);
    expect(verdict).toMatchObject({ class: "rpc", subject: "mnesia_lib:db_get", rule: "rex-rpc-calls", sampleIndexes: [0, 1, 2] });
    expect(verdict!.evidence.slice(0, 4)).toEqual([
      "5 of 9 counted samples are rpc requests ({call|block_call|cast, M, F, A, _})",
      "all 3 the log left whole: mnesia_lib:db_get",
      "2 more with the function (M:F) cut by the log",
      "3 '$gen_call' requests cut before what they ask (not counted; rule gen-server-calls)",
    ]);
  });

  it("a console that ends inside a module's name (read while it was written) names no module made of its start", () => {
    // A review, 2026-12-07: `{block_call,mnesia_` gave the subject `mnesia_:…`.
    const text = read("otp25-rex-block-call-cut-by-P.log");
    for (const end of [text.indexOf("mnesia_lib") + 7, text.indexOf("mnesia_lib") + 3]) {
      const runs = scanLog(text.slice(0, end), { source: "cut.log" });
      const verdict = classifyRun(runs[0]!);
      expect(runs[0]!.inspected!.samples[0]!.destination, `cut at ${end}`).toBe("…:…");
      expect(verdict, `cut at ${end}`).toMatchObject({ class: "rpc", subject: null, room: null });
    }
    // Cut right after a whole module's comma: the module stands.
    const afterComma = scanLog(text.slice(0, text.indexOf("mnesia_lib") + "mnesia_lib,".length), { source: "cut.log" });
    expect(classifyRun(afterComma[0]!)).toMatchObject({ class: "rpc", subject: "mnesia_lib:…" });
  });

  it("modern-rex.log: block_call with [alias|Ref] tags, an elided `[...]` argument", () => {
    const run = scanOne("modern-rex.log").run;
    expect(run.job).toBe("ejabberd_mqueue_monitor_modern");
    expect(run.url).toBeNull();
    const s = run.inspected!.samples;
    expect(s.map((x) => x.request)).toEqual(["block_call", "block_call", null, "call", "block_call"]);
    expect(s[1]!.truncated).toBe(true);
    expect(s[2]!.kind).toBe("reply");
    expect(classifyRun(run)).toMatchObject({ class: "rpc", subject: "mnesia_lib:db_get", sampleIndexes: [0, 1, 4] });
  });
});
