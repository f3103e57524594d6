// ## Data access for pages and route handlers
//
// Server-only functions with object arguments that return plain DTOs (dates as
// ISO strings); nothing outside lib/db touches Prisma. Aggregates that Prisma
// cannot express go through $queryRaw with bound parameters.
import "server-only";
import type { Prisma } from "@/lib/generated/prisma/client";
import { Prisma as PrismaNs } from "@/lib/generated/prisma/client";
import type { BuildListQuery, Filter, ListQuery, TimelineQuery } from "@/lib/validation/query";
import { getDialect, getPrisma } from "./client";
import { buildPermalink } from "./permalink";

export type Totals = { logs: number; builds: number; incidents: number; rooms: number };

export type BuildSummary = {
  id: number;
  /** Which input it came from: "monitor" (CI monitor run) or another format's snapshot. */
  sourceKind: string;
  node: string | null;
  /** Processes ejabberd's watchdog killed for this overload, if it did. */
  killedCount: number | null;
  job: string | null;
  number: number | null;
  startedAt: string | null;
  url: string | null;
  permalink: string;
  worstQueueLen: number | null;
  inspectedPid: string | null;
  inspectedQueueLen: number | null;
  dead: boolean;
  incident: boolean;
  culprit: { class: string; subject: string | null; service: boolean } | null;
  room: string | null;
};

export type SampleDto = {
  id: number;
  index: number;
  kind: string;
  summary: string;
  destination: string | null;
  raw: string;
  decoded: string[];
};

export type BuildDetail = BuildSummary & {
  rule: string | null;
  evidence: string[];
  top: { rank: number; pid: string; queueLen: number }[];
  samples: SampleDto[];
  log: { id: number; fileName: string; sha256: string; uploadedAt: string };
  incidentSpan: IncidentDto | null;
  previous: { number: number | null; permalink: string } | null;
  next: { number: number | null; permalink: string } | null;
};

export type RoomSummary = {
  jid: string;
  name: string;
  host: string;
  builds: number;
  incidents: number;
  firstSeen: string | null;
  lastSeen: string | null;
  peakQueueLen: number | null;
};

export type IncidentDto = {
  id: number;
  job: string | null;
  keyKind: string;
  key: string;
  culpritClass: string;
  subject: string | null;
  room: string | null;
  firstAt: string | null;
  lastAt: string | null;
  /** Milliseconds from the first build to the last (0 for a single build; null without times). */
  durationMs: number | null;
  buildCount: number;
  peakQueueLen: number;
  firstBuild: { number: number | null; permalink: string };
  lastBuild: { number: number | null; permalink: string };
};

export type TimelinePoint = {
  id: number;
  job: string | null;
  number: number | null;
  at: string;
  queueLen: number | null;
  culpritClass: string | null;
  pid: string | null;
  subject: string | null;
  permalink: string;
};

export type Page<T> = { items: T[]; total: number; page: number; pageSize: number };

const iso = (date: Date | string | null | undefined): string | null =>
  date === null || date === undefined ? null : new Date(date).toISOString();

/** Counts shown on the overview. */
export async function getTotals(): Promise<Totals> {
  const prisma = getPrisma();
  const [logs, builds, incidents, rooms] = await Promise.all([
    prisma.log.count(),
    prisma.build.count(),
    prisma.incident.count(),
    prisma.room.count({ where: { builds: { some: { incident: true } } } }),
  ]);
  return { logs, builds, incidents, rooms };
}

function dateRange(filter: Filter): Prisma.DateTimeNullableFilter | undefined {
  if (!filter.from && !filter.to) return undefined;
  return { gte: filter.from ? new Date(filter.from) : undefined, lt: filter.to ? new Date(filter.to) : undefined };
}

function buildWhere(filter: Filter): Prisma.BuildWhereInput {
  return {
    job: filter.job,
    culpritClass: filter.class,
    sourceKind: filter.sourceKind,
    room: filter.room ? { jid: filter.room } : undefined,
    OR: filter.pid ? [{ inspectedPid: filter.pid }, { top: { some: { pid: filter.pid } } }] : undefined,
    startedAt: dateRange(filter),
    incident: filter.incident === undefined ? undefined : filter.incident === "true",
  };
}

type BuildRow = Prisma.BuildGetPayload<{ include: { room: true } }>;

