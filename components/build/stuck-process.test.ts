import { describe, expect, test } from "vitest";
import { stuckProcess } from "./stuck-process";

/** The headline as the build page reads it: `<pid> (name): what subject after`. */
const sentence = (p: ReturnType<typeof stuckProcess>) =>
  `${p.pid}${p.name ? ` (${p.name})` : ""}: ${p.what}${p.subject ? ` ${p.subject}` : ""}${p.after}`;

describe("stuckProcess: the stuck pid first, the subject for what it is", () => {
  test("sql (build 27044): the inspected pid is the connection, stuck with its socket reader's data", () => {
    const p = stuckProcess({ culpritClass: "sql", subject: "<6562.18467.5386>", pid: "<6562.18467.5386>", rule: "mysql-receiver" });
    expect(p.pid).toBe("<6562.18467.5386>");
    expect(sentence(p)).toBe("<6562.18467.5386>: a p1_mysql connection; its mailbox is full of p1_mysql_recv data from its socket reader");
    expect(p.brief).toBe("p1_mysql connection: unread data");
    const queued = stuckProcess({ culpritClass: "sql", subject: "<0.5.0>", pid: "<0.5.0>", rule: "sql-commands" });
    expect(sentence(queued)).toBe("<0.5.0>: an SQL connection (ejabberd_sql); its mailbox is full of queued queries");
  });

  test("muc_room spread over many rooms: the MUC service, said not to be one room", () => {
    const p = stuckProcess({ culpritClass: "muc_room", subject: "conference.easemob.com", pid: "<0.9.0>", service: true, rule: "muc-service-routes" });
    expect(sentence(p)).toBe(
      "<0.9.0>: its mailbox holds stanzas for many rooms of the MUC service conference.easemob.com (no room has most of them: the router or the service, not one room)",
    );
    expect(p.brief).toBe("conference.easemob.com (MUC service, many rooms)");
  });

  test("sql from a watchdog line: subject and pid are one process, said once", () => {
    const p = stuckProcess({ culpritClass: "sql", subject: "<0.912.0>", pid: "<0.912.0>", rule: "sql-process" });
    expect(p.subject).toBeNull();
    expect(sentence(p)).toBe("<0.912.0>: an SQL connection process (p1_mysql or another driver)");
  });

  test("rpc (build 11431): the pid is named rex; the M:F is what the calls ask for", () => {
    const p = stuckProcess({ culpritClass: "rpc", subject: "mnesia_lib:db_get", pid: "<6555.12.0>", rule: "rex-rpc-calls" });
    expect(p.name).toBe("rex");
    expect(sentence(p)).toBe("<6555.12.0> (rex): the rpc server; its mailbox is full of rpc calls, most of them to mnesia_lib:db_get");
    expect(p.brief).toBe("rpc calls: mnesia_lib:db_get");
    // etop/recon: the subject is rex itself.
    expect(sentence(stuckProcess({ culpritClass: "rpc", subject: "rex", pid: "<0.12.0>" }))).toBe("<0.12.0> (rex): the rpc server, backed up with calls");
    expect(stuckProcess({ culpritClass: "rpc", subject: "rex", pid: "rex" }).name).toBeNull();
  });

  test("muc_room: the room, or the MUC service when the log names no room", () => {
    const room = stuckProcess({ culpritClass: "muc_room", subject: "snh-48#p@conference.easemob.com", pid: "<6562.25870.402>" });
    expect(sentence(room)).toBe("<6562.25870.402>: its mailbox is full of stanzas routed to the room snh-48#p@conference.easemob.com");
    const service = stuckProcess({ culpritClass: "muc_room", subject: "livechat.example.org", pid: "<0.588.0>", service: true });
    expect(sentence(service)).toBe("<0.588.0>: a MUC room process of host livechat.example.org (its MUC service: the log names no room)");
    expect(service.brief).toBe("livechat.example.org (MUC service of the host)");
    expect(stuckProcess({ culpritClass: "muc_room", subject: "<0.5.0>", pid: "<0.5.0>" }).subject).toBeNull();
    // The room's name cut by `~P` in every sample: its host, and the name said unknown.
    const cut = stuckProcess({ culpritClass: "muc_room", subject: "…@conference.im.example.cn", pid: "<8610.88.0>", rule: "muc-room-routes" });
    expect(sentence(cut)).toBe("<8610.88.0>: its mailbox is full of stanzas routed to rooms of conference.im.example.cn whose names the log cut (~P printed them short): which room, or how many, is not known");
    expect(cut.brief).toBe("…@conference.im.example.cn (room name cut)");
  });

  test("muc_room: mod_muc's own process, which every room of its host waits on", () => {
    const p = stuckProcess({ culpritClass: "muc_room", subject: "conference.example.org", pid: "mod_muc_conference.example.org", service: true, rule: "muc-service-process" });
    expect(sentence(p)).toBe("mod_muc_conference.example.org: ejabberd's MUC service process (mod_muc), which hands stanzas to every room of conference.example.org (the log names no room: all of them wait on it)");
    expect(p.brief).toBe("conference.example.org (MUC service process)");
    const bare = stuckProcess({ culpritClass: "muc_room", subject: "<0.77.0>", pid: "<0.77.0>", rule: "muc-service-process" });
    expect(sentence(bare)).toBe("<0.77.0>: ejabberd's MUC service process (mod_muc), which hands stanzas to its rooms");
  });

  test("unknown with no subject: the lists still say something (an empty cell read as missing data)", () => {
    expect(stuckProcess({ culpritClass: "unknown", subject: null, pid: "<0.5.0>" }).brief).toBe("no rule matched");
  });

  test("no process inspected (a provisional incident): it says so, not that no rule matched", () => {
    const p = stuckProcess({ culpritClass: "unknown", subject: null, pid: "<6555.12.0>", uninspected: true });
    expect(p.brief).toBe("no process inspected; rank 1 of the top list");
    expect(sentence(p)).toBe("<6555.12.0>: no process was inspected; it is rank 1 of the top list, taken as the stuck one");
  });

  test("dead: before inspection, or gone after max_queue", () => {
    expect(sentence(stuckProcess({ culpritClass: "dead", subject: "<6562.26699.4254>", pid: "<6562.26699.4254>", dead: true }))).toBe(
      "<6562.26699.4254>: it died before the monitor could inspect it; its messages are lost",
    );
    expect(stuckProcess({ culpritClass: "dead", subject: "<0.2210.0>", pid: "<0.2210.0>" }).what).toMatch(/gone/);
  });

  test("gen_call: request shapes, registered names, client sessions", () => {
    const calls = stuckProcess({ culpritClass: "gen_call", subject: "{get_state}", pid: "<6562.4071.0>", rule: "gen-server-calls" });
    expect(sentence(calls)).toBe("<6562.4071.0>: its mailbox is full of '$gen_call' requests, most of them {get_state}");
    // lager 352's lager_event: an event manager's calls, not a gen_server's.
    const events = stuckProcess({ culpritClass: "gen_call", subject: "sync_notify", pid: "<0.91.0>", rule: "gen-event-calls" });
    expect(sentence(events)).toBe("<0.91.0>: an event manager (gen_event); its mailbox is full of calls, most of them sync_notify");
    expect(events.brief).toBe("gen_event calls: sync_notify");
    const named = stuckProcess({ culpritClass: "gen_call", subject: "ejabberd_sm", pid: "<0.400.0>", rule: "process-in-call" });
    expect(sentence(named)).toBe("<0.400.0> (ejabberd_sm): blocked in a call, waiting for a reply");
    const c2s = stuckProcess({ culpritClass: "gen_call", subject: "c2s session <0.5005.3>", pid: "<0.5005.3>", rule: "c2s-session" });
    expect(c2s.subject).toBeNull();
    expect(c2s.what).toMatch(/client session/);
  });

  test("unknown: says no rule explains it, with what the log calls it", () => {
    expect(sentence(stuckProcess({ culpritClass: "unknown", subject: null, pid: "<0.1.0>" }))).toBe("<0.1.0>: no rule explains its messages");
    expect(sentence(stuckProcess({ culpritClass: "unknown", subject: "proc_lib:init_p/5", pid: "<0.1.0>" }))).toBe(
      "<0.1.0>: no rule explains its messages; the log knows it as proc_lib:init_p/5",
    );
    expect(stuckProcess({ culpritClass: "unknown", subject: "Supavisor.MetricsCleaner", pid: "<0.2971.0>" }).subject).toBe("Supavisor.MetricsCleaner");
  });
});
