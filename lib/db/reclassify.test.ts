// npm run db:reclassify: stored monitor runs read again with today's classifier. Read right after
// their upload they give the verdicts the upload made (nothing changes); verdicts an older
// classifier made (an upgrade review, 2026-12-07: runs that inspected nothing, stored as healthy,
// and rooms the router's stanzas named) are made today's, and their jobs' incidents regrouped.
import fs from "node:fs";
import path from "node:path";
import { describe, expect, test } from "vitest";
import { POST as postLogs } from "@/app/api/logs/route";
import { generateLog } from "@/lib/monitor-log/generate";
import { fixture, rawRequest, seedFixtureNames } from "@/lib/testing/api";
import { testDatabaseKinds } from "@/lib/testing/databases";
import { incidentGrouping, queryRows, regroupWholeJob } from "@/lib/testing/incidents";
import { useTestDatabase } from "@/lib/testing/use-test-database";
import { reclassifyBuilds } from "./reclassify";

const FIXTURES = path.join(process.cwd(), "lib", "monitor-log", "__fixtures__");
const ROOM_25877 = fs.readFileSync(path.join(FIXTURES, "ProductCI_ejabberd_mqueue_random_monitor_25877.log"), "utf8");
const ROOM_JOB = "ProductCI_ejabberd_mqueue_random_monitor";

async function upload(text: string, name: string): Promise<void> {
  const response = await postLogs(rawRequest(text, "text/plain", { query: `?filename=${encodeURIComponent(name)}` }));
  expect(response.status, await response.clone().text()).toBe(201);
}

/** Every build's verdict columns, by id. */
async function verdicts(url: string) {
  const rows = await queryRows<Record<string, unknown>>(
    url,
    `SELECT "id", "incident", "culpritClass", "culpritSubject", "culpritRule", "culpritEvidence", "culpritService", "roomId" FROM "Build" ORDER BY "id"`,
  );
  return rows.map((row) => ({ ...row, incident: Boolean(row.incident), culpritService: Boolean(row.culpritService), roomId: row.roomId === null ? null : Number(row.roomId) }));
}

