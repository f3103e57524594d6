// ## Incidents that span builds
//
// The monitor runs every few minutes; a room process that stays stuck shows up
// on top build after build (the seed's <6562.783.478> blocked one room for
// eleven builds over two days). One incident is the same stuck process — the
// same pid, or for a room whose process was restarted, the same room — present
// in consecutive builds of a job. "Present" means it is the build's culprit, or
// still in the build's top-N list at or above the threshold while another
// process is inspected (the seed's build 25870 inspected a second room while
// <6562.783.478> sat second in the list). The first build where it is absent
// closes the incident. The incident runs from its first to its last culprit
// build and counts those; builds where it only sat lower in the list keep it
// open without counting. A pid names a process on one node: a build whose node is known
// (etop, recon) and differs from the incident's neither extends nor closes it (a job's
// snapshots from two nodes are two streams of evidence). Pure: the ingest feeds it rows and
// stores the result.

export type BuildFacts = {
  id: number;
  /** When the build ran (ISO), if known. */
  at: string | null;
  /** At or above the threshold (the build is an incident build). */
  incident: boolean;
  culpritClass: string | null;
  culpritSubject: string | null;
  culpritPid: string | null;
  /** Queue of the culprit: the inspected length, or its top-N length when it died. */
  culpritQueueLen: number | null;
  roomId: number | null;
  roomJid: string | null;
  /** Its top-list entries at or above the threshold; `rank` 1 is the top of the list. */
  top: { pid: string; queueLen: number; rank?: number }[];
  /** The Erlang node the build's snapshot names (etop, recon), or null (the monitor's runs, watchdogs). */
  node?: string | null;
};

export type IncidentSpan = {
  keyKind: "room" | "pid";
  key: string;
  culpritClass: string;
  subject: string | null;
  roomId: number | null;
  firstBuildId: number;
  lastBuildId: number;
  /** The earliest and the latest start time among its culprit builds (null while none gives one). */
  firstAt: string | null;
  lastAt: string | null;
  /** Builds whose culprit it was (builds where it only sat lower in the top list bridge, uncounted). */
  buildCount: number;
  /**
   * The last build it was present in: its culprit, or one where it sat lower in the top list at or
   * above the threshold (a bridge). After its last culprit build the process may still be stuck in
   * the next ones (the seed's <6562.783.478>: last culprit at #25846, still second in #25864 and
   * #25870, gone at #25877): "to #25846" alone read as "stopped then" (an operator's review).
   */
  lastSeenBuildId: number;
  /** The latest start time among the builds it was present in (null while none gives one). */
  lastSeenAt: string | null;
  peakQueueLen: number;
  /**
   * The culprit build that gave `peakQueueLen` (the first to reach it): its inspected queue, or its
   * top list's when its process had died by the check or none was inspected. A p1_mysql connection
   * whose last build found it dead had its peak, 43,000, from that build's top list, and the lists
   * called it the queue "when inspected" (an on-call review): the build says which it was.
   */
  peakBuildId: number;
  /** Builds whose culprit this incident is (they point at it). */
  culpritBuildIds: number[];
  /** Every pid the incident's process had (a restarted room gets a new one). */
  pids: string[];
  /** Still open after the last build grouped: the next build of the job can extend it. */
  open: boolean;
  /**
   * Opened by a run that inspected no process, and none of its builds has yet: class unknown until
   * one that did joins it and gives it its own (see `groupIncidents`). Read back on resume from its
   * builds (none with an inspected pid).
   */
  provisional?: boolean;
  /** The node of its first build, when known: its pids are that node's (see above). */
  node?: string | null;
  /** The stored incident's id, for one passed in `resume` (see `groupIncidents`). */
  id?: number;
};

/** What an incident is (its key, class, subject and room), from the build that opens it. */
function identity(build: BuildFacts, culpritPid: string | null, culpritClass: string): Pick<IncidentSpan, "keyKind" | "key" | "culpritClass" | "subject" | "roomId"> {
  const byRoom = build.roomJid !== null && build.roomId !== null;
  return {
    keyKind: byRoom ? "room" : "pid",
    key: byRoom ? (build.roomJid as string) : (culpritPid ?? `build:${build.id}`),
    culpritClass,
    subject: build.culpritSubject,
    roomId: build.roomId,
  };
}

/**
 * The process on top of a build's list: rank 1, whose queue made the build an incident (see
 * isIncident); without ranks, the longest queue.
 */
function topOf(top: BuildFacts["top"]): BuildFacts["top"][number] | null {
  let best: BuildFacts["top"][number] | null = null;
  for (const entry of top) {
    const better = best === null || (entry.rank !== undefined && best.rank !== undefined ? entry.rank < best.rank : entry.queueLen > best.queueLen);
    if (better) best = entry;
  }
  return best;
}

/**
 * Groups a job's builds, in build order, into incidents.
 *
 * `resume` continues a grouping instead of starting afresh: the incidents that
 * were still open after the builds grouped before (`open: true`), in the order
 * they were opened, with the pids they had. Grouping builds A and then, resumed
 * with A's open incidents, builds B gives the same incidents as grouping A + B
 * at once; the resumed ones come back with their `id`, and `culpritBuildIds`
 * lists only the builds of B that joined them (start them with an empty list).
 */
export function groupIncidents(builds: BuildFacts[], threshold: number, resume: IncidentSpan[] = []): IncidentSpan[] {
  const grouper = incidentGrouper(threshold, resume);
  for (const build of builds) grouper.add(build);
  return grouper.finish();
}

