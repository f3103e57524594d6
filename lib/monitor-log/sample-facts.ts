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
//   {Pid, {reply, Value}} / {Ref, Value} / {[alias|Ref], Value}         late replies
//   {p1_mysql_recv, Conn, data, Packet, Num}                            p1_mysql receiver output

import { binaryBytes, binaryText } from "../erlang-term";
import type { ErlBinary, ErlTerm, ErlTuple } from "../erlang-term/types";
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

// ## Term helpers

const atomOf = (t: ErlTerm | undefined): string | null => (t && t.kind === "atom" ? t.value : null);

function tagOf(t: ErlTerm | undefined): string | null {
  return t && t.kind === "tuple" ? atomOf(t.elements[0]) : null;
}

/**
 * UTF-8 text of a binary, or null. `<<"abc">>` and `<<"运维"/utf8>>` are
 * already text: joined directly, which skips the byte round trip that
 * `binaryText` needs for byte lists like `<<229,134,178>>` (most binaries in a
 * log are the former).
 */
export function binText(bin: ErlBinary): string | null {
  let out = "";
  for (const seg of bin.segments) {
    if (seg.kind !== "string") return binaryText(bin);
    if (seg.encoding === "utf8") out += seg.value;
    else if (seg.encoding === "latin1" && /^[\x00-\x7f]*$/.test(seg.value)) out += seg.value;
    else return binaryText(bin);
  }
  return out;
}

/** Text of a binary or a char list (ejabberd 2.x used strings), else null. */
function textOf(t: ErlTerm | undefined): string | null {
  if (!t) return null;
  if (t.kind === "binary") return binText(t);
  if (t.kind === "string") return t.value;
  if (t.kind === "list" && t.elements.length === 0 && t.tail === null) return "";
  return null;
}

function pidOrRefText(t: ErlTerm | undefined): string | null {
  if (!t) return null;
  if (t.kind === "pid" || t.kind === "ref" || t.kind === "port") return t.text;
  return null;
}

/** `{jid, User, Server, Resource, LUser, LServer, LResource}` → `user@server/resource`. */
export function jidText(t: ErlTerm | undefined): string | null {
  if (!t || t.kind !== "tuple" || atomOf(t.elements[0]) !== "jid" || t.elements.length < 4) return null;
  const user = textOf(t.elements[1]);
  const server = textOf(t.elements[2]);
  const resource = textOf(t.elements[3]);
  if (server === null || server === "") return null;
  return `${user ? `${user}@` : ""}${server}${resource ? `/${resource}` : ""}`;
}

const STANZAS: ReadonlySet<string> = new Set(["message", "iq", "presence"]);

type Stanza = { name: StanzaName; to: string | null; from: string | null; route: boolean };

/** Attribute value of an xmlel/xmlelement attribute list. */
function attr(attrs: ErlTerm | undefined, name: string): string | null {
  if (!attrs || attrs.kind !== "list") return null;
  for (const a of attrs.elements) {
    if (a.kind === "tuple" && a.elements.length === 2 && textOf(a.elements[0]) === name) return textOf(a.elements[1]);
  }
  return null;
}

/**
 * The stanza a message carries, looking through the envelopes ejabberd uses
 * (`'$gen_event'`, `route`); `depth` keeps a hostile term from recursing far.
 */
function findStanza(t: ErlTerm | undefined, depth = 0): Stanza | null {
  if (!t || t.kind !== "tuple" || depth > 4) return null;
  const tag = atomOf(t.elements[0]);
  if (tag === null) return null;
  // Old ejabberd: {xmlel, <<"iq">>, Attrs, Children}; 2.x: {xmlelement, "iq", ...}.
  if ((tag === "xmlel" || tag === "xmlelement") && t.elements.length >= 3) {
    const name = textOf(t.elements[1]);
    if (name === null || !STANZAS.has(name)) return null;
    return { name: name as StanzaName, to: attr(t.elements[2], "to"), from: attr(t.elements[2], "from"), route: false };
  }
  // ejabberd ≥ 16: #message{id, type, lang, from, to, ...}, #iq{}, #presence{} — `from`
  // and `to` are elements 4 and 5 whatever the record's later fields.
  if (STANZAS.has(tag) && t.elements.length >= 6 && (jidText(t.elements[5]) !== null || jidText(t.elements[4]) !== null)) {
    return { name: tag as StanzaName, to: jidText(t.elements[5]), from: jidText(t.elements[4]), route: false };
  }
  if (tag === "route" && t.elements.length >= 2) {
    const inner = findStanza(t.elements[t.elements.length - 1], depth + 1);
    if (!inner) return null;
    // {route, From, To, Packet}: To fills in when the packet has no `to`.
    const from = t.elements.length >= 4 ? jidText(t.elements[1]) : null;
    const to = t.elements.length >= 4 ? jidText(t.elements[2]) : null;
    return { ...inner, to: inner.to ?? to, from: inner.from ?? from, route: true };
  }
  if (tag.startsWith("$gen_")) return findStanza(t.elements[t.elements.length - 1], depth + 1);
  return null;
}

