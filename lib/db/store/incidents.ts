// ## Regrouping a job's incidents after an upload
//
// Written once for both databases over a tiny SQL runner (`?` placeholders;
// the PostgreSQL store numbers them).
//
// Incidents span consecutive builds of a job, so an upload may extend an
// incident that earlier uploads opened. Regrouping the whole job after every
// upload is always right, but it reads and rewrites every build of the job:
// with a CI job posting one build every few minutes, 100,000 builds (about a
// year) made each one-build upload take ~3.8 s. So an upload whose builds all
// come after the job's other builds (the usual case: the next build numbers)
// resumes instead: every incident stores whether it was still open after the
// job's last build, and `groupIncidents` continues from the open ones over the
// upload's builds alone, which gives the same incidents (group.test.ts checks
// it at every split; incidents.test.ts through the stores). Anything else —
// builds landing among older ones, incidents grouped with another threshold
// or before the open flag existed — regroups the job.
//
// A regroup keeps incident ids (people share links to them): each regrouped
// incident takes the id of the stored one it shares the most builds with
// (keep-ids.ts), and only the incidents and build links that changed are
// written, so a regroup that changes nothing writes nothing.
import { type BuildFacts, groupIncidents, type IncidentSpan } from "@/lib/incidents/group";
import { keepIncidentIds } from "@/lib/incidents/keep-ids";

export type SqlRunner = {
  all<T>(sql: string, params: unknown[]): Promise<T[]>;
  run(sql: string, params: unknown[]): Promise<{ lastId?: number }>;
  /** The database's representation of a date parameter. */
  date(value: string | Date | null): unknown;
  /** The database's representation of a boolean parameter (SQLite has none: 1 or 0). */
  bool(value: boolean): unknown;
  /**
   * PostgreSQL takes many rows in one statement as array parameters (`?::int4[]`, read back by
   * unnest; the runner converts their elements as it converts a parameter); SQLite takes batches.
   */
  readonly dialect: "sqlite" | "postgres";
  /**
   * Takes the named lock until the transaction ends (PostgreSQL: an advisory lock, as the upload's
   * own locks are). None on SQLite: its one writer runs one transaction at a time anyway.
   */
  lock?(key: string): Promise<void>;
};

/** How `rebuildIncidentsWith` went: resumed from the open incidents, or the whole job regrouped. */
export type RegroupMode = "resumed" | "regrouped";

type BuildFactRow = {
  id: number;
  incidentId: number | null;
  startedAt: string | Date | null;
  incident: number | boolean;
  culpritClass: string | null;
  culpritSubject: string | null;
  inspectedPid: string | null;
  inspectedQueueLen: number | null;
  roomId: number | null;
  roomJid: string | null;
  node: string | null;
};

const toIso = (value: string | Date | null): string | null => (value === null ? null : new Date(value).toISOString());

/** The job's condition, on `b` or unqualified, and its parameters. */
export function jobWhere(job: string | null, alias = ""): { clause: string; params: unknown[] } {
  const column = `${alias}"job"`;
  return job === null ? { clause: `${column} IS NULL`, params: [] } : { clause: `${column} = ?`, params: [job] };
}

export const placeholders = (values: readonly unknown[]) => values.map(() => "?").join(", ");

/**
 * Build order, the one grouping follows: by number, builds without one (snapshots) last, then by attempt
 * (a re-run of a number comes after its first run), then by time,
 * builds without one last, then by id. NULLs are placed explicitly: SQLite and PostgreSQL sort them apart.
 */
export const buildOrder = (alias = "") =>
  `${alias}"number" IS NULL, ${alias}"number", ${alias}"attempt", ${alias}"startedAt" IS NULL, ${alias}"startedAt", ${alias}"id"`;

/** A build's facts, and the stored incident it points at (whose culprit it was when last grouped). */
type StoredFacts = BuildFacts & { incidentId: number | null };

