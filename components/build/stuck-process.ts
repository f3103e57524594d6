// ## Which process is stuck, in words
//
// The classifier's subject is what the stuck process's mailbox points at, not
// always the stuck process: for rpc it is the M:F most calls ask for, for a
// mailbox of stanzas to many rooms the MUC service. An
// operator about to kill or trace a pid needs the stuck one — the inspected
// pid, #1 in the top list — named first, and the subject said for what it is.
// Presentation only: the classes and subjects are the API's, unchanged.

export type StuckInput = {
  /** Culprit class (lib/classify): muc_room, sql, rpc, gen_call, dead, unknown. */
  culpritClass: string;
  /** The classifier's subject. */
  subject: string | null;
  /** The stuck process: the inspected pid (an incident's key when it is a pid). */
  pid: string | null;
  /** A muc_room subject that is the MUC service, not a room (the log named none). */
  service?: boolean;
  /** Died before the monitor could check its queue (`undefined` in the log). */
  dead?: boolean;
  /** The rule that decided, when known (build pages): tells a request shape from a process name. */
  rule?: string | null;
  /**
   * No process was inspected (the run printed its top list alone; a provisional incident): `pid` is
   * rank 1 of the top list, and its class `unknown` says nothing was looked at, not that no rule matched.
   */
  uninspected?: boolean;
};

export type StuckProcess = {
  pid: string | null;
  /** Its registered name when the data gives one: `rex` for the rpc server. */
  name: string | null;
  /** What is known of it, a clause ending where the subject follows: `the rpc server; its mailbox is full of rpc calls, most of them to`. */
  what: string;
  /** The subject, when it says more than the pid. */
  subject: string | null;
  /** After the subject: ` (MUC service: the log names no room)`. */
  after: string;
  /** One short phrase for a table cell beside the pid: `p1_mysql connection: unread data`, `rpc calls: mnesia_lib:db_get`. */
  brief: string;
};

/** What a build (list row or page) gives of its culprit and inspected process. */
export type BuildCulpritFields = {
  culprit: { class: string; subject: string | null; service?: boolean } | null;
  inspectedPid: string | null;
  dead?: boolean;
  rule?: string | null;
};

/** The stuck process of a build, as the lists and the build page say it; null without a culprit. */
export function stuckOfBuild(build: BuildCulpritFields): StuckProcess | null {
  if (!build.culprit) return null;
  return stuckProcess({
    culpritClass: build.culprit.class,
    subject: build.culprit.subject,
    pid: build.inspectedPid,
    service: build.culprit.service,
    dead: build.dead,
    rule: build.rule,
  });
}

/** A registered name as process rules give it (`ejabberd_sm`, `rex`), as opposed to an initial call (`m:f/1`) or a pid. */
const REGISTERED_NAME = /^[a-z][A-Za-z0-9_@.]*$/;

