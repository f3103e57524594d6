// Regrouping a job's incidents, written once for both databases over a tiny
// SQL runner (`?` placeholders; the PostgreSQL store numbers them).
import { type BuildFacts, groupIncidents } from "@/lib/incidents/group";

export type SqlRunner = {
  all<T>(sql: string, params: unknown[]): Promise<T[]>;
  run(sql: string, params: unknown[]): Promise<{ lastId?: number }>;
  /** The database's representation of a date parameter. */
  date(value: string | Date | null): unknown;
  bool(value: boolean): unknown;
};

type BuildFactRow = {
  id: number;
  startedAt: string | Date | null;
  incident: number | boolean;
  culpritClass: string | null;
  culpritSubject: string | null;
  inspectedPid: string | null;
  inspectedQueueLen: number | null;
  roomId: number | null;
  roomJid: string | null;
};

const toIso = (value: string | Date | null): string | null => (value === null ? null : new Date(value).toISOString());

export async function rebuildIncidentsWith(sql: SqlRunner, job: string | null, threshold: number): Promise<void> {
  const jobClause = job === null ? `"job" IS NULL` : `"job" = ?`;
  const bJobClause = job === null ? `b."job" IS NULL` : `b."job" = ?`;
  const params = job === null ? [] : [job];
  const rows = await sql.all<BuildFactRow>(
    `SELECT b."id", b."startedAt", b."incident", b."culpritClass", b."culpritSubject", b."inspectedPid",
            b."inspectedQueueLen", b."roomId", r."jid" AS "roomJid"
       FROM "Build" b LEFT JOIN "Room" r ON r."id" = b."roomId"
      WHERE ${bJobClause}
      ORDER BY b."number" IS NULL, b."number", b."startedAt", b."id"`,
    params,
  );
  const topRows = await sql.all<{ buildId: number; pid: string; queueLen: number }>(
    `SELECT t."buildId", t."pid", t."queueLen" FROM "TopEntry" t JOIN "Build" b ON b."id" = t."buildId"
      WHERE ${bJobClause} AND t."queueLen" >= ?`,
    [...params, threshold],
  );
  const tops = new Map<number, { pid: string; queueLen: number }[]>();
  for (const row of topRows) {
    const list = tops.get(Number(row.buildId)) ?? [];
    list.push({ pid: row.pid, queueLen: Number(row.queueLen) });
    tops.set(Number(row.buildId), list);
  }
  const facts: BuildFacts[] = rows.map((row) => {
    const id = Number(row.id);
    const top = tops.get(id) ?? [];
    const fromTop = top.find((entry) => entry.pid === row.inspectedPid)?.queueLen ?? null;
    return {
      id,
      at: toIso(row.startedAt),
      incident: row.incident === true || Number(row.incident) === 1,
      culpritClass: row.culpritClass,
      culpritSubject: row.culpritSubject,
      culpritPid: row.inspectedPid,
      culpritQueueLen: row.inspectedQueueLen === null ? fromTop : Number(row.inspectedQueueLen),
      roomId: row.roomId === null ? null : Number(row.roomId),
      roomJid: row.roomJid,
      top,
    };
  });

  await sql.run(`UPDATE "Build" SET "incidentId" = NULL WHERE ${jobClause} AND "incidentId" IS NOT NULL`, params);
  await sql.run(`DELETE FROM "Incident" WHERE ${jobClause}`, params);
  for (const span of groupIncidents(facts, threshold)) {
    const { lastId } = await sql.run(
      `INSERT INTO "Incident" ("job", "keyKind", "key", "culpritClass", "subject", "roomId", "firstBuildId", "lastBuildId",
         "firstAt", "lastAt", "buildCount", "peakQueueLen") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING "id"`,
      [
        job,
        span.keyKind,
        span.key,
        span.culpritClass,
        span.subject,
        span.roomId,
        span.firstBuildId,
        span.lastBuildId,
        sql.date(span.firstAt),
        sql.date(span.lastAt),
        span.buildCount,
        span.peakQueueLen,
      ],
    );
    const ids = span.culpritBuildIds;
    for (let i = 0; i < ids.length; i += 500) {
      const chunk = ids.slice(i, i + 500);
      await sql.run(`UPDATE "Build" SET "incidentId" = ? WHERE "id" IN (${chunk.map(() => "?").join(", ")})`, [lastId, ...chunk]);
    }
  }
}
