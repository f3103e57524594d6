// ## A log file that grew since it was stored
//
// A monitor that appends a run to one file every few minutes (cron, no CI) leaves a file that is
// uploaded again and again as it grows. Its first bytes are the log stored last time: every run in
// them is stored already. The ingest (lib/db/ingest.ts) finds that stored log among the latest
// logs of the same file name (`findGrownCandidatesWith`), checks by sha256 that this file begins
// with it, and the new log then takes over the stored one's builds, ids and links unchanged
// (`adoptGrownLogWith`): only the runs after them are new. The stored log's last run is the one
// that may have been read while the monitor was still writing it: it is kept when it reads the
// same now (`buildFingerprint`), and replaced by what the whole run says otherwise.
import type { BuildRow, SampleRow, TopRow } from "./types";
import { deleteLogWith } from "./delete-log";
import type { SqlRunner } from "./incidents";

/** How many of the latest logs of a file name are checked for being the beginning of an upload. */
export const GROWN_CANDIDATES = 4;

/** A stored log an upload of the same file name may have grown from. */
export type GrownCandidate = {
  logId: number;
  fileName: string;
  sha256: string;
  size: number;
  /** The `seq` of its last build: the run that may have been cut when it was read. */
  lastSeq: number;
  /** Its builds' one job: a log whose builds belong to several jobs is not taken over (see ingest). */
  job: string | null;
  /** Its last build's other names: an upload whose run there has others is not this log grown. */
  last: { sourceKind: string; number: number | null; attempt: number };
  builds: number;
};

/**
 * The latest stored logs named `fileName` (newest first, at most GROWN_CANDIDATES, leaving out
 * `exclude`: this upload's own), with their last run and their builds' job. Logs of builds of
 * several jobs, and logs still being written by another upload (a `pending:` sha256), are left out.
 */
export async function findGrownCandidatesWith(sql: SqlRunner, fileName: string, exclude: ReadonlySet<number>): Promise<GrownCandidate[]> {
  const rows = await sql.all<{ logId: number; sha256: string; size: number | string }>(
    `SELECT "id" AS "logId", "sha256", "size" FROM "Log" WHERE "fileName" = ? ORDER BY "id" DESC LIMIT ?`,
    [fileName, GROWN_CANDIDATES + exclude.size],
  );
  return candidatesOf(sql, rows.map((row) => ({ ...row, fileName })), exclude);
}

/**
 * The logs of `rows` (newest first) as candidates, at most GROWN_CANDIDATES, leaving out `exclude`
 * (this upload's own), logs still being written by another upload (a `pending:` sha256) and logs
 * whose builds are of several jobs.
 */
async function candidatesOf(
  sql: SqlRunner,
  rows: { logId: number; fileName: string; sha256: string; size: number | string }[],
  exclude: ReadonlySet<number>,
): Promise<GrownCandidate[]> {
  const candidates: GrownCandidate[] = [];
  for (const row of rows) {
    const logId = Number(row.logId);
    if (exclude.has(logId) || row.sha256.startsWith("pending:") || candidates.length === GROWN_CANDIDATES) continue;
    const candidate = await candidateOf(sql, { logId, fileName: row.fileName, sha256: row.sha256, size: Number(row.size) });
    if (candidate) candidates.push(candidate);
  }
  return candidates;
}

/** A stored log as a candidate: its last run and its builds' one job; null when its builds are of several jobs (or none). */
async function candidateOf(sql: SqlRunner, log: { logId: number; fileName: string; sha256: string; size: number }): Promise<GrownCandidate | null> {
  const jobs = await sql.all<{ job: string | null; lastSeq: number | string; builds: number | string }>(
    `SELECT "job", max("seq") AS "lastSeq", count(*) AS "builds" FROM "Build" WHERE "logId" = ? GROUP BY "job" LIMIT 2`,
    [log.logId],
  );
  if (jobs.length !== 1) return null;
  const [only] = jobs;
  const lastSeq = Number(only!.lastSeq);
  const [last] = await sql.all<{ sourceKind: string; number: number | null; attempt: number }>(`SELECT "sourceKind", "number", "attempt" FROM "Build" WHERE "logId" = ? AND "seq" = ?`, [
    log.logId,
    lastSeq,
  ]);
  if (!last) return null;
  return {
    ...log,
    lastSeq,
    job: only!.job,
    builds: Number(only!.builds),
    last: { sourceKind: last.sourceKind, number: last.number === null ? null : Number(last.number), attempt: Number(last.attempt) },
  };
}

