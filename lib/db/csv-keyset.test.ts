// Integration: the full CSV exports read by keyset (lib/db/keyset.ts) give the rows in the JSON
// pages' order for every sort the endpoints take, on both databases: rows with NULL sort values
// (both parts of a nulls-last sort), ties on the sort column (the id decides), a job's builds
// without a number (the job sort's tie-breaker, in each database's own NULL order), with chunks
// of a few rows so that ties and NULLs straddle chunk boundaries. Then rows that change while an
// export streams: none is read twice, and no row that stays is left out.
import { beforeAll, describe, expect, test } from "vitest";
import { GET as getBuilds } from "@/app/api/builds/route";
import { GET as getIncidents } from "@/app/api/incidents/route";
import { GET as getLogs } from "@/app/api/logs/route";
import { getPrisma } from "@/lib/db/client";
import { type Export, exportBuilds, exportIncidents, exportLogs } from "@/lib/db/queries";
import { getStore } from "@/lib/db/store";
import { getRequest } from "@/lib/testing/api";
import { testBuildRow } from "@/lib/testing/build-row";
import { testDatabaseKinds } from "@/lib/testing/databases";
import { useTestDatabase } from "@/lib/testing/use-test-database";

const LOGS = 12;
const BUILDS = 60;
const CHUNK_SIZES = [1, 2, 3, 5, 1000];
const minute = (m: number) => new Date(Date.UTC(2024, 2, 1, 0, m));

/**
 * 12 logs uploaded three to a minute (ties), 60 builds: jobs "a" and "b" numbered 1, 2, … each (ties
 * on number across jobs), every fifth of job "a" without a number, every seventh a snapshot (no
 * job, no number); four to a start minute (ties), every sixth without one; queues 100, 200, 300 or
 * none (ties and NULLs); every third an incident of its own.
 */
async function writeData(): Promise<void> {
  const store = await getStore();
  await store.transaction(async (session) => {
    const logIds: number[] = [];
    for (let l = 0; l < LOGS; l++) {
      logIds.push(await session.insertLog({ placeholderSha: `pending:${l}`, fileName: `keyset-${l}.log`, uploadedAt: minute(Math.floor(l / 3)) }));
    }
    for (let seq = 0; seq < BUILDS; seq++) {
      const snapshot = seq % 7 === 6;
      const job = snapshot ? null : seq % 2 === 0 ? "a" : "b";
      const incident = seq % 3 === 0;
      const pid = `<0.${seq}.0>`;
      await session.insertBuild(
        testBuildRow({
          logId: logIds[seq % LOGS] as number,
          seq,
          sourceKind: snapshot ? "etop" : "monitor",
          job,
          number: job === null || (job === "a" && seq % 5 === 0) ? null : Math.floor(seq / 2) + 1,
          startedAt: seq % 6 === 5 ? null : minute(Math.floor(seq / 4)),
          worstQueueLen: seq % 4 === 3 ? null : 100 * ((seq % 3) + 1),
          inspectedPid: pid,
          incident,
          culpritClass: incident ? "gen_call" : null,
          culpritSubject: incident ? `call ${seq}` : null,
          createdAt: minute(0),
        }),
        [],
        [],
        { fileName: "keyset.log", line: seq + 1 },
      );
    }
    expect(await session.takeConflicts()).toEqual([]);
    for (let l = 0; l < LOGS; l++) {
      const buildCount = Array.from({ length: BUILDS }, (_, seq) => seq % LOGS === l).filter(Boolean).length;
      await session.finishLog({ id: logIds[l] as number, sha256: `sha-${l}`, size: 100 + l, buildCount });
    }
    for (const job of [null, "a", "b"]) await session.rebuildIncidents(job, 100);
  });
  // Incidents latest first: some ending at the same time (ties), some at no known time (NULLs); the
  // other sort columns likewise.
  const prisma = getPrisma();
  const incidents = await prisma.incident.findMany({ select: { id: true }, orderBy: { id: "asc" } });
  for (const [i, { id }] of incidents.entries()) {
    // The other sort columns, with ties too (and first times unknown for some).
    const lastAt = i % 4 === 1 ? null : minute(100 + Math.floor(i / 3));
    const firstAt = i % 5 === 2 ? null : minute(50 + Math.floor(i / 2));
    await prisma.incident.update({
      where: { id },
      data: {
        lastAt,
        firstAt,
        // As the regroup writes it: lastAt − firstAt, null unless both are known.
        durationMs: lastAt && firstAt ? lastAt.getTime() - firstAt.getTime() : null,
        buildCount: 1 + (i % 3),
        peakQueueLen: 100 * (1 + (i % 4)),
      },
    });
  }
}

type Row = { id: number };

async function collect<T>(chunks: AsyncGenerator<T[], void, undefined>): Promise<T[]> {
  const rows: T[] = [];
  for await (const chunk of chunks) rows.push(...chunk);
  return rows;
}

