// Message samples grouped by destination (else by kind): "20 of 20 go to
// room X" is the sentence the seed analysis wrote by hand for every build.
import { bareJid } from "@/lib/classify/jid";
import type { SampleDto } from "@/lib/db/queries";

export type SampleGroup<S extends SampleDto = SampleDto> = { key: string; kinds: string[]; destination: string | null; samples: S[] };

/** Bare JID, folded as the classifier folds it: `Room@Conference.Host/nick` and `room@conference.host` are one room. */
export function normalizeDestination(destination: string): string {
  // Only JIDs are normalised; other destinations (an M:F, a pid) stay as they are.
  if (!destination.includes("@")) return destination;
  return bareJid(destination)?.jid ?? destination.split("/")[0] ?? destination;
}

export function groupSamples<S extends SampleDto>(samples: S[]): SampleGroup<S>[] {
  const groups = new Map<string, SampleGroup<S>>();
  for (const sample of samples) {
    const destination = sample.destination ? normalizeDestination(sample.destination) : null;
    const key = destination ? `to\u0000${destination}` : `kind\u0000${sample.kind}`;
    let group = groups.get(key);
    if (!group) {
      group = { key, kinds: [], destination, samples: [] };
      groups.set(key, group);
    }
    if (!group.kinds.includes(sample.kind)) group.kinds.push(sample.kind);
    group.samples.push(sample);
  }
  // Groups that go somewhere (a room, an M:F) are what decided the culprit: first, biggest first.
  return [...groups.values()].sort(
    (a, b) => Number(b.destination !== null) - Number(a.destination !== null) || b.samples.length - a.samples.length,
  );
}

/** `20 of 20 go to snh-48#…@conference.easemob.com ($gen_event)`, `1 of 20 goes to …`, or `3 of 20 $gen_call`. */
export function describeGroup(group: SampleGroup<SampleDto>, total: number): string {
  const count = `${group.samples.length} of ${total}`;
  const kinds = group.kinds.join(", ");
  return group.destination ? `${count} ${group.samples.length === 1 ? "goes" : "go"} to ${group.destination} (${kinds})` : `${count} ${kinds}`;
}
