// ## Facts about one queued message
//
// The classifier and the DB never see term trees: they get a handful of
// facts per sample, computed here once from the parsed message and then the
// tree is dropped. The shapes recognised are the ones ejabberd and OTP put in
// a mailbox (see the seed analysis):
//
//   {'$gen_event', {route, From, To, {xmlel, Name, Attrs, Children}}}   ejabberd < 16 (fsm event)
//   {route, Packet} / {route, From, To, Packet} / bare #message{} ...    ejabberd ≥ 16 (xmpp records)
//   {'$gen_call', {Pid, Tag}, Request}                                  gen_server call (rex: {call|block_call, M, F, A, GL})
//   {'$gen_sync_event', {Pid, Tag}, Event}                              gen_fsm / p1_fsm sync event (ejabberd_sql: {sql_cmd, …})
//   {Pid, {reply, Value}} / {Ref, Value} / {[alias|Ref], Value}         late replies
//   {p1_mysql_recv, Conn, data, Packet, Num}                            p1_mysql receiver output
//
// The facts are read through `TermAccess`, so one piece of logic serves both
// the parser's tree (`sampleFacts`) and the ingest fast path's shallow tape
// (`shallowSampleFacts`, lib/erlang-term/shallow.ts): the two cannot drift
// apart on what a shape means.

import { binaryBytes, binaryText, binaryTruncated } from "../erlang-term";
import {
  SHALLOW_KIND_NAMES,
  shallowAtom,
  shallowSource,
  shallowString,
  shallowTail,
  SK,
  type ShallowKind,
  type ShallowTape,
} from "../erlang-term/shallow";
import type { ErlBinary, ErlTerm, ErlTermKind } from "../erlang-term/types";
import type { StanzaName } from "./types";

export type SampleFacts = {
  kind: string;
  stanza: StanzaName | null;
  destination: string | null;
  sender: string | null;
  request: string | null;
  decoded: string[];
  /** Summary without the compact-text fallback (the caller has the text). */
  summary: string | null;
  truncated: boolean;
};

// ## Reading a term, whatever holds it

/**
 * The questions the fact logic asks of a term node. `N` is a tree node or a
 * tape row; every answer is what the tree would give.
 */
type TermAccess<N> = {
  kind(n: N): ErlTermKind;
  /** The atom's name, or null. */
  atom(n: N): string | null;
  /** A tuple's or list's elements (a list's improper tail excluded); [] otherwise. */
  elements(n: N): readonly N[];
  /** A list's improper tail, or null. */
  tail(n: N): N | null;
  /** Text of a binary (valid UTF-8 only) or a char list (`[]` is ""), else null. */
  text(n: N): string | null;
  /** Canonical text of a pid, ref or port, else null. */
  id(n: N): string | null;
  /** A binary's size in bytes, when whole bytes are known. */
  byteSize(n: N): number | undefined;
  /** A record's name (`#message{…}` as the shell prints it), else null. */
  record(n: N): string | null;
  /** A record's field by name (a printed record may leave out fields that hold their defaults). */
  field(n: N, name: string): N | undefined;
  /** Whether the log cut it: `...` itself, or a binary `~P` (or the text's end) cut inside. */
  cut(n: N): boolean;
  /**
   * Whether `n` is where the text ended (a cut with no `...`) right at the end of `before`, with no
   * separator between: `before` may be cut short itself (`{block_call,mnesia_`).
   */
  endsInside(before: N, n: N): boolean;
};

/**
 * What a fact holds where the log cut the term: `…@conference.example.org` for a JID whose user part
 * `~P` cut (`<<232,191,144,...>>`), `mnesia_lib:…` for an rpc whose function it cut, `…` for a
 * request. The rules read it (lib/classify/rules.ts): a cut room still counts as a room's stanza,
 * without naming one.
 */
export const CUT_TEXT = "…";

/**
 * UTF-8 text of a binary, or null. `<<"abc">>` and `<<"运维"/utf8>>` are
 * already text: joined directly, which skips the byte round trip that
 * `binaryText` needs for byte lists like `<<229,134,178>>` (most binaries in a
 * log are the former).
 */
