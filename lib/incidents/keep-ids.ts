// ## Incident ids that outlive a regroup
//
// People share links to an incident (`/builds?incidentId=14`). When an upload
// lands among a job's older builds, the whole job is grouped again, and the
// incidents that come out are new objects: without this they would all get new
// ids, and every shared link would point at nothing. So each regrouped incident
// takes the id of the stored incident it shares the most builds with ("builds"
// of an incident: those whose culprit it is), each stored id going to one
// incident at most:
//
// - a merge (an upload fills the gap between two incidents of one culprit): the
//   stored incident holding most of the merged one's builds keeps its id; the
//   other id is gone;
// - a split: the part holding most of the stored incident's builds keeps its id;
// - an incident sharing no build with a stored one, or only with stored ones
//   whose ids went to a larger overlap, gets a new id.
//
// Both come from one greedy rule: the pairs (stored, regrouped) sharing builds,
// largest overlap first, each taken when neither side has an id yet. Ties go to
// the earliest: the pair whose first shared build comes first in build order.
// Pure: the store hands it the job's builds and writes what it returns.

/** One build of the job, in build order: the stored incident it pointed at, and its incident in the new grouping. */
export type Membership<K> = {
  /** Id of the stored incident whose culprit the build was, or null. */
  before: number | null;
  /** The regrouped incident whose culprit it is (any key), or null. */
  after: K | null;
};

/**
 * Which stored id each regrouped incident keeps (see the top of this file).
 * `builds` in build order; returns regrouped incident → kept id, for those that keep one.
 */
export function keepIncidentIds<K>(builds: Iterable<Membership<K>>): Map<K, number> {
  // Every (stored, regrouped) pair sharing builds: how many, and where the first shared one sits.
  const pairs = new Map<number, Map<K, { before: number; after: K; shared: number; first: number }>>();
  let position = 0;
  for (const { before, after } of builds) {
    if (before !== null && after !== null) {
      let byAfter = pairs.get(before);
      if (!byAfter) pairs.set(before, (byAfter = new Map()));
      const pair = byAfter.get(after);
      if (pair) pair.shared++;
      else byAfter.set(after, { before, after, shared: 1, first: position });
    }
    position++;
  }
  const ranked = [...pairs.values()].flatMap((byAfter) => [...byAfter.values()]);
  ranked.sort((a, b) => b.shared - a.shared || a.first - b.first);

  const kept = new Map<K, number>();
  const taken = new Set<number>();
  for (const { before, after } of ranked) {
    if (taken.has(before) || kept.has(after)) continue;
    kept.set(after, before);
    taken.add(before);
  }
  return kept;
}
