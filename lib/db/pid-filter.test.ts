// Integration: `pid=` means one thing on every endpoint, on both databases. A build holds a pid
// when it inspected it or lists it anywhere in its top list (the builds list, the timeline's
// points, the rooms' blocked builds); an incident holds it when its stuck process had it (the
// pid one of its builds inspected: what the incident is grouped on). JSON totals, CSV exports
// and X-Total-Count agree; the spellings an operator pastes find the same rows; what is not a
// pid is a 400. The seed's <6562.783.478> is inspected in 11 builds and sits lower in the top
// list of 4 more.
import { describe, expect, test } from "vitest";
import { GET as getBuilds } from "@/app/api/builds/route";
import { GET as getIncidents } from "@/app/api/incidents/route";
import { POST as postLogs } from "@/app/api/logs/route";
import { GET as getRooms } from "@/app/api/rooms/route";
import { GET as getRoomByJid } from "@/app/api/rooms/[jid]/route";
import { GET as getTimeline } from "@/app/api/timeline/route";
import { getPrisma } from "@/lib/db/client";
import { topPlaces } from "@/lib/db/queries";
import { fixture, getRequest, multipartRequest, seedFixtureNames } from "@/lib/testing/api";
import { parseCsv } from "@/lib/testing/csv";
import { testDatabaseKinds } from "@/lib/testing/databases";
import { useTestDatabase } from "@/lib/testing/use-test-database";

const SEED_JOB = "ProductCI_ejabberd_mqueue_random_monitor";
const PID = "<6562.783.478>";
const SPELLINGS = [PID, "6562.783.478", "#PID<6562.783.478>", "  6562.783.478 ", " #PID<6562.783.478>\t"];

type Room = { jid: string; builds: number; incidents: number };

const json = async <T>(response: Response | Promise<Response>): Promise<T> => {
  const answer = await response;
  expect(answer.status, answer.url).toBe(200);
  return answer.json() as Promise<T>;
};

/** The data rows of a CSV answer (RFC 4180: quoted cells may hold commas, quotes and line breaks), by header. */
async function csv(response: Response | Promise<Response>): Promise<{ total: number; rows: Record<string, string>[] }> {
  const answer = await response;
  expect(answer.status).toBe(200);
  const lines = parseCsv(await answer.text());
  const [header = [], ...data] = lines;
  return {
    total: Number(answer.headers.get("X-Total-Count")),
    rows: data.map((cells) => Object.fromEntries(header.map((name, i) => [name, cells[i] ?? ""]))),
  };
}

/** What a pid filter must keep, read from the tables themselves. */
async function expected(pid: string, job?: string) {
  const prisma = getPrisma();
  const inspected = await prisma.build.findMany({ where: { inspectedPid: pid, job }, select: { id: true, incidentId: true } });
  const listed = await prisma.topEntry.findMany({ where: { pid, build: { job } }, select: { buildId: true } });
  const builds = [...new Set([...inspected.map((b) => b.id), ...listed.map((t) => t.buildId)])].sort((a, b) => a - b);
  const incidents = [...new Set(inspected.flatMap((b) => (b.incidentId === null ? [] : [b.incidentId])))].sort((a, b) => a - b);
  return { builds, incidents };
}

const sorted = (ids: (number | string)[]) => ids.map(Number).sort((a, b) => a - b);

/** Every endpoint's answer for one query string: ids and counts, JSON and CSV. */
async function answers(query: string) {
  const builds = await json<{ builds: { id: number }[]; total: number }>(getBuilds(getRequest(`/api/builds?pageSize=500&${query}`)));
  const buildsCsv = await csv(getBuilds(getRequest(`/api/builds?format=csv&${query}`)));
  const timeline = await json<{ points: { id: number }[]; total: number; downsampled: boolean }>(getTimeline(getRequest(`/api/timeline?${query}`)));
  const timelineCsv = await csv(getTimeline(getRequest(`/api/timeline?format=csv&${query}`)));
  const incidents = await json<{ incidents: { id: number }[]; total: number }>(getIncidents(getRequest(`/api/incidents?pageSize=500&${query}`)));
  const incidentsCsv = await csv(getIncidents(getRequest(`/api/incidents?format=csv&${query}`)));
  expect(timeline.downsampled).toBe(false);
  return {
    builds: { ids: sorted(builds.builds.map((b) => b.id)), total: builds.total },
    buildsCsv: { ids: sorted(buildsCsv.rows.map((r) => r.id as string)), total: buildsCsv.total },
    timeline: { ids: sorted(timeline.points.map((p) => p.id)), total: timeline.total },
    timelineCsv: { ids: sorted(timelineCsv.rows.map((r) => r.id as string)), total: timelineCsv.total },
    incidents: { ids: sorted(incidents.incidents.map((i) => i.id)), total: incidents.total },
    incidentsCsv: { ids: sorted(incidentsCsv.rows.map((r) => r.id as string)), total: incidentsCsv.total },
  };
}