/**
 * The stored logs (newest first, at most GROWN_CANDIDATES, leaving out `exclude`) whose build at
 * `build.seq` is this one: same source, job, number, start, inspected process and queue length.
 * A file that begins with such a log is read under any name (a copy renamed by a browser's
 * download, a rotated file, a raw body sent without `filename=`).
 */
export async function findLogsBeginningWithWith(
  sql: SqlRunner,
  build: Pick<BuildRow, "seq" | "sourceKind" | "job" | "number" | "startedAt" | "inspectedPid" | "inspectedQueueLen">,
  exclude: ReadonlySet<number>,
): Promise<GrownCandidate[]> {
  // `= ?`, or `IS NULL`: an index serves both (PostgreSQL's IS NOT DISTINCT FROM would read every build).
  const where: string[] = [];
  const params: unknown[] = [];
  const match = (column: string, value: unknown) => {
    if (value === null) where.push(`b."${column}" IS NULL`);
    else {
      where.push(`b."${column}" = ?`);
      params.push(value);
    }
  };
  match("seq", build.seq);
  match("sourceKind", build.sourceKind);
  match("job", build.job);
  match("number", build.number);
  match("startedAt", build.startedAt === null ? null : sql.date(build.startedAt));
  match("inspectedPid", build.inspectedPid);
  match("inspectedQueueLen", build.inspectedQueueLen);
  const rows = await sql.all<{ logId: number; fileName: string; sha256: string; size: number | string }>(
    `SELECT l."id" AS "logId", l."fileName", l."sha256", l."size" FROM "Log" l
      WHERE l."id" IN (SELECT b."logId" FROM "Build" b WHERE ${where.join(" AND ")})
      ORDER BY l."id" DESC LIMIT ?`,
    [...params, GROWN_CANDIDATES + exclude.size],
  );
  return candidatesOf(sql, rows, exclude);
}

/** What identifies a run's content, as stored: its names, times, process and every entry. */
type Content = {
  sourceKind: string;
  node: string | null;
  job: string | null;
  number: number | null;
  attempt: number;
  startedAt: number | null;
  url: string | null;
  killedCount: number | null;
  inspectedPid: string | null;
  inspectedQueueLen: number | null;
  inspectedDead: boolean;
  top: [number, string, number][];
  samples: [number, string][];
};

/**
 * What may differ between two readings of one run that a copy cut before its message list
 * (see the ingest's Shorter): its inspected process, left out with `withInspected` false.
 */
function fingerprint(content: Content, withInspected = true): string {
  return JSON.stringify(withInspected ? content : { ...content, inspectedPid: null, inspectedQueueLen: null, inspectedDead: false });
}

/** The fingerprint of a run about to be stored as these rows (what `buildFingerprintWith` reads back of a stored one). */
export function rowsFingerprint(build: BuildRow, top: TopRow[], samples: SampleRow[], withInspected = true): string {
  return fingerprint(
    {
      sourceKind: build.sourceKind,
      node: build.node,
      job: build.job,
      number: build.number,
      attempt: build.attempt,
      startedAt: build.startedAt === null ? null : build.startedAt.getTime(),
      url: build.url,
      killedCount: build.killedCount,
      inspectedPid: build.inspectedPid,
      inspectedQueueLen: build.inspectedQueueLen,
      inspectedDead: build.inspectedDead,
      top: top.map((entry) => [entry.rank, entry.pid, entry.queueLen]),
      samples: samples.map((sample) => [sample.index, sample.raw]),
    },
    withInspected,
  );
}

/**
 * The fingerprint of stored build `seq` of log `logId` (see rowsFingerprint), or null when there is
 * none; with `sampleLimit`, of its first that many samples (what a copy cut in its message list
 * holds whole: see the ingest's Shorter), and without its inspected process if `withInspected` is false.
 */
export async function buildFingerprintWith(sql: SqlRunner, logId: number, seq: number, sampleLimit?: number, withInspected = true): Promise<string | null> {
  type Row = Omit<Content, "startedAt" | "inspectedDead" | "top" | "samples"> & { id: number; startedAt: string | Date | null; inspectedDead: number | boolean };
  const [build] = await sql.all<Row>(
    `SELECT "id", "sourceKind", "node", "job", "number", "attempt", "startedAt", "url", "killedCount", "inspectedPid", "inspectedQueueLen", "inspectedDead"
       FROM "Build" WHERE "logId" = ? AND "seq" = ?`,
    [logId, seq],
  );
  if (!build) return null;
  const top = await sql.all<{ rank: number; pid: string; queueLen: number }>(`SELECT "rank", "pid", "queueLen" FROM "TopEntry" WHERE "buildId" = ? ORDER BY "rank", "id"`, [build.id]);
  const samples = await sql.all<{ index: number; raw: string }>(`SELECT "index", "raw" FROM "Sample" WHERE "buildId" = ? ORDER BY "index", "id"`, [build.id]);
  const number = (value: number | string | null) => (value === null ? null : Number(value));
  return fingerprint(
    {
      sourceKind: build.sourceKind,
      node: build.node,
      job: build.job,
      number: number(build.number),
      attempt: Number(build.attempt),
      startedAt: build.startedAt === null ? null : new Date(build.startedAt).getTime(),
      url: build.url,
      killedCount: number(build.killedCount),
      inspectedPid: build.inspectedPid,
      inspectedQueueLen: number(build.inspectedQueueLen),
      inspectedDead: Boolean(build.inspectedDead),
      top: top.map((entry) => [Number(entry.rank), entry.pid, Number(entry.queueLen)]),
      samples: samples.slice(0, sampleLimit).map((sample) => [Number(sample.index), sample.raw]),
    },
    withInspected,
  );
}

