// Integration: `excludeJob=` leaves one job out of every list and chart, on both databases, and keeps
// the builds of no job (SQL's `job <> x` alone is not true of them). What it keeps is read from the
// tables themselves: the builds, points and incidents of every other job, the rooms of those builds.
// JSON totals, CSV exports and X-Total-Count agree; with `job` both hold; a job stored nowhere is said.
import { describe, expect, test } from "vitest";
import { GET as getBuilds } from "@/app/api/builds/route";
import { GET as getIncidents } from "@/app/api/incidents/route";
import { POST as postLogs } from "@/app/api/logs/route";
import { GET as getRooms } from "@/app/api/rooms/route";
import { GET as getTimeline } from "@/app/api/timeline/route";
import { getPrisma } from "@/lib/db/client";
import { countIncidentStarts } from "@/lib/db/queries";
import { fixture, getRequest, multipartRequest, seedFixtureNames } from "@/lib/testing/api";
import { parseCsv } from "@/lib/testing/csv";
import { testDatabaseKinds } from "@/lib/testing/databases";
import { useTestDatabase } from "@/lib/testing/use-test-database";

const SEED_JOB = "ProductCI_ejabberd_mqueue_random_monitor";

async function json<T>(response: Response | Promise<Response>): Promise<T> {
  const answer = await response;
  expect(answer.status).toBe(200);
  return answer.json() as Promise<T>;
}

async function csvIds(response: Response | Promise<Response>): Promise<{ total: number; ids: number[] }> {
  const answer = await response;
  expect(answer.status).toBe(200);
  const [header = [], ...rows] = parseCsv(await answer.text());
  const id = header.indexOf("id");
  return { total: Number(answer.headers.get("X-Total-Count")), ids: sorted(rows.map((row) => Number(row[id]))) };
}

const sorted = (ids: number[]) => [...ids].sort((a, b) => a - b);

describe.each(testDatabaseKinds())("on %s", (kind) => {
  useTestDatabase(kind, "exclude_job");

  test("every endpoint leaves the job out and keeps every other job's rows, and those of no job", async () => {
    const names = seedFixtureNames();
    expect((await postLogs(multipartRequest(names.map((name) => ({ name, content: fixture(name) }))))).status).toBe(201);
    // Other jobs, and a build of none (a console pasted from a page: no JOB_NAME=, no job in its name).
    for (const name of ["modern-xmpp.log", "modern-rex.log", "two-runs.log"]) {
      expect((await postLogs(multipartRequest([{ name, content: fixture(name) }]))).status).toBeLessThan(300);
    }
    const noJob = fixture("ProductCI_ejabberd_mqueue_random_monitor_25877.log").replace(/^(JOB_NAME|BUILD_NUMBER|BUILD_URL)=.*\n/gm, "");
    expect((await postLogs(multipartRequest([{ name: "pasted.log", content: noJob }]))).status).toBe(201);

    const prisma = getPrisma();
    const kept = { OR: [{ job: { not: SEED_JOB } }, { job: null }] };
    const builds = sorted((await prisma.build.findMany({ where: kept, select: { id: true } })).map((b) => b.id));
    const incidents = sorted((await prisma.incident.findMany({ where: kept, select: { id: true } })).map((i) => i.id));
    expect(await prisma.build.count({ where: { job: null } })).toBeGreaterThan(0);
    expect(await prisma.build.count({ where: { job: SEED_JOB } })).toBeGreaterThan(20);
    expect(incidents.length).toBeGreaterThan(1);
    const query = `excludeJob=${encodeURIComponent(SEED_JOB)}`;

    const list = await json<{ builds: { id: number; job: string | null }[]; total: number; warnings?: string[] }>(getBuilds(getRequest(`/api/builds?pageSize=500&${query}`)));
    expect(sorted(list.builds.map((b) => b.id))).toEqual(builds);
    expect(list.total).toBe(builds.length);
    expect(list.warnings ?? []).toEqual([]);
    expect(await csvIds(getBuilds(getRequest(`/api/builds?format=csv&${query}`)))).toEqual({ total: builds.length, ids: builds });

    const timeline = await json<{ points: { id: number }[]; total: number }>(getTimeline(getRequest(`/api/timeline?${query}`)));
    expect(sorted(timeline.points.map((p) => p.id))).toEqual(builds);
    expect((await csvIds(getTimeline(getRequest(`/api/timeline?format=csv&${query}`)))).ids).toEqual(builds);

    const listed = await json<{ incidents: { id: number }[]; total: number }>(getIncidents(getRequest(`/api/incidents?pageSize=500&${query}`)));
    expect(sorted(listed.incidents.map((i) => i.id))).toEqual(incidents);
    expect(await csvIds(getIncidents(getRequest(`/api/incidents?format=csv&${query}`)))).toEqual({ total: incidents.length, ids: incidents });
    // The incidents chart counts what the list lists.
    const starts = await countIncidentStarts({ excludeJob: SEED_JOB });
    expect(starts.charted + starts.earlier + starts.untimed).toBe(incidents.length);

    // Rooms: those the kept builds block, each with its count of them.
    const blocked = await prisma.build.groupBy({ by: ["roomId"], where: { ...kept, incident: true, roomId: { not: null } }, _count: { _all: true } });
    const jids = new Map((await prisma.room.findMany({ select: { id: true, jid: true } })).map((room) => [room.id, room.jid]));
    const rooms = await json<{ rooms: { jid: string; builds: number }[] }>(getRooms(getRequest(`/api/rooms?${query}`)));
    expect(Object.fromEntries(rooms.rooms.map((room) => [room.jid, room.builds]))).toEqual(Object.fromEntries(blocked.map((row) => [jids.get(row.roomId!), row._count._all])));
    // The seed's rooms are its job's alone: none is left.
    const all = await json<{ rooms: { jid: string }[] }>(getRooms(getRequest("/api/rooms")));
    expect(rooms.rooms.length).toBeLessThan(all.rooms.length);

    // With job: both hold (the same job: nothing).
    const both = await json<{ total: number; warnings: string[] }>(getBuilds(getRequest(`/api/builds?job=${SEED_JOB}&${query}`)));
    expect(both.total).toBe(0);
    expect(both.warnings).toEqual([`job and excludeJob both name ${SEED_JOB}: every build of it is left out, and nothing is left`]);
    const other = await json<{ total: number }>(getBuilds(getRequest(`/api/builds?job=repro&${query}`)));
    expect(other.total).toBe(await prisma.build.count({ where: { job: "repro" } }));
    // A job stored nowhere leaves nothing out, and is said.
    const typo = await json<{ total: number; warnings: string[] }>(getBuilds(getRequest(`/api/builds?excludeJob=ProductCI_ejabberd_mqueue_random_monitr`)));
    expect(typo.total).toBe(await prisma.build.count());
    expect(typo.warnings).toEqual([expect.stringMatching(/^excludeJob=ProductCI_ejabberd_mqueue_random_monitr names no stored job \(nothing is left out: .*stored jobs like it: ProductCI_ejabberd_mqueue_random_monitor\b/)]);
  }, 120_000);
});