export function binText(bin: ErlBinary): string | null {
  if (bin.segments === null) {
    if (bin.encoding === "utf8" || (bin.encoding === "latin1" && LOG_TEXT.test(bin.text))) return bin.text;
    return binaryText(bin);
  }
  let out = "";
  for (const seg of bin.segments) {
    if (seg.kind !== "string") return binaryText(bin);
    if (seg.encoding === "utf8") out += seg.value;
    else if (seg.encoding === "latin1" && LOG_TEXT.test(seg.value)) out += seg.value;
    else return binaryText(bin);
  }
  return out;
}

/**
 * What LOG_TEXT refuses: a character of Latin-1's upper half. (All ASCII, or no such character and
 * one beyond Latin-1, is the same as none at all. Written as that alternation the pattern tried
 * every split point: 80,000 `中` then `é`, a chat message's text, took seconds.)
 */
const LATIN1_HIGH = /[\x80-\xff]/;

/**
 * A quoted binary whose text is its own: ASCII, or holding a character beyond Latin-1 with none
 * in U+0080–U+00FF. `~p` never writes a character beyond Latin-1 inside `<<"…">>` (that takes
 * `/utf8`); such text comes from an Erlang node whose console was Latin-1: it wrote the bytes
 * E4 B8 AD of a UTF-8 binary as the characters ä ¸ SHY, one byte each, and the log read as
 * UTF-8 shows 中, the text the binary holds. (Read as Erlang source, each character would keep
 * its low byte: `binaryText`'s answer, garbage for a log.)
 */
const LOG_TEXT = { test: (text: string) => !LATIN1_HIGH.test(text) };

const NO_TERMS: readonly ErlTerm[] = [];

const treeAccess: TermAccess<ErlTerm> = {
  kind: (t) => t.kind,
  atom: (t) => (t.kind === "atom" ? t.value : null),
  elements: (t) => (t.kind === "tuple" || t.kind === "list" ? t.elements : NO_TERMS),
  tail: (t) => (t.kind === "list" ? t.tail : null),
  text(t) {
    // ejabberd 2.x used char lists where later versions use binaries.
    if (t.kind === "binary") return binText(t);
    if (t.kind === "string") return t.value;
    if (t.kind === "list" && t.elements.length === 0 && t.tail === null) return "";
    return null;
  },
  id: (t) => (t.kind === "pid" || t.kind === "ref" || t.kind === "port" ? t.text : null),
  byteSize: (t) => (t.kind === "binary" ? binaryBytes(t)?.length : undefined),
  record: (t) => (t.kind === "record" ? t.name : null),
  field: (t, name) => (t.kind === "record" ? t.fields.find((f) => f.name === name)?.value : undefined),
  cut: (t) => t.kind === "truncated" || (t.kind === "binary" && binaryTruncated(t)),
  endsInside: (before, t) => t.kind === "truncated" && t.end === t.start && t.start === before.end,
};

// Row kinds as local constants: read on every access, they are cheaper than a module property.
const K_TUPLE = SK.tuple;
const K_LIST = SK.list;
const K_BINARY = SK.binary;
const K_STRING = SK.string;
const K_PID = SK.pid;
const K_REF = SK.ref;
const K_PORT = SK.port;
const K_TRUNCATED = SK.truncated;

/** Rows of the tape `readShallow` last filled (set by `shallowSampleFacts` before use). */
let tape: ShallowTape | null = null;
const onTape = (): ShallowTape => tape as ShallowTape;
const rowKind = (row: number): ShallowKind => onTape().kind[row] as ShallowKind;

// The fact logic asks for the same few rows' elements again and again (the
// message, its envelope, an attribute list). Each row's element list is
// built once per sample into an array kept for that row number and reused by
// the next sample, instead of a new array per question: these arrays were
// the largest allocation of the ingest after the text itself.
const NO_ROWS: readonly number[] = [];
const rowElements: number[][] = [];
/** Which sample each row's array was last filled for. */
let rowFilledFor = new Int32Array(64);
let sampleNo = 0;

function elementsOfRow(t: ShallowTape, row: number): readonly number[] {
  if (row >= rowFilledFor.length) {
    const bigger = new Int32Array(Math.max(row + 1, rowFilledFor.length * 2));
    bigger.set(rowFilledFor);
    rowFilledFor = bigger;
  }
  let out = rowElements[row];
  if (out !== undefined && rowFilledFor[row] === sampleNo) return out;
  if (out === undefined) {
    out = [];
    rowElements[row] = out;
  }
  let n = 0;
  const stop = t.next[row]!;
  for (let r = row + 1; r < stop; r = t.next[r]!) out[n++] = r;
  // A list's improper tail is not one of its elements.
  if (t.kind[row] === K_LIST && t.aux[row] === 1) n--;
  out.length = n;
  rowFilledFor[row] = sampleNo;
  return out;
}

