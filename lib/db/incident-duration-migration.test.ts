// The migration 20261207000000_incident_duration, on both databases: incidents stored before it get
// their duration (lastAt − firstAt in milliseconds, exact to the millisecond, longer than an int4 of
// milliseconds too), null when a time is unknown; the list then sorts on it. Their first and last
// times become the earliest and latest of their builds' (a later number with an earlier time gave a
// negative span).
import { describe, expect, test } from "vitest";
import { toSqliteDate } from "@/lib/db/store/sqlite";
import { createTestDatabase, testDatabaseKinds } from "@/lib/testing/databases";
import { openAtMigrationBefore } from "@/lib/testing/migrations";

const MIGRATION = "20261207000000_incident_duration";

const DAY = 24 * 3600 * 1000;
/** id, firstAt, lastAt (ISO, as the regroup wrote them), the duration the migration gives. */
const INCIDENTS: [number, string | null, string | null, number | null][] = [
  [1, "2015-08-23T00:34:01.000Z", "2015-08-25T00:34:01.123Z", 2 * DAY + 123],
  [2, null, "2015-08-25T00:34:01.000Z", null],
  [3, "2015-08-23T00:34:01.000Z", "2015-08-23T00:34:01.000Z", 0],
  // 40 days: more milliseconds than an int4 holds.
  [4, "2015-07-01T00:00:00.000Z", "2015-08-10T00:00:00.000Z", 40 * DAY],
  [5, "2015-08-23T00:34:01.000Z", null, null],
];

describe.each(testDatabaseKinds())("on %s", (kind) => {
  test("incidents stored before it get lastAt − firstAt in milliseconds, or null", async () => {
    const database = await createTestDatabase(kind, "incident_duration");
    const { runner, migrateRest } = await openAtMigrationBefore(kind, database.url, MIGRATION);
    const bool = (b: boolean) => (kind === "sqlite" ? (b ? 1 : 0) : b);
    const date = (iso: string | null) => (kind === "sqlite" ? toSqliteDate(iso) : iso);
    try {
      await runner.run(`INSERT INTO "Log" ("sha256", "fileName", "size", "buildCount") VALUES ('a', 'a.log', 1, ?)`, [INCIDENTS.length]);
      for (const [id, firstAt, lastAt] of INCIDENTS) {
        await runner.run(
          `INSERT INTO "Incident" ("id", "job", "keyKind", "key", "culpritClass", "subject", "firstBuildId", "lastBuildId", "firstAt", "lastAt", "buildCount", "peakQueueLen", "open", "threshold")
           VALUES (?, 'j', 'pid', ?, 'gen_call', null, ?, ?, ?, ?, 1, 500, ?, 100)`,
          [id, `<0.${id}.0>`, id, id, date(firstAt), date(lastAt), bool(false)],
        );
      }

      // Incident 6: two builds point at it, the later number with the earlier time (grouped before the
      // migration as its first build's time to its last's: a negative span). It becomes 09:00..10:00.
      await runner.run(
        `INSERT INTO "Incident" ("id", "job", "keyKind", "key", "culpritClass", "subject", "firstBuildId", "lastBuildId", "firstAt", "lastAt", "buildCount", "peakQueueLen", "open", "threshold")
         VALUES (6, 'j', 'pid', '<0.6.0>', 'gen_call', null, 1, 2, ?, ?, 2, 500, ?, 100)`,
        [date("2020-01-01T10:00:00.000Z"), date("2020-01-01T09:00:00.000Z"), bool(false)],
      );
      for (const [id, at] of [[1, "2020-01-01T10:00:00.000Z"], [2, "2020-01-01T09:00:00.000Z"]] as const) {
        await runner.run(
          `INSERT INTO "Build" ("id", "logId", "seq", "job", "number", "startedAt", "incident", "inspectedPid", "culpritClass", "incidentId") VALUES (?, 1, ?, 'j', ?, ?, ?, '<0.6.0>', 'gen_call', 6)`,
          [id, id, id, date(at), bool(true)],
        );
      }

      expect(await migrateRest()).toContain(MIGRATION);

      const rows = await runner.run(`SELECT "id", "durationMs", "firstAt", "lastAt" FROM "Incident" ORDER BY "id"`);
      const ms = (value: unknown) => (value === null ? null : Number(value));
      const iso = (value: unknown) => (value === null ? null : new Date(value as string).toISOString());
      expect(rows.map((row) => [Number(row.id), ms(row.durationMs)])).toEqual([...INCIDENTS.map(([id, , , duration]) => [id, duration]), [6, 3600 * 1000]]);
      // Incidents no build points at keep their times; incident 6 spans its builds' earliest to latest.
      expect(rows.map((row) => [iso(row.firstAt), iso(row.lastAt)])).toEqual([...INCIDENTS.map(([, first, last]) => [first, last]), ["2020-01-01T09:00:00.000Z", "2020-01-01T10:00:00.000Z"]]);
    } finally {
      await runner.close();
      await database.drop();
    }
  });
});