export function stuckProcess(input: StuckInput): StuckProcess {
  const { pid, subject: s } = input;
  // A subject that only repeats the pid (`<0.912.0>`, `c2s session <0.912.0>`) adds nothing to it.
  const adds = s !== null && s !== "" && s !== pid && !(pid !== null && s.endsWith(` ${pid}`));
  const c2s = s !== null && s.startsWith("c2s session");
  const base = { pid, name: null, subject: null, after: "" };
  if (input.uninspected) {
    return { ...base, what: "no process was inspected; it is rank 1 of the top list, taken as the stuck one", brief: "no process inspected; rank 1 of the top list" };
  }
  switch (input.culpritClass) {
    case "muc_room":
      if (input.service && adds && input.rule === "muc-service-routes") {
        return {
          ...base,
          what: "its mailbox holds stanzas for many rooms of the MUC service",
          subject: s,
          after: " (no room has most of them: the router or the service, not one room)",
          brief: `${s} (MUC service, many rooms)`,
        };
      }
      if (input.rule === "muc-service-process") {
        if (!adds) return { ...base, what: "ejabberd's MUC service process (mod_muc), which hands stanzas to its rooms", brief: "MUC service process" };
        return {
          ...base,
          what: "ejabberd's MUC service process (mod_muc), which hands stanzas to every room of",
          subject: s,
          after: " (the log names no room: all of them wait on it)",
          brief: `${s} (MUC service process)`,
        };
      }
      if (input.service && adds) {
        return {
          ...base,
          what: "a MUC room process of host",
          subject: s,
          after: " (its MUC service: the log names no room)",
          brief: `${s} (MUC service of the host)`,
        };
      }
      if (!adds) return { ...base, what: "a MUC room process; the log names no room", brief: "MUC room process" };
      // `…@host`: the log (`~P`) cut the room's name in every sample (lib/classify: a cut key).
      if ((s as string).startsWith("…@")) {
        return {
          ...base,
          what: "its mailbox is full of stanzas routed to rooms of",
          subject: (s as string).slice(2),
          after: " whose names the log cut (~P printed them short): which room, or how many, is not known",
          brief: `${s} (room name cut)`,
        };
      }
      return { ...base, what: "its mailbox is full of stanzas routed to the room", subject: s, brief: s as string };
    case "sql":
      // The stuck process is the connection itself: p1_mysql_recv sends the data to its parent, the
      // connection; ejabberd_sql queues the queries on it.
      if (input.rule === "mysql-receiver") {
        return { ...base, what: "a p1_mysql connection; its mailbox is full of p1_mysql_recv data from its socket reader", brief: "p1_mysql connection: unread data" };
      }
      if (input.rule === "sql-commands") return { ...base, what: "an SQL connection (ejabberd_sql); its mailbox is full of queued queries", brief: "SQL connection: queued queries" };
      if (!adds) return { ...base, what: "an SQL connection process (p1_mysql or another driver)", brief: "SQL connection" };
      return { ...base, what: "an SQL connection process; the log knows it as", subject: s, brief: `SQL connection: ${s}` };
    case "rpc": {
      // The class is the rpc server: rpc:call's requests go to the process registered as rex.
      const name = pid === "rex" ? null : "rex";
      if (!adds || s === "rex") return { ...base, name, what: "the rpc server, backed up with calls", brief: "rpc server" };
      return { ...base, name, what: "the rpc server; its mailbox is full of rpc calls, most of them to", subject: s, brief: `rpc calls: ${s}` };
    }
    case "gen_call":
      if (c2s) return { ...base, what: "a client session (c2s), blocked in a call", brief: "c2s session, in a call" };
      if (input.rule === "gen-server-calls") {
        return { ...base, what: "its mailbox is full of '$gen_call' requests, most of them", subject: s, brief: `calls: ${s}` };
      }
      if (input.rule === "gen-event-calls") {
        return { ...base, what: "an event manager (gen_event); its mailbox is full of calls, most of them", subject: s, brief: `gen_event calls: ${s}` };
      }
      if (!adds) return { ...base, what: "blocked in a call, waiting for a reply", brief: "in a call" };
      {
        // Without the rule (lists), the subject may be a request shape or the process's name or initial call.
        const what = input.rule === "process-in-call" ? "blocked in a call, waiting for a reply" : "blocked in a call or backed up with calls";
        if (REGISTERED_NAME.test(s as string)) return { ...base, name: s, what, brief: `calls: ${s}` };
        return { ...base, what: `${what}; the log knows it as`, subject: s, brief: `calls: ${s}` };
      }
    case "dead":
      if (input.dead) return { ...base, what: "it died before the monitor could inspect it; its messages are lost", brief: "died before inspection" };
      return { ...base, what: "it is gone: it exited with its mailbox full", brief: "died" };
    default:
      if (c2s) return { ...base, what: "a client session (c2s); nothing says what it waits for", brief: "c2s session" };
      if (adds && REGISTERED_NAME.test(s as string)) return { ...base, name: s, what: "no rule explains its messages", brief: s as string };
      if (adds) return { ...base, what: "no rule explains its messages; the log knows it as", subject: s, brief: s as string };
      return { ...base, what: "no rule explains its messages", brief: "no rule matched" };
  }
}