const tapeAccess: TermAccess<number> = {
  kind: (row) => SHALLOW_KIND_NAMES[rowKind(row)],
  atom: (row) => shallowAtom(onTape(), row),
  elements(row) {
    const k = rowKind(row);
    return k === K_TUPLE || k === K_LIST ? elementsOfRow(onTape(), row) : NO_ROWS;
  },
  tail(row) {
    const t = shallowTail(onTape(), row);
    return t < 0 ? null : t;
  },
  text(row) {
    const t = onTape();
    switch (rowKind(row)) {
      case K_BINARY:
        return t.binaryTexts[t.aux[row]!] ?? null;
      case K_STRING:
        return shallowString(t, row);
      case K_LIST:
        return t.next[row] === row + 1 ? "" : null;
      default:
        return null;
    }
  },
  id(row) {
    const k = rowKind(row);
    return k === K_PID || k === K_REF || k === K_PORT ? shallowSource(onTape(), row) : null;
  },
  byteSize(row) {
    const t = onTape();
    if (rowKind(row) !== K_BINARY) return undefined;
    const n = t.binaryBytes[t.aux[row]!]!;
    // A binary the text cut: its bytes are not known.
    return n < 0 ? undefined : n;
  },
  // The shallow reader leaves records to the parser (shallow.ts): a tape holds none.
  record: () => null,
  field: () => undefined,
  cut(row) {
    const k = rowKind(row);
    if (k === K_TRUNCATED) return true;
    const t = onTape();
    return k === K_BINARY && t.binaryBytes[t.aux[row]!]! < 0;
  },
  endsInside(before, row) {
    const t = onTape();
    return rowKind(row) === K_TRUNCATED && t.start[row] === t.end[row] && t.start[row] === t.end[before];
  },
};

// ## Shapes

function tagOf<N>(a: TermAccess<N>, t: N | undefined): string | null {
  if (t === undefined || a.kind(t) !== "tuple") return null;
  const first = a.elements(t)[0];
  return first === undefined ? null : a.atom(first);
}

const textOf = <N>(a: TermAccess<N>, t: N | undefined): string | null => (t === undefined ? null : a.text(t));
const idOf = <N>(a: TermAccess<N>, t: N | undefined): string | null => (t === undefined ? null : a.id(t));
const atomOf = <N>(a: TermAccess<N>, t: N | undefined): string | null => (t === undefined ? null : a.atom(t));

/**
 * `{jid, User, Server, Resource, LUser, LServer, LResource}` → `user@server/resource`; also the
 * record as the shell or ejabberd's own log prints it, `#jid{user = …, server = …}` (fields at their
 * defaults left out: `<<>>`; the stringprep'd `luser`/`lserver`/`lresource` where the others are).
 */
function jidOf<N>(a: TermAccess<N>, t: N | undefined): string | null {
  if (t === undefined) return null;
  let user: string | null;
  let server: string | null;
  let resource: string | null;
  if (a.kind(t) === "record") {
    if (a.record(t) !== "jid") return null;
    const named = (name: string) => textOf(a, a.field(t, name)) ?? textOf(a, a.field(t, `l${name}`));
    user = named("user");
    const field = a.field(t, "user");
    if (user === null && field !== undefined && a.cut(field)) user = CUT_TEXT;
    server = named("server");
    resource = named("resource");
  } else {
    if (a.kind(t) !== "tuple") return null;
    const el = a.elements(t);
    if (atomOf(a, el[0]) !== "jid" || el.length < 4) return null;
    user = textOf(a, el[1]);
    server = textOf(a, el[2]);
    resource = textOf(a, el[3]);
    // `~P` cut the user part, the server whole (a room's name in bytes counts each byte toward the depth).
    if (user === null && el[1] !== undefined && a.cut(el[1])) user = CUT_TEXT;
  }
  if (server === null || server === "") return null;
  return `${user ? `${user}@` : ""}${server}${resource ? `/${resource}` : ""}`;
}

/** `{jid, User, Server, Resource, LUser, LServer, LResource}` → `user@server/resource`. */
export function jidText(t: ErlTerm | undefined): string | null {
  return jidOf(treeAccess, t);
}

