// Many uploads at once in one process, on each database: logs that share
// rooms and jobs, some of them repeated. On PostgreSQL these run as truly
// concurrent transactions (they deadlocked on rooms before), so every round
// must end in 201s and 200s only, each distinct log stored once.
import { describe, expect, test } from "vitest";
import { POST as postLogs } from "@/app/api/logs/route";
import { scanLog } from "@/lib/monitor-log";
import { generateLog } from "@/lib/monitor-log/generate";
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

  test("two different logs of the same job and build numbers at once: one is stored whole, the other answers 409 and leaves nothing", async () => {
    // 150 builds of ~30 rows each: several write batches per upload, so on PostgreSQL the loser meets the
    // winner's uncommitted rows mid-file (the unique key), with more of its own batches queued behind.
    const job = "race_job";
    const logs = [3, 4].map((seed) => [...generateLog({ seed, builds: 150, job, firstBuild: 1 })].join(""));
    expect(logs[0]).not.toBe(logs[1]);
    const before = await countRows(database().url);
    const responses = await Promise.all(logs.map((log, i) => postLogs(rawRequest(log, "text/plain", { query: `?filename=race-${i}.log` }))));
    const statuses = responses.map((r) => r.status);
    expect([...statuses].sort(), `${statuses}`).toEqual([201, 409]);
    const loser = (await responses[statuses.indexOf(409)]!.json()) as { error: { message: string } & Record<string, unknown> };
    expect(loser.error.message).toMatch(/race_job|same job and number/);
    // The build it met, named as any 409 names a stored build (on PostgreSQL the race itself: the insert met it).
    const loserName = `race-${statuses.indexOf(409)}.log`;
    expect(loser.error).toMatchObject({ file: loserName, job, attempt: 1, permalink: expect.stringMatching(/^\/builds\/race_job\/\d+$/) });
    expect(loser.error.line).toEqual(expect.any(Number));
    expect(loser.error.logId).toEqual(expect.any(Number));
    const winner = (await responses[statuses.indexOf(201)]!.json()) as { builds: unknown[] };
    expect(winner.builds).toHaveLength(150);
    const after = await countRows(database().url);
    const added = (table: string) => after[table]! - before[table]!;
    expect(added("Log")).toBe(1);
    expect(added("Build")).toBe(150);
    // Exactly the winner's rows: none of the loser's batches stayed.
    const runs = scanLog(logs[statuses.indexOf(201)]!);
    expect(added("TopEntry")).toBe(runs.reduce((n, run) => n + run.top.length, 0));
    expect(added("Sample")).toBe(runs.reduce((n, run) => n + (run.inspected?.samples.length ?? 0), 0));
  }, 120_000);
});
