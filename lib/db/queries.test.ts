// The read API answers as it did before Build.at and its indexes: the same
// builds, incidents, rooms and timeline points, in the same order, page by
// page, as the queries first written for them (kept below as the reference),
// on both databases — for builds with and without a start time, queue, job or
// number, after an upload and after writes through the store. And on SQLite
// the default views read through the indexes meant for them.
import { PrismaBetterSqlite3 } from "@prisma/adapter-better-sqlite3";
import { describe, expect, test } from "vitest";
import { POST as postLogs } from "@/app/api/logs/route";
import { GET as getBuilds } from "@/app/api/builds/route";
import { GET as getIncidents } from "@/app/api/incidents/route";
import { GET as getRooms } from "@/app/api/rooms/route";
import { GET as getTimeline } from "@/app/api/timeline/route";
import { getDialect, getPrisma } from "@/lib/db/client";
import { openDatabase } from "@/lib/db/open";
import { getStore } from "@/lib/db/store";
import type { BuildRow } from "@/lib/db/store/types";
import { Prisma, PrismaClient } from "@/lib/generated/prisma/client";
import { generateLog } from "@/lib/monitor-log/generate";
import { fixture, getRequest, multipartRequest, rawRequest, seedFixtureNames } from "@/lib/testing/api";
import { testBuildRow } from "@/lib/testing/build-row";
import { testDatabaseKinds } from "@/lib/testing/databases";
import { useTestDatabase } from "@/lib/testing/use-test-database";
import type { Filter } from "@/lib/validation/query";

// ## The reference: the queries as first written (lib/db/queries.ts before Build.at)

const iso = (date: Date | string | null | undefined): string | null =>
  date === null || date === undefined ? null : new Date(date).toISOString();

function referenceBuildWhere(filter: Filter): Prisma.BuildWhereInput {
  return {
    job: filter.job,
    culpritClass: filter.class,
    sourceKind: filter.sourceKind,
    room: filter.room ? { jid: filter.room } : undefined,
    OR: filter.pid ? [{ inspectedPid: filter.pid }, { top: { some: { pid: filter.pid } } }] : undefined,
    startedAt:
      filter.from || filter.to
        ? { gte: filter.from ? new Date(filter.from) : undefined, lt: filter.to ? new Date(filter.to) : undefined }
        : undefined,
    incident: filter.incident === undefined ? undefined : filter.incident === "true",
  };
}

type BuildQuery = Filter & { sort: "startedAt" | "number" | "queueLen" | "job"; order: "asc" | "desc"; page: number; pageSize: number };

async function referenceBuilds(query: BuildQuery): Promise<{ ids: number[]; total: number }> {
  const prisma = getPrisma();
  const where = referenceBuildWhere(query);
  const direction = query.order;
  const orderBy: Prisma.BuildOrderByWithRelationInput[] =
    query.sort === "queueLen"
      ? [{ worstQueueLen: { sort: direction, nulls: "last" } }, { id: direction }]
      : query.sort === "number"
        ? [{ number: { sort: direction, nulls: "last" } }, { id: direction }]
        : query.sort === "job"
          ? [{ job: { sort: direction, nulls: "last" } }, { number: direction }, { id: direction }]
          : [{ startedAt: { sort: direction, nulls: "last" } }, { id: direction }];
  const rows = await prisma.build.findMany({
    where,
    orderBy,
    select: { id: true },
    skip: (query.page - 1) * query.pageSize,
    take: query.pageSize,
  });
  return { ids: rows.map((row) => row.id), total: await prisma.build.count({ where }) };
}

async function referenceIncidents(query: Filter & { page: number; pageSize: number }): Promise<{ ids: number[]; total: number }> {
  const prisma = getPrisma();
  const where: Prisma.IncidentWhereInput = {
    job: query.job,
    culpritClass: query.class,
    room: query.room ? { jid: query.room } : undefined,
    builds: query.pid || query.sourceKind ? { some: { inspectedPid: query.pid, sourceKind: query.sourceKind } } : undefined,
    lastAt: query.from ? { gte: new Date(query.from) } : undefined,
    firstAt: query.to ? { lt: new Date(query.to) } : undefined,
  };
  const rows = await prisma.incident.findMany({
    where,
    select: { id: true },
    orderBy: [{ lastAt: { sort: "desc", nulls: "last" } }, { id: "desc" }],
    skip: (query.page - 1) * query.pageSize,
    take: query.pageSize,
  });
  return { ids: rows.map((row) => row.id), total: await prisma.incident.count({ where }) };
}

