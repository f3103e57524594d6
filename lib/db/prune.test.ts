// Integration: pruning old logs (lib/db/prune.ts, `npm run db:prune`), on both databases. What goes
// is exactly the logs uploaded before the cutoff whose builds all ran before it (a log with a build
// on the other side stays whole, as does a log uploaded after it, whatever its builds' times), with
// their builds, top lists and samples; the jobs' incidents are then what grouping the remaining
// builds afresh gives (an incident across the cutoff is cut to the builds that stay). A dry run
// deletes nothing; batches are transactions of their own, and a log deleted meanwhile is not counted.
import { describe, expect, test } from "vitest";
import { DELETE as deleteLog } from "@/app/api/logs/[id]/route";
import { POST as postLogs } from "@/app/api/logs/route";
import { pruneLogs } from "@/lib/db/prune";
import { generateLog } from "@/lib/monitor-log/generate";
import { rawRequest } from "@/lib/testing/api";
import { countRows, testDatabaseKinds } from "@/lib/testing/databases";
import { forgetIncidents, incidentGrouping, queryRows, regroupWholeJob } from "@/lib/testing/incidents";
import { useTestDatabase } from "@/lib/testing/use-test-database";

type Uploaded = { logs: { logId: number }[]; builds: { id: number; number: number | null }[] };

async function upload(text: string, query: string): Promise<Uploaded> {
  const response = await postLogs(rawRequest(text, "text/plain", { query }));
  expect(response.status, await response.clone().text()).toBe(201);
  return (await response.json()) as Uploaded;
}

const OLD_UPLOAD = "2026-01-10T00:00:00.000+00:00";
const CUTOFF = new Date("2026-02-01T00:00:00Z");

