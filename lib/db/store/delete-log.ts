// ## Deleting an uploaded log
//
// A log uploaded by mistake (another job's console, a wrong `job=` or `number=`: the same content
// sent again is a duplicate, so its metadata cannot be corrected by uploading again) is deleted
// with everything it brought: its builds, their top lists and samples (ON DELETE CASCADE). The
// jobs it held are then regrouped whole by the caller, in the one order uploads regroup them
// (lib/db/ingest.ts), inside the same transaction. Rooms stay: every read of rooms goes through
// builds, so a room no build names any more is listed nowhere, and an upload in flight may be
// about to name it again.
import type { SqlRunner } from "./incidents";
import { handOverSnapshotsWith, lockSnapshotsOfWith } from "./snapshot-copies";

/** `builds`: how many went; `moved`: snapshots another log prints too, which moved to it (see snapshot-copies.ts). */
export type DeletedLog = { logId: number; fileName: string; sha256: string; builds: number; moved: number; jobs: (string | null)[] };

/**
 * Deletes log `logId` and its builds (but those another log holds a copy of, which move to it);
 * null when there is no such log, or another transaction deleted it first. `lockJob` is called for
 * each job of its builds, in `order`, before anything is deleted (PostgreSQL: the lock an upload
 * takes to regroup that job, so that the two cannot wait for each other's rows and locks at once).
 */
export async function deleteLogWith(
  sql: SqlRunner,
  logId: number,
  order: (jobs: (string | null)[]) => (string | null)[],
  lockJob: (job: string | null) => Promise<void> = async () => {},
): Promise<DeletedLog | null> {
  const [log] = await sql.all<{ fileName: string; sha256: string }>(`SELECT "fileName", "sha256" FROM "Log" WHERE "id" = ?`, [logId]);
  if (!log) return null;
  const rows = await sql.all<{ job: string | null; builds: number | string }>(
    `SELECT "job", count(*) AS "builds" FROM "Build" WHERE "logId" = ? GROUP BY "job"`,
    [logId],
  );
  const jobs = order(rows.map((row) => row.job));
  // Its snapshots' locks before its jobs' (an upload takes them in that order too): an upload
  // recording a copy of one of them has committed it before the copies are read below.
  await lockSnapshotsOfWith(sql, [logId]);
  for (const job of jobs) await lockJob(job);
  // Snapshots another log prints too move to it (lib/db/store/snapshot-copies.ts): they do not go.
  const moved = await handOverSnapshotsWith(sql, logId);
  // The builds first (their top lists and samples go with them), then the log.
  await sql.run(`DELETE FROM "Build" WHERE "logId" = ?`, [logId]);
  // The log as this transaction's DELETE found it, not as it was read above: on PostgreSQL a
  // deletion of the same log through another instance may have committed in between (this one
  // waited for its job locks), and then both answered 200; this one is a 404, having deleted nothing.
  const gone = await sql.all<{ id: number }>(`DELETE FROM "Log" WHERE "id" = ? RETURNING "id"`, [logId]);
  if (gone.length === 0) return null;
  const builds = rows.reduce((sum, row) => sum + Number(row.builds), 0) - moved;
  return { logId, fileName: log.fileName, sha256: log.sha256, builds, moved, jobs };
}
