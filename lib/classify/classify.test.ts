import { describe, expect, it } from "vitest";
import type { InspectedProcess, SampleInfo, TopEntry } from "../monitor-log/types";
import { classify, classifyRun, isIncident } from "./classify";
import { bareJid, isRoomJid } from "./jid";
import { RULES } from "./rules";
import type { Rule } from "./types";

// ## Helpers: samples are plain facts, so tests build them directly.

let n = 0;
function sample(facts: Partial<SampleInfo>): SampleInfo {
  return {
    index: n++,
    raw: "",
    start: 0,
    end: 0,
    line: 1,
    column: 1,
    kind: "other",
    stanza: null,
    summary: "",
    destination: null,
    sender: null,
    request: null,
    decoded: [],
    truncated: false,
    ...facts,
  };
}
const room = (to: string, stanza: SampleInfo["stanza"] = "message", kind = "$gen_event") => sample({ kind, stanza, destination: to });
const rpc = (mf: string, request = "call") => sample({ kind: "$gen_call", request, destination: mf });
const call = (request: string) => sample({ kind: "$gen_call", request });
const reply = () => sample({ kind: "reply" });
const eventCall = (request: string) => sample({ kind: "gen_event call", request, sender: "<0.21176.5>" });
const sql = (conn: string) => sample({ kind: "p1_mysql_recv", sender: conn });
const other = (kind: string) => sample({ kind });

function proc(samples: SampleInfo[], extra: Partial<InspectedProcess> = {}): InspectedProcess {
  samples.forEach((s, i) => (s.index = i));
  return { pid: "<6562.1.0>", queueLen: 5000, dead: false, line: 1, samples, samplesCut: false, ...extra };
}
const TOP: TopEntry[] = [{ rank: 1, pid: "<6562.1.0>", queueLen: 4000 }];

const R = "snh-48#pocket48_76366185259598244@conference.easemob.com";