describe.each(testDatabaseKinds())("on %s", (kind) => {
  const database = useTestDatabase(kind, "prune");
  const url = () => database().url;
  /** Makes log `id` look uploaded on OLD_UPLOAD (uploads in a test are all "now"). */
  const uploadedLongAgo = (id: number) => queryRows(url(), `UPDATE "Log" SET "uploadedAt" = $1 WHERE "id" = $2 RETURNING "id"`, [OLD_UPLOAD, id]);
  const numbersOf = async (job: string) =>
    (await queryRows<{ number: number }>(url(), `SELECT "number" FROM "Build" WHERE "job" = $1 ORDER BY "number"`, [job])).map((row) => Number(row.number));
  const logIds = async () => (await queryRows<{ id: number }>(url(), `SELECT "id" FROM "Log" ORDER BY "id"`)).map((row) => Number(row.id));

  /** The job's incidents as a regroup of its remaining builds from nothing gives them. */
  async function expectFreshGrouping(job: string): Promise<void> {
    const grouped = await incidentGrouping(url(), job);
    await forgetIncidents(url(), job);
    await regroupWholeJob(job);
    expect(await incidentGrouping(url(), job)).toEqual(grouped);
    const dangling = await queryRows(url(), `SELECT i."id" FROM "Incident" i WHERE i."job" = $1 AND NOT EXISTS (SELECT 1 FROM "Build" b WHERE b."incidentId" = i."id")`, [job]);
    expect(dangling).toEqual([]);
  }

  test("old logs go with their builds, top lists and samples; a log uploaded later, or holding a later build, stays; incidents regrouped", async () => {
    const job = "prune_main";
    // One room stuck across builds 1-12 (seed 8's builds are 2015's): the incident spans the logs.
    const builds = [...generateLog({ seed: 8, builds: 12, job, firstBuild: 1 })];
    const parts = [builds.slice(0, 4), builds.slice(4, 8), builds.slice(8, 12)].map((part) => part.join(""));
    const first = await upload(parts[0]!, "?filename=first.log");
    const second = await upload(parts[1]!, "?filename=second.log");
    // Uploaded "now" (after the cutoff) with 2015's builds: history loaded today stays.
    const third = await upload(parts[2]!, "?filename=third.log");
    // Old upload, but a build dated after the cutoff (a wrong zone, a clock): stays whole.
    const late = await upload(generateLog({ seed: 9, builds: 1, job, firstBuild: 50 }).next().value as string, `?filename=late.log&startedAt=2026-03-01T00:00:00Z`);
    // Another job's old log: goes too (no --job), its job regrouped.
    const other = await upload(generateLog({ seed: 10, builds: 3, job: "prune_other", firstBuild: 1 }).next().value as string, "?filename=other.log");
    for (const log of [first, second, late, other]) await uploadedLongAgo(log.logs[0]!.logId);

    const before = await countRows(url());
    const dry = await pruneLogs({ before: CUTOFF, threshold: 100, dryRun: true });
    expect(dry).toEqual({ logs: 3, builds: 9, jobs: ["prune_main", "prune_other"], firstUploadedAt: "2026-01-10T00:00:00.000Z", lastUploadedAt: "2026-01-10T00:00:00.000Z", dryRun: true });
    expect(await countRows(url())).toEqual(before);

    const goneIds = [first, second, other].flatMap((log) => log.builds.map((b) => b.id));
    const rowsOf = async (table: string) => Number((await queryRows<{ n: number }>(url(), `SELECT count(*) AS "n" FROM "${table}" WHERE "buildId" IN (${goneIds.join(", ")})`))[0]!.n);
    const tops = await rowsOf("TopEntry");
    const samples = await rowsOf("Sample");
    expect(tops).toBe(90);
    expect(samples).toBeGreaterThan(0);
    const pruned = await pruneLogs({ before: CUTOFF, threshold: 100 });
    expect(pruned).toEqual({ ...dry, dryRun: false });
    expect(await countRows(url())).toMatchObject({
      Log: (before.Log as number) - 3,
      Build: (before.Build as number) - 9,
      TopEntry: (before.TopEntry as number) - tops,
      Sample: (before.Sample as number) - samples,
    });
    expect(await rowsOf("TopEntry")).toBe(0);
    expect(await rowsOf("Sample")).toBe(0);
    expect(await logIds()).toEqual([third.logs[0]!.logId, late.logs[0]!.logId]);
    expect(await numbersOf(job)).toEqual([9, 10, 11, 12, 50]);
    expect(await numbersOf("prune_other")).toEqual([]);
    await expectFreshGrouping(job);
    expect(await queryRows(url(), `SELECT "id" FROM "Incident" WHERE "job" = 'prune_other'`)).toEqual([]);

    // Nothing left to prune: an empty answer, nothing touched.
    const again = await countRows(url());
    expect(await pruneLogs({ before: CUTOFF, threshold: 100 })).toEqual({ logs: 0, builds: 0, jobs: [], firstUploadedAt: null, lastUploadedAt: null, dryRun: false });
    expect(await countRows(url())).toEqual(again);
  });

  test("--job: only logs whose builds are all of that job (not a log of no job, not a log of two); --without-job: only those of no job", async () => {
    const a = await upload(generateLog({ seed: 11, builds: 1, job: "prune_job_a", firstBuild: 1 }).next().value as string, "?filename=a.log");
    const b = await upload(generateLog({ seed: 12, builds: 1, job: "prune_job_b", firstBuild: 1 }).next().value as string, "?filename=b.log");
    // No job named anywhere in it: its build has none.
    const unnamed = (generateLog({ seed: 13, builds: 1, job: "x", firstBuild: 1 }).next().value as string)
      .split("\n")
      .filter((line) => !/JOB_NAME|BUILD_URL/.test(line))
      .join("\n");
    const none = await upload(unnamed, "?filename=none.log");
    const both = await upload(
      [...generateLog({ seed: 14, builds: 1, job: "prune_job_a", firstBuild: 7 }), ...generateLog({ seed: 15, builds: 1, job: "prune_job_b", firstBuild: 7 })].join(""),
      "?filename=both.log",
    );
    for (const log of [a, b, none, both]) await uploadedLongAgo(log.logs[0]!.logId);
    expect(await queryRows(url(), `SELECT "job" FROM "Build" WHERE "logId" = $1`, [none.logs[0]!.logId])).toEqual([{ job: null }]);
    // A log that stored no build (every snapshot in it was stored already, by another log): of no job.
    const [empty] = await queryRows<{ id: number }>(
      url(),
      `INSERT INTO "Log" ("sha256", "fileName", "size", "uploadedAt", "buildCount") VALUES ('prune-empty', 'empty.log', 10, $1, 0) RETURNING "id"`,
      [OLD_UPLOAD],
    );
    const emptyId = Number(empty!.id);

    expect(await pruneLogs({ before: CUTOFF, job: "prune_job_a", threshold: 100 })).toMatchObject({ logs: 1, builds: 1, jobs: ["prune_job_a"] });
    const left = await logIds();
    expect(left).not.toContain(a.logs[0]!.logId);
    for (const log of [b, none, both]) expect(left).toContain(log.logs[0]!.logId);
    expect(left).toContain(emptyId);
    expect(await numbersOf("prune_job_a")).toEqual([7]);
    await expectFreshGrouping("prune_job_a");

    // --without-job (job: null): only the log whose builds have none; not the log of no build.
    expect(await pruneLogs({ before: CUTOFF, job: null, threshold: 100 })).toMatchObject({ logs: 1, builds: 1, jobs: [null] });
    expect(await logIds()).not.toContain(none.logs[0]!.logId);
    for (const id of [b.logs[0]!.logId, both.logs[0]!.logId, emptyId]) expect(await logIds()).toContain(id);

    // Without --job, the rest: the log of two jobs is a batch of its own, after the others.
    const batches: number[] = [];
    const pruned = await pruneLogs({ before: CUTOFF, threshold: 100, onBatch: (done) => void batches.push(done.logs) });
    expect(pruned).toMatchObject({ logs: 3, builds: 3, jobs: ["prune_job_a", "prune_job_b"] });
    // One batch per set of jobs: b's log, the log of two, the log of no build.
    expect(batches).toEqual([1, 2, 3]);
    expect(await logIds()).not.toContain(emptyId);
    expect(await numbersOf("prune_job_a")).toEqual([]);
    expect(await numbersOf("prune_job_b")).toEqual([]);
  });

  test("batches: each one transaction, progress after each; a log deleted meanwhile is not counted", async () => {
    const job = "prune_batches";
    const logs: Uploaded[] = [];
    for (const [k, text] of [...generateLog({ seed: 16, builds: 10, job, firstBuild: 1 })].entries()) logs.push(await upload(text, `?filename=b-${k}.log`));
    for (const log of logs) await uploadedLongAgo(log.logs[0]!.logId);
    const progress: { logs: number; builds: number; ofLogs: number; ofBuilds: number }[] = [];
    const pruned = await pruneLogs({
      before: CUTOFF,
      job,
      threshold: 100,
      batchBuilds: 3,
      onBatch: async (done) => {
        progress.push(done);
        // After the first batch, the last log is deleted by hand (DELETE /api/logs): gone before its batch.
        if (progress.length === 1) {
          const id = logs[9]!.logs[0]!.logId;
          const response = await deleteLog(new Request(`http://localhost/api/logs/${id}`, { method: "DELETE" }), { params: Promise.resolve({ id: String(id) }) });
          expect(response.status).toBe(200);
        }
      },
    });
    expect(progress).toEqual([
      { logs: 3, builds: 3, ofLogs: 10, ofBuilds: 10 },
      { logs: 6, builds: 6, ofLogs: 10, ofBuilds: 10 },
      { logs: 9, builds: 9, ofLogs: 10, ofBuilds: 10 },
      { logs: 9, builds: 9, ofLogs: 10, ofBuilds: 10 },
    ]);
    expect(pruned).toMatchObject({ logs: 9, builds: 9 });
    expect(await numbersOf(job)).toEqual([]);
    expect(await queryRows(url(), `SELECT "id" FROM "Incident" WHERE "job" = $1`, [job])).toEqual([]);
  });
});
