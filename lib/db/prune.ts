// ## Retention: deleting the logs older than a date (`npm run db:prune`)
//
// A CI job that pushes every build (every few minutes, for the seed's monitor) grows the database
// without end. Pruning deletes whole uploaded logs, as DELETE /api/logs/{id} does one (their
// builds, top lists and samples), and regroups the incidents of the jobs they held, so that an
// incident that began before the cutoff is cut to the builds that stay.
//
// Which logs: uploaded before the cutoff, **and** every build of them from before it (a build's
// time is `Build.at`: its start time, else its upload). Both, so that neither a log pushed today
// with old builds (history loaded from files) nor an old upload of builds dated later (a wrong
// zone) goes the day it came (`wheneverUploaded` drops the first condition, for history loaded from
// old files on purpose). A log holding builds on both sides of the cutoff stays whole: a log
// is the unit of upload and of idempotence (its sha256), and half of it would be no log.
//
// Work comes in batches of at most `batchBuilds` builds, each one transaction (its deletions, then
// its jobs' regrouping): on SQLite a batch holds the one writer, and uploads arriving meanwhile
// wait for that batch only, not for the whole prune. On PostgreSQL a deletion takes its jobs'
// locks in the order every upload takes them (regroupOrder); a batch holds logs of the same jobs
// (nearly always one), so it takes its locks in that order too.
import "server-only";
import { getPrisma } from "./client";
import { getStore } from "./store";
import { regroupOrder } from "./store/incidents";

export type PruneOptions = {
  /** Logs uploaded before this instant whose builds are all from before it go. */
  before: Date;
  /**
   * Whenever they were uploaded: the logs whose builds all ran before `before` go, also those
   * uploaded since (history loaded from old files, an operator's review: it could not be pruned
   * until it was old as an upload too).
   */
  wheneverUploaded?: boolean;
  /**
   * Only logs whose builds are all of this job (and that hold at least one); null: only logs whose
   * builds all have no job (a cron job's file, a log pasted by hand).
   */
  job?: string | null;
  /** Count what would go; delete nothing. */
  dryRun?: boolean;
  /** Incident threshold the regrouping uses (the dashboard's INCIDENT_THRESHOLD). */
  threshold: number;
  /** Builds per transaction, at most (a log is never split: one bigger log is a batch alone). Default 5,000. */
  batchBuilds?: number;
  /** After each batch is committed: the running totals. */
  onBatch?: (done: { logs: number; builds: number; ofLogs: number; ofBuilds: number }) => void | Promise<void>;
};

export type PruneResult = {
  /** Logs (and their builds) deleted, or that would be with `dryRun`. */
  logs: number;
  builds: number;
  /** Jobs whose incidents were regrouped (or would be), in regroup order; null is the builds without a job. */
  jobs: (string | null)[];
  /** The oldest and newest upload among the logs, ISO 8601; null when none. */
  firstUploadedAt: string | null;
  lastUploadedAt: string | null;
  dryRun: boolean;
};

type Candidate = { id: number; builds: number; uploadedAt: Date; jobs: (string | null)[] };

/** The logs `options` selects, oldest id first, with their jobs. */
async function candidates(options: Pick<PruneOptions, "before" | "job" | "wheneverUploaded">): Promise<Candidate[]> {
  const prisma = getPrisma();
  const { before, job } = options;
  const where = {
    uploadedAt: options.wheneverUploaded ? undefined : { lt: before },
    AND: [
      // Every build from before the cutoff (a build without a time counts as new: it stays).
      { builds: { none: { OR: [{ at: { gte: before } }, { at: null }] } } },
      // Every build of the job: none of another job or of none (`every: { job }` lets a NULL job
      // through, as SQL's NOT (job = ?) is not true for it).
      ...(job === undefined
        ? []
        : job === null
          ? [{ builds: { none: { NOT: { job: null } } } }, { builds: { some: {} } }]
          : [{ builds: { none: { OR: [{ job: { not: job } }, { job: null }] } } }, { builds: { some: {} } }]),
    ],
  };
  const logs = await prisma.log.findMany({ where, select: { id: true, buildCount: true, uploadedAt: true }, orderBy: { id: "asc" } });
  const jobsOf = new Map<number, (string | null)[]>();
  // The jobs of each, in one query over the same selection (no list of ids: it may be 100,000 long).
  const pairs = await prisma.build.groupBy({ by: ["logId", "job"], where: { log: where } });
  for (const { logId, job: name } of pairs) {
    const list = jobsOf.get(logId);
    if (list) list.push(name);
    else jobsOf.set(logId, [name]);
  }
  return logs.map((log) => ({ id: log.id, builds: log.buildCount, uploadedAt: log.uploadedAt, jobs: regroupOrder(jobsOf.get(log.id) ?? []) }));
}

