// The migration 20261210000000_uninspected_incidents, on both databases: a job holding an incident
// build whose run inspected no process (no inspected pid, no class) gets its incidents' threshold
// cleared, so that its next upload regroups it whole and that build joins an incident of its
// top-list leader (lib/incidents/group.ts); other jobs keep theirs and resume.
import { describe, expect, test } from "vitest";
import { createTestDatabase, testDatabaseKinds } from "@/lib/testing/databases";
import { openAtMigrationBefore } from "@/lib/testing/migrations";

const MIGRATION = "20261210000000_uninspected_incidents";

/** id, job, incident build, inspected pid, class, incident id (null: in none). */
const BUILDS: [number, string | null, boolean, string | null, string | null, number | null][] = [
  [1, "with-uninspected", true, "<0.1.0>", "rpc", 1],
  [2, "with-uninspected", true, null, null, null], // the build the grouping left out
  [3, "all-inspected", true, "<0.3.0>", "sql", 2],
  [4, "all-inspected", false, null, null, null], // healthy, nothing inspected: not a reason
  [5, null, true, null, null, null], // no job
  [6, null, true, "<0.6.0>", "dead", 3],
];

describe.each(testDatabaseKinds())("on %s", (kind) => {
  test("jobs with an uninspected incident build are regrouped whole on their next upload; others are not", async () => {
    const database = await createTestDatabase(kind, "uninspected_incidents");
    const { runner, migrateRest } = await openAtMigrationBefore(kind, database.url, MIGRATION);
    const bool = (b: boolean) => (kind === "sqlite" ? (b ? 1 : 0) : b);
    try {
      await runner.run(`INSERT INTO "Log" ("sha256", "fileName", "size", "buildCount") VALUES ('a', 'a.log', 1, ?)`, [BUILDS.length]);
      for (const [id, job, , pid, cls, incident] of BUILDS) {
        if (incident === null || pid === null || cls === null) continue;
        await runner.run(
          `INSERT INTO "Incident" ("id", "job", "keyKind", "key", "culpritClass", "firstBuildId", "lastBuildId", "buildCount", "peakQueueLen", "open", "threshold")
           VALUES (?, ?, 'pid', ?, ?, ?, ?, 1, 500, ?, 100)`,
          [incident, job, pid, cls, id, id, bool(true)],
        );
      }
      for (const [id, job, incident, pid, cls, incidentId] of BUILDS) {
        await runner.run(
          `INSERT INTO "Build" ("id", "logId", "seq", "job", "number", "incident", "inspectedPid", "culpritClass", "incidentId")
           VALUES (?, 1, ?, ?, ?, ?, ?, ?, ?)`,
          [id, id, job, id, bool(incident), pid, cls, incidentId],
        );
      }

      expect(await migrateRest()).toContain(MIGRATION);

      const incidents = await runner.run(`SELECT "id", "threshold" FROM "Incident" ORDER BY "id"`);
      expect(incidents.map((i) => [Number(i.id), i.threshold === null ? null : Number(i.threshold)])).toEqual([
        [1, null],
        [2, 100],
        [3, null],
      ]);
    } finally {
      await runner.close();
      await database.drop();
    }
  });
});
