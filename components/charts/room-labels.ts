// Names for the rooms chart's bars, one per room and all different, each at
// most `max` columns wide: a room's name, with its host where another room of
// the chart has the same name, cut in the middle when long (the ends of a
// generated room name are what tell `pocket48_76366185259598244` from
// `pocket48_76366191207121304`). The bar's title and tooltip give the whole
// JID; the label only has to tell the bars apart and leave the bars room (on a
// phone the label column would otherwise take the whole chart).

import { escapeBidiControls } from "@/components/ui/bidi-controls";

export const MAX_LABEL = 28;

/**
 * Columns a character takes: 2 for East Asian wide and full-width characters (CJK, Hangul, kana,
 * full-width forms, emoji), which are drawn about twice as wide as a Latin letter; 1 otherwise.
 */
function columns(cp: number): 1 | 2 {
  return (cp >= 0x1100 && cp <= 0x115f) ||
    (cp >= 0x2e80 && cp <= 0xa4cf) ||
    (cp >= 0xac00 && cp <= 0xd7a3) ||
    (cp >= 0xf900 && cp <= 0xfaff) ||
    (cp >= 0xfe30 && cp <= 0xfe4f) ||
    (cp >= 0xff00 && cp <= 0xff60) ||
    (cp >= 0xffe0 && cp <= 0xffe6) ||
    (cp >= 0x1f300 && cp <= 0x1faff) ||
    (cp >= 0x20000 && cp <= 0x3fffd)
    ? 2
    : 1;
}

/** How many columns `text` takes (code points, wide ones counted twice). */
export function textColumns(text: string): number {
  let n = 0;
  for (const ch of text) n += columns(ch.codePointAt(0)!);
  return n;
}

/**
 * `abcdef…uvwxyz`: the first and last characters of `text` around an ellipsis, at most `max`
 * columns in all (textColumns: never cut inside a surrogate pair, a wide character counted twice).
 */
export function middleEllipsis(text: string, max = MAX_LABEL): string {
  if (textColumns(text) <= max) return text;
  const chars = [...text];
  const room = Math.max(0, max - 1);
  const headRoom = Math.ceil(room / 2);
  let head = 0;
  let used = 0;
  while (head < chars.length && used + columns(chars[head]!.codePointAt(0)!) <= headRoom) used += columns(chars[head++]!.codePointAt(0)!);
  let tail = chars.length;
  while (tail > head && used + columns(chars[tail - 1]!.codePointAt(0)!) <= room) used += columns(chars[--tail]!.codePointAt(0)!);
  return `${chars.slice(0, head).join("")}…${chars.slice(tail).join("")}`;
}

/** `abcdef…`: the first characters of `text`, at most `max` columns in all. */
function endEllipsis(text: string, max: number): string {
  if (textColumns(text) <= max) return text;
  let out = "";
  let used = 0;
  for (const ch of text) {
    const w = columns(ch.codePointAt(0)!);
    if (used + w > max - 1) break;
    out += ch;
    used += w;
  }
  return `${out}…`;
}

/** A MUC host without its usual first label (`conference.easemob.com` → `easemob.com`): what tells two hosts apart. */
function hostHint(host: string): string {
  const m = /^(?:conference|muc|chat|rooms?)\.(.+)$/i.exec(host);
  return m ? m[1]! : host;
}

const count = (labels: readonly string[]) => labels.reduce((m, l) => m.set(l, (m.get(l) ?? 0) + 1), new Map<string, number>());

/** One label per room, in the same order; distinct whenever the rooms' JIDs are; none wider than `max` columns. */
export function roomLabels(rooms: readonly { jid: string; name: string }[], max = MAX_LABEL): string[] {
  // Shown, not applied: a U+202E in a room's name would reorder the label (and the chart's text
  // after it) as it does in HTML (bidi-controls.ts).
  rooms = rooms.map((r) => ({ jid: escapeBidiControls(r.jid), name: escapeBidiControls(r.name) }));
  const names = rooms.map((r) => r.name || r.jid);
  const byName = count(names);
  /** The whole text a label stands for: the name, or the JID where two rooms share the name. */
  const whole = rooms.map((r, i) => ((byName.get(names[i]!) ?? 0) > 1 ? r.jid : names[i]!));
  const labels = rooms.map((room, i) => {
    const name = names[i]!;
    if (whole[i] === name || textColumns(whole[i]!) <= max) return middleEllipsis(whole[i]!, max);
    // A name two rooms share, too long with its host: both cut, the host to its telling start.
    const at = room.jid.lastIndexOf("@");
    const host = hostHint(at === -1 ? "" : room.jid.slice(at + 1));
    const hostMax = Math.min(textColumns(host), Math.max(5, Math.floor((max - 1) / 3)));
    return `${middleEllipsis(name, max - 1 - hostMax)}@${endEllipsis(host, hostMax)}`;
  });
  // Still alike once cut (names that differ only in their middle): numbered, within the same width.
  const alike = count(labels);
  const taken = new Set(labels.filter((l) => alike.get(l) === 1));
  const seen = new Map<string, number>();
  return labels.map((label, i) => {
    if (alike.get(label) === 1) return label;
    let n = seen.get(label) ?? 0;
    let numbered: string;
    do {
      n++;
      const suffix = ` #${n}`;
      numbered = `${middleEllipsis(whole[i]!, max - suffix.length)}${suffix}`;
    } while (taken.has(numbered));
    seen.set(label, n);
    taken.add(numbered);
    return numbered;
  });
}
