// ## The rule table
//
// Ordered: a sample goes to the first rule that claims it, and among the
// `samples` rules the one with the most claims wins (ties: the earlier row).
// To teach the classifier a new backlog, add a row; nothing else changes.
// Each row says why it exists, with the build where it was first seen.

import { CUT_TEXT, GEN_EVENT_CALL } from "../monitor-log/sample-facts";
import type { InspectedProcess } from "../monitor-log/types";
import type { ProcessInfo } from "../formats/types";
import { bareJid, isRoomJid } from "./jid";
import { cutKey, UNREAD_KEY, type Rule } from "./types";
import { plural, pluralWord } from "../wording";

// ## Process facts (formats other than the monitor's)
//
// ejabberd's watchdog, recon, system_monitor and etop print no messages,
// only facts about the process: its initial call, current function,
// registered name, ancestors (lib/formats puts them in `inspected.info`).
// The `process` rules at the end of the table judge from those; a monitor
// run has no `info`, so they never fire for it.

/** The facts a format printed about the inspected process, if any. */
const infoOf = (p: InspectedProcess): ProcessInfo | null => (p as InspectedProcess & { info?: ProcessInfo }).info ?? null;

/** `gen:do_call/4`, `gen_server:call/3`, `gen_statem:call/3`, `p1_server:call/3`: waiting for a reply. */
/** The functions a process sits in while it waits for a call's reply. */
const CALLS = [
  "gen:do_call",
  "gen:call",
  "gen_server:call",
  "gen_statem:call",
  "gen_statem:call_dirty",
  "p1_server:call",
  "p1_fsm:sync_send_event",
  "gen_fsm:sync_send_event",
  "gen_fsm:sync_send_all_state_event",
];
const IN_CALL = new RegExp(`^(?:${CALLS.join("|")})/`);

/**
 * Whether the current function is one that waits for a call's reply. One the format cut short
 * (`ProcessInfo.currentFunctionCut`: etop's `gen_fsm:sync_send_ev`) is when it kept the whole
 * module and is the start of such a function's `M:F/`.
 */
function inCall(info: ProcessInfo): boolean {
  const current = info.currentFunction;
  if (!current) return false;
  if (IN_CALL.test(current)) return true;
  return info.currentFunctionCut === true && current.includes(":") && CALLS.some((call) => `${call}/`.startsWith(current));
}

/** The current function as evidence: a cut one says so. */
const currentText = (info: ProcessInfo): string =>
  info.currentFunctionCut ? `${info.currentFunction ?? ""}… (cut to its column in the log: its end is unknown)` : (info.currentFunction ?? "");
/** SQL client modules ejabberd and Elixir apps use. */
const SQL_MODULE = /^(?:p1_mysql\w*|p1_pgsql\w*|p1_sqlite\w*|ejabberd_sql\w*|mysql\w*|epgsql\w*|Elixir\.(?:Postgrex|MyXQL|DBConnection)\b[\w.]*):/;
/** ejabberd's c2s session processes (xmpp_stream_in since 17.x, ejabberd_c2s before). */
const C2S = ["xmpp_stream_in:init/1", "ejabberd_c2s:init/1"];
const isC2s = (info: ProcessInfo) => C2S.some((call) => callIs(info, call));
/** `mod_muc_room_sup_<host>` (≥ 21), `mod_muc_sup_<host>`, `ejabberd_mod_muc_sup_<host>`: the virtual host whose MUC service it is. */
const MUC_SUP = /^(?:ejabberd_)?mod_muc(?:_room)?_sup_(.+)$/;
/** mod_muc's registered name, `mod_muc_<host>` (a worker's `_<N>` after it): the host. Not its supervisors, not mod_muc_admin's. */
const MUC_SERVICE_NAME = /^(?:ejabberd_)?mod_muc_(?!(?:room_)?sup_|admin|log|room\b)(.+?\..+?)(?:_\d+)?$/;

/**
 * Whether the initial call is `target` (`M:F/A`). A call the format printed cut short
 * (`ProcessInfo.initialCallCut`: etop's `xmpp_stream_in:init/`) is `target` when it kept the
 * whole `M:F/` and whatever it kept of the arity starts `target`'s: its M:F is what the rules
 * know a process by; an arity the log lost is not made up.
 */