const roomAt = (jid: string, query: string) =>
  getRoomByJid(getRequest(`/api/rooms/${encodeURIComponent(jid)}?${query}`), { params: Promise.resolve({ jid }) });

describe.each(testDatabaseKinds())("on %s", (kind) => {
  useTestDatabase(kind, "pid_filter");

  test("setup: the seed", async () => {
    expect((await postLogs(multipartRequest(seedFixtureNames().map((name) => ({ name, content: fixture(name) }))))).status).toBe(201);
  });

  test("the seed's <6562.783.478>: 15 builds and their 15 points, in JSON and CSV, and the incidents it was stuck in", async () => {
    const want = await expected(PID, SEED_JOB);
    expect(want.builds).toHaveLength(15);
    expect(want.incidents.length).toBeGreaterThan(0);
    const got = await answers(new URLSearchParams({ pid: PID, job: SEED_JOB }).toString());
    const builds = { ids: want.builds, total: 15 };
    const incidents = { ids: want.incidents, total: want.incidents.length };
    expect(got).toEqual({ builds, buildsCsv: builds, timeline: builds, timelineCsv: { ids: builds.ids, total: 15 }, incidents, incidentsCsv: incidents });
  });

  test("6562.783.478, #PID<6562.783.478> and blanks around find what <6562.783.478> finds, everywhere", async () => {
    const reference = await answers(new URLSearchParams({ pid: PID }).toString());
    expect(reference.builds.total).toBe(15);
    for (const spelling of SPELLINGS) {
      expect(await answers(new URLSearchParams({ pid: spelling }).toString()), JSON.stringify(spelling)).toEqual(reference);
    }
  });

  test("every pid of the seed: builds and points agree, and incidents are those whose stuck process had it", async () => {
    const prisma = getPrisma();
    const inspected = await prisma.build.findMany({ where: { inspectedPid: { not: null } }, select: { inspectedPid: true }, distinct: ["inspectedPid"] });
    const listedOnly = await prisma.topEntry.findMany({
      where: { pid: { notIn: inspected.map((b) => b.inspectedPid as string) } },
      select: { pid: true },
      distinct: ["pid"],
      orderBy: { pid: "asc" },
      take: 5,
    });
    const pids = [...inspected.map((b) => b.inspectedPid as string), ...listedOnly.map((t) => t.pid)];
    expect(pids.length).toBeGreaterThan(10);
    let onlyListed = 0;
    for (const pid of pids) {
      const want = await expected(pid);
      const got = await answers(new URLSearchParams({ pid }).toString());
      const builds = { ids: want.builds, total: want.builds.length };
      const incidents = { ids: want.incidents, total: want.incidents.length };
      expect(got, pid).toEqual({ builds, buildsCsv: builds, timeline: builds, timelineCsv: builds, incidents, incidentsCsv: incidents });
      if (want.builds.length > (await prisma.build.count({ where: { inspectedPid: pid } }))) onlyListed++;
    }
    // The test means something only if some builds hold a pid they did not inspect.
    expect(onlyListed).toBeGreaterThan(3);
  });

  test("rooms under a pid: blocked builds as /api/builds counts them, incidents as /api/incidents does, on the list and a room's page", async () => {
    const query = new URLSearchParams({ pid: "6562.783.478" }).toString();
    const { rooms } = await json<{ rooms: Room[] }>(getRooms(getRequest(`/api/rooms?${query}`)));
    const roomsCsv = await csv(getRooms(getRequest(`/api/rooms?format=csv&${query}`)));
    expect(roomsCsv.total).toBe(rooms.length);
    // The room it blocked, and the one blocked while it sat second in the top list (build 25870).
    expect(rooms.length).toBeGreaterThan(1);
    for (const room of rooms) {
      const scoped = `room=${encodeURIComponent(room.jid)}&${query}`;
      const blocked = await json<{ total: number }>(getBuilds(getRequest(`/api/builds?incident=true&${scoped}`)));
      const incidents = await json<{ total: number }>(getIncidents(getRequest(`/api/incidents?${scoped}`)));
      expect([room.builds, room.incidents], room.jid).toEqual([blocked.total, incidents.total]);
      const page = await json<{ room: Room; totalBuilds: number; totalIncidents: number }>(roomAt(room.jid, query));
      expect([page.room.builds, page.totalBuilds, page.room.incidents, page.totalIncidents], room.jid).toEqual([
        blocked.total,
        blocked.total,
        incidents.total,
        incidents.total,
      ]);
    }
  });

  test("pid=rex: the builds judged the rpc server (class rpc; the pages call them rex) too, and their incidents, everywhere", async () => {
    const prisma = getPrisma();
    const named = await expected("rex");
    const rpc = await prisma.build.findMany({ where: { culpritClass: "rpc" }, select: { id: true, incidentId: true } });
    // The seed's 11431 (and its dbcluster twin): rex full of mnesia calls, printed as a pid.
    expect(rpc.length).toBeGreaterThan(0);
    const builds = [...new Set([...named.builds, ...rpc.map((b) => b.id)])].sort((a, b) => a - b);
    const incidentIds = [...new Set([...named.incidents, ...rpc.flatMap((b) => (b.incidentId === null ? [] : [b.incidentId]))])].sort((a, b) => a - b);
    expect(incidentIds.length).toBeGreaterThan(0);
    const got = await answers("pid=rex");
    const want = { ids: builds, total: builds.length };
    const incidents = { ids: incidentIds, total: incidentIds.length };
    expect(got).toEqual({ builds: want, buildsCsv: want, timeline: want, timelineCsv: want, incidents, incidentsCsv: incidents });
    // The builds page's "rex in the top list" column: the place of the pid each such build inspected.
    const places = await topPlaces("rex", rpc.map((b) => b.id));
    for (const build of rpc) {
      const { inspectedPid } = (await prisma.build.findUniqueOrThrow({ where: { id: build.id }, select: { inspectedPid: true } })) as { inspectedPid: string };
      const entry = await prisma.topEntry.findFirst({ where: { buildId: build.id, pid: inspectedPid }, orderBy: { rank: "asc" } });
      expect(places.get(build.id), `build ${build.id}`).toEqual(entry ? { rank: entry.rank, queueLen: entry.queueLen } : undefined);
    }
    expect(places.size).toBeGreaterThan(0);
    // Another registered name keeps only what names it.
    const other = await answers("pid=ejabberd_sm");
    expect(other.builds.total).toBe((await expected("ejabberd_sm")).builds.length);
  });

  test("what is not a pid is a 400 that says what a pid looks like, on every endpoint that filters, JSON or CSV", async () => {
    const room = "snh-48#pocket48_76366191207121304@conference.easemob.com";
    for (const bad of ["Rex", "<6562.783>", "6562.783.478.1", "<6562.783.478", "#pid<6562.783.478>", "   "]) {
      for (const format of ["", "&format=csv"]) {
        const query = `${new URLSearchParams({ pid: bad })}${format}`;
        for (const response of [
          getBuilds(getRequest(`/api/builds?${query}`)),
          getTimeline(getRequest(`/api/timeline?${query}`)),
          getIncidents(getRequest(`/api/incidents?${query}`)),
          getRooms(getRequest(`/api/rooms?${query}`)),
          roomAt(room, query),
        ]) {
          const answer = await response;
          expect(answer.status, query).toBe(400);
          expect(await answer.json(), query).toMatchObject({
            error: {
              code: "bad_request",
              message: `invalid query parameters: pid: expected a pid such as <0.4121.0>, 0.4121.0 or #PID<0.4121.0>, or a registered name such as rex, got ${JSON.stringify(bad)}`,
            },
          });
        }
      }
    }
  });
});
