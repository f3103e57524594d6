import { describe, expect, it } from "vitest";
import { binaryText, parse, parseTerm } from "../erlang-term";
import { binText, jidText, sampleFacts } from "./sample-facts";

const facts = (text: string) => sampleFacts(parse(text));
const JID = (u: string, s: string, r: string) => `{jid,<<"${u}">>,<<"${s}">>,<<"${r}">>,<<"${u}">>,<<"${s}">>,<<"${r}">>}`;

describe("sampleFacts: one row per mailbox shape", () => {
  it.each([
    [
      "old route with xmlel (seed 25877)",
      `{'$gen_event',{route,${JID("u", "easemob.com", "mobile")},<<>>,{xmlel,<<"iq">>,[{<<"id">>,<<"1">>},{<<"to">>,<<"r@conference.easemob.com">>}],[]}}}`,
      { kind: "$gen_event", stanza: "iq", destination: "r@conference.easemob.com", sender: "u@easemob.com/mobile", request: null },
    ],
    [
      "old route: To jid fills in a missing `to` attribute",
      `{'$gen_event',{route,${JID("u", "h", "")},${JID("r", "conference.h", "n")},{xmlel,<<"presence">>,[],[]}}}`,
      { kind: "$gen_event", stanza: "presence", destination: "r@conference.h/n", sender: "u@h" },
    ],
    [
      "ejabberd 2.x xmlelement with strings",
      `{route,{jid,"u","h","r","u","h","r"},{jid,"r","muc.h","","r","muc.h",""},{xmlelement,"message",[{"to","r@muc.h"}],[]}}`,
      { kind: "route", stanza: "message", destination: "r@muc.h", sender: "u@h/r" },
    ],
    [
      "xmpp #message{} wrapped in route (the brief's 10-element example)",
      `{route,{message,<<"id1">>,groupchat,<<"en">>,${JID("u", "h", "r")},{jid,<<"room">>,<<"conference.h">>,<<>>,<<"room">>,<<"conference.h">>,<<>>},[],[],[],#{}}}`,
      { kind: "route", stanza: "message", destination: "room@conference.h", sender: "u@h/r" },
    ],
    [
      "bare #iq{}",
      `{iq,<<"i">>,get,<<>>,${JID("u", "h", "r")},${JID("room", "conference.h", "")},[],#{}}`,
      { kind: "iq", stanza: "iq", destination: "room@conference.h" },
    ],
    [
      "bare #presence{}",
      `{presence,<<"p">>,available,<<>>,${JID("u", "h", "r")},${JID("room", "conference.h", "nick")},undefined,[],undefined,[],#{}}`,
      { kind: "presence", stanza: "presence", destination: "room@conference.h/nick" },
    ],
    [
      "a `message` tuple that is not a stanza",
      `{message,hello}`,
      { kind: "message", stanza: null, destination: null },
    ],
    [
      "rex rpc call (seed 11431)",
      `{'$gen_call',{<7091.32103.5792>,#Ref<7091.0.87991.137462>},{call,mnesia_lib,db_get,[session_frag29,x],<7089.3018.0>}}`,
      { kind: "$gen_call", request: "call", destination: "mnesia_lib:db_get", sender: "<7091.32103.5792>" },
    ],
    [
      "OTP 24 block_call with an alias tag",
      `{'$gen_call',{<0.1.0>,[alias|#Ref<0.1.2.3>]},{block_call,mnesia_lib,db_get,[...],<0.5.0>}}`,
      { kind: "$gen_call", request: "block_call", destination: "mnesia_lib:db_get", sender: "<0.1.0>", truncated: true },
    ],
    ["1-tuple request", `{'$gen_call',{<0.1.0>,#Ref<0.1.2.3>},{get_state}}`, { kind: "$gen_call", request: "{get_state}", destination: null }],
    ["atom request", `{'$gen_call',{<0.1.0>,#Ref<0.1.2.3>},get_config}`, { kind: "$gen_call", request: "get_config" }],
    ["rpc cast", `{'$gen_cast',{cast,m,f,[],<0.5.0>}}`, { kind: "$gen_cast", request: "cast", destination: "m:f" }],
    [
      "ejabberd_sql query as a p1_fsm sync event",
      `{'$gen_sync_event',{<0.77.0>,#Ref<0.1.2.3>},{sql_cmd,{sql_query,[<<"SELECT 1">>]},1449000000000}}`,
      { kind: "$gen_sync_event", request: "sql_cmd", sender: "<0.77.0>", summary: "$gen_sync_event sql_cmd from <0.77.0>" },
    ],
    ["gen_fsm all-state sync event", `{'$gen_sync_all_state_event',{<0.7.0>,#Ref<0.1.2.3>},get_state}`, { kind: "$gen_sync_all_state_event", request: "get_state", sender: "<0.7.0>" }],
    ["late reply", `{<6555.211.8072>,{reply,ok}}`, { kind: "reply", sender: "<6555.211.8072>" }],
    ["gen reply with an alias", `{[alias|#Ref<0.1.2.3>],ok}`, { kind: "reply" }],
    ["p1_mysql_recv", `{p1_mysql_recv,<6562.29581.5794>,data,<<104,105>>,26}`, { kind: "p1_mysql_recv", sender: "<6562.29581.5794>", summary: "p1_mysql_recv data from <6562.29581.5794> (2 bytes)" }],
    ["EXIT", `{'EXIT',<0.9.0>,normal}`, { kind: "EXIT", sender: "<0.9.0>" }],
    // MongooseIM 1880: el[1] is the monitor's ref, the process is el[3].
    ["DOWN: the process, not the monitor's ref", `{'DOWN',#Ref<0.1378164355.1468006402.92311>,process,<0.3559.0>,normal}`, { kind: "DOWN", sender: "<0.3559.0>" }],
    ["DOWN of a monitor by name: no pid to name", `{'DOWN',#Ref<0.1.2.3>,process,{ejabberd_sm,'node@h'},noproc}`, { kind: "DOWN", sender: null }],
    // Real pastes (helper review, 2026-12-06): ejabberd 3394's own log prints stanzas as records,
    // fields at their defaults left out; a shell's rp/1 prints them so too.
    [
      "#message{} record inside the fsm event (ejabberd 3394)",
      `{'$gen_event',{route,#jid{user = <<"u">>,server = <<"h">>,resource = <<"r">>},#jid{user = <<"room">>,server = <<"conference.chat.example.com">>},#message{type = groupchat,to = #jid{user = <<"room">>,server = <<"conference.chat.example.com">>,resource = <<>>,luser = <<"room">>,lserver = <<"conference.chat.example.com">>,lresource = <<>>},body = [#text{data = <<"hi">>}]}}}`,
      { kind: "$gen_event", stanza: "message", destination: "room@conference.chat.example.com", sender: "u@h/r", summary: "$gen_event route message to room@conference.chat.example.com from u@h/r" },
    ],
    [
      "a bare #presence{} record, the lowercased jid fields where the others are left out",
      `#presence{from = #jid{luser = <<"u">>,lserver = <<"h">>},to = #jid{luser = <<"room">>,lserver = <<"conference.h">>,lresource = <<"nick">>}}`,
      { kind: "presence", stanza: "presence", destination: "room@conference.h/nick", sender: "u@h", summary: "presence to room@conference.h/nick from u@h" },
    ],
    [
      "#xmlel{} record (rp/1 of an old ejabberd's route)",
      `{route,#jid{user = "u",server = "h"},#jid{user = "r",server = "muc.h"},#xmlel{name = <<"message">>,attrs = [{<<"to">>,<<"r@muc.h">>}],children = []}}`,
      { kind: "route", stanza: "message", destination: "r@muc.h", sender: "u@h" },
    ],
    ["a record that is no stanza", `#state{socket = a,...}`, { kind: "state", stanza: null, destination: null }],
    ["a #jid{} without a server names nothing", `#message{to = #jid{user = <<"u">>}}`, { kind: "message", stanza: null, destination: null }],
    // lager 352: lager_event on an ejabberd node, 29,674 of these (gen_event's calls: gen:call with the caller as the label).
    [
      "gen_event sync_notify call",
      `{<0.21176.5>,{<0.21176.5>,#Ref<0.0.786435.194854>},{sync_notify,{log,{lager_msg,[],[{module,mod_muc_registrar}],info}}}}`,
      { kind: "gen_event call", request: "sync_notify", sender: "<0.21176.5>", destination: null, summary: "gen_event call sync_notify from <0.21176.5>" },
    ],
    ["gen_event call with an alias tag (OTP 24+)", `{<0.7.0>,{<0.7.0>,[alias|#Ref<0.1.2.3>]},{call,lager_file_backend,get_loglevel}}`, { kind: "gen_event call", request: "call", sender: "<0.7.0>" }],
    ["a pid-labelled triple whose From is another pid's is no gen_event call", `{<0.7.0>,{<0.8.0>,#Ref<0.1.2.3>},x}`, { kind: "other", request: null }],
    // oserl 1: the request leads with a tagged tuple.
    ["a call whose request leads with a tagged tuple", `{'$gen_call',{<0.1.0>,#Ref<0.1.2.3>},{{submit_sm,[{source_addr,"1"}]},[{uid,7}]}}`, { kind: "$gen_call", request: "submit_sm" }],
    ["a call whose request is a record", `{'$gen_call',{<0.1.0>,#Ref<0.1.2.3>},#get_state{}}`, { kind: "$gen_call", request: "get_state" }],
    ["a pair that is no reply", `{<0.1.0>,hello}`, { kind: "other" }],
    ["an atom", `timeout`, { kind: "other" }],
  ])("%s", (_name, text, expected) => {
    expect(facts(text)).toMatchObject(expected);
  });

  it("decodes binaries that are valid UTF-8, once each", () => {
    const f = facts(`{a,<<229,134,178,229,145,128>>,<<"x">>,<<"x">>,<<255>>,<<>>,<<"运维"/utf8>>}`);
    expect(f.decoded).toEqual(["冲呀", "x", "运维"]);
  });

  it("decodes a byte list ~P cut as far as it goes, an unfinished last character left out", () => {
    // 冲 (E5 86 B2) whole, 运 (E8 BF 90) cut after two of its bytes: `冲…`.
    expect(facts(`{route,<<229,134,178,232,191,...>>,x}`).decoded).toEqual(["冲…"]);
    expect(facts(`{route,<<229,134,178,232,191,144,...>>,x}`).decoded).toEqual(["冲运…"]);
    expect(facts(`{route,<<"ab",229,134,178,...>>,x}`).decoded).toEqual(["ab冲…"]);
    // Its destination is never read from the cut text.
    expect(facts(`{route,<<229,134,178,...>>,x}`).destination).toBeNull();
    // Not cut by `...`, no byte list (the text is in the term as printed), or not UTF-8: nothing.
    expect(facts(`{route,<<"admin3@local"...>>,x}`).decoded).toEqual([]);
    expect(facts(`{route,<<255,254,...>>,x}`).decoded).toEqual([]);
    expect(facts(`{route,<<...>>,x}`).decoded).toEqual([]);
    // A log that ends inside the binary: the last number may be cut too (23 of 232), so nothing.
    expect(sampleFacts(parseTerm(`{route,<<229,134,178,23`, { tolerant: true }).term).decoded).toEqual([]);
  });

  it("a null term (nothing readable) is an `other` truncated sample", () => {
    expect(sampleFacts(null)).toMatchObject({ kind: "other", truncated: true });
  });

  it.each([
    [JID("u", "h", "r"), "u@h/r"],
    [JID("", "h", ""), "h"],
    [`{jid,<<"u">>,<<>>,<<>>}`, null],
    [`{notjid,a}`, null],
  ])("jidText %s", (text, expected) => {
    expect(jidText(parse(text))).toBe(expected);
  });
});