/**
 * How many builds of log `from` before `keepBelowSeq` stand at a `seq` where log `to` (the upload)
 * holds a build of another source, job, number or attempt: the same bytes read under other names
 * (the upload sent `job=`, `number=` or `attempt=` that the stored log's upload did not). Such a log
 * is not taken over. Compared here, not by a join: a join of two logs' builds on `seq` read every
 * pair through the `logId` index (11 s for two logs of 8,000 builds on SQLite).
 */
export async function grownMismatchesWith(sql: SqlRunner, from: number, to: number, keepBelowSeq: number): Promise<number> {
  type Names = { seq: number; sourceKind: string; job: string | null; number: number | null; attempt: number };
  const read = (logId: number) =>
    sql.all<Names>(`SELECT "seq", "sourceKind", "job", "number", "attempt" FROM "Build" WHERE "logId" = ? AND "seq" < ?`, [logId, keepBelowSeq]);
  const num = (value: number | null) => (value === null ? null : Number(value));
  const mine = new Map((await read(to)).map((build) => [Number(build.seq), build]));
  let mismatches = 0;
  for (const stored of await read(from)) {
    const own = mine.get(Number(stored.seq));
    if (!own) continue;
    if (own.sourceKind !== stored.sourceKind || own.job !== stored.job || num(own.number) !== num(stored.number) || Number(own.attempt) !== Number(stored.attempt)) mismatches++;
  }
  return mismatches;
}

/**
 * Log `to` takes over the builds of log `from` before `keepBelowSeq` (ids, links, incidents as
 * they are; its own reading of those runs is dropped), then `from` is deleted with what is left of
 * it (its last build, when the upload's reading of it differs). `lockJob` is taken first for the
 * builds' one job (PostgreSQL: as a deletion takes it, before any row). Null when `from` is gone
 * (deleted meanwhile); else the ids of the builds taken over and how many of `from`'s went.
 * (Reads and writes by `logId` and `seq` ranges: linear in the two logs' builds.)
 */
export async function adoptGrownLogWith(
  sql: SqlRunner,
  args: { from: number; to: number; keepBelowSeq: number; job: string | null },
  order: (jobs: (string | null)[]) => (string | null)[],
  lockJob: (job: string | null) => Promise<void> = async () => {},
  /** Run once `from` is gone, before `to`'s builds are counted (the upload's reading of the last run, stored in its place). */
  then: () => Promise<void> = async () => {},
): Promise<{ kept: number[]; dropped: number } | null> {
  const { from, to, keepBelowSeq } = args;
  await lockJob(args.job);
  const [log] = await sql.all<{ id: number }>(`SELECT "id" FROM "Log" WHERE "id" = ?`, [from]);
  if (!log) return null;
  // The upload's own reading of the runs kept goes: the stored builds are those runs.
  await sql.run(`DELETE FROM "Build" WHERE "logId" = ? AND "seq" IN (SELECT "seq" FROM "Build" WHERE "logId" = ? AND "seq" < ?)`, [to, from, keepBelowSeq]);
  const kept = (await sql.all<{ id: number }>(`SELECT "id" FROM "Build" WHERE "logId" = ? AND "seq" < ? ORDER BY "seq"`, [from, keepBelowSeq])).map((row) => Number(row.id));
  await sql.run(`UPDATE "Build" SET "logId" = ? WHERE "logId" = ? AND "seq" < ?`, [to, from, keepBelowSeq]);
  const deleted = await deleteLogWith(sql, from, order, lockJob);
  await then();
  await sql.run(`UPDATE "Log" SET "buildCount" = (SELECT count(*) FROM "Build" WHERE "logId" = ?) WHERE "id" = ?`, [to, to]);
  return { kept, dropped: deleted?.builds ?? 0 };
}