function callIs(info: ProcessInfo, target: string): boolean {
  const call = info.initialCall;
  if (call === null) return false;
  if (!info.initialCallCut) return call === target;
  const slash = call.lastIndexOf("/");
  return slash > 0 && call.includes(":") && target.startsWith(call) && target.lastIndexOf("/") === slash;
}

/** The initial call as evidence: a cut one says so (`xmpp_stream_in:init/…`). */
const callText = (info: ProcessInfo): string => (info.initialCallCut ? `${info.initialCall ?? ""}… (cut to its column in the log: its end is unknown)` : (info.initialCall ?? ""));

/**
 * An initial call that names the process, or null: `proc_lib:init_p/5` (what recon and
 * `process_info` print for every gen_server, gen_statem and p1_fsm) names none of them.
 */
const telling = (call: string | null): string | null => (call === null || call === "proc_lib:init_p/5" ? null : call);

/** The facts as evidence lines, most telling first. */
function factLines(info: ProcessInfo): string[] {
  const out: string[] = [];
  if (info.registeredName) out.push(`registered as ${info.registeredName}`);
  if (info.initialCall) out.push(`initial_call ${callText(info)}`);
  if (info.currentFunction) out.push(`current_function ${currentText(info)}`);
  if (info.ancestors.length > 0) out.push(`ancestors ${info.ancestors.join(", ")}`);
  if (info.exit) out.push(`it exited with ${info.exit}: its queue passed ejabberd's max_queue and it stopped itself`);
  if (info.killed) out.push("ejabberd's overload watchdog killed it");
  return out;
}

/**
 * The room a destination names, or null. A backlog repeats one destination
 * sample after sample: the last answer is kept, so that a run's samples do
 * not each parse the same JID.
 */
let lastDestination: string | null = null;
let lastRoom: string | null = null;
function roomKey(destination: string): string | null {
  if (destination !== lastDestination) {
    const room = bareJid(destination);
    lastRoom = room && isRoomJid(room) ? room.jid : null;
    lastDestination = destination;
  }
  return lastRoom;
}

/** Messages a caller waits on: gen_server / gen_statem calls, gen_fsm / p1_fsm synchronous events. */
const SYNC_CALLS = new Set(["$gen_call", "$gen_sync_event", "$gen_sync_all_state_event"]);

const isSqlProcess = (i: ProcessInfo) => [i.registeredName, i.initialCall, i.currentFunction].some((x) => x !== null && SQL_MODULE.test(x.includes(":") ? x : `${x}:`));