function referenceFilterSql(filter: Filter): Prisma.Sql {
  const parts: Prisma.Sql[] = [Prisma.sql`1 = 1`];
  if (filter.job) parts.push(Prisma.sql`b."job" = ${filter.job}`);
  if (filter.class) parts.push(Prisma.sql`b."culpritClass" = ${filter.class}`);
  if (filter.sourceKind) parts.push(Prisma.sql`b."sourceKind" = ${filter.sourceKind}`);
  // A pid keeps the builds it is in, inspected or anywhere in the top list, as the builds list
  // always did (the timeline and the rooms once kept the inspected pid alone).
  if (filter.pid) {
    parts.push(
      Prisma.sql`(b."inspectedPid" = ${filter.pid} OR EXISTS (SELECT 1 FROM "TopEntry" t WHERE t."buildId" = b."id" AND t."pid" = ${filter.pid}))`,
    );
  }
  if (filter.room) parts.push(Prisma.sql`b."roomId" = (SELECT "id" FROM "Room" WHERE "jid" = ${filter.room})`);
  if (filter.from) parts.push(Prisma.sql`b."startedAt" >= ${new Date(filter.from)}`);
  if (filter.to) parts.push(Prisma.sql`b."startedAt" < ${new Date(filter.to)}`);
  if (filter.incident) parts.push(Prisma.sql`b."incident" = ${filter.incident === "true"}`);
  return Prisma.join(parts, " AND ");
}

async function referenceRooms(filter: Filter) {
  const rows = await getPrisma().$queryRaw<Record<string, unknown>[]>`
    SELECT r."jid", r."name", r."host",
           COUNT(b."id") AS "builds",
           MIN(COALESCE(b."startedAt", b."createdAt")) AS "firstSeen",
           MAX(COALESCE(b."startedAt", b."createdAt")) AS "lastSeen",
           MAX(b."inspectedQueueLen") AS "peakQueueLen"
      FROM "Room" r
      JOIN "Build" b ON b."roomId" = r."id" AND b."incident" = ${true}
     WHERE ${referenceFilterSql({ ...filter, room: undefined })}
       AND ${filter.room ? Prisma.sql`r."jid" = ${filter.room}` : Prisma.sql`1 = 1`}
     GROUP BY r."id", r."jid", r."name", r."host"
     ORDER BY "builds" DESC, r."jid" ASC`;
  // A room's incidents: those /api/incidents lists for the same filters and that room (they once
  // counted every incident of the room, whatever the filters).
  const incidents = await Promise.all(
    rows.map(async (row) => (await referenceIncidents({ ...filter, room: row.jid as string, page: 1, pageSize: 1 })).total),
  );
  return rows.map((row, i) => ({
    jid: row.jid,
    name: row.name,
    host: row.host,
    builds: Number(row.builds),
    incidents: incidents[i],
    firstSeen: iso(row.firstSeen as string | null),
    lastSeen: iso(row.lastSeen as string | null),
    peakQueueLen: row.peakQueueLen === null ? null : Number(row.peakQueueLen),
  }));
}