function toSummary(build: BuildRow): BuildSummary {
  return {
    id: build.id,
    sourceKind: build.sourceKind,
    node: build.node,
    killedCount: build.killedCount,
    job: build.job,
    number: build.number,
    startedAt: iso(build.startedAt),
    url: build.url,
    permalink: buildPermalink(build),
    worstQueueLen: build.worstQueueLen,
    inspectedPid: build.inspectedPid,
    inspectedQueueLen: build.inspectedQueueLen,
    dead: build.inspectedDead,
    incident: build.incident,
    culprit: build.culpritClass
      ? { class: build.culpritClass, subject: build.culpritSubject, service: build.culpritService }
      : null,
    room: build.room?.jid ?? null,
  };
}

/** Builds matching the filters, sorted and paginated. */
export async function listBuilds(query: BuildListQuery): Promise<Page<BuildSummary>> {
  const prisma = getPrisma();
  const where = buildWhere(query);
  const direction = query.order;
  const orderBy: Prisma.BuildOrderByWithRelationInput[] =
    query.sort === "queueLen"
      ? [{ worstQueueLen: { sort: direction, nulls: "last" } }, { id: direction }]
      : query.sort === "number"
        ? [{ number: { sort: direction, nulls: "last" } }, { id: direction }]
        : query.sort === "job"
          ? [{ job: { sort: direction, nulls: "last" } }, { number: direction }, { id: direction }]
          : [{ startedAt: { sort: direction, nulls: "last" } }, { id: direction }];
  const [rows, total] = await Promise.all([
    prisma.build.findMany({
      where,
      orderBy,
      include: { room: true },
      skip: (query.page - 1) * query.pageSize,
      take: query.pageSize,
    }),
    prisma.build.count({ where }),
  ]);
  return { items: rows.map(toSummary), total, page: query.page, pageSize: query.pageSize };
}

async function neighbour(build: BuildRow, direction: "previous" | "next") {
  if (build.job === null || build.number === null) return null;
  const found = await getPrisma().build.findFirst({
    where: { job: build.job, number: direction === "previous" ? { lt: build.number } : { gt: build.number } },
    orderBy: { number: direction === "previous" ? "desc" : "asc" },
    select: { id: true, job: true, number: true },
  });
  return found ? { number: found.number, permalink: buildPermalink(found) } : null;
}

function parseJsonArray(text: string | null): string[] {
  if (!text) return [];
  try {
    const value: unknown = JSON.parse(text);
    return Array.isArray(value) ? value.map(String) : [];
  } catch {
    return [];
  }
}

/** One build with everything its analysis page shows; null when there is none. */
export async function getBuild(where: { id: number } | { job: string; number: number }): Promise<BuildDetail | null> {
  const prisma = getPrisma();
  const build = await prisma.build.findFirst({
    where: "id" in where ? { id: where.id } : { job: where.job, number: where.number },
    include: {
      room: true,
      log: true,
      top: { orderBy: { rank: "asc" } },
      samples: { orderBy: { index: "asc" } },
      incidentGroup: { include: { room: true } },
    },
  });
  if (!build) return null;
  const [previous, next, incidentSpan] = await Promise.all([
    neighbour(build, "previous"),
    neighbour(build, "next"),
    build.incidentGroup ? toIncidentDtos([build.incidentGroup]).then((list) => list[0] ?? null) : null,
  ]);
  return {
    ...toSummary(build),
    rule: build.culpritRule,
    evidence: parseJsonArray(build.culpritEvidence),
    top: build.top.map(({ rank, pid, queueLen }) => ({ rank, pid, queueLen })),
    samples: build.samples.map((sample) => ({
      id: sample.id,
      index: sample.index,
      kind: sample.kind,
      summary: sample.summary,
      destination: sample.destination,
      raw: sample.raw,
      decoded: parseJsonArray(sample.decoded),
    })),
    log: {
      id: build.log.id,
      fileName: build.log.fileName,
      sha256: build.log.sha256,
      uploadedAt: iso(build.log.uploadedAt) ?? "",
    },
    incidentSpan,
    previous,
    next,
  };
}

type IncidentRow = Prisma.IncidentGetPayload<{ include: { room: true } }>;

async function toIncidentDtos(rows: IncidentRow[]): Promise<IncidentDto[]> {
  const ids = [...new Set(rows.flatMap((row) => [row.firstBuildId, row.lastBuildId]))];
  const builds = await getPrisma().build.findMany({
    where: { id: { in: ids } },
    select: { id: true, job: true, number: true },
  });
  const byId = new Map(builds.map((b) => [b.id, { number: b.number, permalink: buildPermalink(b) }]));
  const missing = (id: number) => ({ number: null, permalink: `/builds/by-id/${id}` });
  return rows.map((row) => ({
    id: row.id,
    job: row.job,
    keyKind: row.keyKind,
    key: row.key,
    culpritClass: row.culpritClass,
    subject: row.subject,
    room: row.room?.jid ?? null,
    firstAt: iso(row.firstAt),
    lastAt: iso(row.lastAt),
    durationMs: row.firstAt && row.lastAt ? new Date(row.lastAt).getTime() - new Date(row.firstAt).getTime() : null,
    buildCount: row.buildCount,
    peakQueueLen: row.peakQueueLen,
    firstBuild: byId.get(row.firstBuildId) ?? missing(row.firstBuildId),
    lastBuild: byId.get(row.lastBuildId) ?? missing(row.lastBuildId),
  }));
}