export const RULES: readonly Rule[] = [
  {
    // 23747, 27140: `message queue len of pid <p> : undefined`. The process
    // exited between the top list and the check; its messages are lost.
    // The same when its queue was read and it was gone when its messages were
    // fetched (`message in pid <p> :` then `undefined`; seen on a real node).
    kind: "process",
    name: "dead-before-check",
    class: "dead",
    decide: ({ inspected, top }) => {
      if (!inspected.dead) return null;
      const listed = top.find((t) => t.pid === inspected.pid);
      return {
        subject: inspected.pid,
        evidence: [
          inspected.queueLen === null
            ? `${inspected.pid} was gone when its queue was checked (process_info returned undefined)`
            : `${inspected.pid} held ${plural(inspected.queueLen, "message")} when its queue was checked, and was gone when its messages were fetched (process_info returned undefined)`,
          listed ? `it was #${listed.rank} in the top list with ${plural(listed.queueLen, "message")}` : "it was not in the top list",
        ],
      };
    },
  },
  {
    // 11431 (rex): `{Pid, {reply, ok}}` answers arrive after the caller gave up;
    // they say nothing about why the process is stuck.
    kind: "ignore",
    name: "late-replies",
    label: "late replies",
    labelOne: "late reply",
    claim: (s) => s.kind === "reply",
  },
  {
    // 27044, 23101, 24228: a p1_mysql connection's socket reader sends its parent
    // `{p1_mysql_recv, self(), data, Packet, Num}` (p1_mysql_recv.erl: `Parent ! …`);
    // the parent, p1_mysql_conn, is the connection: the inspected process, whose
    // mailbox this is. The pid in the messages is the receiver (the key, in the evidence).
    kind: "samples",
    name: "mysql-receiver",
    class: "sql",
    label: "p1_mysql_recv messages",
    labelOne: "p1_mysql_recv message",
    claim: (s) => (s.kind === "p1_mysql_recv" ? (s.sender ?? "?") : null),
    subject: ({ inspected }) => inspected.pid,
    keyText: (receiver) => `from the receiver ${receiver}, the p1_mysql_recv process that reads this connection's socket`,
  },
  {
    // 25877 and most of the seed: mod_muc_room got '$gen_event' {route, ...}
    // with an xmlel whose `to` is the room; ejabberd ≥ 16 queues #message{},
    // #iq{}, #presence{} (bare, or inside {route, ...}) whose `to` is a jid.
    kind: "samples",
    name: "muc-room-routes",
    class: "muc_room",
    label: "stanzas routed to a conference room",
    labelOne: "stanza routed to a conference room",
    claim: (s) => {
      if (s.stanza === null || s.destination === null) return null;
      // A room whose name `~P` cut (`…@conference.example.org`, sample-facts' CUT_TEXT) in a sample the
      // log cut: a room's stanza all the same, under a cut key (it names no room). A room really named
      // `…`, in a sample printed whole, is that room.
      if (s.truncated && s.destination.startsWith(`${CUT_TEXT}@`)) {
        const room = bareJid(s.destination);
        return room && isRoomJid(room) ? cutKey(`${CUT_TEXT}@${room.host}`) : null;
      }
      return roomKey(s.destination);
    },
    // A Chinese room name printed as bytes by `~P 25` (each byte counts toward the depth): cut in
    // every sample, the host whole. Those 19 stanzas counted for nothing, and one get_config call
    // made the verdict gen_call (a domain review, 2026-12-07, on a real node).
    cutText: "the room's name",
    // A mod_muc_room process only gets its own room's stanzas: spread over many rooms, with
    // none holding most of them, they are queued at the router or the MUC service.
    spread: (rooms, count) => {
      const hosts = new Map<string, number>();
      let top: [string, number] = ["", 0];
      for (const [jid, indexes] of rooms) {
        const host = jid.slice(jid.indexOf("@") + 1);
        hosts.set(host, (hosts.get(host) ?? 0) + indexes.length);
        if (indexes.length > top[1]) top = [jid, indexes.length];
      }
      const [host] = [...hosts].reduce((best, entry) => (entry[1] > best[1] ? entry : best));
      const others = hosts.size > 1 ? ` (and ${hosts.size - 1} other ${pluralWord(hosts.size - 1, "host")})` : "";
      return {
        rule: "muc-service-routes",
        subject: host,
        service: true,
        evidence: [
          `they go to ${rooms.size} rooms, none with more than half of them (the most: ${top[0]}, ${top[1]} of ${count})`,
          `a mod_muc_room process only gets its own room's stanzas: this is the router or the MUC service ${host}${others}, not one room`,
        ],
      };
    },
  },
  {
    // 11431: the rex server (pid <x.12.0>) holding rpc:call requests
    // {call, M, F, A, GL}; newer OTP sends {block_call, ...} with [alias|Ref] tags.
    kind: "samples",
    name: "rex-rpc-calls",
    class: "rpc",
    label: "rpc requests ({call|block_call|cast, M, F, A, _})",
    labelOne: "rpc request ({call|block_call|cast, M, F, A, _})",
    claim: (s) => {
      if ((s.kind !== "$gen_call" && s.kind !== "$gen_cast") || s.destination === null || !/^(?:call|block_call|cast)$/.test(s.request ?? "")) return null;
      if (!s.truncated || !s.destination.includes(CUT_TEXT)) return s.destination;
      // `~P` cut its M:F (`{block_call,mnesia_lib,...}`): block_call goes to rex alone; call and cast
      // when the module is still there (a gen_server's own `{call, …}` request rarely leads with one).
      return s.request === "block_call" || !s.destination.startsWith(CUT_TEXT) ? cutKey(s.destination) : null;
    },
    cutText: "the function (M:F)",
    // `mnesia_lib:…` says which module; `…:…` nothing.
    cutSubject: (partial) => (partial.startsWith(CUT_TEXT) ? null : partial),
  },
  {
    // ejabberd_sql queues each query on its connection as a synchronous event (p1_fsm:
    // `{'$gen_sync_event', From, {sql_cmd, Query, Timestamp}}`) or, as gen_statem, a call
    // (`{'$gen_call', From, {sql_cmd, …}}`): a backlog of them is a connection that is behind.
    kind: "samples",
    name: "sql-commands",
    class: "sql",
    label: "queued SQL queries ({sql_cmd, …})",
    labelOne: "queued SQL query ({sql_cmd, …})",
    claim: (s) => (s.request === "sql_cmd" && SYNC_CALLS.has(s.kind) ? "sql_cmd" : null),
    subject: ({ inspected }) => inspected.pid,
    keyText: () => "sql_cmd requests to this connection",
  },
  {
    // Any other gen_server (or gen_fsm / p1_fsm sync event) backlog: callers waiting on one server.
    kind: "samples",
    name: "gen-server-calls",
    class: "gen_call",
    label: "'$gen_call' requests",
    labelOne: "'$gen_call' request",
    // (`{'$gen_call',{...},...}`, cut before its request, may be any server's: an rpc's too.)
    claim: (s) => (SYNC_CALLS.has(s.kind) ? (s.request === CUT_TEXT && s.truncated ? UNREAD_KEY : (s.request ?? "?")) : null),
    cutText: "the request",
  },
  {
    // lager 352: lager_event on an ejabberd node with 29,674 `{sync_notify, {log, …}}` queued. An event
    // manager's calls (gen:call with the caller's pid as the label: sample-facts.ts) pile up behind a
    // slow handler; the callers wait as a gen_server's do. The subject: the dominant request.
    kind: "samples",
    name: "gen-event-calls",
    class: "gen_call",
    label: "gen_event calls",
    labelOne: "gen_event call",
    claim: (s) => (s.kind === GEN_EVENT_CALL ? (s.request ?? "?") : null),
  },
  {
    // ejabberd_system_monitor, etop: a mod_muc_room process. The watchdog
    // prints no room JID, only supervisors; `mod_muc_room_sup_<host>` names
    // the virtual host (mod_muc_sup:start(Host) is given the server host, not
    // the MUC host), so the subject is that host's MUC service
    // (Snapshot.service), not a room.
    kind: "process",
    name: "muc-room-process",
    class: "muc_room",
    decide: ({ inspected }) => {
      const info = infoOf(inspected);
      if (!info) return null;
      const byCall = callIs(info, "mod_muc_room:init/1");
      // recon prints the spawn's initial call (proc_lib:init_p/5) for OTP processes: a room shows
      // by running its own code (`{mod_muc_room,process_presence,3}`).
      if (!byCall && !/^mod_muc_room:/.test(info.currentFunction ?? "")) return null;
      const sup = info.ancestors.map((a) => MUC_SUP.exec(a)).find((m) => m?.[1]);
      const service = sup?.[1]?.toLowerCase() ?? null;
      return {
        subject: service ?? inspected.pid,
        evidence: [
          byCall
            ? `${inspected.pid} is a MUC room process (initial_call mod_muc_room:init/1)`
            : `${inspected.pid} is a MUC room process (it runs ${currentText(info)})`,
          service
            ? `its supervisor ${sup?.[0]} names the host ${service} (the server host mod_muc runs for, whose MUC service is usually conference.<host>); the log names no room, so the subject is that host's MUC service, not a room`
            : "no ancestor names the virtual host of its MUC service; the subject is the pid",
          ...factLines({ ...info, initialCall: null }),
        ],
      };
    },
  },
  {
    // The watchdog, etop: mod_muc's own process (`'mod_muc_example.org'`, initial call
    // mod_muc:init/1), which routes each stanza for the host's rooms to the room's process: its
    // backlog holds up every room of that MUC service, so the subject is the service, not a room.
    kind: "process",
    name: "muc-service-process",
    class: "muc_room",
    decide: ({ inspected }) => {
      const info = infoOf(inspected);
      if (!info) return null;
      const named = MUC_SERVICE_NAME.exec(info.registeredName ?? "");
      if (!named && !callIs(info, "mod_muc:init/1")) return null;
      const host = named?.[1]?.toLowerCase() ?? null;
      return {
        subject: host ?? inspected.pid,
        service: host !== null,
        evidence: [
          `${inspected.pid === info.registeredName ? inspected.pid : `${inspected.pid}${info.registeredName ? ` (${info.registeredName})` : ""}`} is ejabberd's MUC service process (mod_muc), which hands each stanza for its rooms to the room's process: its backlog holds up every room${host ? ` of ${host}` : ""}`,
          ...factLines({ ...info, registeredName: null }),
        ],
      };
    },
  },
  {
    // recon, etop, the watchdog: the rpc server `rex` itself is backed up.
    kind: "process",
    name: "rex-process",
    class: "rpc",
    decide: ({ inspected }) => {
      const info = infoOf(inspected);
      if (info?.registeredName !== "rex") return null;
      const who = inspected.pid === "rex" ? "rex" : `${inspected.pid} (rex)`;
      return { subject: "rex", evidence: [`${who} is the rpc server, backed up with calls`, ...factLines({ ...info, registeredName: null })] };
    },
  },
  {
    // A p1_mysql / p1_pgsql / ejabberd_sql connection (or an Elixir DB client) is the one behind.
    kind: "process",
    name: "sql-process",
    class: "sql",
    decide: ({ inspected }) => {
      const info = infoOf(inspected);
      if (!info || !isSqlProcess(info)) return null;
      return { subject: inspected.pid, evidence: [`${inspected.pid} is an SQL connection process`, ...factLines(info)] };
    },
  },
  {
    // A client session (xmpp_stream_in:init/1). There is no `c2s` class:
    // the class says why it is stuck (`gen_call` when it waits on a call,
    // else `unknown`), the subject says what it is: `c2s session <pid>`.
    kind: "process",
    name: "c2s-session",
    class: "gen_call",
    decide: ({ inspected }) => {
      const info = infoOf(inspected);
      if (!info || !isC2s(info) || !inCall(info)) return null;
      return {
        subject: `c2s session ${inspected.pid}`,
        evidence: [`${inspected.pid} is a client session (${callText(info)}) blocked in ${currentText(info)}, waiting for a reply`, ...factLines(info)],
      };
    },
  },
  {
    kind: "process",
    name: "c2s-session-busy",
    class: "unknown",
    decide: ({ inspected }) => {
      const info = infoOf(inspected);
      if (!info || !isC2s(info)) return null;
      return {
        subject: `c2s session ${inspected.pid}`,
        evidence: [`${inspected.pid} is a client session (${callText(info)}); nothing says what it waits for`, ...factLines(info)],
      };
    },
  },
  {
    // Any other process sitting in a synchronous call while its mailbox grows.
    kind: "process",
    name: "process-in-call",
    class: "gen_call",
    decide: ({ inspected }) => {
      const info = infoOf(inspected);
      if (!info || !inCall(info)) return null;
      return {
        subject: info.registeredName ?? telling(info.initialCall) ?? inspected.pid,
        evidence: [`${inspected.pid} is blocked in ${currentText(info)}, waiting for a reply`, ...factLines(info)],
      };
    },
  },
  {
    // A max_queue crash report about a process nothing else identifies: it is gone.
    kind: "process",
    name: "max-queue-exit",
    class: "dead",
    decide: ({ inspected }) => {
      const info = infoOf(inspected);
      if (!info?.exit) return null;
      return { subject: inspected.pid, evidence: [`${inspected.pid} is gone`, ...factLines(info)] };
    },
  },
  {
    // Facts but no rule above: say what is known instead of "no messages were printed".
    kind: "process",
    name: "process-facts",
    class: "unknown",
    decide: ({ inspected }) => {
      const info = infoOf(inspected);
      if (!info) return null;
      const facts = factLines(info);
      return {
        subject: info.registeredName ?? telling(info.initialCall) ?? null,
        evidence: [`no rule knows ${inspected.pid}`, ...(facts.length > 0 ? facts : ["the log printed nothing about it but its queue"])],
      };
    },
  },
];
