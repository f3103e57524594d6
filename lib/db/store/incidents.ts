// Regrouping a job's incidents, written once for both databases over a tiny
// SQL runner (`?` placeholders; the PostgreSQL store numbers them).
import { type BuildFacts, groupIncidents } from "@/lib/incidents/group";

export type SqlRunner = {
  all<T>(sql: string, params: unknown[]): Promise<T[]>;
  run(sql: string, params: unknown[]): Promise<{ lastId?: number }>;
  /** The database's representation of a date parameter. */
  date(value: string | Date | null): unknown;
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
  // Written in batches: a round trip per incident would dominate on a server database.
  const spans = groupIncidents(facts, threshold);
  const links: [number, number][] = [];
  for (let i = 0; i < spans.length; i += 200) {
    const chunk = spans.slice(i, i + 200);
    const inserted = await sql.all<{ id: number; firstBuildId: number }>(
      `INSERT INTO "Incident" ("job", "keyKind", "key", "culpritClass", "subject", "roomId", "firstBuildId", "lastBuildId",
         "firstAt", "lastAt", "buildCount", "peakQueueLen") VALUES ${chunk.map(() => "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)").join(", ")}
       RETURNING "id", "firstBuildId"`,
      chunk.flatMap((span) => [
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
      ]),
    );
    // A build opens at most one incident, so the first build names it.
    const idByFirst = new Map(inserted.map((row) => [Number(row.firstBuildId), Number(row.id)]));
    for (const span of chunk) {
      const id = idByFirst.get(span.firstBuildId) as number;
      for (const buildId of span.culpritBuildIds) links.push([buildId, id]);
    }
  }
  for (let i = 0; i < links.length; i += 400) {
    const chunk = links.slice(i, i + 400);
    await sql.run(
      `UPDATE "Build" SET "incidentId" = CASE "id" ${chunk.map(() => "WHEN ? THEN CAST(? AS INTEGER)").join(" ")} END
        WHERE "id" IN (${chunk.map(() => "?").join(", ")})`,
      [...chunk.flat(), ...chunk.map(([buildId]) => buildId)],
    );
  }
}