/** The JSON list's ids for this query, 7 to a page. */
async function pagedIds(route: (request: Request) => Promise<Response>, path: string, key: string, query: string): Promise<number[]> {
  const ids: number[] = [];
  for (let page = 1; ; page++) {
    const answer = (await (await route(getRequest(`${path}?${query}&page=${page}&pageSize=7`))).json()) as Record<string, Row[]>;
    const rows = answer[key] ?? [];
    ids.push(...rows.map((row) => row.id));
    if (rows.length < 7) return ids;
  }
}

/** The ids of the CSV's rows, in its order (the id column: no cell of these rows needs quoting). */
async function csvIds(response: Promise<Response>): Promise<number[]> {
  const [header = "", ...lines] = (await (await response).text()).split("\r\n").filter((line) => line !== "");
  const column = header.split(",").indexOf("id");
  expect(column).toBeGreaterThanOrEqual(0);
  return lines.map((line) => Number(line.split(",")[column]));
}

const BUILD_SORTS = (["startedAt", "number", "queueLen", "job"] as const).flatMap((sort) =>
  (["asc", "desc"] as const).map((order) => ({ sort, order })),
);

const INCIDENT_SORTS = (["lastAt", "firstAt", "peakQueueLen", "buildCount", "durationMs"] as const).flatMap((sort) =>
  (["asc", "desc"] as const).map((order) => ({ sort, order })),
);

/** The incidents' sort values as the JSON gives them: a time as milliseconds, none (no time known) as null. */
type IncidentValues = { id: number; firstAt: string | null; lastAt: string | null; peakQueueLen: number; buildCount: number; durationMs: number | null };
const sortValue = (incident: IncidentValues, sort: (typeof INCIDENT_SORTS)[number]["sort"]): number | null => {
  const value = incident[sort];
  return value === null ? null : typeof value === "string" ? Date.parse(value) : value;
};