const STANZAS: ReadonlySet<string> = new Set(["message", "iq", "presence"]);

type Stanza = { name: StanzaName; to: string | null; from: string | null; route: boolean };

/** Attribute value of an xmlel/xmlelement attribute list. */
function attr<N>(a: TermAccess<N>, attrs: N | undefined, name: string): string | null {
  if (attrs === undefined || a.kind(attrs) !== "list") return null;
  for (const pair of a.elements(attrs)) {
    if (a.kind(pair) !== "tuple") continue;
    const kv = a.elements(pair);
    if (kv.length === 2 && textOf(a, kv[0]) === name) return textOf(a, kv[1]);
  }
  return null;
}

/**
 * The stanza a message carries, looking through the envelopes ejabberd uses
 * (`'$gen_event'`, `route`); `depth` keeps a hostile term from recursing far.
 */
function findStanza<N>(a: TermAccess<N>, t: N | undefined, depth = 0): Stanza | null {
  if (t === undefined || depth > 4) return null;
  if (a.kind(t) === "record") return recordStanza(a, t);
  if (a.kind(t) !== "tuple") return null;
  const el = a.elements(t);
  const tag = atomOf(a, el[0]);
  if (tag === null) return null;
  // Old ejabberd: {xmlel, <<"iq">>, Attrs, Children}; 2.x: {xmlelement, "iq", ...}.
  if ((tag === "xmlel" || tag === "xmlelement") && el.length >= 3) {
    const name = textOf(a, el[1]);
    if (name === null || !STANZAS.has(name)) return null;
    return { name: name as StanzaName, to: attr(a, el[2], "to"), from: attr(a, el[2], "from"), route: false };
  }
  // ejabberd ≥ 16: #message{id, type, lang, from, to, ...}, #iq{}, #presence{} — `from`
  // and `to` are elements 4 and 5 whatever the record's later fields.
  if (STANZAS.has(tag) && el.length >= 6) {
    const to = jidOf(a, el[5]);
    const from = jidOf(a, el[4]);
    if (to !== null || from !== null) return { name: tag as StanzaName, to, from, route: false };
  }
  if (tag === "route" && el.length >= 2) {
    const inner = findStanza(a, el[el.length - 1], depth + 1);
    if (!inner) return null;
    // {route, From, To, Packet}: To fills in when the packet has no `to`.
    const from = el.length >= 4 ? jidOf(a, el[1]) : null;
    const to = el.length >= 4 ? jidOf(a, el[2]) : null;
    return { ...inner, to: inner.to ?? to, from: inner.from ?? from, route: true };
  }
  if (tag.startsWith("$gen_")) return findStanza(a, el[el.length - 1], depth + 1);
  return null;
}

/**
 * A stanza printed as a record (ejabberd's own log, `rp/1` in a shell: ejabberd 3394's
 * `#message{type = groupchat, to = #jid{…}}`): fields by name, since a printed record may leave
 * out those at their defaults. `#xmlel{name, attrs, children}` as the old ejabberd's.
 */
function recordStanza<N>(a: TermAccess<N>, t: N): Stanza | null {
  const name = a.record(t);
  if (name === "xmlel" || name === "xmlelement") {
    const element = textOf(a, a.field(t, "name"));
    if (element === null || !STANZAS.has(element)) return null;
    const attrs = a.field(t, "attrs");
    return { name: element as StanzaName, to: attr(a, attrs, "to"), from: attr(a, attrs, "from"), route: false };
  }
  if (name === null || !STANZAS.has(name)) return null;
  const to = jidOf(a, a.field(t, "to"));
  const from = jidOf(a, a.field(t, "from"));
  return to !== null || from !== null ? { name: name as StanzaName, to, from, route: false } : null;
}

/**
 * `{call, M, F, A, GL}` and friends → `M:F`. Where `~P` cut the tuple (`{block_call,mnesia_lib,...}`),
 * what it cut is CUT_TEXT: `mnesia_lib:…`, `…:…`.
 */