function incidentWhere(filter: Filter): Prisma.IncidentWhereInput {
  return {
    job: filter.job,
    culpritClass: filter.class,
    room: filter.room ? { jid: filter.room } : undefined,
    builds: filter.pid || filter.sourceKind ? { some: { inspectedPid: filter.pid, sourceKind: filter.sourceKind } } : undefined,
    // An incident is in the range when it overlaps it.
    lastAt: filter.from ? { gte: new Date(filter.from) } : undefined,
    firstAt: filter.to ? { lt: new Date(filter.to) } : undefined,
  };
}

/** Incidents (stuck across builds), latest first. */
export async function listIncidents(query: ListQuery): Promise<Page<IncidentDto>> {
  const prisma = getPrisma();
  const where = incidentWhere(query);
  const [rows, total] = await Promise.all([
    prisma.incident.findMany({
      where,
      include: { room: true },
      orderBy: [{ lastAt: { sort: "desc", nulls: "last" } }, { id: "desc" }],
      skip: (query.page - 1) * query.pageSize,
      take: query.pageSize,
    }),
    prisma.incident.count({ where }),
  ]);
  return { items: await toIncidentDtos(rows), total, page: query.page, pageSize: query.pageSize };
}

/** SQL conditions on Build alias `b` for the shared filters. */
function filterSql(filter: Filter): Prisma.Sql {
  const parts: Prisma.Sql[] = [PrismaNs.sql`1 = 1`];
  if (filter.job) parts.push(PrismaNs.sql`b."job" = ${filter.job}`);
  if (filter.class) parts.push(PrismaNs.sql`b."culpritClass" = ${filter.class}`);
  if (filter.sourceKind) parts.push(PrismaNs.sql`b."sourceKind" = ${filter.sourceKind}`);
  if (filter.pid) parts.push(PrismaNs.sql`b."inspectedPid" = ${filter.pid}`);
  if (filter.room) parts.push(PrismaNs.sql`b."roomId" = (SELECT "id" FROM "Room" WHERE "jid" = ${filter.room})`);
  if (filter.from) parts.push(PrismaNs.sql`b."startedAt" >= ${new Date(filter.from)}`);
  if (filter.to) parts.push(PrismaNs.sql`b."startedAt" < ${new Date(filter.to)}`);
  if (filter.incident) parts.push(PrismaNs.sql`b."incident" = ${filter.incident === "true"}`);
  return PrismaNs.join(parts, " AND ");
}

type RoomRow = {
  jid: string;
  name: string;
  host: string;
  builds: bigint | number;
  incidents: bigint | number;
  firstSeen: string | Date | null;
  lastSeen: string | Date | null;
  peakQueueLen: bigint | number | null;
};

function toRoomSummary(row: RoomRow): RoomSummary {
  return {
    jid: row.jid,
    name: row.name,
    host: row.host,
    builds: Number(row.builds),
    incidents: Number(row.incidents),
    firstSeen: iso(row.firstSeen),
    lastSeen: iso(row.lastSeen),
    peakQueueLen: row.peakQueueLen === null ? null : Number(row.peakQueueLen),
  };
}

/**
 * Every room that blocked at least one incident build: how many builds it was
 * the culprit of, how many incidents, first and last seen, peak queue — the
 * seed's hand-made tally, computed. Most builds first.
 */
export async function listRooms(filter: Filter & { jid?: string } = {}): Promise<RoomSummary[]> {
  const rows = await getPrisma().$queryRaw<RoomRow[]>`
    SELECT r."jid", r."name", r."host",
           COUNT(b."id") AS "builds",
           (SELECT COUNT(*) FROM "Incident" i WHERE i."roomId" = r."id") AS "incidents",
           MIN(COALESCE(b."startedAt", b."createdAt")) AS "firstSeen",
           MAX(COALESCE(b."startedAt", b."createdAt")) AS "lastSeen",
           MAX(b."inspectedQueueLen") AS "peakQueueLen"
      FROM "Room" r
      JOIN "Build" b ON b."roomId" = r."id" AND b."incident" = ${true}
     WHERE ${filterSql({ ...filter, room: undefined })}
       AND ${filter.room ? PrismaNs.sql`r."jid" = ${filter.room}` : PrismaNs.sql`1 = 1`}
     GROUP BY r."id", r."jid", r."name", r."host"
     ORDER BY "builds" DESC, r."jid" ASC`;
  return rows.map(toRoomSummary);
}

