// The `process` rules that judge formats with facts but no messages
// (lib/formats: ejabberd's watchdog, recon, system_monitor, etop).

import { describe, expect, it } from "vitest";
import { emptyInfo } from "../formats/process-info";
import type { ProcessInfo } from "../formats/types";
import type { InspectedProcess } from "../monitor-log/types";
import { classify } from "./classify";
import type { CulpritClass } from "./types";

const base: ProcessInfo = emptyInfo();

function verdict(info: Partial<ProcessInfo>, pid = "<0.9.0>") {
  const inspected: InspectedProcess & { info: ProcessInfo } = {
    pid,
    queueLen: 5000,
    dead: false,
    line: 1,
    samples: [],
    samplesCut: false,
    info: { ...base, ...info },
  };
  const v = classify({ inspected, top: [{ rank: 1, pid, queueLen: 5000 }] });
  return v && { class: v.class, subject: v.subject, rule: v.rule, room: v.room };
}

// [case, facts, class, subject, rule]
const rows: [string, Partial<ProcessInfo>, CulpritClass, string | null, string][] = [
  ["muc room, service from its supervisor", { initialCall: "mod_muc_room:init/1", ancestors: ["mod_muc_room_sup_conference.example.org"] }, "muc_room", "conference.example.org", "muc-room-process"],
  ["muc room, no supervisor named", { initialCall: "mod_muc_room:init/1" }, "muc_room", "<0.9.0>", "muc-room-process"],
  // mod_muc's own process: every room of its host waits on it (the watchdog names it, per host).
  ["mod_muc by its registered name", { registeredName: "mod_muc_conference.example.org", initialCall: "mod_muc:init/1" }, "muc_room", "conference.example.org", "muc-service-process"],
  ["a mod_muc worker (mod_muc_<host>_<N>)", { registeredName: "mod_muc_example.org_3", currentFunction: "gen_server:loop/7" }, "muc_room", "example.org", "muc-service-process"],
  ["mod_muc by its initial call alone", { initialCall: "mod_muc:init/1" }, "muc_room", "<0.9.0>", "muc-service-process"],
  ["mod_muc_admin is not the MUC service", { registeredName: "mod_muc_admin" }, "unknown", "mod_muc_admin", "process-facts"],
  ["rex by name", { registeredName: "rex", currentFunction: "gen_server:loop/7" }, "rpc", "rex", "rex-process"],
  ["p1_mysql connection", { initialCall: "p1_mysql_conn:init/1" }, "sql", "<0.9.0>", "sql-process"],
  ["ejabberd_sql by current function", { currentFunction: "ejabberd_sql:sql_query_t/1" }, "sql", "<0.9.0>", "sql-process"],
  ["Postgrex (Elixir)", { currentFunction: "Elixir.Postgrex.Protocol:recv_bind/3" }, "sql", "<0.9.0>", "sql-process"],
  ["c2s session in a call", { initialCall: "xmpp_stream_in:init/1", currentFunction: "gen:do_call/4" }, "gen_call", "c2s session <0.9.0>", "c2s-session"],
  ["c2s session, busy", { initialCall: "ejabberd_c2s:init/1", currentFunction: "ejabberd_c2s:route/2" }, "unknown", "c2s session <0.9.0>", "c2s-session-busy"],
  // etop cuts its Name column to 20 characters: `xmpp_stream_in:init/1` prints as `xmpp_stream_in:init/`.
  ["c2s session, initial call cut (etop)", { initialCall: "xmpp_stream_in:init/", initialCallCut: true, currentFunction: "gen:do_call/4" }, "gen_call", "c2s session <0.9.0>", "c2s-session"],
  ["c2s session, busy, initial call cut", { initialCall: "xmpp_stream_in:init/", initialCallCut: true, currentFunction: "xmpp_stream_in:loop/1" }, "unknown", "c2s session <0.9.0>", "c2s-session-busy"],
  ["muc room, initial call cut", { initialCall: "mod_muc_room:init/", initialCallCut: true }, "muc_room", "<0.9.0>", "muc-room-process"],
  // Cut inside the function, or not a cut at all: the M:F is not known to be the rule's.
  ["cut before the arity's slash is not a c2s session", { initialCall: "xmpp_stream_in:ini", initialCallCut: true }, "unknown", "xmpp_stream_in:ini", "process-facts"],
  ["an uncut call without arity is not a c2s session", { initialCall: "xmpp_stream_in:init/" }, "unknown", "xmpp_stream_in:init/", "process-facts"],
  ["a cut call with another arity is not a c2s session", { initialCall: "xmpp_stream_in:init/2", initialCallCut: true }, "unknown", "xmpp_stream_in:init/2", "process-facts"],
  ["anything in gen_server:call", { registeredName: "my_cache", currentFunction: "gen_server:call/3" }, "gen_call", "my_cache", "process-in-call"],
  // recon prints the spawn's initial call (proc_lib:init_p/5) for every OTP process: it names none of them.
  ["muc room by its running code (recon)", { initialCall: "proc_lib:init_p/5", currentFunction: "mod_muc_room:process_presence/3" }, "muc_room", "<0.9.0>", "muc-room-process"],
  ["a call from proc_lib:init_p/5: the pid, not the spawn function", { initialCall: "proc_lib:init_p/5", currentFunction: "gen:do_call/4" }, "gen_call", "<0.9.0>", "process-in-call"],
  ["only proc_lib:init_p/5 known", { initialCall: "proc_lib:init_p/5", currentFunction: "gen_server:loop/7" }, "unknown", null, "process-facts"],
  ["max_queue crash", { exit: "{process_limit,{max_queue,10001}}" }, "dead", "<0.9.0>", "max-queue-exit"],
  ["only facts", { registeredName: "emqttd_sm_16", currentFunction: "gen_server2:process_next_msg/1" }, "unknown", "emqttd_sm_16", "process-facts"],
  ["nothing but the queue", {}, "unknown", null, "process-facts"],
];

describe("process rules", () => {
  it.each(rows)("%s", (_, info, cls, subject, rule) => {
    expect(verdict(info)).toEqual({ class: cls, subject, rule, room: null });
  });

  it("mod_muc's process names a MUC service (Classification.service), a room process's supervisor too; rex none", () => {
    const service = (info: Partial<ProcessInfo>) => {
      const inspected = { pid: "<0.9.0>", queueLen: 5000, dead: false, line: 1, samples: [], samplesCut: false, info: { ...base, ...info } };
      return classify({ inspected, top: [{ rank: 1, pid: "<0.9.0>", queueLen: 5000 }] })?.service;
    };
    expect(service({ registeredName: "mod_muc_conference.example.org" })).toBe(true);
    expect(service({ initialCall: "mod_muc:init/1" })).toBe(false); // no host: the subject is the pid
    expect(service({ registeredName: "rex" })).toBe(false);
  });

  it("a monitor run (no info) is left to the sample rules", () => {
    const v = classify({ inspected: { pid: "<0.1.0>", queueLen: 1, dead: false, line: 1, samples: [], samplesCut: false }, top: [] });
    expect(v?.rule).toBe("no-rule-matched");
  });
});
