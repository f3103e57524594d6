// Integration: a list's CSV without page or pageSize holds every row that
// matches, in the JSON's order, through the route handlers, on both databases;
// with page or pageSize, the page as before. More rows than a page (builds,
// incidents, logs), snapshots without job and number, start times and queues
// missing (the sorts' NULLs-last parts), and cells that need quoting.
import { beforeAll, describe, expect, test } from "vitest";
import { GET as getBuilds } from "@/app/api/builds/route";
import { GET as getIncidents } from "@/app/api/incidents/route";
import { GET as getLogs } from "@/app/api/logs/route";
import { GET as getRooms } from "@/app/api/rooms/route";
import { exportBuilds, exportIncidents, exportLogs } from "@/lib/db/queries";
import { getStore } from "@/lib/db/store";
import { parseCsv } from "@/lib/testing/csv";
import type { BuildRow } from "@/lib/db/store/types";
import { getRequest } from "@/lib/testing/api";
import { testBuildRow } from "@/lib/testing/build-row";
import { testDatabaseKinds } from "@/lib/testing/databases";
import { useTestDatabase } from "@/lib/testing/use-test-database";

const BUILDS = 130;
const LOGS = 60;
const SUBJECT_FORMULA = '=HYPERLINK("http://evil.example","a,b")';
const SUBJECT_LINES = "two\nlines";
const URL_QUOTED = 'http://ci.example/x?a=1,b="2"';

type Csv = { status: number; total: string | null; header: string[]; rows: Record<string, string>[] };

async function csvOf(response: Response | Promise<Response>): Promise<Csv> {
  const answer = await response;
  const [header = [], ...rows] = parseCsv(await answer.text());
  for (const row of rows) expect(row).toHaveLength(header.length);
  return {
    status: answer.status,
    total: answer.headers.get("x-total-count"),
    header,
    rows: rows.map((row) => Object.fromEntries(header.map((name, i) => [name, row[i] ?? ""]))),
  };
}

async function jsonOf<T>(response: Response | Promise<Response>): Promise<T> {
  return (await response).json() as Promise<T>;
}

type BuildJson = {
  id: number;
  job: string | null;
  number: number | null;
  sourceKind: string;
  node: string | null;
  permalink: string;
  dead: boolean;
  killedCount: number | null;
  culprit: { service: boolean } | null;
  incidentClass: string | null;
  topPid: string | null;
};
type IncidentJson = {
  id: number;
  key: string;
  keyKind: string;
  room: string | null;
  pids: string[];
  provisional: boolean;
  lastSeenAt: string | null;
  lastSeenBuild: { permalink: string } | null;
  ongoing: boolean;
  peakBuild: { permalink: string } | null;
  peakFrom: string | null;
};

/** Every build of the JSON list for this query, page after page (pageSize 50: several pages). */
async function allBuildsAsJson(query: string): Promise<{ builds: BuildJson[]; total: number }> {
  const builds: BuildJson[] = [];
  for (let page = 1; ; page++) {
    const answer = await jsonOf<{ builds: BuildJson[]; total: number }>(getBuilds(getRequest(`/api/builds?${query}&page=${page}`)));
    builds.push(...answer.builds);
    if (answer.builds.length < 50) return { builds, total: answer.total };
  }
}

async function allIncidentsAsJson(query: string): Promise<{ incidents: IncidentJson[]; total: number }> {
  const incidents: IncidentJson[] = [];
  for (let page = 1; ; page++) {
    const answer = await jsonOf<{ incidents: IncidentJson[]; total: number }>(getIncidents(getRequest(`/api/incidents?${query}&page=${page}`)));
    incidents.push(...answer.incidents);
    if (answer.incidents.length < 50) return { incidents, total: answer.total };
  }
}

