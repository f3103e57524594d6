// The migration 20261208000000_build_attempt, on both databases: builds stored before it are attempt 1
// of their number, and a build is unique on its job, number and attempt from then on (a second
// attempt of a stored number goes in; the same attempt twice is refused by the index).
import { describe, expect, test } from "vitest";
import { createTestDatabase, testDatabaseKinds } from "@/lib/testing/databases";
import { openAtMigrationBefore } from "@/lib/testing/migrations";

const MIGRATION = "20261208000000_build_attempt";

describe.each(testDatabaseKinds())("on %s", (kind) => {
  test("builds stored before it are attempt 1; another attempt of their number is allowed, the same one is not", async () => {
    const database = await createTestDatabase(kind, "build_attempt");
    const { runner, migrateRest } = await openAtMigrationBefore(kind, database.url, MIGRATION);
    try {
      await runner.run(`INSERT INTO "Log" ("sha256", "fileName", "size", "buildCount") VALUES ('a', 'a.log', 1, 3)`);
      for (const [id, number] of [[1, 41], [2, 42], [3, null]] as const) {
        await runner.run(`INSERT INTO "Build" ("id", "logId", "seq", "job", "number") VALUES (?, 1, ?, 'j', ?)`, [id, id, number]);
      }
      // Before it, the number alone was unique.
      await expect(runner.run(`INSERT INTO "Build" ("id", "logId", "seq", "job", "number") VALUES (4, 1, 4, 'j', 42)`)).rejects.toThrow();

      expect(await migrateRest()).toContain(MIGRATION);

      const rows = await runner.run(`SELECT "id", "attempt" FROM "Build" ORDER BY "id"`);
      expect(rows.map((row) => [Number(row.id), Number(row.attempt)])).toEqual([[1, 1], [2, 1], [3, 1]]);
      await runner.run(`INSERT INTO "Build" ("id", "logId", "seq", "job", "number", "attempt") VALUES (5, 1, 5, 'j', 42, 2)`);
      await expect(runner.run(`INSERT INTO "Build" ("id", "logId", "seq", "job", "number", "attempt") VALUES (6, 1, 6, 'j', 42, 2)`)).rejects.toThrow();
      // A build written without an attempt (an older instance during a rolling start) is attempt 1.
      await expect(runner.run(`INSERT INTO "Build" ("id", "logId", "seq", "job", "number") VALUES (7, 1, 7, 'j', 41)`)).rejects.toThrow();
      await runner.run(`INSERT INTO "Build" ("id", "logId", "seq", "job", "number") VALUES (8, 1, 8, 'j', 43)`);
      expect(Number((await runner.run(`SELECT "attempt" FROM "Build" WHERE "id" = 8`))[0]?.attempt)).toBe(1);
    } finally {
      await runner.close();
      await database.drop();
    }
  });
});