describe("binText: a quoted binary with characters beyond Latin-1 (a node whose console was Latin-1)", () => {
  // ~p printed the bytes E4 B8 AD of <<"中"/utf8>> as three Latin-1 characters, one byte each:
  // read as UTF-8 the log shows 中, the binary's text. Erlang source would keep low bytes.
  it.each([
    [`<<"中@conference.example.cn">>`, "中@conference.example.cn"],
    [`<<"中",64,"c">>`, null], // mixed with byte segments: the bytes decide (0x2D, not text)
  ])("%s", async (text, expected) => {
    const t = parse(text);
    if (t.kind !== "binary") throw new Error("not a binary");
    if (expected !== null) expect(binText(t)).toBe(expected);
    else expect(binText(t)).not.toContain("中");
  });

  it("routes a stanza to that room", () => {
    const sample = `{'$gen_event',{route,${JID("u", "h", "r")},<<>>,{xmlel,<<"message">>,[{<<"to">>,<<"中@conference.example.cn">>}],[]}}}`;
    expect(facts(sample)).toMatchObject({ kind: "$gen_event", stanza: "message", destination: "中@conference.example.cn" });
  });
});

describe("binText fast path agrees with binaryText", () => {
  it.each([`<<"abc">>`, `<<"运维"/utf8>>`, `<<229,134,178>>`, `<<"a",98,"c">>`, `<<255>>`, `<<>>`, `<<"é">>`])("%s", async (text) => {
    const { binaryText } = await import("../erlang-term");
    const t = parse(text);
    if (t.kind !== "binary") throw new Error("not a binary");
    expect(binText(t)).toBe(binaryText(t));
  });
});