/** 60 logs holding 130 builds: two jobs and snapshots (no job, no number), every other one an incident of its own. */
async function writeBuilds(): Promise<void> {
  const store = await getStore();
  await store.transaction(async (session) => {
    const logIds: number[] = [];
    for (let l = 0; l < LOGS; l++) {
      logIds.push(await session.insertLog({ placeholderSha: `pending:${l}`, fileName: `export-${l}.log`, uploadedAt: new Date(Date.UTC(2024, 1, 1, 0, l)) }));
    }
    for (let seq = 0; seq < BUILDS; seq++) {
      const snapshot = seq % 10 === 9;
      const incident = seq % 2 === 0;
      const room = incident && seq % 20 === 0;
      const jid = `room${seq}@conference.example.org`;
      const roomId = room ? await session.upsertRoom({ jid, name: `room${seq}`, host: "conference.example.org" }) : null;
      const pid = `<0.${seq}.0>`;
      const row: BuildRow = {
        logId: logIds[seq % LOGS] as number,
        seq,
        sourceKind: snapshot ? "etop" : "monitor",
        node: snapshot ? `ejabberd@node${seq % 3}` : null,
        killedCount: null,
        job: snapshot ? null : seq % 3 === 0 ? "exp_b" : "exp_a",
        number: snapshot ? null : 1000 + seq,
        attempt: 1,
        // Some without a start time; the others two by two on the same minute.
        startedAt: seq % 7 === 3 ? null : new Date(Date.UTC(2024, 0, 1, 0, Math.floor(seq / 2))),
        url: seq === 4 ? URL_QUOTED : null,
        worstQueueLen: seq % 8 === 5 ? null : ((seq * 37) % 5000) + 100,
        inspectedPid: pid,
        inspectedQueueLen: 200 + seq,
        inspectedDead: false,
        incident,
        culpritClass: room ? "muc_room" : incident ? "gen_call" : null,
        culpritSubject: room ? jid : seq === 2 ? SUBJECT_FORMULA : seq === 6 ? SUBJECT_LINES : incident ? `call ${seq}` : null,
        culpritRule: null,
        culpritEvidence: null,
        culpritService: false,
        roomId,
        createdAt: new Date(Date.UTC(2024, 0, 1)),
      };
      await session.insertBuild(row, [{ rank: 1, pid, queueLen: 200 + seq }], [], { fileName: "export.log", line: seq + 1 });
    }
    await session.takeConflicts();
    for (let l = 0; l < LOGS; l++) {
      const buildCount = Array.from({ length: BUILDS }, (_, seq) => seq % LOGS === l).filter(Boolean).length;
      await session.finishLog({ id: logIds[l] as number, sha256: `sha-${l}`, size: 100 + l, buildCount });
    }
    for (const job of [null, "exp_a", "exp_b"]) await session.rebuildIncidents(job, 100);
  });
}