/** `{call, M, F, A, GL}` and friends → `M:F`. */
function rpcTarget(req: ErlTerm | undefined): string | null {
  if (!req || req.kind !== "tuple" || req.elements.length < 4) return null;
  const tag = atomOf(req.elements[0]);
  if (tag !== "call" && tag !== "block_call" && tag !== "cast") return null;
  const m = atomOf(req.elements[1]);
  const f = atomOf(req.elements[2]);
  return m !== null && f !== null ? `${m}:${f}` : null;
}

/** The shape of a gen_server request: its tag, `{tag}` for 1-tuples, the atom itself. */
function requestShape(req: ErlTerm | undefined): string | null {
  if (!req) return null;
  if (req.kind === "atom") return req.value;
  if (req.kind === "tuple") {
    const tag = atomOf(req.elements[0]);
    if (tag === null) return req.elements.length === 0 ? "{}" : "tuple";
    return req.elements.length === 1 ? `{${tag}}` : tag;
  }
  return req.kind;
}

/**
 * Late answers: `{Ref, Reply}` and OTP 24's `{[alias|Ref], Reply}` from gen
 * calls, and `{Pid, {reply, Value}}` as in the seed's rex mailbox (11431).
 * A bare `{Pid, Msg}` is any message, not a reply.
 */
function isReply(tag: ErlTerm | undefined, body: ErlTerm | undefined): boolean {
  if (!tag) return false;
  if (tag.kind === "ref") return true;
  if (tag.kind === "pid") return tagOf(body) === "reply";
  return tag.kind === "list" && atomOf(tag.elements[0]) === "alias" && tag.elements.length === 1 && tag.tail?.kind === "ref";
}

function collect(t: ErlTerm, out: { bins: ErlBinary[]; truncated: boolean }): void {
  switch (t.kind) {
    case "binary":
      out.bins.push(t);
      if (t.segments.some((s) => s.kind === "truncated")) out.truncated = true;
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

function short(text: string, max = 60): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

// ## Facts

/** Facts of one parsed sample. */
export function sampleFacts(term: ErlTerm | null): SampleFacts {
  const found = { bins: [] as ErlBinary[], truncated: term === null };
  if (term) collect(term, found);
  const decoded: string[] = [];
  const seen = new Set<string>();
  for (const b of found.bins) {
    const s = binText(b);
    if (s && !seen.has(s)) {
      seen.add(s);
      decoded.push(s);
    }
  }
  const facts: SampleFacts = {
    kind: "other",
    stanza: null,
    destination: null,
    sender: null,
    request: null,
    decoded,
    summary: null,
    truncated: found.truncated,
  };
  if (!term || term.kind !== "tuple") return facts;
  const tuple: ErlTuple = term;
  const el = tuple.elements;
  const tag = atomOf(el[0]);

  if (tag === null) {
    if (el.length === 2 && isReply(el[0], el[1])) {
      const value = el[1]?.kind === "tuple" && tagOf(el[1]) === "reply" ? el[1].elements[1] : el[1];
      facts.kind = "reply";
      facts.sender = pidOrRefText(el[0]) ?? "[alias|Ref]";
      facts.summary = `reply to ${facts.sender}${value ? ` (${value.kind === "atom" ? value.value : value.kind})` : ""}`;
    }
    return facts;
  }
  facts.kind = tag;

  const stanza = findStanza(tuple);
  if (stanza) {
    facts.stanza = stanza.name;
    facts.destination = stanza.to;
    facts.sender = stanza.from;
    const envelope = tag === stanza.name ? "" : tag === "route" || !stanza.route ? `${tag} ` : `${tag} route `;
    facts.summary = `${envelope}${stanza.name}${stanza.to ? ` to ${stanza.to}` : ""}${stanza.from ? ` from ${stanza.from}` : ""}`;
    return facts;
  }

  if (tag === "$gen_call" || tag === "$gen_cast") {
    const req = tag === "$gen_call" ? el[2] : el[1];
    facts.request = requestShape(req);
    facts.destination = rpcTarget(req);
    if (tag === "$gen_call" && el[1]?.kind === "tuple") facts.sender = pidOrRefText(el[1].elements[0]);
    facts.summary = `${tag} ${facts.request ?? "?"}${facts.destination ? ` ${facts.destination}` : ""}${facts.sender ? ` from ${facts.sender}` : ""}`;
    return facts;
  }

  if (tag === "p1_mysql_recv") {
    facts.sender = pidOrRefText(el[1]);
    const what = atomOf(el[2]);
    const packet = el[3];
    const size = packet?.kind === "binary" ? binaryBytes(packet)?.length : undefined;
    facts.summary = `p1_mysql_recv ${what ?? "?"} from ${facts.sender ?? "?"}${size !== undefined ? ` (${size} bytes)` : ""}`;
    return facts;
  }

  if (tag === "EXIT" || tag === "DOWN") facts.sender = pidOrRefText(el[1]) ?? pidOrRefText(el[3]);
  return facts;
}

/** Fallback summary: the sample's text on one line, cut to `max` characters. */
export function compactText(text: string, max = 120): string {
  return short(text.replace(/\s+/g, " ").trim(), max);
}
