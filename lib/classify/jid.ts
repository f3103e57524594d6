// ## JIDs
//
// Room subjects must compare equal across builds however the sample spelled
// them: resource (the occupant nick) dropped, host lowercased (domains are
// case-insensitive; local parts are kept as written, as the seed quotes them).

import type { RoomRef } from "./types";

/** `room@Conference.Host/nick` → `{ jid: "room@conference.host", name: "room", host: "conference.host" }`. */
export function bareJid(jid: string): RoomRef | null {
  const slash = jid.indexOf("/");
  const bare = slash === -1 ? jid : jid.slice(0, slash);
  const at = bare.lastIndexOf("@");
  if (at <= 0 || at === bare.length - 1) return null;
  const name = bare.slice(0, at);
  const host = bare.slice(at + 1).toLowerCase();
  return { jid: `${name}@${host}`, name, host };
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
