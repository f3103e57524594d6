// The migration 20261206000000_sql_subject_connection, on both databases: builds classified by the
// p1_mysql rule before it named the socket reader (the pid inside the messages) as their subject;
// after it they name the inspected pid, the connection, as new uploads do, and so do the incidents
// they start. Other builds and incidents keep their subjects.
import { describe, expect, test } from "vitest";
import { createTestDatabase, testDatabaseKinds } from "@/lib/testing/databases";
import { openAtMigrationBefore } from "@/lib/testing/migrations";

const MIGRATION = "20261206000000_sql_subject_connection";

/** id, rule, inspected pid, subject as stored before, incident id. */
const BUILDS: [number, string, string | null, string, number][] = [
  [1, "mysql-receiver", "<0.10.0>", "<0.99.0>", 1],
  [2, "mysql-receiver", "<0.10.0>", "<0.99.0>", 1],
  [3, "sql-process", "<0.20.0>", "<0.20.0>", 2],
  [4, "rex-rpc-calls", "<0.12.0>", "mnesia:activity", 3],
  [5, "mysql-receiver", "<0.30.0>", "<0.98.0>", 4],
];

describe.each(testDatabaseKinds())("on %s", (kind) => {
  test("p1_mysql builds and their incidents name the connection, the inspected pid; nothing else changes", async () => {
    const database = await createTestDatabase(kind, "sql_subject");
    const { runner, migrateRest } = await openAtMigrationBefore(kind, database.url, MIGRATION);
    const bool = (b: boolean) => (kind === "sqlite" ? (b ? 1 : 0) : b);
    try {
      await runner.run(`INSERT INTO "Log" ("sha256", "fileName", "size", "buildCount") VALUES ('a', 'a.log', 1, ?)`, [BUILDS.length]);
      for (const [id, rule, pid, subject, incident] of BUILDS) {
        const cls = rule === "rex-rpc-calls" ? "rpc" : "sql";
        if ((await runner.run(`SELECT "id" FROM "Incident" WHERE "id" = ?`, [incident])).length === 0) {
          await runner.run(
            `INSERT INTO "Incident" ("id", "job", "keyKind", "key", "culpritClass", "subject", "firstBuildId", "lastBuildId", "buildCount", "peakQueueLen", "open", "threshold")
             VALUES (?, 'j', 'pid', ?, ?, ?, ?, ?, 1, 500, ?, 100)`,
            [incident, pid, cls, subject, id, id, bool(false)],
          );
        }
        await runner.run(
          `INSERT INTO "Build" ("id", "logId", "seq", "job", "number", "incident", "inspectedPid", "culpritClass", "culpritSubject", "culpritRule", "incidentId")
           VALUES (?, 1, ?, 'j', ?, ?, ?, ?, ?, ?, ?)`,
          [id, id, id, bool(true), pid, cls, subject, rule, incident],
        );
      }

      expect(await migrateRest()).toContain(MIGRATION);

      const builds = await runner.run(`SELECT "id", "culpritSubject" FROM "Build" ORDER BY "id"`);
      expect(builds.map((b) => [Number(b.id), b.culpritSubject])).toEqual([
        [1, "<0.10.0>"],
        [2, "<0.10.0>"],
        [3, "<0.20.0>"],
        [4, "mnesia:activity"],
        [5, "<0.30.0>"],
      ]);
      const incidents = await runner.run(`SELECT "id", "subject", "key" FROM "Incident" ORDER BY "id"`);
      expect(incidents.map((i) => [Number(i.id), i.subject, i.key])).toEqual([
        [1, "<0.10.0>", "<0.10.0>"],
        [2, "<0.20.0>", "<0.20.0>"],
        [3, "mnesia:activity", "<0.12.0>"],
        [4, "<0.30.0>", "<0.30.0>"],
      ]);
    } finally {
      await runner.close();
      await database.drop();
    }
  });
});