/** `groupIncidents` a build at a time (an upload groups its builds as it stores them: lib/db/store/live-incidents.ts). */
export type IncidentGrouper = {
  /** Groups the next build, in build order. */
  add(build: BuildFacts): void;
  /** The incidents closed (final: no later build changes them) since the last call, in the order they closed. */
  takeClosed(): IncidentSpan[];
  /** Every incident, those closed and those still open, by first build: what `groupIncidents` answers. */
  finish(): IncidentSpan[];
};

const NONE: IncidentSpan[] = [];

export function incidentGrouper(threshold: number, resume: IncidentSpan[] = []): IncidentGrouper {
  const done: IncidentSpan[] = [];
  let taken = 0;
  let open: IncidentSpan[] = [...resume];

  const add = (build: BuildFacts): void => {
    const stuck = new Map<string, number>();
    for (const entry of build.top) if (entry.queueLen >= threshold) stuck.set(entry.pid, entry.queueLen);
    // A run that inspected no process (its log ends after the top list, or an excerpt kept only the
    // list) is an incident on its top list alone: the process on top is the stuck one, its class
    // unknown. Left out, its build said "incident" in the lists while no incident held it.
    const uninspected = build.incident && build.culpritPid === null && build.culpritClass === null ? topOf(build.top) : null;
    const culpritPid = build.incident ? (build.culpritPid ?? uninspected?.pid ?? null) : null;
    const culpritQueueLen = uninspected ? uninspected.queueLen : build.culpritQueueLen;
    const culpritClass = build.culpritClass ?? (uninspected ? "unknown" : null);
    if (culpritPid) stuck.set(culpritPid, Math.max(stuck.get(culpritPid) ?? 0, culpritQueueLen ?? 0));

    let culpritClaimed = false;
    const stillOpen: IncidentSpan[] = [];
    for (const incident of open) {
      const sameRoom = build.incident && build.roomId !== null && incident.roomId === build.roomId;
      if (!sameRoom && incident.node && build.node && incident.node !== build.node) {
        // Another node's snapshot: its pids are other processes.
        stillOpen.push(incident);
        continue;
      }
      const pidHere = incident.pids.find((pid) => stuck.has(pid));
      if (!sameRoom && pidHere === undefined) {
        incident.open = false;
        done.push(incident);
        continue;
      }
      const isCulprit = build.incident && !culpritClaimed && (sameRoom || (culpritPid !== null && incident.pids.includes(culpritPid)));
      // Present, as its culprit or lower in the list: seen here.
      incident.lastSeenBuildId = build.id;
      if (build.at !== null && (incident.lastSeenAt === null || Date.parse(build.at) > Date.parse(incident.lastSeenAt))) incident.lastSeenAt = build.at;
      if (isCulprit) {
        // Only builds whose culprit it is extend and count; a build where it
        // merely sits lower in the top list keeps it open without counting.
        culpritClaimed = true;
        incident.lastBuildId = build.id;
        // The earliest and the latest time its builds give (builds are in number order, and a
        // build's time may come before an earlier number's, or be unknown): never a negative span.
        if (build.at !== null) {
          if (incident.firstAt === null || Date.parse(build.at) < Date.parse(incident.firstAt)) incident.firstAt = build.at;
          if (incident.lastAt === null || Date.parse(build.at) > Date.parse(incident.lastAt)) incident.lastAt = build.at;
        }
        incident.buildCount++;
        if ((culpritQueueLen ?? 0) > incident.peakQueueLen) {
          incident.peakQueueLen = culpritQueueLen ?? 0;
          incident.peakBuildId = build.id;
        }
        incident.culpritBuildIds.push(build.id);
        if (culpritPid && !incident.pids.includes(culpritPid)) incident.pids.push(culpritPid);
        if (incident.provisional && !uninspected) {
          // Opened by runs that inspected no process: the first that did says what it is
          // (its class, subject, room and key), as if it had opened it.
          Object.assign(incident, identity(build, culpritPid, build.culpritClass as string));
          incident.provisional = false;
        }
      }
      stillOpen.push(incident);
    }
    open = stillOpen;

    if (build.incident && !culpritClaimed && culpritClass) {
      // Field by field: built with spreads (`...identity(…)`, `...(uninspected ? … : {})`), each new
      // incident cost ~10 µs, most of grouping a 100 MB log's 8,400 builds (75 ms, now 3 ms).
      const what = identity(build, culpritPid, culpritClass);
      const span: IncidentSpan = {
        keyKind: what.keyKind,
        key: what.key,
        culpritClass: what.culpritClass,
        subject: what.subject,
        roomId: what.roomId,
        firstBuildId: build.id,
        lastBuildId: build.id,
        firstAt: build.at,
        lastAt: build.at,
        buildCount: 1,
        lastSeenBuildId: build.id,
        lastSeenAt: build.at,
        peakQueueLen: culpritQueueLen ?? 0,
        peakBuildId: build.id,
        culpritBuildIds: [build.id],
        pids: culpritPid ? [culpritPid] : [],
        open: true,
        node: build.node ?? null,
      };
      if (uninspected) span.provisional = true;
      open.push(span);
    }
  };

  return {
    add,
    takeClosed: () => {
      if (taken === done.length) return NONE;
      const closed = done.slice(taken);
      taken = done.length;
      return closed;
    },
    finish: () => [...done, ...open].sort((a, b) => a.firstBuildId - b.firstBuildId),
  };
}
