// Many uploads at once in one process, on each database: logs that share
// rooms and jobs, some of them repeated. On PostgreSQL these run as truly
// concurrent transactions (they deadlocked on rooms before), so every round
// must end in 201s and 200s only, each distinct log stored once.
import { describe, expect, test } from "vitest";
import { POST as postLogs } from "@/app/api/logs/route";
import { fixture, rawRequest, seedFixtureNames } from "@/lib/testing/api";
import { countRows, testDatabaseKinds } from "@/lib/testing/databases";
import { incidentGrouping, regroupWholeJob } from "@/lib/testing/incidents";
import { useTestDatabase } from "@/lib/testing/use-test-database";

const JOB = "ProductCI_ejabberd_mqueue_random_monitor";

describe.each(testDatabaseKinds())("concurrent uploads in one process, on %s", (kind) => {
  const database = useTestDatabase(kind, "concurrent");

  test("rounds of 14 uploads at once (10 distinct logs sharing rooms, 4 repeats): no 5xx, each log stored once", async () => {
    const names = seedFixtureNames().slice(0, 10);
    for (let round = 0; round < 5; round++) {
      // A job of its own per round: new content, the same rooms.
      const logs = names.map((name) => fixture(name).replaceAll(JOB, `${JOB}_r${round}`));
      const batch = [...logs, ...logs.slice(0, 4)];
      const statuses = await Promise.all(batch.map((log, i) => postLogs(rawRequest(log, "text/plain", { query: `?filename=r${round}-${i}.log` })).then((r) => r.status)));
      expect(statuses.filter((s) => s === 201), `round ${round}: ${statuses}`).toHaveLength(10);
      expect(statuses.every((s) => s === 201 || s === 200), `round ${round}: ${statuses}`).toBe(true);
    }
    expect((await countRows(database().url, ["Log"])).Log).toBe(50);
    // Each round's uploads regrouped or resumed their job's incidents while the others were writing
    // theirs (on PostgreSQL, truly at once): the result is still what regrouping the whole job gives.
    for (let round = 0; round < 5; round++) {
      const job = `${JOB}_r${round}`;
      const stored = await incidentGrouping(database().url, job);
      expect(stored.incidents.length, job).toBeGreaterThan(0);
      expect(await regroupWholeJob(job)).toBe("regrouped");
      expect(await incidentGrouping(database().url, job), job).toEqual(stored);
    }
  }, 120_000);
});