describe.each(testDatabaseKinds())("db:reclassify, on %s", (kind) => {
  const database = useTestDatabase(kind, "reclassify");

  test("stored runs read again give the verdicts their upload made: nothing changes", async () => {
    for (const name of seedFixtureNames()) await upload(fixture(name), name);
    await upload([...generateLog({ seed: 11, builds: 60, job: "reclassify_gen", firstBuild: 1 })].join(""), "gen.log");
    // 25876: 25877's log (a seed fixture) cut after its top list: it inspected nothing.
    expect(seedFixtureNames()).toContain(`${ROOM_JOB}_25877.log`);
    await upload(ROOM_25877.slice(0, ROOM_25877.indexOf("message queue len of pid")).replaceAll("25877", "25876"), `${ROOM_JOB}_25876.log`);
    const stored = await verdicts(database().url);
    const result = await reclassifyBuilds({ threshold: 100, dryRun: true });
    expect(result.builds).toBeGreaterThan(80);
    expect(result).toMatchObject({ changed: 0, fields: {}, skipped: 0, jobs: [], unjudged: { count: 0, builds: [] }, dryRun: true });
    expect(await reclassifyBuilds({ threshold: 100 })).toMatchObject({ changed: 0, jobs: [] });
    expect(await verdicts(database().url)).toEqual(stored);
  }, 60_000);

  test("an older classifier's verdicts are made today's, and their job's incidents regrouped", async () => {
    const url = database().url;
    const stored = await verdicts(url);
    const grouped = await incidentGrouping(url, ROOM_JOB);
    // As an older version stored them: 25876 (no process inspected) healthy, 25877 with no rule matched
    // and no room (its evidence says, as every version's did, that its message list was cut: no column does).
    const [cut] = await queryRows<{ id: number }>(url, `SELECT "id" FROM "Build" WHERE "job" = $1 AND "number" = 25876`, [ROOM_JOB]);
    const [whole] = await queryRows<{ id: number }>(url, `SELECT "id" FROM "Build" WHERE "job" = $1 AND "number" = 25877`, [ROOM_JOB]);
    await queryRows(url, `UPDATE "Build" SET "incident" = $1 WHERE "id" = $2 RETURNING "id"`, [kind === "sqlite" ? 0 : false, cut!.id]);
    await queryRows(
      url,
      `UPDATE "Build" SET "culpritClass" = 'unknown', "culpritSubject" = NULL, "culpritRule" = 'no-rule-matched', "culpritEvidence" = '["an older verdict","the message list was cut after 3 samples"]', "roomId" = NULL WHERE "id" = $1 RETURNING "id"`,
      [whole!.id],
    );
    await regroupWholeJob(ROOM_JOB);
    expect(await incidentGrouping(url, ROOM_JOB)).not.toEqual(grouped);
    const old = await verdicts(url);

    const dry = await reclassifyBuilds({ threshold: 100, dryRun: true });
    expect(dry).toMatchObject({ changed: 2, fields: { incident: 1, class: 1, subject: 1, rule: 1, evidence: 1, room: 1 }, jobs: [ROOM_JOB], dryRun: true });
    expect(await verdicts(url)).toEqual(old);

    const done = await reclassifyBuilds({ threshold: 100, job: ROOM_JOB, batchBuilds: 3 });
    expect(done).toMatchObject({ changed: 2, jobs: [ROOM_JOB], dryRun: false });
    expect(await verdicts(url)).toEqual(stored);
    expect(await incidentGrouping(url, ROOM_JOB)).toEqual(grouped);
    expect(await reclassifyBuilds({ threshold: 100 })).toMatchObject({ changed: 0, jobs: [] });
  }, 60_000);

  test("runs an older version stored as unknown without messages are named, with the log to upload again", async () => {
    const url = database().url;
    // As a version that read 25877's list as no messages stored it: no rule matched, none kept (its
    // evidence says, as every version's did, that the list was cut).
    const [build] = await queryRows<{ id: number; logId: number }>(url, `SELECT "id", "logId" FROM "Build" WHERE "job" = $1 AND "number" = 25877`, [ROOM_JOB]);
    const [log] = await queryRows<{ fileName: string }>(url, `SELECT "fileName" FROM "Log" WHERE "id" = $1`, [build!.logId]);
    const stored = await verdicts(url);
    const samples = await queryRows<Record<string, unknown>>(url, `SELECT "buildId", "index", "kind", "summary", "destination", "raw", "decoded" FROM "Sample" WHERE "buildId" = $1 ORDER BY "index"`, [build!.id]);
    expect(samples.length).toBeGreaterThan(0);
    await queryRows(url, `DELETE FROM "Sample" WHERE "buildId" = $1 RETURNING "id"`, [build!.id]);
    await queryRows(url, `UPDATE "Build" SET "culpritClass" = 'unknown', "culpritSubject" = NULL, "culpritRule" = 'no-rule-matched', "culpritEvidence" = '["no rule matched","the message list was cut after 3 samples"]', "roomId" = NULL WHERE "id" = $1 RETURNING "id"`, [build!.id]);

    const dry = await reclassifyBuilds({ threshold: 100, dryRun: true });
    expect(dry.unjudged).toEqual({ count: 1, builds: [{ id: build!.id, job: ROOM_JOB, number: 25877, attempt: 1, log: { id: build!.logId, fileName: log!.fileName } }] });
    // Below the threshold it is no incident: nothing to judge.
    expect((await reclassifyBuilds({ threshold: 1_000_000, job: ROOM_JOB, dryRun: true })).unjudged).toEqual({ count: 0, builds: [] });
    // A run that kept its messages is judged again, and named no more.
    for (const sample of samples) {
      const columns = Object.keys(sample);
      await queryRows(url, `INSERT INTO "Sample" (${columns.map((c) => `"${c}"`).join(", ")}) VALUES (${columns.map((_, i) => `$${i + 1}`).join(", ")}) RETURNING "id"`, Object.values(sample));
    }
    const done = await reclassifyBuilds({ threshold: 100, job: ROOM_JOB });
    expect(done).toMatchObject({ changed: 1, unjudged: { count: 0, builds: [] } });
    expect(await verdicts(url)).toEqual(stored);
  }, 60_000);

  test("runs read as the ingest read them: an unsorted top list without an inspected process, a top list past the bound", async () => {
    // (A review, 2026-12-07: both were changed by a reclassify right after their upload.)
    const unsorted = "JOB_NAME=reclassify_edges\nBUILD_NUMBER=1\nprocesses sorted by queue_len desc:\n [{<0.1.0>,{message_queue_len,1}},{<0.2.0>,{message_queue_len,5000}}]\n";
    const entries = Array.from({ length: 1200 }, (_, i) => (i === 1100 ? "{<0.1110.0>,{message_queue_len,5000}}" : `{<0.${i + 1}.1>,{message_queue_len,1}}`));
    const long = `JOB_NAME=reclassify_edges\nBUILD_NUMBER=2\nprocesses sorted by queue_len desc:\n [${entries.join(",\n  ")}]\nmessage queue len of pid <0.1110.0> : undefined\n`;
    await upload(unsorted, "edges-1.log");
    await upload(long, "edges-2.log");
    const result = await reclassifyBuilds({ threshold: 100, job: "reclassify_edges", dryRun: true });
    expect(result).toMatchObject({ builds: 2, changed: 0, skipped: 1, jobs: [] });
  }, 60_000);

  test("a lower threshold makes more incidents, regrouped; the default one makes them as before", async () => {
    const url = database().url;
    const stored = await verdicts(url);
    const lower = await reclassifyBuilds({ threshold: 5, job: "reclassify_gen" });
    expect(lower.changed).toBeGreaterThan(0);
    expect(lower.fields).toEqual({ incident: lower.changed });
    expect(lower.jobs).toEqual(["reclassify_gen"]);
    expect(await reclassifyBuilds({ threshold: 100, job: "reclassify_gen" })).toMatchObject({ changed: lower.changed, jobs: ["reclassify_gen"] });
    expect(await verdicts(url)).toEqual(stored);
  }, 60_000);

  test("another threshold regroups every job grouped with the old one, a job with no verdict changed too", async () => {
    const url = database().url;
    const thresholds = async (job: string) => (await queryRows<{ threshold: number | null }>(url, `SELECT DISTINCT "threshold" FROM "Incident" WHERE "job" = $1`, [job])).map((row) => row.threshold);
    expect(await thresholds(ROOM_JOB)).toEqual([100]);
    const before = await verdicts(url);
    // 101: no stored queue of the seed's job is 100, so no verdict changes; its incidents are regrouped with 101.
    const dry = await reclassifyBuilds({ threshold: 101, job: ROOM_JOB, dryRun: true });
    expect(dry).toMatchObject({ changed: 0, jobs: [ROOM_JOB] });
    expect(await thresholds(ROOM_JOB)).toEqual([100]);
    await reclassifyBuilds({ threshold: 101, job: ROOM_JOB });
    expect(await verdicts(url)).toEqual(before);
    expect(await thresholds(ROOM_JOB)).toEqual([101]);
    // As grouping the whole job afresh with 101 makes them; then once more at 100, nothing left to do.
    const grouped = await incidentGrouping(url, ROOM_JOB);
    await regroupWholeJob(ROOM_JOB, 101);
    expect(await incidentGrouping(url, ROOM_JOB)).toEqual(grouped);
    expect(await reclassifyBuilds({ threshold: 101, job: ROOM_JOB })).toMatchObject({ jobs: [] });
    await reclassifyBuilds({ threshold: 100, job: ROOM_JOB });
    expect(await thresholds(ROOM_JOB)).toEqual([100]);
  }, 60_000);
});