/** The facts of the job's builds, in build order; with `logIds`, of those logs' builds only. */
async function loadFacts(sql: SqlRunner, job: string | null, threshold: number, logIds: number[] | null): Promise<StoredFacts[]> {
  const b = jobWhere(job, "b.");
  const logClause = logIds ? ` AND b."logId" IN (${placeholders(logIds)})` : "";
  const params = [...b.params, ...(logIds ?? [])];
  const rows = await sql.all<BuildFactRow>(
    `SELECT b."id", b."incidentId", b."startedAt", b."incident", b."culpritClass", b."culpritSubject", b."inspectedPid",
            b."inspectedQueueLen", b."roomId", r."jid" AS "roomJid", b."node"
       FROM "Build" b LEFT JOIN "Room" r ON r."id" = b."roomId"
      WHERE ${b.clause}${logClause}
      ORDER BY ${buildOrder("b.")}`,
    params,
  );
  const topRows = await sql.all<{ buildId: number; pid: string; queueLen: number; rank: number }>(
    `SELECT t."buildId", t."pid", t."queueLen", t."rank" FROM "TopEntry" t JOIN "Build" b ON b."id" = t."buildId"
      WHERE ${b.clause}${logClause} AND t."queueLen" >= ?`,
    [...params, threshold],
  );
  const tops = new Map<number, { pid: string; queueLen: number; rank: number }[]>();
  for (const row of topRows) {
    const list = tops.get(Number(row.buildId)) ?? [];
    list.push({ pid: row.pid, queueLen: Number(row.queueLen), rank: Number(row.rank) });
    tops.set(Number(row.buildId), list);
  }
  return rows.map((row) => {
    const id = Number(row.id);
    const top = tops.get(id) ?? [];
    const fromTop = top.find((entry) => entry.pid === row.inspectedPid)?.queueLen ?? null;
    return {
      id,
      incidentId: row.incidentId === null ? null : Number(row.incidentId),
      at: toIso(row.startedAt),
      incident: row.incident === true || Number(row.incident) === 1,
      culpritClass: row.culpritClass,
      culpritSubject: row.culpritSubject,
      culpritPid: row.inspectedPid,
      culpritQueueLen: row.inspectedQueueLen === null ? fromTop : Number(row.inspectedQueueLen),
      roomId: row.roomId === null ? null : Number(row.roomId),
      roomJid: row.roomJid,
      top,
      node: row.node,
    };
  });
}

/** A stored incident as read back: a span's own columns, its times as the database gives them. */
type IncidentRow = Omit<IncidentSpan, "id" | "firstAt" | "lastAt" | "culpritBuildIds" | "pids" | "open" | "lastSeenBuildId" | "lastSeenAt" | "peakBuildId"> & {
  id: number;
  firstAt: string | Date | null;
  lastAt: string | Date | null;
  /** Null in a row stored before migration 20261212000000 and not regrouped since: its last build. */
  lastSeenBuildId: number | null;
  lastSeenAt: string | Date | null;
  /** Null in a row stored before migration 20261213000000 (its job is regrouped whole before resuming). */
  peakBuildId: number | null;
};

/**
 * The incidents to resume from when the upload's builds (of `logIds`) all come after the job's other
 * builds and every stored incident of the job was grouped with `threshold`; null when the job must be
 * regrouped whole.
 */
export async function resumable(sql: SqlRunner, job: string | null, threshold: number, logIds: number[]): Promise<IncidentSpan[] | null> {
  return (await resumeBlocked(sql, job, threshold, logIds)) ? null : openIncidents(sql, job, threshold);
}

