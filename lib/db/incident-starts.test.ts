// The incidents chart counts the incidents the list under it lists: for every filter the list
// takes (those it applies through the incidents' builds too: pid, sourceKind, logId), the chart's
// buckets hold exactly the listed incidents that started in the range, by class, and the others
// are counted as started earlier or untimed. And its buckets are those of the display clock,
// empty ones included.
import { describe, expect, test } from "vitest";
import { POST as postLogs } from "@/app/api/logs/route";
import { getPrisma } from "@/lib/db/client";
import { countIncidentStarts, listIncidents, type IncidentDto } from "@/lib/db/queries";
import { generateLog } from "@/lib/monitor-log/generate";
import { fixture, multipartRequest, rawRequest, seedFixtureNames } from "@/lib/testing/api";
import { testDatabaseKinds } from "@/lib/testing/databases";
import { useTestDatabase } from "@/lib/testing/use-test-database";
import { countByBucket } from "@/lib/time-buckets";
import type { Filter, IncidentFilter } from "@/lib/validation/query";

/** Every incident the list holds for `filter`, page by page. */
async function listAll(filter: Filter & IncidentFilter): Promise<IncidentDto[]> {
  const all: IncidentDto[] = [];
  for (let page = 1; ; page++) {
    const { items, total } = await listIncidents({ ...filter, page, pageSize: 500, format: "json" });
    all.push(...items);
    if (all.length >= total || items.length === 0) return all;
  }
}

/** What the chart should say, worked out from the list's own incidents. */
function expectedStarts(incidents: IncidentDto[], filter: Filter & IncidentFilter, offsetMinutes: number) {
  const from = filter.from ? Date.parse(filter.from) : -Infinity;
  const timed = incidents.filter((incident) => incident.firstAt !== null);
  const charted = timed.filter((incident) => Date.parse(incident.firstAt!) >= from);
  const { size, buckets } = countByBucket(
    charted.map((incident) => ({ at: Date.parse(incident.firstAt!), key: incident.culpritClass })),
    offsetMinutes,
  );
  return {
    size,
    buckets: buckets.map((b) => ({ ...b, start: new Date(b.start).toISOString(), end: new Date(b.end).toISOString() })),
    charted: charted.length,
    earlier: timed.length - charted.length,
    untimed: incidents.length - timed.length,
  };
}

