// ## A snapshot several consoles print
//
// A job whose console prints the same ejabberd.log lines in every build (`tail ejabberd.log`)
// shows one watchdog warning in several consoles. It is stored once, as a build of the log
// uploaded first (the ingest finds it with `findSnapshot` and leaves the others' copies out); each
// other log records here that it holds the snapshot too, at which run. When the build's log is
// deleted (by hand, by a prune, or replaced by a file grown from it), the build moves to the
// oldest log still holding a copy, at that copy's run, with its id, links and incident unchanged:
// what a fresh upload of the logs that remain would have stored (lib/db/differential.test.ts).
import type { SqlRunner } from "./incidents";

/** What names one snapshot: the ingest's `findSnapshot` compares these. */
export type SnapshotKey = { sourceKind: string; startedAt: Date; pid: string; node: string | null; job: string | null };

/**
 * The lock one snapshot's look-up and its copies take (PostgreSQL): an upload holds it from its
 * `findSnapshot` to its end, a deletion takes it for each snapshot its log holds before reading
 * their copies. Without it, a deletion committed while an upload recorded a copy of one of the
 * log's snapshots lost the snapshot (the deletion did not see the copy yet, then deleted the build
 * and with it the copy).
 */
export function snapshotLockKey({ sourceKind, startedAt, pid, node, job }: SnapshotKey): string {
  return `snapshot:${sourceKind}:${startedAt.toISOString()}:${pid}:${node ?? ""}:${job ?? ""}`;
}

/**
 * Takes the locks of the snapshots logs `logIds` hold (see snapshotLockKey), sorted; nothing without
 * `sql.lock`. Before any job's lock: an upload takes snapshot locks while it reads and job locks
 * at its end, so a transaction that took a job's lock first and a snapshot's after it deadlocked
 * with such an upload (a prune batch deleting its second log: a review, 2026-12-07). A transaction
 * that deletes several logs, or a log in its end phase, takes them all here first.
 */
export async function lockSnapshotsOfWith(sql: SqlRunner, logIds: readonly number[]): Promise<void> {
  if (!sql.lock || logIds.length === 0) return;
  const keys = new Set<string>();
  for (const logId of new Set(logIds)) {
    const rows = await sql.all<{ sourceKind: string; startedAt: string | Date; pid: string; node: string | null; job: string | null }>(
      `SELECT "sourceKind", "startedAt", "inspectedPid" AS "pid", "node", "job" FROM "Build"
        WHERE "logId" = ? AND "sourceKind" <> 'monitor' AND "startedAt" IS NOT NULL AND "inspectedPid" IS NOT NULL`,
      [logId],
    );
    for (const row of rows) keys.add(snapshotLockKey({ ...row, startedAt: new Date(row.startedAt) }));
  }
  for (const key of [...keys].sort()) await sql.lock(key);
}

/**
 * Records that log `logId` prints, as its run `seq` (under build URL `url`, its console's), the
 * snapshot stored as build `buildId`; nothing when that build is the log's own (the same lines
 * printed twice in one console).
 */
export async function recordSnapshotCopyWith(sql: SqlRunner, copy: { buildId: number; logId: number; seq: number; url: string | null }): Promise<void> {
  const { buildId, logId, seq, url } = copy;
  await sql.run(
    `INSERT INTO "SnapshotCopy" ("buildId", "logId", "seq", "url") SELECT ?, ?, ?, ? WHERE EXISTS (SELECT 1 FROM "Build" WHERE "id" = ? AND "logId" <> ?)`,
    [buildId, logId, seq, url, buildId, logId],
  );
}

/**
 * Before log `logId` is deleted: each of its builds another log holds a copy of moves to the
 * oldest such log (the lowest id: uploaded first), at the run it has there and with the build URL
 * its console names; that copy's record goes. A log that holds a build of its own at that run (its
 * reading of the snapshot cut short, kept when the file grew) does not take it: the next does, or
 * none. Answers how many builds moved.
 */
export async function handOverSnapshotsWith(sql: SqlRunner, logId: number): Promise<number> {
  const copies = await sql.all<{ id: number; buildId: number; logId: number; seq: number; url: string | null }>(
    `SELECT c."id", c."buildId", c."logId", c."seq", c."url" FROM "SnapshotCopy" c JOIN "Build" b ON b."id" = c."buildId"
      WHERE b."logId" = ? AND c."logId" <> ? ORDER BY c."buildId", c."logId", c."seq"`,
    [logId, logId],
  );
  const moved = new Set<number>();
  const gained = new Map<number, number>();
  for (const copy of copies) {
    const buildId = Number(copy.buildId);
    if (moved.has(buildId)) continue;
    const to = Number(copy.logId);
    const [taken] = await sql.all<{ id: number }>(`SELECT "id" FROM "Build" WHERE "logId" = ? AND "seq" = ? LIMIT 1`, [to, Number(copy.seq)]);
    if (taken) continue;
    moved.add(buildId);
    await sql.run(`UPDATE "Build" SET "logId" = ?, "seq" = ?, "url" = ? WHERE "id" = ?`, [to, Number(copy.seq), copy.url, buildId]);
    await sql.run(`DELETE FROM "SnapshotCopy" WHERE "id" = ?`, [Number(copy.id)]);
    gained.set(to, (gained.get(to) ?? 0) + 1);
  }
  for (const [to, count] of gained) await sql.run(`UPDATE "Log" SET "buildCount" = "buildCount" + ? WHERE "id" = ?`, [count, to]);
  return moved.size;
}