/** Whether the job must be regrouped whole after an upload of `logIds` (see `resumable`). */
async function resumeBlocked(sql: SqlRunner, job: string | null, threshold: number, logIds: number[]): Promise<boolean> {
  const j = jobWhere(job);
  const [first] = await sql.all<{ number: number | null; attempt: number; startedAt: string | Date | null; id: number }>(
    `SELECT "number", "attempt", "startedAt", "id" FROM "Build" WHERE ${j.clause} AND "logId" IN (${placeholders(logIds)})
      ORDER BY ${buildOrder()} LIMIT 1`,
    [...j.params, ...logIds],
  );
  if (!first) return true;
  // Any other build of the job that sorts after the upload's first one? A number's attempts are unique
  // in a job (a re-run uploaded after its first run, and before the next number, resumes).
  const after =
    first.number !== null
      ? {
          clause: `("number" > ? OR ("number" = ? AND "attempt" >= ?) OR "number" IS NULL)`,
          params: [Number(first.number), Number(first.number), Number(first.attempt)],
        }
      : first.startedAt !== null
        ? {
            clause: `"number" IS NULL AND ("startedAt" IS NULL OR "startedAt" > ? OR ("startedAt" = ? AND "id" > ?))`,
            params: [sql.date(toIso(first.startedAt)), sql.date(toIso(first.startedAt)), Number(first.id)],
          }
        : { clause: `"number" IS NULL AND "startedAt" IS NULL AND "id" > ?`, params: [Number(first.id)] };
  const [later] = await sql.all<{ one: number }>(
    `SELECT 1 AS "one" FROM "Build"
      WHERE ${j.clause} AND ${after.clause} AND "logId" NOT IN (${placeholders(logIds)})
      LIMIT 1`,
    [...j.params, ...after.params, ...logIds],
  );
  if (later) return true;
  // (An incident stored before migration 20261212000000 has no last-seen build, one stored before
  // 20261213000000 no peak build: its job is regrouped whole once, which finds them.)
  const [otherThreshold] = await sql.all<{ one: number }>(
    `SELECT 1 AS "one" FROM "Incident"
      WHERE ${j.clause} AND ("threshold" IS NULL OR "threshold" < ? OR "threshold" > ? OR "lastSeenBuildId" IS NULL OR "peakBuildId" IS NULL)
      LIMIT 1`,
    [...j.params, threshold, threshold],
  );
  if (otherThreshold) return true;
  // An incident build of the job that inspected no process and is in no incident (stored before such
  // builds joined incidents: migration 20261210000000 marks only jobs that have incidents): regroup
  // whole, or it would stay out while a whole regroup puts it in. Read from the index on
  // "inspectedPid" (few builds have none).
  const [unlinked] = await sql.all<{ one: number }>(
    `SELECT 1 AS "one" FROM "Build"
      WHERE "inspectedPid" IS NULL AND ${j.clause} AND "incident" = ? AND "incidentId" IS NULL AND "culpritClass" IS NULL
        AND "logId" NOT IN (${placeholders(logIds)})
      LIMIT 1`,
    [...j.params, sql.bool(true), ...logIds],
  );
  if (unlinked) return true;
  return false;
}

/**
 * The job's incidents grouped with `threshold` still open after its last build, in the order they
 * opened (grouping hands a build to the first that claims it), as `groupIncidents` resumes from them.
 */
