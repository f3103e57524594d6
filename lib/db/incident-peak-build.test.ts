// Integration, on both databases: which build gave an incident's peak, and which queue it is there.
// The seed's p1_mysql connection <6562.18467.5386> (#27044: 17,118 messages when inspected) as three
// builds: the same twice, then a build whose check found it dead, its top-list queue 43,000 (an
// on-call review saw such an incident: its lists said "43,000 when inspected", the highest inspected
// being 38,037). The incident stays `sql` (a dead build continues its pid's incident) and its peak is
// the dead build's top-list figure: `peakBuild` #27046, `peakFrom` "died". Uploaded a build at a time
// (the upload resumes the job's open incident), and as one log; a row an older version stored without a
// peak build makes the job's next upload regroup it whole, and db:reclassify too. (Incidents written
// while an upload's builds are queued, on SQLite: lib/db/store/live-incidents.test.ts compares them,
// peak build too, with a whole regroup.)
import { describe, expect, test } from "vitest";
import { POST as postLogs } from "@/app/api/logs/route";
import { GET as getIncidents } from "@/app/api/incidents/route";
import { reclassifyBuilds } from "@/lib/db/reclassify";
import { fixture, getRequest, rawRequest } from "@/lib/testing/api";
import { parseCsv } from "@/lib/testing/csv";
import { testDatabaseKinds } from "@/lib/testing/databases";
import { queryRows } from "@/lib/testing/incidents";
import { useTestDatabase } from "@/lib/testing/use-test-database";

const JOB = "ProductCI_ejabberd_mqueue_random_monitor";
const SQL = fixture(`${JOB}_27044.log`);
const PID = "<6562.18467.5386>";

/** #27044 under another number. */
const same = (number: number) => SQL.replaceAll("27044", String(number));
/** #27140's shape (its inspected pid gone: `undefined`) for the connection, 43,000 in the top list. */
const died = (number: number) =>
  fixture(`${JOB}_27140.log`).replaceAll("27140", String(number)).replaceAll("<6562.26699.4254>", PID).replace("{message_queue_len,10084}", "{message_queue_len,43000}");
/** #27044 with every queue below the threshold: healthy, and the connection gone from the list's top. */
const healthy = (number: number) => same(number).replace("{message_queue_len,12746}", "{message_queue_len,12}").replace("{message_queue_len,17118}", "{message_queue_len,17}");

type Incident = {
  culpritClass: string;
  buildCount: number;
  peakQueueLen: number;
  peakBuild: { number: number } | null;
  peakFrom: string | null;
  lastBuild: { number: number };
};

describe.each(testDatabaseKinds())("on %s", (kind) => {
  const database = useTestDatabase(kind, "incident_peak_build");

  async function incidents(): Promise<Incident[]> {
    const answer = (await (await getIncidents(getRequest(`/api/incidents?pid=${encodeURIComponent(PID)}&sort=firstAt&order=asc`))).json()) as { incidents: Incident[] };
    return answer.incidents;
  }
  async function upload(text: string, name: string) {
    const response = await postLogs(rawRequest(text, "text/plain", { query: `?filename=${name}` }));
    expect(response.status, await response.clone().text()).toBe(201);
  }

  test("a build at a time: the dead build's top-list queue is the peak, said as such; an older row is regrouped", async () => {
    await upload(same(27044), "a.log");
    expect(await incidents()).toEqual([expect.objectContaining({ culpritClass: "sql", peakQueueLen: 17118, peakBuild: expect.objectContaining({ number: 27044 }), peakFrom: "inspected" })]);
    await upload(same(27045), "b.log");
    // A tie keeps the first build that reached it.
    expect((await incidents())[0]).toMatchObject({ buildCount: 2, peakQueueLen: 17118, peakBuild: { number: 27044 }, peakFrom: "inspected" });
    await upload(died(27046), "c.log");
    expect(await incidents()).toEqual([
      expect.objectContaining({ culpritClass: "sql", buildCount: 3, peakQueueLen: 43000, peakBuild: expect.objectContaining({ number: 27046 }), peakFrom: "died", lastBuild: expect.objectContaining({ number: 27046 }) }),
    ]);
    const [header, ...rows] = parseCsv(await (await getIncidents(getRequest(`/api/incidents?pid=${encodeURIComponent(PID)}&format=csv`))).text());
    const cell = (row: string[], name: string) => row[header!.indexOf(name)];
    // The new columns at the end, after `ongoing`.
    expect(header!.slice(-4)).toEqual(["ongoing", "peakBuild", "absolutePeakBuild", "peakFrom"]);
    expect(rows.map((row) => [cell(row, "peakQueueLen"), cell(row, "peakBuild"), cell(row, "peakFrom")])).toEqual([["43000", `/builds/${JOB}/27046`, "died"]]);

    // As an older version left it: no peak build. The job's next upload regroups it whole.
    await queryRows(database().url, `UPDATE "Incident" SET "peakBuildId" = NULL RETURNING "id"`);
    expect((await incidents())[0]).toMatchObject({ peakBuild: null, peakFrom: null, peakQueueLen: 43000 });
    expect((await reclassifyBuilds({ threshold: 100, dryRun: true })).jobs).toEqual([JOB]);
    await upload(healthy(27047), "d.log");
    expect((await incidents())[0]).toMatchObject({ peakBuild: { number: 27046 }, peakFrom: "died" });

    // And db:reclassify regroups such a job too.
    await queryRows(database().url, `UPDATE "Incident" SET "peakBuildId" = NULL RETURNING "id"`);
    expect((await reclassifyBuilds({ threshold: 100 })).jobs).toEqual([JOB]);
    expect((await incidents())[0]).toMatchObject({ peakBuild: { number: 27046 }, peakFrom: "died" });
    const stored = await queryRows<{ n: number }>(database().url, `SELECT count(*) AS "n" FROM "Incident" WHERE "peakBuildId" IS NULL`);
    expect(Number(stored[0]?.n)).toBe(0);

    // As an older version leaves it after a rollback (a diff review): its prune deleted the peak build and
    // kept the column. No link to a build that is gone; nothing marks the row, so only --regroup mends it.
    await queryRows(database().url, `UPDATE "Incident" SET "peakBuildId" = 999999 RETURNING "id"`);
    expect((await incidents())[0]).toMatchObject({ peakBuild: null, peakFrom: null, peakQueueLen: 43000 });
    expect((await reclassifyBuilds({ threshold: 100, dryRun: true })).jobs).toEqual([]);
    expect((await reclassifyBuilds({ threshold: 100, regroup: true })).jobs).toEqual([JOB]);
    expect((await incidents())[0]).toMatchObject({ peakBuild: { number: 27046 }, peakFrom: "died" });
  }, 120_000);

  test("one log of the four builds: the same peak build", async () => {
    // Another job's builds (the job named by the log's JOB_NAME lines): the first test's incident is not resumed.
    const other = (text: string) => text.replaceAll(JOB, "other-job");
    await upload([same(28044), same(28045), died(28046), healthy(28047)].map(other).join("\n"), "all.log");
    const [incident] = (await incidents()).filter((i) => i.lastBuild.number >= 28044);
    expect(incident).toMatchObject({ culpritClass: "sql", buildCount: 3, peakQueueLen: 43000, peakBuild: { number: 28046 }, peakFrom: "died" });
  }, 120_000);
});