describe("classify: one row per situation", () => {
  const rows: [string, InspectedProcess, { class: string; subject: string | null; rule: string; room?: null; service?: boolean }][] = [
    ["old routes to a room", proc([room(R), room(R, "iq"), room(`${R}/nick`, "presence")]), { class: "muc_room", subject: R, rule: "muc-room-routes" }],
    [
      "JID folded (ejabberd's one room, however spelled), resource dropped",
      proc([room("Room@Conference.Example.COM/nick"), room("room@conference.example.com"), room("other@conference.example.com")]),
      { class: "muc_room", subject: "room@conference.example.com", rule: "muc-room-routes" },
    ],
    [
      "majority room wins over a minority room",
      proc([room(R), room("other@conference.easemob.com"), room(R)]),
      { class: "muc_room", subject: R, rule: "muc-room-routes" },
    ],
    ["xmpp records, bare", proc([room(R, "iq", "iq"), room(R, "message", "message")]), { class: "muc_room", subject: R, rule: "muc-room-routes" }],
    ["stanzas to a user, not a room", proc([room("alice@easemob.com/mobile"), room("alice@easemob.com")]), { class: "unknown", subject: null, rule: "no-rule-matched" }],
    // p1_mysql_recv sends to its parent: the inspected process, the connection, is the subject.
    ["p1_mysql_recv", proc([sql("<6562.2.0>"), sql("<6562.2.0>")]), { class: "sql", subject: "<6562.1.0>", rule: "mysql-receiver" }],
    [
      "ejabberd_sql queries queued as p1_fsm sync events",
      proc([sample({ kind: "$gen_sync_event", request: "sql_cmd" }), sample({ kind: "$gen_sync_event", request: "sql_cmd" }), call("x")]),
      { class: "sql", subject: "<6562.1.0>", rule: "sql-commands" },
    ],
    ["ejabberd_sql queries as gen_statem calls", proc([call("sql_cmd"), call("sql_cmd")]), { class: "sql", subject: "<6562.1.0>", rule: "sql-commands" }],
    [
      "gen_fsm sync events are calls too",
      proc([sample({ kind: "$gen_sync_event", request: "get_state" }), sample({ kind: "$gen_sync_all_state_event", request: "get_state" })]),
      { class: "gen_call", subject: "get_state", rule: "gen-server-calls" },
    ],
    [
      "stanzas for many rooms, none with most of them: the MUC service, not a room",
      proc([room(R), room("a@conference.easemob.com"), room("b@conference.easemob.com"), room(R)]),
      { class: "muc_room", subject: "conference.easemob.com", rule: "muc-service-routes", room: null, service: true },
    ],
    [
      "rex: replies do not vote (seed 11431)",
      proc([rpc("mnesia_lib:db_get"), rpc("mnesia_lib:db_get"), reply(), reply(), reply(), reply(), rpc("mnesia:activity"), reply()]),
      { class: "rpc", subject: "mnesia_lib:db_get", rule: "rex-rpc-calls" },
    ],
    ["rex with block_call", proc([rpc("mnesia_lib:db_get", "block_call"), rpc("m:f", "block_call")]), { class: "rpc", subject: "mnesia_lib:db_get", rule: "rex-rpc-calls" }],
    ["other gen_server calls", proc([call("{get_state}"), call("{get_state}"), call("lookup")]), { class: "gen_call", subject: "{get_state}", rule: "gen-server-calls" }],
    ["rpc beats gen_call on a tie (table order)", proc([rpc("m:f"), call("x")]), { class: "rpc", subject: "m:f", rule: "rex-rpc-calls" }],
    ["more gen_calls than rpc calls", proc([rpc("m:f"), call("x"), call("x")]), { class: "gen_call", subject: "x", rule: "gen-server-calls" }],
    // lager 352: lager_event's mailbox of gen_event calls (sample-facts.ts reads their kind).
    [
      "an event manager's calls (lager_event's sync_notify)",
      proc([eventCall("sync_notify"), eventCall("sync_notify"), reply()]),
      { class: "gen_call", subject: "sync_notify", rule: "gen-event-calls" },
    ],
    ["nothing known", proc([other("timeout"), other("tcp_closed")]), { class: "unknown", subject: null, rule: "no-rule-matched" }],
    ["no samples printed", proc([]), { class: "unknown", subject: null, rule: "no-rule-matched" }],
    ["only replies", proc([reply(), reply()]), { class: "unknown", subject: null, rule: "no-rule-matched" }],
    ["dead", proc([], { queueLen: null, dead: true }), { class: "dead", subject: "<6562.1.0>", rule: "dead-before-check" }],
  ];
  it.each(rows)("%s", (_name, inspected, expected) => {
    expect(classify({ inspected, top: TOP })).toMatchObject(expected);
  });
});

