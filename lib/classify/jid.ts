// ## JIDs
//
// Room subjects must compare equal across builds however the sample spelled
// them: resource (the occupant nick) dropped, local part and host folded as
// XMPP servers fold them. ejabberd keys a room by its nodeprepped name
// (RFC 3920, appendix A), so `Room@Conference.Host` and `room@conference.host`
// reach the one mod_muc_room process: they are one room here too.

import type { RoomRef } from "./types";

/**
 * Stringprep's table B.1 (characters mapped to nothing): soft hyphen, zero-width
 * joiners and spaces, the byte-order mark, variation selectors, Mongolian
 * free variation selectors.
 */
const MAPPED_TO_NOTHING = /[\u00AD\u034F\u1806\u180B-\u180D\u200B-\u200D\u2060\uFE00-\uFE0F\uFEFF]/g;

/**
 * Stringprep's table C.8 (prohibited: they change how text displays): the bidirectional marks,
 * embeddings and overrides (`r\u202Eoom` would read reversed) and the deprecated format
 * characters. No server accepts them in a JID; one in a log is shown as U+FFFD, never obeyed.
 */
const DISPLAY_CONTROLS = /[\u0340\u0341\u200E\u200F\u202A-\u202E\u206A-\u206F]/g;

/** DISPLAY_CONTROLS for a test (no `g`: a global regex's test() keeps its place between calls). */
const DISPLAY_CONTROL = new RegExp(DISPLAY_CONTROLS.source);

/** Whether `text` holds one of stringprep's C.8 display controls (what foldJidPart shows as U+FFFD). */
export function hasDisplayControl(text: string): boolean {
  return DISPLAY_CONTROL.test(text);
}

/**
 * A JID part as nodeprep and nameprep compare it: table B.1 removed, case folded, NFKC. Case
 * folding is JavaScript's lowercasing (the same for every cased letter but a handful, such as
 * `ß`, which table B.2 maps to `ss`: mapped here as well).
 */
export function foldJidPart(part: string): string {
  // ASCII without upper case letters (nearly every room name) is already folded.
  if (/^[\x20-\x40\x5B-\x7E]*$/.test(part)) return part;
  return part.replace(MAPPED_TO_NOTHING, "").replace(DISPLAY_CONTROLS, "\uFFFD").toLowerCase().replace(/ß/g, "ss").normalize("NFKC");
}

/**
 * Stringprep's tables C.2.1 and C.2.2 (control characters), prohibited in every part of a JID: a
 * "room" named with ESC is none a server routes to, and its name would reach a terminal through
 * the CSV exports as a live escape sequence (a security review, 2026-12-06). C.2.2's format
 * characters that table B.1 maps to nothing first (U+200C, U+200D, U+2060, U+FEFF) are left to it.
 */
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u06dd\u070f\u180e\u2028\u2029\u2061-\u2063\ufff9-\ufffc]|\ud834[\udd73-\udd7a]/;

/**
 * `Room@Conference.Host/nick` → `{ jid: "room@conference.host", name: "room", host: "conference.host" }`;
 * null for text that is no bare JID (no local part or host, or a control character in them).
 */
export function bareJid(jid: string): RoomRef | null {
  const slash = jid.indexOf("/");
  const bare = slash === -1 ? jid : jid.slice(0, slash);
  if (CONTROL.test(bare)) return null;
  const at = bare.lastIndexOf("@");
  if (at <= 0 || at === bare.length - 1) return null;
  const name = foldJidPart(bare.slice(0, at));
  const host = foldJidPart(bare.slice(at + 1));
  if (name === "" || host === "") return null;
  return { jid: `${name}@${host}`, name, host };
}

/** A room JID as typed (a filter, a URL): folded as stored when it reads as one, else as given. */
export function roomJidKey(text: string): string {
  return bareJid(text)?.jid ?? text;
}

/**
 * The `room` filter as typed: a room JID (with `@`) folded as roomJidKey folds it, or a room's name
 * alone (no `@`: `pocket48_7636…`), folded as a stored name is, which keeps every room of that name
 * on any MUC host.
 */
export function roomFilterKey(text: string): string {
  return text.includes("@") ? roomJidKey(text) : foldJidPart(text);
}

/** Whether a `room` filter (roomFilterKey) names a room's name alone, not its JID. */
export function isRoomName(filter: string): boolean {
  return !filter.includes("@");
}

/**
 * Hosts of MUC services as deployments name them (`conference.`, `muc.`,
 * `chat.`, `groupchat.`, `rooms.`). A stanza to a user on a plain domain is
 * not a room backlog, and is left to the other rules.
 */
export const MUC_HOST = /^(?:conference|muc|chat|groupchat|rooms?)\./;

export function isRoomJid(ref: RoomRef): boolean {
  return MUC_HOST.test(ref.host);
}
