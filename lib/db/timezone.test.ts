// Integration: times are stored and read back as the instants the log gave,
// whatever the server machine's time zone. The database columns are
// timestamps without a zone (UTC by convention); a driver that writes a
// Date in the machine's local time would shift every stored time by the
// zone's offset on a machine not set to UTC.
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { POST as postLogs } from "@/app/api/logs/route";
import { GET as getBuilds } from "@/app/api/builds/route";
import { GET as getBuildByNumber } from "@/app/api/builds/[job]/[number]/route";
import { GET as getIncidents } from "@/app/api/incidents/route";
import { GET as getTimeline } from "@/app/api/timeline/route";
import { copySqliteToPostgres } from "@/lib/db/copy";
import { migrateDatabase, openDatabase } from "@/lib/db/open";
import { fixture, getRequest, rawRequest } from "@/lib/testing/api";
import { createTestDatabase, testDatabaseKinds } from "@/lib/testing/databases";
import { useTestDatabase } from "@/lib/testing/use-test-database";
import pg from "pg";

const JOB = "ProductCI_ejabberd_mqueue_random_monitor";
// `2015-08-23 00:34:01 +0800` in the log: the build's start, in UTC.
const STARTED = "2015-08-22T16:34:01.000Z";

/** Runs the suite as on a server in Beijing (Node re-reads TZ when it is assigned). */
function inTimeZone(zone: string): void {
  const previous = process.env.TZ;
  beforeAll(() => {
    process.env.TZ = zone;
    // The zone must really apply, or the test proves nothing.
    expect(new Date(0).getTimezoneOffset()).toBe(-480);
  });
  afterAll(() => {
    if (previous === undefined) delete process.env.TZ;
    else process.env.TZ = previous;
  });
}

describe.each(testDatabaseKinds())("on %s, on a machine in UTC+8", (kind) => {
  inTimeZone("Asia/Shanghai");
  useTestDatabase(kind, "timezone");

  test("a build's start time and its uploaded time come back as the same instants", async () => {
    const before = Date.now();
    const response = await postLogs(rawRequest(fixture(`${JOB}_25877.log`), "text/plain", { query: `?job=${JOB}&number=25877` }));
    expect(response.status).toBe(201);
    const after = Date.now();

    const build = (await (await getBuildByNumber(getRequest(`/api/builds/${JOB}/25877`), { params: Promise.resolve({ job: JOB, number: "25877" }) })).json()) as {
      build: { startedAt: string | null; log: { uploadedAt: string } };
    };
    expect(build.build.startedAt).toBe(STARTED);
    const uploadedAt = Date.parse(build.build.log.uploadedAt);
    // Within the request, not eight hours off.
    expect(uploadedAt).toBeGreaterThanOrEqual(before - 1000);
    expect(uploadedAt).toBeLessThanOrEqual(after + 1000);

    const timeline = (await (await getTimeline(getRequest("/api/timeline"))).json()) as { points: { at: string }[] };
    expect(timeline.points.map((p) => p.at)).toEqual([STARTED]);
    const incidents = (await (await getIncidents(getRequest("/api/incidents"))).json()) as { incidents: { firstAt: string | null }[] };
    expect(incidents.incidents.map((i) => i.firstAt)).toEqual([STARTED]);
  });

  test("a time range filter compares instants", async () => {
    const numbers = async (range: string) => {
      const answer = (await (await getBuilds(getRequest(`/api/builds?${range}`))).json()) as { builds: { number: number }[] };
      const timeline = (await (await getTimeline(getRequest(`/api/timeline?${range}`))).json()) as { points: unknown[] };
      return [answer.builds.map((b) => b.number), timeline.points.length];
    };
    expect(await numbers("from=2015-08-22T16:34:00Z&to=2015-08-22T16:35:00Z")).toEqual([[25877], 1]);
    expect(await numbers("from=2015-08-22T16:34:02Z")).toEqual([[], 0]);
    expect(await numbers("to=2015-08-22T16:34:00Z")).toEqual([[], 0]);
  });

  if (kind === "postgres") {
    test("db:copy keeps the instants too", async () => {
      const target = await createTestDatabase("postgres", "timezone_copy");
      try {
        // The source: a SQLite database written by the app (its text dates are UTC).
        const sqlite = await createTestDatabase("sqlite", "timezone_source");
        migrateDatabase(sqlite.url.slice("file:".length));
        const db = openDatabase(sqlite.url.slice("file:".length));
        db.prepare(`INSERT INTO "Log" (sha256, fileName, size, uploadedAt, buildCount) VALUES ('x', 'a.log', 1, '2015-08-22T16:40:00.000Z', 1)`).run();
        db.prepare(
          `INSERT INTO "Build" (logId, seq, job, number, startedAt, createdAt, at) VALUES (1, 0, 'j', 1, '2015-08-22T16:34:01.000Z', '2015-08-22T16:40:00.000Z', '2015-08-22T16:34:01.000Z')`,
        ).run();
        const client = new pg.Client({ connectionString: target.url });
        await client.connect();
        try {
          await copySqliteToPostgres(db, client);
          const { rows } = await client.query<{ started: string; at: string; uploaded: string }>(
            `SELECT to_char(b."startedAt", 'YYYY-MM-DD"T"HH24:MI:SS') AS started, to_char(b."at", 'YYYY-MM-DD"T"HH24:MI:SS') AS at,
                    to_char(l."uploadedAt", 'YYYY-MM-DD"T"HH24:MI:SS') AS uploaded
               FROM "Build" b JOIN "Log" l ON l.id = b."logId"`,
          );
          expect(rows).toEqual([{ started: "2015-08-22T16:34:01", at: "2015-08-22T16:34:01", uploaded: "2015-08-22T16:40:00" }]);
        } finally {
          await client.end();
          db.close();
          await sqlite.drop();
        }
      } finally {
        await target.drop();
      }
    });
  }
});
