// Names for the rooms chart's bars, one per room and all different: a room's
// name, with its host where another room of the chart has the same name, cut
// in the middle when long (the ends of a generated room name are what tell
// `pocket48_76366185259598244` from `pocket48_76366191207121304`).

export const MAX_LABEL = 28;

/** `abcdef…uvwxyz`: the first and last characters of `text`, at most `max` in all (code points, not UTF-16 units). */
export function middleEllipsis(text: string, max = MAX_LABEL): string {
  const chars = [...text];
  if (chars.length <= max) return text;
  const head = Math.ceil((max - 1) / 2);
  const tail = max - 1 - head;
  return `${chars.slice(0, head).join("")}…${chars.slice(chars.length - tail).join("")}`;
}

/** One label per room, in the same order; distinct whenever the rooms' JIDs are. */
export function roomLabels(rooms: readonly { jid: string; name: string }[], max = MAX_LABEL): string[] {
  const count = (labels: string[]) => labels.reduce((m, l) => m.set(l, (m.get(l) ?? 0) + 1), new Map<string, number>());
  const names = rooms.map((r) => r.name || r.jid);
  const byName = count(names);
  // A name two rooms share is told apart by the host: the whole JID.
  const full = rooms.map((r, i) => ((byName.get(names[i]!) ?? 0) > 1 ? r.jid : names[i]!));
  let labels = full.map((l) => middleEllipsis(l, max));
  // Cut short, two labels may still meet: those then show their whole text.
  const cut = count(labels);
  labels = labels.map((l, i) => ((cut.get(l) ?? 0) > 1 ? full[i]! : l));
  // Whole JIDs cannot meet; whole names can only where the JIDs are the same room listed twice.
  return labels;
}