function rpcTarget<N>(a: TermAccess<N>, req: N | undefined): string | null {
  if (req === undefined || a.kind(req) !== "tuple") return null;
  const el = a.elements(req);
  const last = el[el.length - 1];
  const cutShort = el.length >= 2 && last !== undefined && a.cut(last);
  if (el.length < 4 && !cutShort) return null;
  const tag = atomOf(a, el[0]);
  if (tag !== "call" && tag !== "block_call" && tag !== "cast") return null;
  // An atom right before where the text ended may be cut short itself (`{block_call,mnesia_`: a
  // console read while it was written): not a module's name (a review, 2026-12-07).
  const part = (n: N | undefined, i: number) => {
    if (n === undefined) return cutShort && i >= el.length ? CUT_TEXT : null;
    const next = el[i + 1];
    if (next !== undefined && i + 1 === el.length - 1 && a.kind(n) === "atom" && a.endsInside(n, next)) return CUT_TEXT;
    return atomOf(a, n) ?? (a.cut(n) ? CUT_TEXT : null);
  };
  const m = part(el[1], 1);
  const f = part(el[2], 2);
  return m !== null && f !== null ? `${m}:${f}` : null;
}

/** The shape of a gen_server request: its tag, `{tag}` for 1-tuples, the atom itself. */
function requestShape<N>(a: TermAccess<N>, req: N | undefined): string | null {
  if (req === undefined) return null;
  if (a.cut(req)) return CUT_TEXT;
  const kind = a.kind(req);
  if (kind === "atom") return a.atom(req);
  if (kind === "tuple") {
    const el = a.elements(req);
    // `{block_cal` where the text ended: its tag cut short, not a request of that name.
    if (el.length === 2 && a.kind(el[0]!) === "atom" && a.endsInside(el[0]!, el[1]!)) return CUT_TEXT;
    const tag = atomOf(a, el[0]);
    if (tag === null) {
      if (el[0] !== undefined && a.cut(el[0])) return CUT_TEXT; // `{...}`
      // `{{submit_sm, …}, Options}` (oserl's calls): the tag of the tuple it leads with.
      const inner = el[0] !== undefined && a.kind(el[0]) === "tuple" ? atomOf(a, a.elements(el[0])[0]) : null;
      return inner ?? (el.length === 0 ? "{}" : "tuple");
    }
    return el.length === 1 ? `{${tag}}` : tag;
  }
  if (kind === "record") return a.record(req);
  return kind;
}

/**
 * Late answers: `{Ref, Reply}` and OTP 24's `{[alias|Ref], Reply}` from gen
 * calls, and `{Pid, {reply, Value}}` as in the seed's rex mailbox (11431).
 * A bare `{Pid, Msg}` is any message, not a reply.
 */
function isReply<N>(a: TermAccess<N>, tag: N | undefined, body: N | undefined): boolean {
  if (tag === undefined) return false;
  const kind = a.kind(tag);
  if (kind === "ref") return true;
  if (kind === "pid") return tagOf(a, body) === "reply";
  if (kind !== "list") return false;
  const el = a.elements(tag);
  const tail = a.tail(tag);
  return atomOf(a, el[0]) === "alias" && el.length === 1 && tail !== null && a.kind(tail) === "ref";
}

/** A sample's kind for gen_event's calls (they have no tag of their own: see isGenEventCall). */
export const GEN_EVENT_CALL = "gen_event call";

/**
 * `{Pid, {Pid, Tag}, Request}`: what gen:call sends for gen_event (OTP's gen_event.erl calls
 * `gen:call(M, self(), Cmd)`: the label is the caller's pid, the same pid as in its From). lager 352:
 * lager_event on an ejabberd node with 29,674 `{<0.21176.5>,{<0.21176.5>,#Ref<…>},{sync_notify,…}}`.
 */
function isGenEventCall<N>(a: TermAccess<N>, label: N | undefined, from: N | undefined): boolean {
  if (label === undefined || from === undefined || a.kind(label) !== "pid" || a.kind(from) !== "tuple") return false;
  const el = a.elements(from);
  const [pid, tag] = el;
  if (pid === undefined || tag === undefined || el.length !== 2 || a.id(pid) !== a.id(label)) return false;
  const tagKind = a.kind(tag);
  return tagKind === "ref" || (tagKind === "list" && atomOf(a, a.elements(tag)[0]) === "alias");
}

function short(text: string, max = 60): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

// ## Facts

