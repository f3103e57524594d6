// ## The rule table
//
// Ordered: a sample goes to the first rule that claims it, and among the
// `samples` rules the one with the most claims wins (ties: the earlier row).
// To teach the classifier a new backlog, add a row; nothing else changes.
// Each row says why it exists, with the build where it was first seen.

import { bareJid, isRoomJid } from "./jid";
import type { Rule } from "./types";

export const RULES: readonly Rule[] = [
  {
    // 23747, 27140: `message queue len of pid <p> : undefined`. The process
    // exited between the top list and the check; its messages are lost.
    kind: "process",
    name: "dead-before-check",
    class: "dead",
    decide: ({ inspected, top }) => {
      if (!inspected.dead) return null;
      const listed = top.find((t) => t.pid === inspected.pid);
      return {
        subject: inspected.pid,
        evidence: [
          `${inspected.pid} was gone when its queue was checked (process_info returned undefined)`,
          listed ? `it was #${listed.rank} in the top list with ${listed.queueLen} messages` : "it was not in the top list",
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
    claim: (s) => s.kind === "reply",
  },
  {
    // 27044, 23101, 24228: p1_mysql_recv floods its parent with `data` messages;
    // the subject is the receiver pid (element 2), i.e. the connection.
    kind: "samples",
    name: "mysql-receiver",
    class: "sql",
    label: "p1_mysql_recv messages",
    claim: (s) => (s.kind === "p1_mysql_recv" ? (s.sender ?? "?") : null),
  },
  {
    // 25877 and most of the seed: mod_muc_room got '$gen_event' {route, ...}
    // with an xmlel whose `to` is the room; ejabberd ≥ 16 queues #message{},
    // #iq{}, #presence{} (bare, or inside {route, ...}) whose `to` is a jid.
    kind: "samples",
    name: "muc-room-routes",
    class: "muc_room",
    label: "stanzas routed to a conference room",
    claim: (s) => {
      if (s.stanza === null || s.destination === null) return null;
      const room = bareJid(s.destination);
      return room && isRoomJid(room) ? room.jid : null;
    },
  },
  {
    // 11431: the rex server (pid <x.12.0>) holding rpc:call requests
    // {call, M, F, A, GL}; newer OTP sends {block_call, ...} with [alias|Ref] tags.
    kind: "samples",
    name: "rex-rpc-calls",
    class: "rpc",
    label: "rpc requests ({call|block_call|cast, M, F, A, _})",
    claim: (s) =>
      (s.kind === "$gen_call" || s.kind === "$gen_cast") && s.destination !== null && /^(?:call|block_call|cast)$/.test(s.request ?? "")
        ? s.destination
        : null,
  },
  {
    // Any other gen_server backlog: callers waiting on one server.
    kind: "samples",
    name: "gen-server-calls",
    class: "gen_call",
    label: "'$gen_call' requests",
    claim: (s) => (s.kind === "$gen_call" ? (s.request ?? "?") : null),
  },
];
