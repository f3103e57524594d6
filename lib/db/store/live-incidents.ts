// ## Grouping an upload's incidents while its builds are stored (SQLite)
//
// An upload of a job's next builds resumes the job's open incidents over its
// own builds (incidents.ts). Done after the scan, that read the upload's builds
// back, grouped them and wrote thousands of incidents while the client waited:
// for a 100 MB log (~8,000 builds, ~7,500 incidents) about half a second after
// its last byte. Here the SQLite session groups each job's builds as they are
// queued for the writer thread, from the job's open incidents read at its
// first build, and an incident that closes (final: no later build changes it)
// is written by the writer thread with the batch, while the scan goes on. When
// the job is regrouped at the end, the same conditions as ever decide whether
// it resumes (`resumable`: the upload's builds all come after the job's
// others…), and also that the builds were queued in build order, that the
// open incidents are those it started from and that every build grouped is
// stored; then only the incidents still open and those resumed are written.
// Otherwise the live incidents are undone (unlinked, deleted) and the job is
// regrouped as before: the incidents are the same either way.
//
// Builds are named by their place in the transaction's batches (-1 - place)
// until the writer thread has given them ids (sqlite-writer-core.mjs).
import { type BuildFacts, type IncidentGrouper, incidentGrouper, type IncidentSpan } from "@/lib/incidents/group";
import { durationOf, jobWhere, openIncidents, placeholders, resumable, type SqlRunner, writeResumed } from "./incidents";
import type { BuildRow, TopRow } from "./types";

type LiveJob = {
  grouper: IncidentGrouper;
  /** The open incidents it resumed from. */
  resumedIds: number[];
  /** Builds grouped. */
  builds: number;
  /** The last build's place in build order (see `orderKey`). */
  last: OrderKey;
  /** False once it cannot stand for the job's regrouping (a build out of order, a file rolled back). */
  valid: boolean;
  /** The incidents written by the writer thread already. */
  written: Set<IncidentSpan>;
};

/**
 * A build's place in build order (incidents.ts buildOrder) but for its id, which follows the order
 * builds are queued in. Its start time as stored: SQLite compares that text.
 */
type OrderKey = [number, number, number, number, string];

function orderKey(build: BuildRow, stored: string | null): OrderKey {
  return [build.number === null ? 1 : 0, build.number ?? 0, build.attempt, stored === null ? 1 : 0, stored ?? ""];
}

function before(a: OrderKey, b: OrderKey): boolean {
  for (let k = 0; k < a.length; k++) if (a[k] !== b[k]) return (a[k] as number | string) < (b[k] as number | string);
  return false;
}

export type LiveIncidents = {
  /**
   * Groups a build as it is queued (`ref`: -1 - its place in the batches; `stored`: its start time
   * as stored); the incidents it closes go in `closed` (flat, sqlite-writer-core.mjs
   * LIVE_INCIDENT_COLUMNS) to be written with the batch. A promise only for a job's first build
   * (its open incidents are read).
   */
  add(build: BuildRow, top: TopRow[], ref: number, stored: string | null, closed: unknown[]): Promise<void> | void;
  /** A room's id as the upload stored it (a build names its room by id). */
  room(id: number, jid: string): void;
  /** A file was rolled back (a duplicate): the builds grouped so far may be gone. */
  rolledBack(): void;
  /** Regroups `job` from its live grouping: "resumed", or null when it must be regrouped otherwise (its live incidents undone). */
  finish(job: string | null, threshold: number, logIds: number[] | undefined): Promise<"resumed" | null>;
};

