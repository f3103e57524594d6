// Monitor output printed by a real OTP 25 node (lib/monitor-log/__real-erlang__/README.md): a
// domain review's corpus of ejabberd-shaped mailboxes printed with ~p, ~w, ~tp and ~P at several
// depths. Each log is read whole by the scanner, the fast (shallow) and the full path alike, and
// its verdict pinned: what an operator would conclude, or `unknown` where the log cut too much to
// tell (a shallow ~P), never a class one sample decided against the rest.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { classifyRun } from "@/lib/classify";
import { scanLog } from "./scan";
import { expectSame } from "./testing/both-paths";

const DIR = join(__dirname, "__real-erlang__");

/** [file, class, subject]: the verdict of the log's one run. */
const VERDICTS: [string, string | null, string | null][] = [
  ["c2s_P30.log", "unknown", null],
  ["c2s_p.log", "unknown", null],
  ["c2s_w.log", "unknown", null],
  ["d_gen_call_P10.log", "unknown", null],
  ["d_gen_call_P15.log", "gen_call", null],
  ["d_gen_call_P20.log", "gen_call", "get_sessions"],
  ["d_gen_call_P25.log", "gen_call", "get_sessions"],
  ["d_muc_ascii_P10.log", "unknown", null],
  ["d_muc_ascii_P15.log", "unknown", null],
  ["d_muc_ascii_P20.log", "unknown", null],
  ["d_muc_ascii_P25.log", "muc_room", "devops@conference.im.example.cn"],
  ["d_muc_cn_P20.log", "unknown", null],
  ["d_muc_cn_P25.log", "muc_room", "…@conference.im.example.cn"],
  ["d_rex_P10.log", "rpc", "mnesia_lib:db_get"],
  ["d_rex_block_P10.log", "rpc", "mnesia_lib:db_get"],
  ["d_rex_block_P15.log", "rpc", "mnesia_lib:db_get"],
  ["d_rex_block_P20.log", "rpc", "mnesia_lib:db_get"],
  ["d_rex_block_P25.log", "rpc", "mnesia_lib:db_get"],
  ["d_sql_cmd_P10.log", "sql", "<8611.88.0>"],
  ["d_sql_cmd_P15.log", "sql", "<8611.88.0>"],
  ["d_sql_cmd_P20.log", "sql", "<8611.88.0>"],
  ["d_sql_cmd_P25.log", "sql", "<8611.88.0>"],
  ["d_sql_mysql_P10.log", "sql", "<8611.88.0>"],
  ["d_sql_mysql_P15.log", "sql", "<8611.88.0>"],
  ["d_sql_mysql_P20.log", "sql", "<8611.88.0>"],
  ["d_sql_mysql_P25.log", "sql", "<8611.88.0>"],
  ["dead_p.log", "dead", "<8610.88.0>"],
  ["gen_call_P30.log", "gen_call", "get_sessions"],
  ["gen_call_p.log", "gen_call", "get_sessions"],
  ["gen_call_w.log", "gen_call", "get_sessions"],
  ["gen_statem_call_P30.log", "gen_call", "subscribe"],
  ["gen_statem_call_p.log", "gen_call", "subscribe"],
  ["gen_statem_call_w.log", "gen_call", "subscribe"],
  ["muc_admin_calls_P30.log", "gen_call", "get_state"],
  ["muc_admin_calls_p.log", "gen_call", "get_state"],
  ["muc_admin_calls_w.log", "gen_call", "get_state"],
  ["muc_ascii_P30.log", "muc_room", "devops@conference.im.example.cn"],
  ["muc_ascii_p.log", "muc_room", "devops@conference.im.example.cn"],
  ["muc_ascii_w.log", "muc_room", "devops@conference.im.example.cn"],
  ["muc_big_P30.log", "muc_room", "bigroom@conference.im.example.cn"],
  ["muc_cn_P30.log", "muc_room", "运维值班@conference.im.example.cn"],
  ["muc_cn_latin1printable_P30.log", "muc_room", "中张@conference.im.example.cn"],
  ["muc_cn_latin1printable_p.log", "muc_room", "中张@conference.im.example.cn"],
  ["muc_cn_latin1printable_tp.log", "muc_room", "中张@conference.im.example.cn"],
  ["muc_cn_latin1printable_w.log", "muc_room", "中张@conference.im.example.cn"],
  ["muc_cn_p.log", "muc_room", "运维值班@conference.im.example.cn"],
  ["muc_cn_p_stamped.log", "muc_room", "运维值班@conference.im.example.cn"],
  ["muc_cn_tp.log", "muc_room", "运维值班@conference.im.example.cn"],
  ["muc_cn_w.log", "muc_room", "运维值班@conference.im.example.cn"],
  ["muc_spread_P30.log", "muc_room", "conference.im.example.cn"],
  ["muc_spread_p.log", "muc_room", "conference.im.example.cn"],
  ["muc_spread_w.log", "muc_room", "conference.im.example.cn"],
  ["r1_P25.log", "muc_room", "…@conference.im.example.cn"],
  ["r1_P40.log", "muc_room", "运维值班@conference.im.example.cn"],
  ["r2_P10.log", "rpc", "mnesia_lib:db_get"],
  ["r2_P12.log", "rpc", "mnesia_lib:db_get"],
  ["r2_P15.log", "rpc", "mnesia_lib:db_get"],
  ["r3.log", "dead", "<0.79.0>"],
  ["rex_block_P30.log", "rpc", "mnesia_lib:db_get"],
  ["rex_block_p.log", "rpc", "mnesia_lib:db_get"],
  ["rex_block_w.log", "rpc", "mnesia_lib:db_get"],
  ["s_allstate.log", "muc_room", "ops@conference.im.example.cn"],
  ["s_cast_route.log", "muc_room", "ops@conference.im.example.cn"],
  ["s_e17.log", "muc_room", "ops@conference.im.example.cn"],
  ["s_e2x.log", "muc_room", "ops@conference.im.example.cn"],
  ["s_info_route.log", "muc_room", "ops@conference.im.example.cn"],
  ["s_statem.log", "muc_room", "ops@conference.im.example.cn"],
  ["sql_cmd_P30.log", "sql", "<8610.88.0>"],
  ["sql_cmd_p.log", "sql", "<8610.88.0>"],
  ["sql_cmd_w.log", "sql", "<8610.88.0>"],
  ["sql_mysql_P30.log", "sql", "<8610.88.0>"],
  ["sql_mysql_p.log", "sql", "<8610.88.0>"],
  ["sql_mysql_w.log", "sql", "<8610.88.0>"],
  ["x_big_P12.log", "unknown", null],
  ["x_big_P8.log", "unknown", null],
  ["x_cn_P12.log", "unknown", null],
  ["x_cn_P8.log", "unknown", null],
  ["x_dead_late.log", "dead", "<8611.88.0>"],
  ["x_drain.log", "unknown", null],
  ["x_misc.log", "unknown", null],
  ["x_rex_P12.log", "rpc", "mnesia_lib:db_get"],
  ["x_rex_P8.log", "rpc", "mnesia_lib:…"],
  ["x_tuple.log", "muc_room", "运维值班@conference.im.example.cn"],
  ["x_utf8dev_cn.log", "muc_room", "运维值班@conference.im.example.cn"],
  ["x_utf8dev_latin1p.log", "muc_room", "中张@conference.im.example.cn"],
];

describe("monitor output printed by a real OTP 25 node", () => {
  it("every log in the corpus has a verdict here, and every verdict a log", () => {
    expect(readdirSync(DIR).filter((name) => name.endsWith(".log")).sort()).toEqual(VERDICTS.map(([file]) => file).sort());
  });

  it.each(VERDICTS)("%s: %s %s, the same from the fast and the full path", (file, cls, subject) => {
    const text = readFileSync(join(DIR, file), "utf8");
    const runs = scanLog(text, { source: file });
    expect(runs).toHaveLength(1);
    // (x_tuple.log prints `process_info(Pid, messages)` as it is, `{messages, […]}`: read inside the tuple.)
    const issues = runs[0]!.issues.filter((issue) => !/cut/.test(issue.message)).map((issue) => issue.message);
    expect(issues).toEqual([]);
    const verdict = classifyRun(runs[0]!);
    expect(verdict ? [verdict.class, verdict.subject] : [null, null]).toEqual([cls, subject]);
    // A room only where the subject is one: never one made of a cut name.
    if (verdict?.room) expect(verdict.room.jid).toBe(subject);
    if (subject?.startsWith("…")) expect(verdict?.room).toBeNull();
    expectSame(text);
  });
});
