// How a job's incidents stand in a test database, for tests that check an
// upload's regrouping against regrouping the whole job (both databases).
import pg from "pg";
import { openDatabase } from "@/lib/db/open";
import { getStore } from "@/lib/db/store";

/** Rows of `sql` (`$1`-style placeholders) on the database at `url`, SQLite file or PostgreSQL. */
export async function queryRows<T>(url: string, sql: string, params: unknown[] = []): Promise<T[]> {
  if (url.startsWith("file:")) {
    const db = openDatabase(url.slice("file:".length));
    try {
      return db.prepare(sql.replace(/\$\d+/g, "?")).all(...params) as T[];
    } finally {
      db.close();
    }
  }
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(sql, params)).rows as T[];
  } finally {
    await client.end();
  }
}

/** The job's incidents and which builds point at which, without ids (a whole regroup renumbers them). */
export async function incidentGrouping(url: string, job: string) {
  const incidents = await queryRows<Record<string, unknown>>(
    url,
    `SELECT "keyKind", "key", "culpritClass", "subject", "roomId", "firstBuildId", "lastBuildId", "firstAt", "lastAt",
            "buildCount", "peakQueueLen", "open", "threshold", "lastSeenBuildId", "lastSeenAt", "peakBuildId"
       FROM "Incident" WHERE "job" = $1 ORDER BY "firstBuildId"`,
    [job],
  );
  const links = await queryRows<{ id: number; firstBuildId: number | null }>(
    url,
    `SELECT b."id", i."firstBuildId" FROM "Build" b LEFT JOIN "Incident" i ON i."id" = b."incidentId"
      WHERE b."job" = $1 ORDER BY b."id"`,
    [job],
  );
  return {
    incidents: incidents.map((row) => ({
      ...row,
      open: row.open === true || Number(row.open) === 1,
      firstAt: row.firstAt === null ? null : new Date(row.firstAt as string).toISOString(),
      lastAt: row.lastAt === null ? null : new Date(row.lastAt as string).toISOString(),
      lastSeenAt: row.lastSeenAt === null ? null : new Date(row.lastSeenAt as string).toISOString(),
      lastSeenBuildId: row.lastSeenBuildId === null ? null : Number(row.lastSeenBuildId),
      peakBuildId: row.peakBuildId === null ? null : Number(row.peakBuildId),
      roomId: row.roomId === null ? null : Number(row.roomId),
    })),
    links: links.map((row) => [Number(row.id), row.firstBuildId === null ? null : Number(row.firstBuildId)]),
  };
}

/** Regroups the whole job (the default threshold), as an upload did before it could resume. */
export async function regroupWholeJob(job: string, threshold = 100): Promise<string> {
  return (await getStore()).transaction((session) => session.rebuildIncidents(job, threshold));
}

/** Forgets the job's incidents (no build points at one, none stored), so that the next regroup groups it afresh. */
export async function forgetIncidents(url: string, job: string): Promise<void> {
  // RETURNING: queryRows reads rows, and these statements then give some on both databases.
  await queryRows(url, `UPDATE "Build" SET "incidentId" = NULL WHERE "job" = $1 RETURNING "id"`, [job]);
  await queryRows(url, `DELETE FROM "Incident" WHERE "job" = $1 RETURNING "id"`, [job]);
}