export function liveIncidents(
  sql: SqlRunner,
  threshold: number,
  date: (value: Date | string | null) => string | null,
  writer: {
    ids(job: string | null, refs: number[]): Promise<{ ids: number[]; failed: boolean }>;
    done(job: string | null, undo: boolean): Promise<void>;
  },
): LiveIncidents {
  const jobs = new Map<string | null, LiveJob>();
  const roomJids = new Map<number, string>();

  /** What loadFacts (incidents.ts) reads back of a stored build: its top entries at or above the threshold… */
  const facts = (build: BuildRow, top: TopRow[], ref: number, stored: string | null): BuildFacts | null => {
    const stuck: BuildFacts["top"] = [];
    let fromTop: number | null = null;
    for (const entry of top) {
      if (entry.queueLen < threshold) continue;
      stuck.push({ pid: entry.pid, queueLen: entry.queueLen, rank: entry.rank });
      if (fromTop === null && entry.pid === build.inspectedPid) fromTop = entry.queueLen;
    }
    const roomJid = build.roomId === null ? null : roomJids.get(build.roomId);
    if (roomJid === undefined) return null;
    return {
      id: ref,
      // ISO 8601 as read back (toIso): SQLite's text is that with "+00:00" for "Z" (sqlite.ts toSqliteDate).
      at: stored === null ? null : stored.endsWith("+00:00") ? `${stored.slice(0, -"+00:00".length)}Z` : new Date(stored).toISOString(),
      incident: build.incident,
      culpritClass: build.culpritClass,
      culpritSubject: build.culpritSubject,
      culpritPid: build.inspectedPid,
      culpritQueueLen: build.inspectedQueueLen ?? fromTop,
      roomId: build.roomId,
      roomJid,
      top: stuck,
      node: build.node,
    };
  };

  /** A job's first build: its open incidents are read, then it is grouped as any other. */
  const start = async (build: BuildRow, top: TopRow[], ref: number, stored: string | null, closed: unknown[]): Promise<void> => {
    const resume = await openIncidents(sql, build.job, threshold);
    const last = orderKey(build, stored);
    jobs.set(build.job, { grouper: incidentGrouper(threshold, resume), resumedIds: resume.map((span) => span.id as number), builds: 0, last, valid: true, written: new Set() });
    await live.add(build, top, ref, stored, closed);
  };

  const live: LiveIncidents = {
    room(id, jid) {
      roomJids.set(id, jid);
    },
    rolledBack() {
      for (const live of jobs.values()) live.valid = false;
    },
    add(build, top, ref, stored, closed) {
      const live = jobs.get(build.job);
      if (!live) return start(build, top, ref, stored, closed);
      if (!live.valid) return;
      const key = orderKey(build, stored);
      const fact = facts(build, top, ref, stored);
      if (fact === null || before(key, live.last)) {
        live.valid = false;
        return;
      }
      live.last = key;
      live.builds++;
      live.grouper.add(fact);
      for (const span of live.grouper.takeClosed()) {
        // Resumed ones are updated at the end; one keyed by its build's id waits for that id.
        if (span.id !== undefined || span.key.startsWith("build:")) continue;
        closed.push(
          build.job, span.keyKind, span.key, span.culpritClass, span.subject, span.roomId, span.firstBuildId, span.lastBuildId,
          date(span.firstAt), date(span.lastAt), durationOf(span), span.buildCount, span.peakQueueLen, threshold,
          span.lastSeenBuildId, date(span.lastSeenAt), span.peakBuildId,
          span.culpritBuildIds.length, ...span.culpritBuildIds,
        );
        live.written.add(span);
      }
    },
    async finish(job, regroupThreshold, logIds) {
      const live = jobs.get(job);
      if (!live) return null;
      jobs.delete(job);
      const undo = async () => {
        await writer.done(job, true);
        return null;
      };
      if (!live.valid || regroupThreshold !== threshold || !logIds || logIds.length === 0) return undo();
      // As the job would be resumed after the scan: the same conditions, the same open incidents.
      const resume = await resumable(sql, job, threshold, logIds);
      if (resume === null || resume.map((span) => span.id).join() !== live.resumedIds.join()) return undo();
      // Every build of the upload in this job was grouped (none stored otherwise, none refused).
      const j = jobWhere(job);
      const [count] = await sql.all<{ n: number }>(
        `SELECT count(*) AS "n" FROM "Build" WHERE ${j.clause} AND "logId" IN (${placeholders(logIds)})`,
        [...j.params, ...logIds],
      );
      if (Number(count?.n) !== live.builds) return undo();
      const rest = live.grouper.finish().filter((span) => !live.written.has(span));
      const refs = new Set<number>();
      for (const span of rest) {
        for (const id of [span.firstBuildId, span.lastBuildId, span.lastSeenBuildId, span.peakBuildId, ...span.culpritBuildIds]) if (id < 0) refs.add(id);
      }
      const asked = [...refs];
      const { ids, failed } = await writer.ids(job, asked);
      if (failed || ids.some((id) => id < 0)) return undo();
      const real = new Map(asked.map((ref, k) => [ref, ids[k] as number]));
      const named = (id: number) => (id < 0 ? (real.get(id) as number) : id);
      for (const span of rest) {
        span.firstBuildId = named(span.firstBuildId);
        span.lastBuildId = named(span.lastBuildId);
        span.lastSeenBuildId = named(span.lastSeenBuildId);
        span.peakBuildId = named(span.peakBuildId);
        span.culpritBuildIds = span.culpritBuildIds.map(named);
        if (span.key.startsWith("build:-")) span.key = `build:${named(Number(span.key.slice("build:".length)))}`;
      }
      await writeResumed(sql, job, threshold, rest);
      await writer.done(job, false);
      return "resumed";
    },
  };
  return live;
}