export async function openIncidents(sql: SqlRunner, job: string | null, threshold: number): Promise<IncidentSpan[]> {
  const i = jobWhere(job, "i.");
  const open = await sql.all<IncidentRow>(
    `SELECT i."id", i."keyKind", i."key", i."culpritClass", i."subject", i."roomId", i."firstBuildId", i."lastBuildId",
            i."firstAt", i."lastAt", i."buildCount", i."peakQueueLen", i."peakBuildId", i."lastSeenBuildId", i."lastSeenAt", b."node"
       FROM "Incident" i JOIN "Build" b ON b."id" = i."firstBuildId"
      WHERE ${i.clause} AND i."threshold" = ? AND i."open"
      ORDER BY ${buildOrder("b.")}`,
    [...i.params, threshold],
  );
  const pids = new Map<number, string[]>(open.map((row) => [Number(row.id), []]));
  /** Open incidents one of whose builds inspected its process: the others are provisional (groupIncidents). */
  const inspected = new Set<number>();
  if (open.length > 0) {
    const ids = [...pids.keys()];
    // A build that inspected no process had its top-list leader stuck (groupIncidents' `uninspected`).
    const rows = await sql.all<{ incidentId: number; inspectedPid: string; inspected: number }>(
      `SELECT DISTINCT "incidentId", "inspectedPid", 1 AS "inspected" FROM "Build"
        WHERE "incidentId" IN (${placeholders(ids)}) AND "inspectedPid" IS NOT NULL
       UNION
       SELECT DISTINCT b."incidentId", t."pid", 0 AS "inspected" FROM "Build" b JOIN "TopEntry" t ON t."buildId" = b."id" AND t."rank" = 1
        WHERE b."incidentId" IN (${placeholders(ids)}) AND b."inspectedPid" IS NULL`,
      [...ids, ...ids],
    );
    for (const row of rows) {
      const list = pids.get(Number(row.incidentId));
      if (list && !list.includes(row.inspectedPid)) list.push(row.inspectedPid);
      if (Number(row.inspected) === 1) inspected.add(Number(row.incidentId));
    }
  }
  return open.map((row) => ({
    id: Number(row.id),
    keyKind: row.keyKind,
    key: row.key,
    culpritClass: row.culpritClass,
    subject: row.subject,
    roomId: row.roomId === null ? null : Number(row.roomId),
    firstBuildId: Number(row.firstBuildId),
    lastBuildId: Number(row.lastBuildId),
    firstAt: toIso(row.firstAt),
    lastAt: toIso(row.lastAt),
    buildCount: Number(row.buildCount),
    peakQueueLen: Number(row.peakQueueLen),
    // (Never null here: resumeBlocked regroups a job with such a row whole.)
    peakBuildId: row.peakBuildId === null ? Number(row.firstBuildId) : Number(row.peakBuildId),
    lastSeenBuildId: row.lastSeenBuildId === null ? Number(row.lastBuildId) : Number(row.lastSeenBuildId),
    lastSeenAt: row.lastSeenBuildId === null ? toIso(row.lastAt) : toIso(row.lastSeenAt),
    culpritBuildIds: [],
    pids: pids.get(Number(row.id)) ?? [],
    open: true,
    ...(inspected.has(Number(row.id)) ? {} : { provisional: true }),
    node: row.node,
  }));
}

/**
 * The one order jobs are regrouped in, by uploads, deletions and `db:prune` alike: on PostgreSQL
 * each job's regrouping takes a lock, and two transactions taking the same locks in different
 * orders could deadlock. The builds without a job first, then by name in UTF-16 code units: not
 * `localeCompare`, whose order follows the process's locale (under `da_DK` `aa_job` sorts after
 * `z_job`), and a prune run from cron with another LANG than the server's would lock in another order.
 */
export function regroupOrder(jobs: Iterable<string | null>): (string | null)[] {
  return [...new Set(jobs)].sort(compareJobs);
}

/** Job names in regroupOrder's order: no job first, then by UTF-16 code units, whatever the locale. */
export function compareJobs(a: string | null, b: string | null): number {
  return a === b ? 0 : a === null ? -1 : b === null ? 1 : a < b ? -1 : 1;
}

/**
 * Regroups one job's incidents after an upload. With `logIds` (the upload's logs), resumes from the
 * job's open incidents over those logs' builds when it can (see the top of this file); without, or
 * when it cannot, regroups every build of the job.
 */
export async function rebuildIncidentsWith(
  sql: SqlRunner,
  job: string | null,
  threshold: number,
  logIds: number[] = [],
): Promise<RegroupMode> {
  const resume = logIds.length > 0 ? await resumable(sql, job, threshold, logIds) : null;
  const facts = await loadFacts(sql, job, threshold, resume ? logIds : null);
  const spans = groupIncidents(facts, threshold, resume ?? []);
  if (resume) await writeResumed(sql, job, threshold, spans);
  else await writeRegrouped(sql, job, threshold, facts, spans);
  return resume ? "resumed" : "regrouped";
}