/**
 * The candidates in batches of up to `size` builds (a bigger log is a batch alone), each of logs
 * with the same jobs: a batch's deletions then take those jobs' locks in regroup order whatever
 * its logs (every log re-takes the same ones), as an upload takes them. Most logs hold one job.
 */
function batches(list: Candidate[], size: number): Candidate[][] {
  const byJobs = new Map<string, Candidate[]>();
  for (const log of list) {
    const key = JSON.stringify(log.jobs);
    const group = byJobs.get(key);
    if (group) group.push(log);
    else byJobs.set(key, [log]);
  }
  const out: Candidate[][] = [];
  for (const group of byJobs.values()) {
    let batch: Candidate[] = [];
    let builds = 0;
    for (const log of group) {
      if (batch.length > 0 && builds + log.builds > size) {
        out.push(batch);
        batch = [];
        builds = 0;
      }
      batch.push(log);
      builds += log.builds;
    }
    if (batch.length > 0) out.push(batch);
  }
  return out;
}

/** Deletes (or with `dryRun`, counts) the logs older than `options.before`; see the top of this file. */
export async function pruneLogs(options: PruneOptions): Promise<PruneResult> {
  const list = await candidates(options);
  const jobs = regroupOrder(list.flatMap((log) => log.jobs));
  // A loop, not Math.min(...list): 125,000 arguments overflow the stack (a year of a job pushing every few minutes).
  let first = Infinity;
  let last = -Infinity;
  for (const log of list) {
    const at = log.uploadedAt.getTime();
    if (at < first) first = at;
    if (at > last) last = at;
  }
  const result: PruneResult = {
    logs: 0,
    builds: 0,
    jobs,
    firstUploadedAt: list.length ? new Date(first).toISOString() : null,
    lastUploadedAt: list.length ? new Date(last).toISOString() : null,
    dryRun: options.dryRun ?? false,
  };
  const ofLogs = list.length;
  const ofBuilds = list.reduce((sum, log) => sum + log.builds, 0);
  if (options.dryRun) return { ...result, logs: ofLogs, builds: ofBuilds };
  const store = await getStore();
  for (const batch of batches(list, options.batchBuilds ?? 5000)) {
    const done = await store.transaction(async (session) => {
      let logs = 0;
      let builds = 0;
      const touched = new Set<string | null>();
      // The snapshots' locks of every log of the batch before the first log's jobs' (see lockSnapshotsOfWith).
      await session.lockSnapshots(batch.map((log) => log.id));
      for (const log of batch) {
        // Null: deleted meanwhile (DELETE /api/logs, another prune): nothing to count.
        const deleted = await session.deleteLog(log.id);
        if (!deleted) continue;
        logs++;
        builds += deleted.builds;
        for (const job of deleted.jobs) touched.add(job);
      }
      for (const job of regroupOrder(touched)) await session.rebuildIncidents(job, options.threshold);
      return { logs, builds };
    });
    result.logs += done.logs;
    result.builds += done.builds;
    await options.onBatch?.({ logs: result.logs, builds: result.builds, ofLogs, ofBuilds });
  }
  return result;
}