describe("evidence and details", () => {
  it("room verdicts carry the room's parts and the supporting samples", () => {
    const v = classify({ inspected: proc([room(R), other("timeout"), room(`${R}/x`, "presence")]), top: TOP });
    expect(v?.room).toEqual({ jid: R, name: "snh-48#pocket48_76366185259598244", host: "conference.easemob.com" });
    expect(v?.sampleIndexes).toEqual([0, 2]);
    expect(v?.evidence).toEqual([
      "2 of 3 counted samples are stanzas routed to a conference room",
      `all of them: ${R}`,
      "1 sample matched no rule",
    ]);
  });

  it("a sample that matched no rule is said cut when the log cut it (the seed's 25877: its third stanza cut before its `to`)", () => {
    const cut = () => sample({ kind: "$gen_event", truncated: true });
    expect(classify({ inspected: proc([room(R), room(R), cut()]), top: TOP })?.evidence[2]).toBe("1 sample matched no rule (the log cut it)");
    expect(classify({ inspected: proc([room(R), room(R), room(R), cut(), cut()]), top: TOP })?.evidence[2]).toBe("2 samples matched no rule (the log cut them)");
    expect(classify({ inspected: proc([room(R), room(R), room(R), cut(), other("timeout")]), top: TOP })?.evidence[2]).toBe("2 samples matched no rule (the log cut 1 of them)");
  });

  it("a room needs more than half of the stanzas; spread, the verdict names the service and keeps every routed sample", () => {
    const spread = classify({ inspected: proc([room(R), room("a@conference.easemob.com"), other("timeout"), room("b@muc.example.org")]), top: TOP });
    expect(spread).toMatchObject({ class: "muc_room", subject: "conference.easemob.com", room: null, service: true, sampleIndexes: [0, 1, 3] });
    expect(spread?.evidence).toEqual([
      "3 of 4 counted samples are stanzas routed to a conference room",
      `they go to 3 rooms, none with more than half of them (the most: ${R}, 1 of 3)`,
      "a mod_muc_room process only gets its own room's stanzas: this is the router or the MUC service conference.easemob.com (and 1 other host), not one room",
      "1 sample matched no rule",
    ]);
    // Two of three is a majority: the room.
    expect(classify({ inspected: proc([room(R), room(R), room("a@conference.easemob.com")]), top: TOP })).toMatchObject({ subject: R, service: false });
    // Half is not.
    expect(classify({ inspected: proc([room(R), room("a@conference.easemob.com")]), top: TOP })).toMatchObject({ rule: "muc-service-routes" });
  });

  it("an event manager's calls say what they are", () => {
    const v = classify({ inspected: proc([eventCall("sync_notify"), eventCall("sync_notify"), eventCall("call"), reply()]), top: TOP });
    expect(v).toMatchObject({ class: "gen_call", subject: "sync_notify", rule: "gen-event-calls" });
    expect(v?.evidence?.slice(0, 1)).toEqual(["3 of 3 counted samples are gen_event calls"]);
    expect(v?.evidence).toContain("not counted: 1 late reply");
  });

  it("a mailbox of late replies only says so, not 'none of 0 samples matched' (ejabberd 2880)", () => {
    const all = classify({ inspected: proc([reply(), reply()]), top: TOP });
    expect(all).toMatchObject({ class: "unknown", rule: "no-rule-matched", sampleIndexes: [0, 1] });
    expect(all?.evidence).toEqual([`all 2 samples are late replies, which say nothing about why ${TOP[0]!.pid} is stuck`]);
    const one = classify({ inspected: proc([reply()], { samplesCut: true }), top: TOP });
    expect(one?.evidence).toEqual([`the only sample is a late reply, which says nothing about why ${TOP[0]!.pid} is stuck`, "the message list was cut after 1 sample"]);
  });

  it("unknown keeps every sample and names the kinds seen", () => {
    const v = classify({ inspected: proc([other("timeout"), other("tcp_closed")], { samplesCut: true }), top: TOP });
    expect(v?.sampleIndexes).toEqual([0, 1]);
    expect(v?.evidence).toEqual(["none of 2 samples matched a rule (kinds: timeout, tcp_closed)", "the message list was cut after 2 samples"]);
  });

  it("counts of one are singular: one sample, one reply, one message (not \"1 samples\")", () => {
    const v = classify({ inspected: proc([sql("<6562.2.0>"), reply()], { samplesCut: true }), top: TOP });
    expect(v?.evidence).toEqual([
      "1 of 1 counted sample is a p1_mysql_recv message",
      "that one: from the receiver <6562.2.0>, the p1_mysql_recv process that reads this connection's socket",
      "not counted: 1 late reply",
      "the message list was cut after 2 samples",
    ]);
    const cut = classify({ inspected: proc([other("timeout")], { samplesCut: true }), top: TOP });
    expect(cut?.evidence).toEqual(["none of 1 sample matched a rule (kinds: timeout)", "the message list was cut after 1 sample"]);
    const mixed = classify({ inspected: proc([rpc("m:f"), rpc("m:g"), call("x")]), top: TOP });
    expect(mixed?.evidence).toEqual([
      "2 of 3 counted samples are rpc requests ({call|block_call|cast, M, F, A, _})",
      "1 of 2 is m:f (2 distinct subjects)",
      "1 '$gen_call' request (rule gen-server-calls)",
    ]);
    const dead = classify({ inspected: proc([], { queueLen: null, dead: true }), top: [{ rank: 1, pid: "<6562.1.0>", queueLen: 1 }] });
    expect(dead?.evidence).toContain("it was #1 in the top list with 1 message");
  });

  it("a subject with bytes the log could not decode (U+FFFD) says so", () => {
    const latin = "caf\uFFFD@conference.easemob.com";
    const c = classify({ inspected: proc([room(latin), room(latin)]), top: TOP });
    expect(c).toMatchObject({ class: "muc_room", subject: latin });
    expect(c?.evidence.at(-1)).toBe(`${latin} holds bytes that are not UTF-8 (shown as \uFFFD): the console that printed it was not UTF-8 (Latin-1?)`);
    expect(classify({ inspected: proc([room(R), room(R)]), top: TOP })?.evidence.some((e) => e.includes("not UTF-8"))).toBe(false);
  });

  it("a subject with text-direction controls (U+FFFD) says that, not a console's encoding", () => {
    // An operator-UX review: `admin\u202Egol.exe\u202E@…` was explained as bytes that are not UTF-8.
    const raw = "admin\u202Egol.exe\u202E@conference.easemob.com";
    const c = classify({ inspected: proc([room(raw), room(raw)]), top: TOP });
    expect(c).toMatchObject({ class: "muc_room", subject: "admin\uFFFDgol.exe\uFFFD@conference.easemob.com" });
    expect(c?.evidence.at(-1)).toBe(
      "admin\uFFFDgol.exe\uFFFD@conference.easemob.com held text-direction controls (shown as \uFFFD, the samples show them as \\x{202e} and the like): no XMPP server accepts them in a JID",
    );
    expect(c?.evidence.some((e) => e.includes("not UTF-8"))).toBe(false);
    // A control in the occupant's nick alone is not in the subject: the bytes' note, not the controls'.
    const nick = "caf\uFFFD@conference.easemob.com/\u202Enick";
    const n = classify({ inspected: proc([room(nick), room(nick)]), top: TOP });
    expect(n?.subject).toBe("caf\uFFFD@conference.easemob.com");
    expect(n?.evidence.at(-1)).toContain("holds bytes that are not UTF-8");
    expect(n?.evidence.some((e) => e.includes("text-direction"))).toBe(false);
    // Both in the bare JID: both notes.
    const both = "caf\uFFFD\u202E@conference.easemob.com";
    const b = classify({ inspected: proc([room(both), room(both)]), top: TOP });
    expect(b?.evidence.slice(-2).map((e) => e.replace(/^.* (held|holds) /, "$1 "))).toEqual([
      expect.stringMatching(/^held text-direction controls/),
      expect.stringMatching(/^holds bytes that are not UTF-8/),
    ]);
  });

  it("null when no pid was inspected", () => {
    expect(classifyRun({ inspected: null, top: TOP })).toBeNull();
  });
});