/** Kind, stanza, addresses and summary: everything but `decoded` and `truncated`. */
function shapeFacts<N>(a: TermAccess<N>, term: N | null, facts: SampleFacts): SampleFacts {
  if (term === null) return facts;
  // A bare stanza record (`#message{…}`, as a shell prints a mailbox): its name is its tag.
  const record = a.record(term);
  if (record === null && a.kind(term) !== "tuple") return facts;
  const el = a.elements(term);
  const tag = record ?? atomOf(a, el[0]);

  if (tag === null) {
    if (el.length === 3 && isGenEventCall(a, el[0], el[1])) {
      // gen_event's calls (sync_notify, call, add_handler…): gen:call with the caller's pid as the label.
      facts.kind = GEN_EVENT_CALL;
      facts.sender = idOf(a, el[0]);
      facts.request = requestShape(a, el[2]);
      facts.summary = `gen_event call ${facts.request ?? "?"} from ${facts.sender ?? "?"}`;
      return facts;
    }
    if (el.length === 2 && isReply(a, el[0], el[1])) {
      const body = el[1];
      const value = body !== undefined && tagOf(a, body) === "reply" ? a.elements(body)[1] : body;
      facts.kind = "reply";
      facts.sender = idOf(a, el[0]) ?? "[alias|Ref]";
      facts.summary = `reply to ${facts.sender}${value !== undefined ? ` (${a.kind(value) === "atom" ? a.atom(value) : a.kind(value)})` : ""}`;
    }
    return facts;
  }
  facts.kind = tag;

  const stanza = findStanza(a, term);
  if (stanza) {
    facts.stanza = stanza.name;
    facts.destination = stanza.to;
    facts.sender = stanza.from;
    const envelope = tag === stanza.name ? "" : tag === "route" || !stanza.route ? `${tag} ` : `${tag} route `;
    facts.summary = `${envelope}${stanza.name}${stanza.to ? ` to ${stanza.to}` : ""}${stanza.from ? ` from ${stanza.from}` : ""}`;
    return facts;
  }

  if (tag === "$gen_call" || tag === "$gen_cast" || tag === "$gen_sync_event" || tag === "$gen_sync_all_state_event") {
    // gen_fsm / p1_fsm synchronous events have a call's shape: {Tag, From, Event}.
    const cast = tag === "$gen_cast";
    const req = cast ? el[1] : el[2];
    const last = el[el.length - 1];
    // `{'$gen_call',...}`: the tuple cut before its request.
    facts.request =
      (req === undefined && last !== undefined && a.cut(last)) || (req !== undefined && el.length === (cast ? 3 : 4) && a.kind(req) === "atom" && a.endsInside(req, last!))
        ? CUT_TEXT
        : requestShape(a, req);
    facts.destination = rpcTarget(a, req);
    const from = el[1];
    if (!cast && from !== undefined && a.kind(from) === "tuple") facts.sender = idOf(a, a.elements(from)[0]);
    facts.summary = `${tag} ${facts.request ?? "?"}${facts.destination ? ` ${facts.destination}` : ""}${facts.sender ? ` from ${facts.sender}` : ""}`;
    return facts;
  }

  if (tag === "p1_mysql_recv") {
    facts.sender = idOf(a, el[1]);
    const what = atomOf(a, el[2]);
    const packet = el[3];
    const size = packet !== undefined ? a.byteSize(packet) : undefined;
    facts.summary = `p1_mysql_recv ${what ?? "?"} from ${facts.sender ?? "?"}${size !== undefined ? ` (${size} bytes)` : ""}`;
    return facts;
  }

  // `{'EXIT', Pid, Reason}`; `{'DOWN', Ref, process, Pid, Reason}` (its el[1] is the monitor's ref,
  // and el[3] is `{Name, Node}` for a monitor by name: no sender then).
  if (tag === "EXIT") facts.sender = idOf(a, el[1]);
  else if (tag === "DOWN") {
    const who = el[3];
    facts.sender = who !== undefined && (a.kind(who) === "pid" || a.kind(who) === "port") ? idOf(a, who) : null;
  }
  return facts;
}

function emptyFacts(decoded: string[], truncated: boolean): SampleFacts {
  return { kind: "other", stanza: null, destination: null, sender: null, request: null, decoded, summary: null, truncated };
}