describe.each(testDatabaseKinds())("on %s", (kind) => {
  useTestDatabase(kind, "incident_starts");

  test("the chart counts the incidents the list lists, for every filter the list takes", async () => {
    const names = seedFixtureNames();
    expect((await postLogs(multipartRequest(names.map((name) => ({ name, content: fixture(name) }))))).status).toBe(201);
    // Every other build without a time: some incidents have no start time at all.
    const text = [...generateLog({ seed: 7, builds: 120, job: "gen_starts", firstBuild: 1, untimed: true })].join("");
    expect((await postLogs(rawRequest(text, "text/plain", { query: "?filename=gen_starts.log" }))).status).toBe(201);

    const prisma = getPrisma();
    const log = await prisma.log.findFirstOrThrow({ where: { fileName: "gen_starts.log" }, select: { id: true } });
    const someIncident = await prisma.incident.findFirstOrThrow({ where: { job: "gen_starts" }, orderBy: { id: "asc" }, select: { id: true } });
    // An incident of several builds, cut by a range that begins after its start.
    const long = await prisma.incident.findFirstOrThrow({ where: { durationMs: { gt: 60_000 } }, select: { firstAt: true } });
    const room = await prisma.incident.findFirstOrThrow({ where: { roomId: { not: null } }, select: { room: { select: { jid: true, name: true } } } });
    const filters: (Filter & IncidentFilter)[] = [
      {},
      { job: "gen_starts" },
      { job: "ProductCI_ejabberd_mqueue_random_monitor" },
      { excludeJob: "gen_starts" },
      { excludeJob: "ProductCI_ejabberd_mqueue_random_monitor", class: "sql" },
      { class: "muc_room" },
      { class: "sql", job: "gen_starts" },
      { room: room.room!.jid },
      { room: room.room!.name },
      // Inspected in 11 of the seed's builds, lower in the top list of 4 more.
      { pid: "<6562.783.478>" },
      { sourceKind: "monitor" },
      { logId: log.id },
      { incidentId: someIncident.id },
      // `incident` narrows builds, not incidents: the list ignores it, and so does the chart.
      { incident: "false" },
      // Incidents overlapping the range: some started before it.
      { from: "2015-08-01", to: "2015-09-01" },
      { from: new Date(long.firstAt!.getTime() + 1).toISOString() },
      { to: "2015-07-01" },
      { from: "2030-01-01" },
      // Still going on at the job's latest build, or over.
      { ongoing: "true" },
      { ongoing: "false", job: "gen_starts" },
    ];
    let withEarlier = 0;
    let withUntimed = 0;
    for (const filter of filters) {
      const incidents = await listAll(filter);
      // Clocks whose hours are not UTC's: +05:45, -03:30.
      for (const offsetMinutes of [0, 480, 345, -210]) {
        const starts = await countIncidentStarts(filter, { offsetMinutes });
        expect(starts, JSON.stringify({ filter, offsetMinutes })).toEqual(expectedStarts(incidents, filter, offsetMinutes));
        expect(starts.charted + starts.earlier + starts.untimed).toBe(incidents.length);
        if (starts.earlier > 0) withEarlier++;
        if (starts.untimed > 0) withUntimed++;
      }
    }
    // The data tried what it is meant to: incidents started before `from`, and incidents with no time.
    expect(withEarlier).toBeGreaterThan(0);
    expect(withUntimed).toBeGreaterThan(0);
  });

  test("the database's counts are those of every start, for spans of every bucket size, long empty stretches and old dates", async () => {
    const prisma = getPrisma();
    const classes = ["muc_room", "sql", "rpc", "dead", "unknown"];
    let seed = 11;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
    const at = (iso: string) => Date.parse(iso);
    const HOUR = 3_600_000;
    const DAY = 24 * HOUR;
    // Each: clusters of starts [from, spread in ms, how many]; a job each.
    const shapes: Record<string, [number, number, number][]> = {
      hours: [[at("2015-08-25T00:00:00Z"), DAY, 40]],
      days: [[at("2015-08-01T00:00:00Z"), 90 * DAY, 60]],
      weeks: [[at("2014-01-01T00:00:00Z"), 700 * DAY, 60]],
      months: [[at("2005-01-01T00:00:00Z"), 3000 * DAY, 60]],
      years: [[at("1960-01-01T00:00:00Z"), 60 * 365 * DAY, 60]],
      // A log of 2015 beside this year's: cut out between them, hours or days either side.
      gap: [
        [at("2015-08-25T03:00:00Z"), 10 * HOUR, 20],
        [at("2026-12-01T00:00:00Z"), 3 * DAY, 30],
      ],
      threeGroups: [
        [at("2001-02-03T00:00:00Z"), 5 * DAY, 10],
        [at("2010-06-01T00:00:00Z"), 20 * DAY, 10],
        [at("2026-01-01T00:00:00Z"), 2 * DAY, 10],
      ],
      // Before the year 100 (Date.UTC reads 0-99 as 1900-1999) and before 1970 (negative times).
      ancient: [
        [at("0050-03-01T00:00:00Z"), 40 * DAY, 10],
        [at("1969-12-31T00:00:00Z"), 2 * DAY, 10],
      ],
      // On the bounds of days of the clocks below, to the millisecond.
      bounds: [
        [at("2015-08-25T00:00:00Z"), 0, 3],
        [at("2015-08-24T23:59:59.999Z"), 0, 2],
        [at("2015-08-25T18:15:00Z"), 0, 2],
        [at("2015-08-25T18:14:59.999Z"), 0, 1],
        [at("2015-08-26T03:30:00Z"), 0, 2],
      ],
    };
    const starts = new Map<string, { at: number; key: string }[]>();
    const data = [];
    for (const [job, clusters] of Object.entries(shapes)) {
      const items: { at: number; key: string }[] = [];
      for (const [from, spread, count] of clusters) {
        for (let k = 0; k < count; k++) items.push({ at: from + Math.floor(random() * spread), key: classes[Math.floor(random() * classes.length)]! });
      }
      starts.set(job, items);
      for (const [k, item] of items.entries()) {
        data.push({
          job,
          keyKind: "pid",
          key: `<0.${k}.0>`,
          culpritClass: item.key,
          firstBuildId: 1,
          lastBuildId: 1,
          firstAt: new Date(item.at),
          lastAt: new Date(item.at + HOUR),
          buildCount: 1,
          peakQueueLen: 1000,
        });
      }
    }
    await prisma.incident.createMany({ data });
    const units = new Set<string>();
    let gaps = 0;
    for (const [job, items] of starts) {
      for (const offsetMinutes of [0, 480, 345, -210, -720]) {
        const expected = countByBucket(items, offsetMinutes);
        const got = await countIncidentStarts({ job }, { offsetMinutes });
        expect(got, JSON.stringify({ job, offsetMinutes })).toEqual({
          size: expected.size,
          buckets: expected.buckets.map((b) => ({ ...b, start: new Date(b.start).toISOString(), end: new Date(b.end).toISOString() })),
          charted: items.length,
          earlier: 0,
          untimed: 0,
        });
        units.add(got.size.unit);
        gaps += got.buckets.filter((b) => b.gap).length;
      }
    }
    // The shapes tried what they are meant to: every bucket size, and stretches cut out.
    expect([...units].sort()).toEqual(["day", "hour", "month", "week", "year"]);
    expect(gaps).toBeGreaterThan(0);
  });

  test("a start stored before year 1 (by an older version) counts as none on SQLite: the chart neither fails nor loses it", async () => {
    if (kind !== "sqlite") return;
    const prisma = getPrisma();
    const incident = (key: string, firstAt: Date | null) => ({ job: "year_zero", keyKind: "pid", key, culpritClass: "sql", firstBuildId: 1, lastBuildId: 1, firstAt, lastAt: firstAt, buildCount: 1, peakQueueLen: 1000 });
    await prisma.incident.createMany({ data: [incident("<0.1.0>", new Date("2015-08-25T11:28:00Z")), incident("<0.2.0>", new Date("2015-08-25T12:00:00Z"))] });
    // What an older version stored for a stamp of `0000-01-01 00:49 +05:00`.
    await prisma.$executeRawUnsafe(`UPDATE "Incident" SET "firstAt" = '-000001-12-31T19:49:00.000+00:00' WHERE "key" = '<0.2.0>' AND "job" = 'year_zero'`);
    const starts = await countIncidentStarts({ job: "year_zero" });
    expect([starts.charted, starts.earlier, starts.untimed]).toEqual([1, 0, 1]);
    expect(starts.buckets.reduce((n, b) => n + b.total, 0)).toBe(1);
  });

  test("buckets of the display clock, stacked by class, the empty days between them as zero", async () => {
    const prisma = getPrisma();
    const job = "by_hand";
    const incident = (key: string, culpritClass: string, firstAt: string | null) => ({
      job,
      keyKind: "pid",
      key,
      culpritClass,
      firstBuildId: 1,
      lastBuildId: 1,
      firstAt: firstAt ? new Date(firstAt) : null,
      lastAt: firstAt ? new Date(Date.parse(firstAt) + 3_600_000) : null,
      buildCount: 1,
      peakQueueLen: 1000,
    });
    await prisma.incident.createMany({
      data: [
        incident("<0.1.0>", "muc_room", "2015-08-23T00:34:01Z"),
        incident("<0.2.0>", "dead", "2015-08-25T08:16:00Z"),
        incident("<0.3.0>", "sql", "2015-08-25T11:28:00Z"),
        incident("<0.4.0>", "sql", "2015-08-25T20:00:00Z"),
        incident("<0.5.0>", "rpc", null),
      ],
    });
    const utc = await countIncidentStarts({ job });
    expect(utc.size).toEqual({ unit: "day", step: 1 });
    expect(utc.buckets.map((b) => [b.start, b.end, b.counts, b.total])).toEqual([
      ["2015-08-23T00:00:00.000Z", "2015-08-24T00:00:00.000Z", { muc_room: 1 }, 1],
      ["2015-08-24T00:00:00.000Z", "2015-08-25T00:00:00.000Z", {}, 0],
      ["2015-08-25T00:00:00.000Z", "2015-08-26T00:00:00.000Z", { dead: 1, sql: 2 }, 3],
    ]);
    expect([utc.charted, utc.earlier, utc.untimed]).toEqual([4, 0, 1]);

    // At +08:00 the day begins at 16:00 UTC: 08-25 20:00 UTC is the 26th there.
    const east = await countIncidentStarts({ job }, { offsetMinutes: 480 });
    expect(east.buckets.map((b) => [b.start, b.counts])).toEqual([
      ["2015-08-22T16:00:00.000Z", { muc_room: 1 }],
      ["2015-08-23T16:00:00.000Z", {}],
      ["2015-08-24T16:00:00.000Z", { dead: 1, sql: 1 }],
      ["2015-08-25T16:00:00.000Z", { sql: 1 }],
    ]);

    // One day (a bar clicked): hours. The room's incident, which overlaps none of it, is not listed;
    // one that began the day before and lasts into it would be, counted as earlier.
    const day = await countIncidentStarts({ job, from: "2015-08-25T00:00:00.000Z", to: "2015-08-26T00:00:00.000Z" });
    expect(day.size).toEqual({ unit: "hour", step: 1 });
    expect(day.buckets).toHaveLength(13);
    expect(day.buckets.filter((b) => b.total > 0).map((b) => [b.start, b.counts])).toEqual([
      ["2015-08-25T08:00:00.000Z", { dead: 1 }],
      ["2015-08-25T11:00:00.000Z", { sql: 1 }],
      ["2015-08-25T20:00:00.000Z", { sql: 1 }],
    ]);
    const overlap = await countIncidentStarts({ job, from: "2015-08-25T08:30:00Z" });
    expect([overlap.charted, overlap.earlier]).toEqual([2, 1]);

    // Filters the list takes: the class.
    const sql = await countIncidentStarts({ job, class: "sql" });
    expect(sql.size.unit).toBe("hour");
    expect(sql.buckets.map((b) => b.total)).toEqual([1, 0, 0, 0, 0, 0, 0, 0, 0, 1]);

    // Nothing matches: no buckets.
    expect(await countIncidentStarts({ job: "no_such_job" })).toEqual({ size: { unit: "hour", step: 1 }, buckets: [], charted: 0, earlier: 0, untimed: 0 });
  });
});