describe("binText on long text (a chat message's body): linear, the same answer as before", () => {
  /** The pattern it used, which tried every split point (seconds for 80,000 characters). */
  const OLD_LOG_TEXT = /^(?:[\x00-\x7f]*|[^\x80-\xff]*[^\x00-\xff][^\x80-\xff]*)$/;
  const binOf = (text: string) => parse(`<<"${text}">>`) as Parameters<typeof binText>[0];

  it("answers as the old pattern decided, for short texts of every kind of character", () => {
    const alphabet = ["a", " ", "é", "\u00ff", "\u0080", "中", "😀", "ä"];
    let seed = 7;
    for (let n = 0; n < 2000; n++) {
      let text = "";
      for (let k = 0; k < 1 + (n % 9); k++) {
        seed = (seed * 1103515245 + 12345) % 2147483648;
        text += alphabet[seed % alphabet.length];
      }
      const bin = binOf(text);
      // The old decision: its own text when the pattern matched, else the bytes' reading.
      expect(binText(bin), JSON.stringify(text)).toBe(OLD_LOG_TEXT.test(text) ? text : binaryText(bin));
    }
  });

  it("200,000 characters beyond Latin-1, then one within it, are read (the old pattern took minutes)", () => {
    const text = `${"中".repeat(200_000)}é`;
    expect(binText(binOf(text))).toBe(binaryText(binOf(text)));
    expect(binText(binOf("中".repeat(200_000)))).toBe("中".repeat(200_000));
  }, 5_000);
});