async function referenceTimeline(query: Filter & { points: number }) {
  const prisma = getPrisma();
  const where = referenceFilterSql(query);
  const at = Prisma.sql`COALESCE(b."startedAt", b."createdAt")`;
  const pg = getDialect() === "postgres";
  const epoch = pg ? Prisma.sql`EXTRACT(EPOCH FROM ${at})::float8` : Prisma.sql`unixepoch(${at}, 'subsec')`;
  const [{ total }] = (await prisma.$queryRaw<{ total: bigint | number }[]>`SELECT COUNT(*) AS "total" FROM "Build" b WHERE ${where}`) as [
    { total: bigint | number },
  ];
  const downsampled = Number(total) > query.points;
  // Downsampled: points − 2 runs, and the first and the latest build besides (once each).
  const buckets = Math.max(1, query.points - 2);
  type Row = { id: number | bigint; at: string | Date; queueLen: number | bigint | null; startedAt: string | Date | null };
  const every = () => prisma.$queryRaw<Row[]>`
        SELECT b."id", b."job", b."number", COALESCE(b."startedAt", b."createdAt") AS "at", b."worstQueueLen" AS "queueLen",
               b."culpritClass", b."inspectedPid" AS "pid", b."culpritSubject" AS "subject", b."startedAt"
          FROM "Build" b WHERE ${where}
         ORDER BY COALESCE(b."startedAt", b."createdAt"), b."id"`;
  const winners = downsampled
    ? await prisma.$queryRaw<Row[]>`
        WITH f AS (
          SELECT b."id", b."job", b."number", COALESCE(b."startedAt", b."createdAt") AS "at", b."worstQueueLen" AS "queueLen",
                 b."culpritClass", b."inspectedPid" AS "pid", b."culpritSubject" AS "subject", b."startedAt",
                 ${epoch} AS "t",
                 -- How many builds came before it in time, scaled to the points: runs of about equal count.
                 (RANK() OVER (ORDER BY COALESCE(b."startedAt", b."createdAt")) - 1) * ${Prisma.raw(String(buckets))} / ${Prisma.raw(String(Number(total)))} AS "bucket"
            FROM "Build" b WHERE ${where}
        ), bucketed AS (SELECT * FROM f), ranked AS (
          SELECT bucketed.*, ROW_NUMBER() OVER (PARTITION BY "bucket" ORDER BY "queueLen" DESC, "id" ASC) AS "rn" FROM bucketed
        )
        SELECT "id", "job", "number", "at", "queueLen", "culpritClass", "pid", "subject", "startedAt"
          FROM ranked WHERE "rn" = 1 ORDER BY "t", "id"`
    : await every();
  const rows = [...winners];
  if (downsampled) {
    const all = await every();
    const [first, last] = [all[0]!, all.at(-1)!];
    if (Number(rows[0]?.id) !== Number(first.id)) rows.unshift(first);
    if (Number(rows.at(-1)?.id) !== Number(last.id)) rows.push(last);
  }
  return {
    total: Number(total),
    downsampled,
    points: rows.map((row) => [Number(row.id), iso(row.at), row.queueLen === null ? null : Number(row.queueLen), iso(row.startedAt)]),
  };
}

// ## Data

const JOB_A = "gen_a";
const JOB_B = "gen_b";

/** Builds written through the store as an ingest writes them: NULL start times, queues, jobs and numbers, and ties. */
async function writeOddBuilds(): Promise<void> {
  const store = await getStore();
  await store.transaction(async (session) => {
    const logId = await session.insertLog({ placeholderSha: "pending:odd", fileName: "odd.log", uploadedAt: new Date() });
    const roomId = await session.upsertRoom({ jid: "odd@conference.example.org", name: "odd", host: "conference.example.org" });
    const createdAt = new Date("2024-06-01T00:00:00.000Z");
    for (let seq = 0; seq < 40; seq++) {
      const row: BuildRow = {
        logId,
        seq,
        sourceKind: seq % 5 === 0 ? "etop" : "monitor",
        node: null,
        killedCount: null,
        job: seq % 4 === 0 ? null : JOB_B,
        number: seq % 4 === 0 || seq % 5 === 0 ? null : 90_000 + seq,
        attempt: 1,
        // Every third without a start time; the others two by two on the same second.
        startedAt: seq % 3 === 0 ? null : new Date(Date.UTC(2024, 5, 2, 0, Math.floor(seq / 2))),
        url: null,
        worstQueueLen: seq % 6 === 1 ? null : [0, 5000, 5000, 120][seq % 4] ?? 0,
        inspectedPid: `<0.${seq % 7}.0>`,
        inspectedQueueLen: seq % 6 === 1 ? null : 100 + seq,
        inspectedDead: false,
        incident: seq % 2 === 0,
        culpritClass: seq % 2 === 0 ? "muc_room" : null,
        culpritSubject: seq % 2 === 0 ? "odd@conference.example.org" : null,
        culpritRule: null,
        culpritEvidence: null,
        culpritService: false,
        roomId: seq % 2 === 0 ? roomId : null,
        // Two batches of creation times, so that builds without a start time tie too.
        createdAt: new Date(createdAt.getTime() + (seq % 2) * 1000),
      };
      await session.insertBuild(row, row.worstQueueLen === null ? [] : [{ rank: 1, pid: `<0.${seq % 7}.0>`, queueLen: row.worstQueueLen }], [], {
        fileName: "odd.log",
        line: seq + 1,
      });
    }
    await session.takeConflicts();
    await session.finishLog({ id: logId, sha256: "odd", size: 1, buildCount: 40 });
    for (const job of [null, JOB_B]) await session.rebuildIncidents(job, 100);
  });
}