describe("incident threshold", () => {
  const rows: [string, InspectedProcess | null, number | undefined, boolean][] = [
    ["at the default threshold", proc([], { queueLen: 100 }), undefined, true],
    ["below it", proc([], { queueLen: 99 }), undefined, false],
    ["custom threshold", proc([], { queueLen: 99 }), 50, true],
    ["dead: the top list's length counts", proc([], { queueLen: null, dead: true }), 4000, true],
    ["dead: above the top list's length", proc([], { queueLen: null, dead: true }), 4001, false],
    ["no inspected pid: the top of the list", null, 4000, true],
  ];
  it.each(rows)("%s", (_name, inspected, threshold, expected) => {
    expect(isIncident({ inspected, top: TOP, threshold })).toBe(expected);
    if (inspected) expect(classify({ inspected, top: TOP, threshold })?.incident).toBe(expected);
  });

  it("a dead process absent from the top list is not an incident", () => {
    expect(classify({ inspected: proc([], { pid: "<1.2.3>", queueLen: null, dead: true }), top: TOP })?.incident).toBe(false);
  });
});

describe("the rule table is data", () => {
  it("a new row is all it takes", () => {
    const timeouts: Rule = { kind: "samples", name: "timeouts", class: "unknown", label: "timeouts", claim: (s) => (s.kind === "timeout" ? "timeout" : null) };
    const v = classify({ inspected: proc([other("timeout"), other("timeout")]), top: TOP, rules: [...RULES, timeouts] });
    expect(v).toMatchObject({ rule: "timeouts", subject: "timeout" });
  });

  it("every row has a unique name", () => {
    expect(new Set(RULES.map((r) => r.name)).size).toBe(RULES.length);
  });
});