/** Resumed: the incidents resumed are updated in place, new ones inserted, the upload's builds linked. */
export async function writeResumed(sql: SqlRunner, job: string | null, threshold: number, spans: IncidentSpan[]): Promise<void> {
  const links: [number, number][] = [];
  // Resumed incidents: their new last build, count, peak, and whether they are still open.
  for (const span of spans) {
    if (span.id === undefined) continue;
    // Its key, class, subject and room too: a provisional incident takes them from the first build
    // that inspected its process (groupIncidents); its first time, when its first build gave none.
    await sql.run(
      `UPDATE "Incident" SET "keyKind" = ?, "key" = ?, "culpritClass" = ?, "subject" = ?, "roomId" = ?, "firstAt" = ?,
              "lastBuildId" = ?, "lastAt" = ?, "durationMs" = ?, "buildCount" = ?, "peakQueueLen" = ?, "open" = ?,
              "lastSeenBuildId" = ?, "lastSeenAt" = ?, "peakBuildId" = ? WHERE "id" = ?`,
      [span.keyKind, span.key, span.culpritClass, span.subject, span.roomId, sql.date(span.firstAt),
        span.lastBuildId, sql.date(span.lastAt), durationOf(span), span.buildCount, span.peakQueueLen, sql.bool(span.open),
        span.lastSeenBuildId, sql.date(span.lastSeenAt), span.peakBuildId, span.id],
    );
    for (const buildId of span.culpritBuildIds) links.push([buildId, span.id]);
  }
  const fresh = spans.filter((span) => span.id === undefined);
  await writeIncidents(sql, job, threshold, fresh, "insert");
  for (const span of fresh) for (const buildId of span.culpritBuildIds) links.push([buildId, span.id as number]);
  await linkBuilds(sql, links);
}

/** A stored incident's columns, as read back. */
type StoredIncident = IncidentRow & { open: boolean | number; threshold: number | null; durationMs: number | null };

/** How long an incident lasted, in milliseconds (the "durationMs" column): null unless both ends have a time. */
export function durationOf(span: Pick<IncidentSpan, "firstAt" | "lastAt">): number | null {
  return span.firstAt === null || span.lastAt === null ? null : Date.parse(span.lastAt) - Date.parse(span.firstAt);
}

/** The columns of an incident, comparable between a stored row and a regrouped span (ids, times as ISO text). */
function storedColumns(row: StoredIncident): unknown[] {
  const orNull = (value: number | null) => (value === null ? null : Number(value));
  return [
    row.keyKind, row.key, row.culpritClass, row.subject, orNull(row.roomId), Number(row.firstBuildId), Number(row.lastBuildId),
    toIso(row.firstAt), toIso(row.lastAt), orNull(row.durationMs), Number(row.buildCount), Number(row.peakQueueLen),
    row.open === true || Number(row.open) === 1, orNull(row.threshold), orNull(row.lastSeenBuildId), toIso(row.lastSeenAt),
    orNull(row.peakBuildId),
  ];
}

function spanColumns(span: IncidentSpan, threshold: number): unknown[] {
  return [
    span.keyKind, span.key, span.culpritClass, span.subject, span.roomId, span.firstBuildId, span.lastBuildId,
    span.firstAt, span.lastAt, durationOf(span), span.buildCount, span.peakQueueLen, span.open, threshold, span.lastSeenBuildId, span.lastSeenAt,
    span.peakBuildId,
  ];
}

/**
 * Whole job regrouped (`facts`: all of its builds, with the incidents they point at): the regrouped
 * incidents keep the stored ids (keep-ids.ts), and only what changed is written, each row once. A
 * kept incident with other columns is rewritten in place under its id, a new one inserted; then each
 * build whose incident changed is pointed at its new one (or none) in one pass, and the stored
 * incidents no build points at any more are deleted. Clearing the builds first and linking them
 * after wrote every moved build twice, and on PostgreSQL that was most of a regroup (100,000 builds
 * of one job, every incident changed: ~17 s).
 */