async function uploadGenerated(job: string, builds: number, seed: number): Promise<void> {
  // Every other build without a time: lists and the timeline must place those too (at = createdAt).
  const text = [...generateLog({ seed, builds, job, firstBuild: 1, untimed: true })].join("");
  const response = await postLogs(rawRequest(text, "text/plain", { query: `?filename=${job}.log` }));
  expect(response.status).toBe(201);
}

// ## Tests

describe.each(testDatabaseKinds())("on %s", (kind) => {
  const database = useTestDatabase(kind, "queries");

  test("every build stored gets at = COALESCE(startedAt, createdAt), with and without a start time", async () => {
    const names = seedFixtureNames();
    expect((await postLogs(multipartRequest(names.map((name) => ({ name, content: fixture(name) }))))).status).toBe(201);
    // Every other generated build has no timestamps, so no start time.
    await uploadGenerated(JOB_A, 160, 3);
    await uploadGenerated(JOB_B, 90, 4);
    await writeOddBuilds();

    const rows = await getPrisma().$queryRaw<{ n: bigint | number; withoutStart: bigint | number; wrong: bigint | number }[]>`
      SELECT COUNT(*) AS "n",
             SUM(CASE WHEN "startedAt" IS NULL THEN 1 ELSE 0 END) AS "withoutStart",
             SUM(CASE WHEN "at" IS NOT NULL AND "at" = COALESCE("startedAt", "createdAt") THEN 0 ELSE 1 END) AS "wrong"
        FROM "Build"`;
    const [{ n, withoutStart, wrong }] = rows as [(typeof rows)[number]];
    expect(Number(n)).toBeGreaterThan(300);
    expect(Number(withoutStart)).toBeGreaterThan(50);
    expect(Number(withoutStart)).toBeLessThan(Number(n));
    expect(Number(wrong)).toBe(0);
  });

  const filters: Filter[] = [
    {},
    { job: JOB_A },
    { job: JOB_B, incident: "true" },
    { class: "muc_room" },
    { sourceKind: "monitor" },
    { room: "odd@conference.example.org" },
    { pid: "<0.3.0>" },
    // Inspected in 11 of the seed's builds, lower in the top list of 4 more.
    { pid: "<6562.783.478>" },
    { from: "2024-06-02T00:05:00Z", to: "2024-06-02T00:15:00Z" },
    { from: "2015-01-01" },
  ];

  test("GET /api/builds answers the same pages as before, for every sort and order, across builds without the sorted value", async () => {
    let compared = 0;
    for (const [filter, pageSize] of [
      [{}, 23],
      [{ job: JOB_B }, 4],
      [{ class: "muc_room" }, 11],
      [{ from: "2015-01-01", to: "2030-01-01" }, 50],
    ] as const) {
      for (const sort of ["startedAt", "number", "queueLen", "job"] as const) {
        for (const order of ["desc", "asc"] as const) {
          for (let page = 1; ; page++) {
            const query = { ...filter, sort, order, page, pageSize };
            const params = new URLSearchParams(Object.entries(query).map(([k, v]) => [k, String(v)]));
            const answer = (await (await getBuilds(getRequest(`/api/builds?${params}`))).json()) as { builds: { id: number }[]; total: number };
            const expected = await referenceBuilds(query);
            expect({ ids: answer.builds.map((b) => b.id), total: answer.total }, `${params}`).toEqual(expected);
            compared++;
            if (expected.ids.length < pageSize) break;
          }
        }
      }
    }
    // Far past the end: empty pages, as before.
    const far = (await (await getBuilds(getRequest("/api/builds?page=999&sort=number&order=asc"))).json()) as { builds: unknown[]; total: number };
    expect(far.builds).toEqual([]);
    expect(far.total).toBe((await referenceBuilds({ sort: "number", order: "asc", page: 999, pageSize: 50 })).total);
    expect(compared).toBeGreaterThan(100);
  });

  test("GET /api/builds?filter answers the same first pages as before", async () => {
    for (const filter of filters) {
      for (const sort of ["startedAt", "queueLen"] as const) {
        const query = { ...filter, sort, order: "desc" as const, page: 1, pageSize: 50 };
        const params = new URLSearchParams(Object.entries(query).map(([k, v]) => [k, String(v)]));
        const answer = (await (await getBuilds(getRequest(`/api/builds?${params}`))).json()) as { builds: { id: number }[]; total: number };
        expect({ ids: answer.builds.map((b) => b.id), total: answer.total }, `${params}`).toEqual(await referenceBuilds(query));
      }
    }
  });

  test("GET /api/incidents answers the same pages as before, incidents without lastAt last", async () => {
    const [{ n }] = (await getPrisma().$queryRaw<{ n: bigint | number }[]>`SELECT COUNT(*) AS "n" FROM "Incident" WHERE "lastAt" IS NULL`) as [
      { n: bigint | number },
    ];
    expect(Number(n)).toBeGreaterThan(0);
    for (const [filter, pageSize] of [[{}, 6], [{ job: JOB_B }, 5], ...filters.slice(3).map((f) => [f, 50] as const)] as const) {
      for (let page = 1; ; page++) {
        const query = { ...filter, page, pageSize };
        const params = new URLSearchParams(Object.entries(query).map(([k, v]) => [k, String(v)]));
        const answer = (await (await getIncidents(getRequest(`/api/incidents?${params}`))).json()) as { incidents: { id: number }[]; total: number };
        const expected = await referenceIncidents(query);
        expect({ ids: answer.incidents.map((i) => i.id), total: answer.total }, `${params}`).toEqual(expected);
        if (expected.ids.length < pageSize) break;
      }
    }
  });

  test("GET /api/rooms answers the same rooms, counts and first and last seen as before", async () => {
    for (const filter of filters) {
      const params = new URLSearchParams(Object.entries(filter).map(([k, v]) => [k, String(v)]));
      const answer = (await (await getRooms(getRequest(`/api/rooms?${params}`))).json()) as { rooms: unknown[] };
      expect(answer.rooms, `${params}`).toEqual(await referenceRooms(filter));
    }
    const all = await referenceRooms({});
    expect(all.length).toBeGreaterThan(3);
    // A room whose builds have no start time is first and last seen at their creation.
    expect(all.find((room) => room.jid === "odd@conference.example.org")?.firstSeen).toBe("2024-06-01T00:00:00.000Z");
  });

  test("GET /api/timeline keeps the same points as before, downsampled or not", async () => {
    const linked = await getPrisma().build.findMany({ where: { incidentId: { not: null } }, select: { id: true, incidentGroup: { select: { culpritClass: true } } } });
    const incidentClasses = new Map(linked.map((b) => [b.id, b.incidentGroup?.culpritClass ?? null]));
    expect(new Set(incidentClasses.values()).size).toBeGreaterThan(1);
    let downsampled = 0;
    let untimed = 0;
    for (const filter of filters) {
      for (const points of [10, 37, 5000]) {
        const params = new URLSearchParams({ ...Object.fromEntries(Object.entries(filter)), points: String(points) });
        const answer = (await (await getTimeline(getRequest(`/api/timeline?${params}`))).json()) as {
          points: { id: number; at: string; queueLen: number | null; startedAt: string | null; incidentClass: string | null }[];
          total: number;
          downsampled: boolean;
        };
        const expected = await referenceTimeline({ ...filter, points });
        expect(answer.points.map((p) => [p.id, p.incidentClass]), `${params}`).toEqual(answer.points.map((p) => [p.id, incidentClasses.get(p.id) ?? null]));
        expect(
          { total: answer.total, downsampled: answer.downsampled, points: answer.points.map((p) => [p.id, p.at, p.queueLen, p.startedAt]) },
          `${params}`,
        ).toEqual(expected);
        if (expected.downsampled) downsampled++;
        untimed += answer.points.filter((p) => p.startedAt === null).length;
      }
    }
    expect(downsampled).toBeGreaterThan(8);
    // Points placed at their upload (no start time in the log) say so: startedAt null.
    expect(untimed).toBeGreaterThan(0);
  });

  // The chart draws a build below the threshold as healthy, whatever its culprit class: each point
  // says whether its build is an incident, on the plain read and the grouped one (bucketWinners).
  test("GET /api/timeline says of each point whether its build is an incident, downsampled or not", async () => {
    const stored = new Map((await getPrisma().build.findMany({ select: { id: true, incident: true, culpritClass: true } })).map((b) => [b.id, b]));
    const seen = { incident: 0, healthyWithClass: 0 };
    for (const filter of filters) {
      for (const points of [10, 37, 5000]) {
        const params = new URLSearchParams({ ...Object.fromEntries(Object.entries(filter)), points: String(points) });
        const answer = (await (await getTimeline(getRequest(`/api/timeline?${params}`))).json()) as { points: { id: number; incident: unknown }[] };
        expect(
          answer.points.map((p) => [p.id, p.incident]),
          `${params}`,
        ).toEqual(answer.points.map((p) => [p.id, stored.get(p.id)?.incident]));
        seen.incident += answer.points.filter((p) => p.incident === true).length;
        seen.healthyWithClass += answer.points.filter((p) => p.incident === false && stored.get(p.id)?.culpritClass).length;
      }
    }
    // Both kinds are among the points, healthy builds with a culprit class too.
    expect(seen.incident).toBeGreaterThan(0);
    expect(seen.healthyWithClass).toBeGreaterThan(0);
  });

  // SQLite's plans only (EXPLAIN QUERY PLAN): registered for that run alone, not skipped on the other.
  if (kind === "sqlite") test("the default views read through their indexes, not every build", async () => {
    const url = database().url;
    const file = url.slice("file:".length);
    const logged = new PrismaClient({ adapter: new PrismaBetterSqlite3({ url: file }), log: [{ emit: "event", level: "query" }] });
    const seen: { query: string; params: string }[] = [];
    logged.$on("query", (event) => seen.push({ query: event.query, params: event.params }));
    // lib/db/client.ts keeps the process's client here; this one logs the SQL it is given.
    const cache = globalThis as unknown as { prisma?: { url: string; client: unknown } };
    const previous = cache.prisma;
    cache.prisma = { url, client: logged };
    const db = openDatabase(file);
    const plans = async (path: string, call: (request: Request) => Promise<Response>) => {
      seen.length = 0;
      expect((await call(getRequest(path))).status).toBe(200);
      return seen.map(({ query, params }) => {
        const values = (JSON.parse(params) as unknown[]).map((value) => (typeof value === "boolean" ? Number(value) : value));
        const plan = db.prepare(`EXPLAIN QUERY PLAN ${query}`).all(...values) as { detail: string }[];
        return { query, plan: plan.map((row) => row.detail).join("\n") };
      });
    };
    try {
      expect(getPrisma()).toBe(logged);
      const builds = await plans("/api/builds", getBuilds);
      const buildPage = builds.find((q) => /FROM `main`.`Build` WHERE/.test(q.query) && /ORDER BY/.test(q.query));
      expect(buildPage?.plan).toMatch(/USING INDEX Build_startedAt_idx/);
      expect(buildPage?.plan).not.toMatch(/TEMP B-TREE/);

      const incidents = await plans("/api/incidents", getIncidents);
      const incidentPage = incidents.find((q) => /FROM `main`.`Incident` WHERE/.test(q.query) && /ORDER BY/.test(q.query));
      expect(incidentPage?.plan).toMatch(/USING INDEX Incident_lastAt_idx/);
      expect(incidentPage?.plan).not.toMatch(/TEMP B-TREE/);

      // Its incidents are counted apart (one grouped count over Incident).
      const rooms = (await plans("/api/rooms", getRooms)).find((q) => /"Room" r/.test(q.query));
      expect(rooms?.plan).toMatch(/SEARCH b USING COVERING INDEX Build_roomId_incident_at_inspectedQueueLen_idx \(roomId=\? AND incident=\?\)/);

      const timeline = await plans("/api/timeline?points=10", getTimeline);
      const buckets = timeline.find((q) => /GROUP BY/.test(q.query));
      expect(buckets?.plan).toMatch(/SCAN b USING COVERING INDEX Build_at_worstQueueLen_id_idx/);
      // Grouped, not ranked by a window function over every build.
      expect(timeline.some((q) => /ROW_NUMBER/.test(q.query))).toBe(false);

      // A job's own timeline: its builds' times and queues from the index alone.
      const jobTimeline = await plans(`/api/timeline?points=10&job=${encodeURIComponent(JOB_A)}`, getTimeline);
      const jobBuckets = jobTimeline.find((q) => /GROUP BY/.test(q.query));
      expect(jobBuckets?.plan).toMatch(/SEARCH b USING COVERING INDEX Build_job_at_worstQueueLen_id_idx \(job=\?\)/);
    } finally {
      db.close();
      cache.prisma = previous;
      await logged.$disconnect();
    }
  });

  // Last: it adds builds the tests above do not expect.
  test("queues the grouping key cannot hold (negative, 2³⁰ and more) are bucketed as before too", async () => {
    const store = await getStore();
    const at = (minute: number) => new Date(Date.UTC(2023, 0, 1, 0, minute));
    // Two pairs on the same time, so in one bucket whatever the points: a NULL queue with a huge one
    // (PostgreSQL ranks the NULL first, NULLs first descending), a NULL queue with a negative one
    // (SQLite ranks the number first, NULLs last); then more builds than points.
    const queues: [number, number | null][] = [
      [0, null],
      [0, 1_500_000_000],
      [5, null],
      [5, -7],
      ...Array.from({ length: 10 }, (_, i): [number, number] => [10 + i, 100 * i]),
    ];
    await store.transaction(async (session) => {
      const logId = await session.insertLog({ placeholderSha: "pending:edge", fileName: "edge.log", uploadedAt: new Date() });
      for (const [seq, [minute, queue]] of queues.entries()) {
        await session.insertBuild(
          testBuildRow({
            ...EDGE,
            logId,
            seq,
            number: seq + 1,
            startedAt: at(minute),
            createdAt: at(minute),
            worstQueueLen: queue,
            inspectedQueueLen: queue,
            // Both kinds, for the points' `incident` on the window function's read.
            incident: seq % 2 === 0,
            // Incident builds of a class, so that the points' `incidentClass` is read there too.
            culpritClass: seq % 2 === 0 ? "gen_call" : null,
          }),
          [],
          [],
          { fileName: "edge.log", line: seq + 1 },
        );
      }
      await session.takeConflicts();
      await session.finishLog({ id: logId, sha256: "edge", size: 1, buildCount: queues.length });
      await session.rebuildIncidents(EDGE.job, 100);
    });
    for (const [filter, points] of [
      [{ job: EDGE.job }, 10],
      [{ job: EDGE.job }, 12],
      [{}, 10],
    ] as const) {
      const params = new URLSearchParams({ ...filter, points: String(points) });
      const answer = (await (await getTimeline(getRequest(`/api/timeline?${params}`))).json()) as {
        points: { id: number; at: string; queueLen: number | null; startedAt: string | null; incident: unknown; incidentClass: unknown }[];
        total: number;
        downsampled: boolean;
      };
      expect(answer.downsampled).toBe(true);
      const stored = await getPrisma().build.findMany({ select: { id: true, incident: true, incidentGroup: { select: { culpritClass: true } } } });
      const incident = new Map(stored.map((b) => [b.id, b.incident]));
      expect(answer.points.map((p) => [p.id, p.incident])).toEqual(answer.points.map((p) => [p.id, incident.get(p.id)]));
      // Each point's incident class, whichever way it was downsampled.
      const incidentClass = new Map(stored.map((b) => [b.id, b.incidentGroup?.culpritClass ?? null]));
      if (filter.job) expect(answer.points.some((p) => p.incidentClass === "gen_call")).toBe(true);
      expect(answer.points.map((p) => [p.id, p.incidentClass])).toEqual(answer.points.map((p) => [p.id, incidentClass.get(p.id)]));
      expect(
        { total: answer.total, downsampled: answer.downsampled, points: answer.points.map((p) => [p.id, p.at, p.queueLen, p.startedAt]) },
        `${params}`,
      ).toEqual(
        await referenceTimeline({ ...filter, points }),
      );
    }
  });
});

const EDGE = { job: "edge", inspectedPid: "<0.9.0>" } as const;