/** One room's summary, or null when no incident build names it. */
export async function getRoom(jid: string): Promise<RoomSummary | null> {
  const [room] = await listRooms({ room: jid });
  return room ?? null;
}

type TimelineRow = {
  id: number | bigint;
  job: string | null;
  number: number | bigint | null;
  at: string | Date;
  queueLen: number | bigint | null;
  culpritClass: string | null;
  pid: string | null;
  subject: string | null;
};

/**
 * Worst queue length per build over time. Above `points` builds the range is
 * cut into that many equal time buckets and each keeps its highest build, so
 * spikes survive downsampling whatever the range.
 */
export async function getTimeline(query: TimelineQuery): Promise<{ points: TimelinePoint[]; total: number; downsampled: boolean }> {
  const prisma = getPrisma();
  const where = filterSql(query);
  const at = PrismaNs.sql`COALESCE(b."startedAt", b."createdAt")`;
  const pg = getDialect() === "postgres";
  const epoch = pg ? PrismaNs.sql`EXTRACT(EPOCH FROM ${at})::float8` : PrismaNs.sql`unixepoch(${at}, 'subsec')`;
  const scaled = PrismaNs.sql`(f."t" - bounds."lo") * ${query.points} / (bounds."hi" - bounds."lo" + 1)`;
  // Truncating division into bucket numbers (PostgreSQL's CAST would round).
  const bucket = pg ? PrismaNs.sql`FLOOR(${scaled})::int` : PrismaNs.sql`CAST(${scaled} AS INTEGER)`;
  const [{ total }] = await prisma.$queryRaw<{ total: bigint | number }[]>`
    SELECT COUNT(*) AS "total" FROM "Build" b WHERE ${where}`.then((rows) => (rows.length ? rows : [{ total: 0 }])) as [
    { total: bigint | number },
  ];
  const count = Number(total);
  const downsampled = count > query.points;
  const rows = downsampled
    ? await prisma.$queryRaw<TimelineRow[]>`
        WITH f AS (
          SELECT b."id", b."job", b."number", COALESCE(b."startedAt", b."createdAt") AS "at", b."worstQueueLen" AS "queueLen",
                 b."culpritClass", b."inspectedPid" AS "pid", b."culpritSubject" AS "subject",
                 ${epoch} AS "t"
            FROM "Build" b WHERE ${where}
        ), bounds AS (SELECT MIN("t") AS "lo", MAX("t") AS "hi" FROM f),
        bucketed AS (
          SELECT f.*, ${bucket} AS "bucket"
            FROM f, bounds
        ), ranked AS (
          SELECT bucketed.*, ROW_NUMBER() OVER (PARTITION BY "bucket" ORDER BY "queueLen" DESC, "id" ASC) AS "rn" FROM bucketed
        )
        SELECT "id", "job", "number", "at", "queueLen", "culpritClass", "pid", "subject"
          FROM ranked WHERE "rn" = 1 ORDER BY "t", "id"`
    : await prisma.$queryRaw<TimelineRow[]>`
        SELECT b."id", b."job", b."number", COALESCE(b."startedAt", b."createdAt") AS "at", b."worstQueueLen" AS "queueLen",
               b."culpritClass", b."inspectedPid" AS "pid", b."culpritSubject" AS "subject"
          FROM "Build" b WHERE ${where}
         ORDER BY COALESCE(b."startedAt", b."createdAt"), b."id"`;
  const points = rows.map((row) => {
    const id = Number(row.id);
    const number = row.number === null ? null : Number(row.number);
    return {
      id,
      job: row.job,
      number,
      at: iso(row.at) ?? "",
      queueLen: row.queueLen === null ? null : Number(row.queueLen),
      culpritClass: row.culpritClass,
      pid: row.pid,
      subject: row.subject,
      permalink: buildPermalink({ id, job: row.job, number }),
    };
  });
  return { points, total: count, downsampled };
}

/** Distinct CI job names, for the pages' job filter (alphabetical). */
export async function listJobs(): Promise<string[]> {
  // Raw SQL: Prisma's `distinct` de-duplicates in memory after reading every row.
  const rows = await getPrisma().$queryRaw<{ job: string }[]>`
    SELECT DISTINCT b."job" AS "job" FROM "Build" b WHERE b."job" IS NOT NULL ORDER BY b."job" LIMIT 500`;
  return rows.map((row) => row.job);
}