async function writeRegrouped(
  sql: SqlRunner,
  job: string | null,
  threshold: number,
  facts: StoredFacts[],
  spans: IncidentSpan[],
): Promise<void> {
  const j = jobWhere(job);
  // Only an incident grouped with this threshold can stay as it is: of the others, the ids are enough
  // (after a change of threshold that is every incident, and their columns would be read for nothing).
  const comparable = new Map(
    (
      await sql.all<StoredIncident>(
        `SELECT "id", "keyKind", "key", "culpritClass", "subject", "roomId", "firstBuildId", "lastBuildId", "firstAt", "lastAt", "durationMs",
                "buildCount", "peakQueueLen", "open", "threshold", "lastSeenBuildId", "lastSeenAt", "peakBuildId"
           FROM "Incident" WHERE ${j.clause} AND "threshold" = ?`,
        [...j.params, threshold],
      )
    ).map((row) => [Number(row.id), row]),
  );
  const others = await sql.all<{ id: number }>(
    `SELECT "id" FROM "Incident" WHERE ${j.clause} AND ("threshold" IS NULL OR "threshold" <> ?)`,
    [...j.params, threshold],
  );
  const stored = new Set([...comparable.keys(), ...others.map((row) => Number(row.id))]);
  const spanOf = new Map<number, IncidentSpan>();
  for (const span of spans) for (const buildId of span.culpritBuildIds) spanOf.set(buildId, span);
  const before = (fact: StoredFacts) => (fact.incidentId !== null && stored.has(fact.incidentId) ? fact.incidentId : null);
  for (const [span, id] of keepIncidentIds(facts.map((fact) => ({ before: before(fact), after: spanOf.get(fact.id) ?? null })))) {
    span.id = id;
  }

  const same = (a: unknown[], b: unknown[]) => a.length === b.length && a.every((value, k) => value === b[k]);
  const kept = spans.filter((span) => span.id !== undefined);
  const changed = kept.filter((span) => {
    const row = comparable.get(span.id as number);
    return !row || !same(storedColumns(row), spanColumns(span, threshold));
  });
  await writeIncidents(sql, job, threshold, changed, "update");
  const fresh = spans.filter((span) => span.id === undefined);
  await writeIncidents(sql, job, threshold, fresh, "insert");

  // Every build of the job, pointed at its regrouped incident where that is not the one it points at.
  const links: [number, number | null][] = [];
  for (const fact of facts) {
    const id = spanOf.get(fact.id)?.id ?? null;
    if (id !== fact.incidentId) links.push([fact.id, id]);
  }
  await linkBuilds(sql, links);

  // Deleted last: no build points at them now (ON DELETE SET NULL would write those builds again).
  const keptIds = new Set(kept.map((span) => span.id as number));
  const gone = [...stored].filter((id) => !keptIds.has(id));
  // All of the job's at once when every one stored before is gone and none was inserted now (an
  // incident no build points at any more, its builds deleted with their log, and a new one of the
  // same room: the new one is the job's too).
  if (gone.length > 0 && gone.length === stored.size && fresh.length === 0) {
    await sql.run(`DELETE FROM "Incident" WHERE ${j.clause}`, j.params);
  } else if (sql.dialect === "postgres") {
    if (gone.length > 0) await sql.run(`DELETE FROM "Incident" WHERE "id" = ANY(?::int4[])`, [gone]);
  } else {
    for (let k = 0; k < gone.length; k += 500) {
      const chunk = gone.slice(k, k + 500);
      await sql.run(`DELETE FROM "Incident" WHERE "id" IN (${placeholders(chunk)})`, chunk);
    }
  }
}

/** Incident columns with their PostgreSQL types (for the array parameters of unnest), "id" first. */
const INCIDENT_COLUMNS = [
  ["id", "int4"], ["job", "text"], ["keyKind", "text"], ["key", "text"], ["culpritClass", "text"], ["subject", "text"],
  ["roomId", "int4"], ["firstBuildId", "int4"], ["lastBuildId", "int4"], ["firstAt", "timestamp"], ["lastAt", "timestamp"], ["durationMs", "float8"],
  ["buildCount", "int4"], ["peakQueueLen", "int4"], ["open", "bool"], ["threshold", "int4"],
  ["lastSeenBuildId", "int4"], ["lastSeenAt", "timestamp"], ["peakBuildId", "int4"],
] as const; // prettier-ignore