describe.each(testDatabaseKinds())("on %s", (kind) => {
  useTestDatabase(kind, "csv-keyset");

  beforeAll(writeData);

  test("the data holds ties and NULLs on every sort column", async () => {
    const prisma = getPrisma();
    expect(await prisma.build.count({ where: { startedAt: null } })).toBeGreaterThan(5);
    expect(await prisma.build.count({ where: { worstQueueLen: null } })).toBeGreaterThan(5);
    expect(await prisma.build.count({ where: { job: "a", number: null } })).toBeGreaterThan(2);
    expect(await prisma.build.count({ where: { job: null } })).toBeGreaterThan(2);
    expect(await prisma.build.count({ where: { number: 3 } })).toBe(2);
    expect(await prisma.build.count({ where: { startedAt: minute(2) } })).toBeGreaterThan(2);
    expect(await prisma.incident.count({ where: { lastAt: null } })).toBeGreaterThan(2);
    expect(await prisma.incident.count({ where: { lastAt: minute(101) } })).toBe(2);
  });

  test.each(BUILD_SORTS)("builds sort=$sort order=$order: the export in any chunk size, and the CSV, in the JSON pages' order", async (order) => {
    const query = `sort=${order.sort}&order=${order.order}`;
    const expected = await pagedIds(getBuilds, "/api/builds", "builds", query);
    expect(expected).toHaveLength(BUILDS);
    for (const chunkSize of CHUNK_SIZES) {
      const { total, chunks } = await exportBuilds(order, { chunkSize });
      expect(total).toBe(BUILDS);
      expect((await collect(chunks)).map((b) => b.id), `chunks of ${chunkSize}`).toEqual(expected);
    }
    expect(await csvIds(getBuilds(getRequest(`/api/builds?${query}&format=csv`)))).toEqual(expected);
  });

  test.each(BUILD_SORTS)("builds of job a only, sort=$sort order=$order: the same, filtered", async (order) => {
    const expected = await pagedIds(getBuilds, "/api/builds", "builds", `job=a&sort=${order.sort}&order=${order.order}`);
    expect(expected.length).toBeGreaterThan(10);
    const { chunks } = await exportBuilds({ job: "a", ...order }, { chunkSize: 3 });
    expect((await collect(chunks)).map((b) => b.id)).toEqual(expected);
  });

  test("incidents (lastAt NULLs last, ties) and logs (uploadedAt ties): the export in any chunk size in the JSON's order", async () => {
    const incidents = await pagedIds(getIncidents, "/api/incidents", "incidents", "");
    const logs = await pagedIds(getLogs, "/api/logs", "logs", "");
    expect(logs).toHaveLength(LOGS);
    for (const chunkSize of CHUNK_SIZES) {
      expect((await collect((await exportIncidents({}, { chunkSize })).chunks)).map((i) => i.id)).toEqual(incidents);
      expect((await collect((await exportLogs({ chunkSize })).chunks)).map((l) => l.id)).toEqual(logs);
    }
    expect(await csvIds(getIncidents(getRequest("/api/incidents?format=csv")))).toEqual(incidents);
    expect(await csvIds(getLogs(getRequest("/api/logs?format=csv")))).toEqual(logs);
  });

  test.each(INCIDENT_SORTS)("incidents sort=$sort order=$order: sorted so (ties by id in the same direction, no time last), and the export and CSV in the pages' order", async ({ sort, order }) => {
    const query = `sort=${sort}&order=${order}`;
    const all = ((await (await getIncidents(getRequest(`/api/incidents?${query}&pageSize=500`))).json()) as { incidents: IncidentValues[] }).incidents;
    expect(all.length).toBeGreaterThan(10);
    const sign = order === "asc" ? 1 : -1;
    for (let k = 1; k < all.length; k++) {
      const [a, b] = [all[k - 1] as IncidentValues, all[k] as IncidentValues];
      const [va, vb] = [sortValue(a, sort), sortValue(b, sort)];
      const where = `${sort} ${order}: #${a.id} (${va}) before #${b.id} (${vb})`;
      if (va === null) expect(vb, where).toBeNull();
      if (va !== null && vb !== null) expect(Math.sign(vb - va) * sign, where).toBeGreaterThanOrEqual(0);
      if (va === vb) expect(Math.sign(b.id - a.id), where).toBe(sign);
    }
    const expected = await pagedIds(getIncidents, "/api/incidents", "incidents", query);
    expect(expected).toEqual(all.map((incident) => incident.id));
    for (const chunkSize of CHUNK_SIZES) {
      expect((await collect((await exportIncidents({ sort, order }, { chunkSize })).chunks)).map((i) => i.id), `chunks of ${chunkSize}`).toEqual(expected);
    }
    expect(await csvIds(getIncidents(getRequest(`/api/incidents?${query}&format=csv`)))).toEqual(expected);
  });

  test("incidents: the data holds ties on every sort column", async () => {
    const all = ((await (await getIncidents(getRequest("/api/incidents?pageSize=500"))).json()) as { incidents: IncidentValues[] }).incidents;
    for (const { sort } of INCIDENT_SORTS) {
      const values = all.map((incident) => sortValue(incident, sort));
      expect(new Set(values).size, sort).toBeLessThan(values.length);
      expect(new Set(values).size, sort).toBeGreaterThan(1);
    }
  });

  /** The export's first chunk, then `change`, then the rest: the ids, and the list's ids before the change. */
  async function exportAcross<T extends Row>(
    start: () => Promise<Export<T>>,
    change: (firstChunk: T[]) => Promise<void>,
  ): Promise<{ before: number[]; ids: number[]; total: number }> {
    const before = (await collect((await start()).chunks)).map((row) => row.id);
    const { total, chunks } = await start();
    const first = await chunks.next();
    const firstChunk = first.done ? [] : first.value;
    await change(firstChunk);
    const rest = await collect(chunks);
    return { before, ids: [...firstChunk, ...rest].map((row) => row.id), total };
  }

  test("a build deleted mid-export, from a chunk already sent, shifts no later row: none is left out", async () => {
    const { before, ids, total } = await exportAcross(
      () => exportBuilds({ sort: "startedAt", order: "desc" }, { chunkSize: 5 }),
      async (firstChunk) => {
        await getPrisma().build.delete({ where: { id: (firstChunk[0] as Row).id } });
      },
    );
    expect(total).toBe(before.length);
    expect(ids).toEqual(before);
  });

  test("a build that appears mid-export under the id cap (a PostgreSQL transaction that took its id earlier, committed later) repeats no row", async () => {
    const prisma = getPrisma();
    // The id it took: free (its build deleted before the export), below the largest.
    const victim = await prisma.build.findFirstOrThrow({ where: { incident: false, job: null }, orderBy: { id: "asc" } });
    await prisma.build.delete({ where: { id: victim.id } });
    const { before, ids, total } = await exportAcross(
      () => exportBuilds({ sort: "startedAt", order: "desc" }, { chunkSize: 5 }),
      async () => {
        // It starts later than every other: it sorts first, before the chunk being read.
        const row = testBuildRow({ logId: victim.logId, seq: 1000, job: "late", number: 1, startedAt: minute(10_000) });
        await prisma.build.create({ data: { ...row, id: victim.id, at: row.startedAt } });
      },
    );
    expect(total).toBe(before.length);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toEqual(before);
  });

  test("an incident moved to the front mid-export (a later build joined it) repeats no row; the others keep their order", async () => {
    const prisma = getPrisma();
    let moved = 0;
    const { before, ids } = await exportAcross(
      () => exportIncidents({}, { chunkSize: 4 }),
      async (firstChunk) => {
        // One not exported yet, now the latest (as an upload's regroup updates an open incident).
        const later = await prisma.incident.findFirstOrThrow({
          where: { id: { notIn: firstChunk.map((i) => i.id) }, lastAt: { not: null } },
          orderBy: { id: "asc" },
        });
        moved = later.id;
        await prisma.incident.update({ where: { id: later.id }, data: { lastAt: minute(20_000) } });
      },
    );
    expect(new Set(ids).size).toBe(ids.length);
    // Read before it moved, or (already past it) not at all: never in two places.
    expect(ids.filter((id) => id !== moved)).toEqual(before.filter((id) => id !== moved));
  });
});