describe.each(testDatabaseKinds())("on %s", (kind) => {
  useTestDatabase(kind, "csv-export");

  // Runs after the database is made (hooks run in the order they are registered).
  beforeAll(async () => {
    await writeBuilds();
    // More builds, incidents and logs than one page.
    expect((await allBuildsAsJson("")).total).toBe(BUILDS);
    expect((await allIncidentsAsJson("")).total).toBeGreaterThan(50);
    expect((await jsonOf<{ total: number }>(getLogs(getRequest("/api/logs")))).total).toBe(LOGS);
  });

  test.each([
    "",
    "sort=number&order=asc",
    "sort=queueLen&order=desc",
    "sort=job&order=asc",
    "sort=startedAt&order=asc",
    "job=exp_a",
    "incident=true&sort=queueLen",
    "sourceKind=etop",
    "from=2024-01-01T00:20:00Z&to=2024-01-01T00:50:00Z",
    "class=muc_room",
  ])("GET /api/builds?%s&format=csv holds every build the JSON pages hold, in their order", async (query) => {
    const json = await allBuildsAsJson(query);
    const csv = await csvOf(getBuilds(getRequest(`/api/builds?${query}&format=csv`)));
    expect(csv.status).toBe(200);
    expect(csv.total).toBe(String(json.total));
    expect(csv.rows.map((row) => Number(row.id))).toEqual(json.builds.map((b) => b.id));
    expect(csv.rows).toHaveLength(json.total);
  });


  test("bom=1 starts every list's CSV with the UTF-8 mark (the pages' links ask for it), streamed or paged; none without it; another value is a 400", async () => {
    const bytes = async (response: Response | Promise<Response>) => new Uint8Array(await (await response).arrayBuffer());
    const BOM = [0xef, 0xbb, 0xbf];
    for (const [name, get, path] of [
      ["builds", getBuilds, "/api/builds"],
      ["incidents", getIncidents, "/api/incidents"],
      ["logs", getLogs, "/api/logs"],
      ["rooms", getRooms, "/api/rooms"],
    ] as const) {
      for (const query of ["?format=csv&bom=1", "?format=csv&bom=1&page=1&pageSize=5"]) {
        const body = await bytes(get(getRequest(`${path}${query}`)));
        expect([...body.slice(0, 3)], `${name}${query}`).toEqual(BOM);
        // The header line follows the mark.
        expect(new TextDecoder().decode(body.slice(3, 40)), `${name}${query}`).toMatch(/^[a-zA-Z]+,/);
      }
      expect([...(await bytes(get(getRequest(`${path}?format=csv`)))).slice(0, 3)], name).not.toEqual(BOM);
      expect([...(await bytes(get(getRequest(`${path}?format=csv&bom=0`)))).slice(0, 3)], name).not.toEqual(BOM);
      const bad = await get(getRequest(`${path}?format=csv&bom=yes`));
      expect(bad.status, name).toBe(400);
      expect(await bad.json()).toMatchObject({
        error: { message: 'invalid query parameters: bom: expected 1 or 0 (true or false), got "yes"', issues: [{ path: ["bom"], message: 'expected 1 or 0 (true or false), got "yes"' }] },
      });
      expect((await get(getRequest(`${path}?format=csv&bom=1&bom=0`))).status, name).toBe(400);
    }
  });
  test("GET /api/builds CSV: today's columns in today's order, then id, sourceKind and node", async () => {
    const csv = await csvOf(getBuilds(getRequest("/api/builds?format=csv")));
    expect(csv.header).toEqual([
      "job",
      "number",
      "startedAt",
      "worstQueueLen",
      "inspectedPid",
      "inspectedQueueLen",
      "incident",
      "class",
      "subject",
      "room",
      "url",
      "permalink",
      "id",
      "sourceKind",
      "node",
      "dead",
      "killedCount",
      "service",
      "attempt",
      "absolutePermalink",
      "incidentClass",
      "topPid",
    ]);
    const { builds } = await allBuildsAsJson("");
    const byId = new Map(csv.rows.map((row) => [Number(row.id), row]));
    for (const build of builds) {
      const row = byId.get(build.id);
      expect(row, `build ${build.id}`).toMatchObject({
        job: build.job ?? "",
        number: build.number === null ? "" : String(build.number),
        permalink: build.permalink,
        sourceKind: build.sourceKind,
        node: build.node ?? "",
        dead: String(build.dead),
        killedCount: build.killedCount === null ? "" : String(build.killedCount),
        service: build.culprit ? String(build.culprit.service) : "",
        incidentClass: build.incidentClass ?? "",
        topPid: build.topPid ?? "",
      });
    }
    // Snapshots: no job, no number; id, source kind and node tell them apart.
    const snapshots = csv.rows.filter((row) => row.sourceKind === "etop");
    expect(snapshots).toHaveLength(BUILDS / 10);
    expect(new Set(snapshots.map((row) => row.id)).size).toBe(snapshots.length);
    for (const row of snapshots) expect(row).toMatchObject({ job: "", number: "", node: expect.stringMatching(/^ejabberd@node[012]$/) });
  });

  test("GET /api/builds CSV quotes cells as before, past the first page too", async () => {
    // Ascending numbers: the quoted builds (1002, 1004, 1006) first; descending: past the first 50.
    for (const order of ["asc", "desc"]) {
      const csv = await csvOf(getBuilds(getRequest(`/api/builds?sort=number&order=${order}&format=csv`)));
      const index = (number: number) => csv.rows.findIndex((row) => row.number === String(number));
      if (order === "desc") expect(index(1002)).toBeGreaterThanOrEqual(50);
      expect(csv.rows[index(1002)]?.subject).toBe(`'${SUBJECT_FORMULA}`);
      expect(csv.rows[index(1006)]?.subject).toBe(SUBJECT_LINES);
      expect(csv.rows[index(1004)]?.url).toBe(URL_QUOTED);
    }
    const text = await (await getBuilds(getRequest("/api/builds?sort=number&order=desc&format=csv"))).text();
    expect(text).toContain(`"'=HYPERLINK(""http://evil.example"",""a,b"")"`);
    expect(text).toContain('"two\nlines"');
  });

  test("GET /api/builds CSV with page or pageSize: that page only, with the total", async () => {
    const ten = await csvOf(getBuilds(getRequest("/api/builds?pageSize=10&format=csv")));
    const firstTen = (await jsonOf<{ builds: BuildJson[] }>(getBuilds(getRequest("/api/builds?pageSize=10")))).builds;
    expect(ten.rows.map((row) => Number(row.id))).toEqual(firstTen.map((b) => b.id));
    expect(ten.total).toBe(String(BUILDS));

    const second = await csvOf(getBuilds(getRequest("/api/builds?page=2&sort=number&order=asc&format=csv")));
    const secondJson = (await jsonOf<{ builds: BuildJson[] }>(getBuilds(getRequest("/api/builds?page=2&sort=number&order=asc")))).builds;
    expect(second.rows).toHaveLength(50);
    expect(second.rows.map((row) => Number(row.id))).toEqual(secondJson.map((b) => b.id));
    expect(second.total).toBe(String(BUILDS));

    const filtered = await csvOf(getBuilds(getRequest("/api/builds?job=exp_b&pageSize=5&page=3&format=csv")));
    expect(filtered.rows).toHaveLength(5);
    expect(filtered.rows.every((row) => row.job === "exp_b")).toBe(true);
    expect(filtered.total).toBe(String((await allBuildsAsJson("job=exp_b")).total));
  });

  test("GET /api/builds CSV matching nothing: the header and a total of 0", async () => {
    const csv = await csvOf(getBuilds(getRequest("/api/builds?job=nope&format=csv")));
    expect(csv).toMatchObject({ status: 200, total: "0", rows: [] });
    expect(csv.header[0]).toBe("job");
  });

  test.each(["", "job=exp_b", "class=muc_room", "from=2024-01-01T00:30:00Z"])(
    "GET /api/incidents?%s&format=csv holds every incident the JSON pages hold, in their order, with its id last",
    async (query) => {
      const json = await allIncidentsAsJson(query);
      const csv = await csvOf(getIncidents(getRequest(`/api/incidents?${query}&format=csv`)));
      expect(csv.status).toBe(200);
      expect(csv.header).toEqual([
        "job",
        "key",
        "class",
        "subject",
        "firstAt",
        "lastAt",
        "durationMs",
        "buildCount",
        "peakQueueLen",
        "firstBuild",
        "lastBuild",
        "id",
        "keyKind",
        "room",
        "absoluteFirstBuild",
        "absoluteLastBuild",
        "pids",
        "provisional",
        "lastSeenAt",
        "lastSeenBuild",
        "absoluteLastSeenBuild",
        "ongoing",
        "peakBuild",
        "absolutePeakBuild",
        "peakFrom",
      ]);
      expect(csv.total).toBe(String(json.total));
      expect(csv.rows.map((row) => Number(row.id))).toEqual(json.incidents.map((i) => i.id));
      expect(csv.rows.map((row) => [row.keyKind, row.room])).toEqual(json.incidents.map((i) => [i.keyKind, i.room ?? ""]));
      expect(csv.rows.map((row) => row.key)).toEqual(json.incidents.map((i) => i.key));
      expect(csv.rows.map((row) => [row.pids, row.provisional])).toEqual(json.incidents.map((i) => [i.pids.join(" "), String(i.provisional)]));
      expect(csv.rows.map((row) => [row.lastSeenAt, row.lastSeenBuild])).toEqual(json.incidents.map((i) => [i.lastSeenAt ?? "", i.lastSeenBuild?.permalink ?? ""]));
      expect(csv.rows.map((row) => row.ongoing)).toEqual(json.incidents.map((i) => String(i.ongoing)));
      expect(csv.rows.map((row) => [row.peakBuild, row.peakFrom])).toEqual(json.incidents.map((i) => [i.peakBuild?.permalink ?? "", i.peakFrom ?? ""]));
      // Made absolute as the last build's is (empty where that is: no name to make it under).
      for (const row of csv.rows) {
        const origin = (row.absoluteLastBuild ?? "").slice(0, -(row.lastBuild ?? "").length || undefined);
        expect(row.lastSeenBuild).not.toBe("");
        expect(row.absoluteLastSeenBuild).toBe(row.absoluteLastBuild === "" ? "" : `${origin}${row.lastSeenBuild}`);
        expect(row.peakBuild).not.toBe("");
        expect(row.absolutePeakBuild).toBe(row.absoluteLastBuild === "" ? "" : `${origin}${row.peakBuild}`);
      }
      if (query === "") expect(csv.rows.length).toBeGreaterThan(50);
    },
  );

  test("GET /api/incidents CSV: an id from it is what incidentId filters on; pageSize still pages", async () => {
    const csv = await csvOf(getIncidents(getRequest("/api/incidents?format=csv")));
    const last = csv.rows.at(-1) as Record<string, string>;
    const one = await csvOf(getIncidents(getRequest(`/api/incidents?incidentId=${last.id}&format=csv`)));
    expect(one.rows).toEqual([last]);
    expect(one.total).toBe("1");

    const ten = await csvOf(getIncidents(getRequest("/api/incidents?pageSize=10&format=csv")));
    expect(ten.rows).toEqual(csv.rows.slice(0, 10));
    expect(ten.total).toBe(csv.total);
  });

  test("GET /api/logs CSV: every log, newest first; pageSize still pages", async () => {
    const csv = await csvOf(getLogs(getRequest("/api/logs?format=csv")));
    expect(csv.header).toEqual(["id", "fileName", "sha256", "size", "uploadedAt", "buildCount"]);
    expect(csv.total).toBe(String(LOGS));
    expect(csv.rows.map((row) => row.fileName)).toEqual(Array.from({ length: LOGS }, (_, l) => `export-${LOGS - 1 - l}.log`));
    const paged = await csvOf(getLogs(getRequest("/api/logs?page=2&pageSize=7&format=csv")));
    expect(paged.rows).toEqual(csv.rows.slice(7, 14));
    expect(paged.total).toBe(String(LOGS));
  });

  test("GET /api/rooms CSV (never paged) carries its count too", async () => {
    const csv = await csvOf(getRooms(getRequest("/api/rooms?format=csv")));
    expect(csv.total).toBe(String(Math.ceil(BUILDS / 20)));
    expect(csv.rows).toHaveLength(Math.ceil(BUILDS / 20));
  });

  test("the exports read in chunks and give the rows of the whole list across chunk boundaries", async () => {
    const collect = async <T>(chunks: AsyncGenerator<T[], void, undefined>) => {
      const sizes: number[] = [];
      const rows: T[] = [];
      for await (const chunk of chunks) {
        sizes.push(chunk.length);
        rows.push(...chunk);
      }
      return { sizes, rows };
    };
    for (const sort of ["startedAt", "queueLen", "job"] as const) {
      const { total, chunks } = await exportBuilds({ sort, order: "desc" }, { chunkSize: 7 });
      const { sizes, rows } = await collect(chunks);
      expect(total).toBe(BUILDS);
      expect(sizes.every((size) => size <= 7)).toBe(true);
      expect(rows.map((b) => b.id)).toEqual((await allBuildsAsJson(`sort=${sort}&order=desc`)).builds.map((b) => b.id));
    }
    const incidents = await exportIncidents({}, { chunkSize: 9 });
    expect((await collect(incidents.chunks)).rows.map((i) => i.id)).toEqual((await allIncidentsAsJson("")).incidents.map((i) => i.id));
    const logs = await exportLogs({ chunkSize: 8 });
    expect((await collect(logs.chunks)).rows).toHaveLength(LOGS);
  });

  test("rows added after an export began are left out of it (they would shift its later chunks)", async () => {
    const { total, chunks } = await exportBuilds({ sort: "startedAt", order: "desc" }, { chunkSize: 50 });
    const first = await chunks.next();
    // An upload meanwhile: a build newer than every other, which sorts first.
    const store = await getStore();
    await store.transaction(async (session) => {
      const logId = await session.insertLog({ placeholderSha: "pending:late", fileName: "late.log", uploadedAt: new Date() });
      await session.insertBuild(
        testBuildRow({ logId, seq: 0, job: "exp_late", number: 1, startedAt: new Date(Date.UTC(2030, 0, 1)), worstQueueLen: 1 }),
        [],
        [],
        { fileName: "late.log", line: 1 },
      );
      await session.takeConflicts();
      await session.finishLog({ id: logId, sha256: "sha-late", size: 1, buildCount: 1 });
    });
    const rest: number[] = [];
    for await (const chunk of chunks) rest.push(...chunk.map((b) => b.id));
    const ids = [...(first.done ? [] : first.value.map((b) => b.id)), ...rest];
    expect(ids).toHaveLength(total);
    expect(new Set(ids).size).toBe(total);
    expect(total).toBe(BUILDS);
  });
});