/**
 * Writes incidents: "insert" those without an id (under a new one, set on them), "update" those with
 * one in place (a kept incident: builds point at it, so it is not deleted and inserted again). One
 * statement of array parameters on PostgreSQL (a round trip per incident, or per few hundred, would
 * dominate on a server database); batches of a few hundred rows on SQLite. An update is an upsert
 * (INSERT … ON CONFLICT DO UPDATE): one statement that both databases write alike.
 */
async function writeIncidents(
  sql: SqlRunner,
  job: string | null,
  threshold: number,
  spans: IncidentSpan[],
  mode: "insert" | "update",
): Promise<void> {
  if (spans.length === 0) return;
  const postgres = sql.dialect === "postgres";
  const row = (span: IncidentSpan) => [
    span.id ?? null,
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
    durationOf(span),
    span.buildCount,
    span.peakQueueLen,
    sql.bool(span.open),
    threshold,
    span.lastSeenBuildId,
    sql.date(span.lastSeenAt),
    span.peakBuildId,
  ];
  // "id" only when updating: a new incident takes the next one.
  const columns = mode === "update" ? INCIDENT_COLUMNS : INCIDENT_COLUMNS.slice(1);
  const names = columns.map(([name]) => `"${name}"`).join(", ");
  const tail =
    mode === "update"
      ? ` ON CONFLICT ("id") DO UPDATE SET ${columns
          .slice(1)
          .map(([name]) => `"${name}" = excluded."${name}"`)
          .join(", ")}`
      : ` RETURNING "id", "firstBuildId"`;
  const cells = (span: IncidentSpan) => (mode === "update" ? row(span) : row(span).slice(1));
  const size = postgres ? spans.length : 200;
  for (let k = 0; k < spans.length; k += size) {
    const chunk = spans.slice(k, k + size);
    const rows = chunk.map(cells);
    const statement = postgres
      ? `INSERT INTO "Incident" (${names}) SELECT * FROM unnest(${columns.map(([, type]) => `?::${type}[]`).join(", ")})${tail}`
      : `INSERT INTO "Incident" (${names}) VALUES ${rows.map(() => `(${placeholders(columns)})`).join(", ")}${tail}`;
    const params = postgres ? columns.map((_, c) => rows.map((cells) => cells[c])) : rows.flat();
    if (mode === "update") {
      await sql.run(statement, params);
      continue;
    }
    const inserted = await sql.all<{ id: number; firstBuildId: number }>(statement, params);
    // A build opens at most one incident, so the first build names it.
    const idByFirst = new Map(inserted.map((row) => [Number(row.firstBuildId), Number(row.id)]));
    for (const span of chunk) span.id = idByFirst.get(span.firstBuildId) as number;
  }
}

/**
 * Points builds at their incidents, or at none: `[buildId, incidentId | null]` (each build once). One
 * UPDATE from two array parameters on PostgreSQL; on SQLite, UPDATE … FROM a list of rows, in batches.
 */
async function linkBuilds(sql: SqlRunner, links: [number, number | null][]): Promise<void> {
  if (links.length === 0) return;
  if (sql.dialect === "postgres") {
    await sql.run(
      `UPDATE "Build" AS b SET "incidentId" = u."incidentId"
         FROM unnest(?::int4[], ?::int4[]) AS u("id", "incidentId")
        WHERE b."id" = u."id" AND b."incidentId" IS DISTINCT FROM u."incidentId"`,
      [links.map(([buildId]) => buildId), links.map(([, incidentId]) => incidentId)],
    );
    return;
  }
  // From a list of (id, incidentId) rows, each build found by its id: a CASE of 400 branches was
  // searched branch by branch for each of the 400 builds it updated.
  for (let k = 0; k < links.length; k += 1000) {
    const chunk = links.slice(k, k + 1000);
    await sql.run(
      `UPDATE "Build" SET "incidentId" = CAST(u."column2" AS INTEGER)
         FROM (VALUES ${chunk.map(() => "(?, ?)").join(", ")}) AS u
        WHERE "Build"."id" = u."column1"`,
      chunk.flat(),
    );
  }
}