describe("JIDs", () => {
  it.each([
    ["room@conference.h/nick", { jid: "room@conference.h", name: "room", host: "conference.h" }],
    ["运维值班@Conference.IM.cn", { jid: "运维值班@conference.im.cn", name: "运维值班", host: "conference.im.cn" }],
    ["a@b@muc.x", { jid: "a@b@muc.x", name: "a@b", host: "muc.x" }],
    // Nodeprep folds the local part as nameprep folds the host: case, table B.1, ß, NFKC.
    ["Pocket48_7636@conference.easemob.com", { jid: "pocket48_7636@conference.easemob.com", name: "pocket48_7636", host: "conference.easemob.com" }],
    ["ÉQUIPE@Conference.EXAMPLE.org/Nick", { jid: "équipe@conference.example.org", name: "équipe", host: "conference.example.org" }],
    ["Straße@muc.x", { jid: "strasse@muc.x", name: "strasse", host: "muc.x" }],
    ["ｒｏｏｍ１@muc.x", { jid: "room1@muc.x", name: "room1", host: "muc.x" }],
    ["ro\u00ADom\u200B@muc.x", { jid: "room@muc.x", name: "room", host: "muc.x" }],
    ["\u200B@muc.x", null],
    // Table C.8 (display-changing: a right-to-left override) is prohibited: shown, never obeyed.
    ["r\u202Eoom@muc.x", { jid: "r\uFFFDoom@muc.x", name: "r\uFFFDoom", host: "muc.x" }],
    // Tables C.2.1 and C.2.2 (control characters): no JID, no room (their CSV cells would be live escapes).
    ["esc\u001b[31mroom@conference.h", null],
    ["room@conference.h\u0007", null],
    ["room\u0085@muc.x", null],
    ["room\u2028@muc.x", null],
    ["room\ufffb@muc.x", null],
    ["room@conference.h/ni\u001bck", { jid: "room@conference.h", name: "room", host: "conference.h" }],
    ["conference.h", null],
    ["@conference.h", null],
    ["room@", null],
  ] as const)("%s", (input, expected) => {
    expect(bareJid(input)).toEqual(expected);
  });

  it.each([
    ["conference.easemob.com", true],
    ["muc.example.org", true],
    ["easemob.com", false],
    ["myconference.example.org", false],
  ] as const)("room host %s → %s", (host, expected) => {
    expect(isRoomJid({ jid: `r@${host}`, name: "r", host })).toBe(expected);
  });
});