/** Each text once, in order of appearance; empty and non-UTF-8 ones left out. */
function distinctTexts(texts: Iterable<string | null>): string[] {
  const decoded: string[] = [];
  let seen: Set<string> | null = null;
  for (const s of texts) {
    if (!s) continue;
    // Most samples hold a few dozen binaries at most (a routed stanza's JIDs and attributes): a
    // Set only pays off past that (made for every stanza with more than 8, Sets were 2% of what
    // the ingest allocated).
    if (seen === null) {
      if (decoded.includes(s)) continue;
      decoded.push(s);
      if (decoded.length > 32) seen = new Set(decoded);
    } else if (!seen.has(s)) {
      seen.add(s);
      decoded.push(s);
    }
  }
  return decoded;
}

function collect(t: ErlTerm, out: { bins: ErlBinary[]; truncated: boolean }): void {
  switch (t.kind) {
    case "binary":
      out.bins.push(t);
      if (binaryTruncated(t)) out.truncated = true;
      return;
    case "tuple":
      for (const e of t.elements) collect(e, out);
      return;
    case "list":
      for (const e of t.elements) collect(e, out);
      if (t.tail) collect(t.tail, out);
      return;
    case "map":
      for (const { key, value } of t.entries) {
        collect(key, out);
        collect(value, out);
      }
      return;
    case "record":
      for (const f of t.fields) collect(f.value, out);
      return;
    case "truncated":
      out.truncated = true;
      return;
    default:
      return;
  }
}

/**
 * The text of a byte-list binary that `~P` cut (`<<229,134,178,232,191,144,...>>`) as far as it
 * goes, then `…`: its whole UTF-8 characters, an unfinished last one left out. Null for a binary
 * not cut by `...`, one with no byte list (`<<"admin3@local"...>>`: its text is in the term as
 * printed), and bytes that are not UTF-8. Only for `decoded`: a destination is never read from a cut binary.
 */
export function cutBinaryText(bin: ErlBinary): string | null {
  const segments = bin.segments;
  if (segments === null) return null;
  const cut = segments.findIndex((s) => s.kind === "truncated");
  // The `...` `~P` printed (a span of its own), not a log that ends inside the binary: there the
  // last number may be cut too (`23` of `232`), and the shallow reader gives no text either.
  if (cut <= 0 || segments[cut]!.end === segments[cut]!.start || !segments.slice(0, cut).some((s) => s.kind === "integer")) return null;
  const bytes = binaryBytes({ ...bin, segments: segments.slice(0, cut) });
  if (bytes === null || bytes.length === 0) return null;
  // An unfinished last character: its lead byte and the continuation bytes that came with it.
  let end = bytes.length;
  let back = 0;
  while (back < 3 && end - back - 1 >= 0 && (bytes[end - back - 1]! & 0xc0) === 0x80) back++;
  const lead = bytes[end - back - 1];
  if (lead !== undefined && lead >= 0xc0) {
    const length = lead >= 0xf0 ? 4 : lead >= 0xe0 ? 3 : 2;
    if (back + 1 < length) end -= back + 1;
  }
  if (end === 0) return null;
  try {
    return `${new TextDecoder("utf-8", { fatal: true, ignoreBOM: true }).decode(bytes.subarray(0, end))}…`;
  } catch {
    return null;
  }
}

/** Facts of one parsed sample. */
export function sampleFacts(term: ErlTerm | null): SampleFacts {
  const found = { bins: [] as ErlBinary[], truncated: term === null };
  if (term) collect(term, found);
  const facts = emptyFacts(distinctTexts(found.bins.map((bin) => binText(bin) ?? (found.truncated ? cutBinaryText(bin) : null))), found.truncated);
  return shapeFacts(treeAccess, term, facts);
}

/**
 * Facts of a sample that `readShallow` read into `shallow` (row 0 is the
 * sample): the same answer `sampleFacts` gives for the parsed tree. A plain
 * term has no `...` anywhere, so it is truncated only when the text cut it
 * (a tolerant read).
 */
export function shallowSampleFacts(shallow: ShallowTape): SampleFacts {
  tape = shallow;
  // Row arrays filled for an earlier sample are stale from here on.
  if (++sampleNo === 0x7fffffff) {
    sampleNo = 1;
    rowFilledFor.fill(0);
  }
  try {
    return shapeFacts(tapeAccess, 0, emptyFacts(distinctTexts(shallow.binaryTexts), shallow.cut >= 0));
  } finally {
    tape = null;
  }
}

/** Fallback summary: the sample's text on one line, cut to `max` characters. */
export function compactText(text: string, max = 120): string {
  return short(text.replace(/\s+/g, " ").trim(), max);
}