// `~P` cuts what a sample names (sample-facts' CUT_TEXT, `…`): a room's name, an rpc's M:F, a request.
describe("classify: samples `~P` cut", () => {
  const HOST = "conference.im.example.cn";
  // (Cut marks count only in a sample the log cut: a room really named `…` is that room.)
  const cutRoom = () => sample({ kind: "$gen_event", stanza: "message", destination: `…@${HOST}`, truncated: true });
  const unreadCall = () => sample({ kind: "$gen_call", request: "…", truncated: true });
  const cutRpc = (mf: string, request = "call") => sample({ kind: "$gen_call", request, destination: mf, truncated: true });

  it("whole rooms, most of those counted, name the subject; cut ones count for the rule and are said", () => {
    const v = classify({ inspected: proc([room(R), room(R), room(R), cutRoom(), cutRoom(), call("get_config")]), top: TOP });
    expect(v).toMatchObject({ class: "muc_room", subject: R, room: { jid: R }, rule: "muc-room-routes", sampleIndexes: [0, 1, 2] });
    expect(v!.evidence.slice(0, 3)).toEqual([
      "5 of 6 counted samples are stanzas routed to a conference room",
      `all 3 the log left whole: ${R}`,
      "2 more with the room's name cut by the log",
    ]);
  });

  it("whole rooms too few to go by name none: one among many cut (a review: 20 rooms at ~P 40 named the first); three of one room do", () => {
    const one = classify({ inspected: proc([room(R), ...Array.from({ length: 10 }, cutRoom)]), top: TOP });
    expect(one).toMatchObject({ class: "muc_room", subject: `…@${HOST}`, room: null, rule: "muc-room-routes", service: false });
    expect(one!.evidence.slice(1, 3)).toEqual([`the log cut the room's name in 10 of 11: …@${HOST} is what is left`, `the one left whole names ${R}: too few to go by`]);
    // Three whole, all one room, among many cut: that room (a router's first three would not agree), not spread over the service.
    expect(classify({ inspected: proc([room(R), room(R), room(R), ...Array.from({ length: 10 }, cutRoom)]), top: TOP })).toMatchObject({ subject: R, room: { jid: R }, service: false });
    // A room really named `…`, printed whole: that room.
    expect(classify({ inspected: proc([room(`…@${HOST}`), room(`…@${HOST}`)]), top: TOP })).toMatchObject({ room: { host: HOST } });
  });

  it("every room cut: muc_room with what is left, no room; not one gen_call that names its request", () => {
    const v = classify({ inspected: proc([...Array.from({ length: 4 }, cutRoom), call("get_config")]), top: TOP });
    expect(v).toMatchObject({ class: "muc_room", subject: `…@${HOST}`, room: null, sampleIndexes: [0, 1, 2, 3] });
  });

  it("a cut JID on a host that is no MUC service is no room's stanza", () => {
    const v = classify({ inspected: proc([room("…@im.example.cn"), room("…@im.example.cn"), call("get_state")]), top: TOP });
    expect(v).toMatchObject({ class: "gen_call", subject: "get_state" });
  });

  it("rpc: block_call cut anywhere is rex's; call and cast only with their module left", () => {
    expect(classify({ inspected: proc([cutRpc("…:…", "block_call"), cutRpc("…:…", "block_call"), unreadCall()]), top: TOP })).toMatchObject({
      class: "rpc",
      subject: null,
      room: null,
    });
    expect(classify({ inspected: proc([cutRpc("mnesia_lib:…"), cutRpc("mnesia_lib:…"), unreadCall()]), top: TOP })).toMatchObject({ class: "rpc", subject: "mnesia_lib:…" });
    // (`{call,...}` with nothing after its tag may be any server's `{call, …}` request.)
    expect(classify({ inspected: proc([cutRpc("…:…"), cutRpc("…:…"), call("get_state")]), top: TOP })).toMatchObject({ class: "gen_call", subject: "call" });
  });

  it("calls cut before their request count only when nothing says more: then gen_call, request unknown", () => {
    const only = classify({ inspected: proc([unreadCall(), unreadCall(), unreadCall()]), top: TOP });
    expect(only).toMatchObject({ class: "gen_call", subject: null, rule: "gen-server-calls" });
    expect(only!.evidence[1]).toBe("the log cut the request in all 3: not known; the process is <6562.1.0>");
    // One readable rpc among them decides.
    expect(classify({ inspected: proc([rpc("mnesia_lib:db_get", "block_call"), unreadCall(), unreadCall(), unreadCall()]), top: TOP })).toMatchObject({
      class: "rpc",
      subject: "mnesia_lib:db_get",
    });
  });
});

describe("classify: a mailbox no rule explains says what it can", () => {
  it("stanzas whose destination the log cut outnumber the winner's samples: unknown, not the one call that was read", () => {
    const cutStanza = () => sample({ kind: "$gen_event", stanza: "message", destination: null, truncated: true });
    const v = classify({ inspected: proc([cutStanza(), cutStanza(), cutStanza(), call("get_config")]), top: TOP });
    expect(v).toMatchObject({ class: "unknown", subject: null, rule: "no-rule-matched" });
    expect(v!.evidence.slice(0, 2)).toEqual([
      "3 of 4 samples are stanzas whose destination the log cut: which room or user they go to is not known",
      "1 '$gen_call' request (rule gen-server-calls): fewer, too few to decide",
    ]);
    // As many calls read as stanzas cut: the calls decide.
    expect(classify({ inspected: proc([cutStanza(), call("get_config"), call("get_config")]), top: TOP })).toMatchObject({ class: "gen_call", subject: "get_config" });
    // Stanzas to a room among them: the room's, as ever.
    expect(classify({ inspected: proc([cutStanza(), cutStanza(), cutStanza(), room(R)]), top: TOP })).toMatchObject({ class: "muc_room", subject: R });
  });

  it("stanzas to a user (a client's session flooded by a room): unknown, saying to whom and from where", () => {
    const toUser = () => sample({ kind: "route", stanza: "message", destination: "bob@im.example.cn/phone", sender: "devops@conference.im.example.cn/alice" });
    const v = classify({ inspected: proc([toUser(), toUser(), other("timeout")]), top: TOP });
    expect(v).toMatchObject({ class: "unknown", subject: null });
    expect(v!.evidence).toContain(
      "2 are stanzas, all to bob@im.example.cn/phone, all from devops@conference.im.example.cn/alice: not a conference room (a user's session, or a server's)",
    );
  });
});
