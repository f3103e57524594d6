// Integration, on both databases: where an incident's process was last seen. The seed's
// <6562.783.478> blocked its room from #24282 to #25846 (its culprit builds), still sat second in
// #25864's and #25870's top lists (913 and 778 messages), and was gone from #25877's: last seen in
// #25870 (an operator's review: "to #25846" read as "it stopped then"). Uploaded one build at a time,
// as CI pushes them, each upload resumes the job's open incident; a row an older version stored
// without a last-seen build makes the job's next upload regroup it whole, and db:reclassify too.
import { describe, expect, test } from "vitest";
import { POST as postLogs } from "@/app/api/logs/route";
import { GET as getIncidents } from "@/app/api/incidents/route";
import { reclassifyBuilds } from "@/lib/db/reclassify";
import { fixture, getRequest, rawRequest, seedFixtureNames } from "@/lib/testing/api";
import { testDatabaseKinds } from "@/lib/testing/databases";
import { queryRows } from "@/lib/testing/incidents";
import { useTestDatabase } from "@/lib/testing/use-test-database";

const JOB = "ProductCI_ejabberd_mqueue_random_monitor";
const ROOM_244 = "snh-48#pocket48_76366185259598244@conference.easemob.com";
type Incident = { id: number; lastBuild: { number: number }; lastSeenBuild: { number: number } | null; lastAt: string; lastSeenAt: string | null; buildCount: number };

describe.each(testDatabaseKinds())("on %s", (kind) => {
  const database = useTestDatabase(kind, "incident_last_seen");

  async function roomIncident(): Promise<Incident> {
    const answer = (await (await getIncidents(getRequest(`/api/incidents?room=${encodeURIComponent(ROOM_244)}`))).json()) as { incidents: Incident[] };
    expect(answer.incidents).toHaveLength(1);
    return answer.incidents[0]!;
  }

  test("pushed a build at a time: the incident's last-seen build follows its process down the list, and stops where it is gone", async () => {
    const names = seedFixtureNames()
      .filter((name) => name.startsWith(`${JOB}_`) && !name.includes("dbcluster"))
      .sort((a, b) => Number(/_(\d+)\.log$/.exec(a)![1]) - Number(/_(\d+)\.log$/.exec(b)![1]));
    const seen: [number, number, number | undefined][] = [];
    for (const name of names) {
      const response = await postLogs(rawRequest(fixture(name), "text/plain", { query: `?filename=${name}` }));
      expect(response.status, await response.clone().text()).toBe(201);
      const number = Number(/_(\d+)\.log$/.exec(name)![1]);
      if (number >= 25846 && number <= 25877) {
        const incident = await roomIncident();
        seen.push([number, incident.lastBuild.number, incident.lastSeenBuild?.number]);
      }
    }
    expect(seen).toEqual([
      [25846, 25846, 25846],
      [25864, 25846, 25864],
      [25870, 25846, 25870],
      [25877, 25846, 25870],
    ]);
    const incident = await roomIncident();
    expect(incident.buildCount).toBe(11);
    expect(Date.parse(incident.lastSeenAt!)).toBeGreaterThan(Date.parse(incident.lastAt));

    // As an older version left it: no last-seen build. The job's next upload regroups it whole.
    await queryRows(database().url, `UPDATE "Incident" SET "lastSeenBuildId" = NULL, "lastSeenAt" = NULL RETURNING "id"`);
    expect((await roomIncident()).lastSeenBuild).toBeNull();
    expect((await reclassifyBuilds({ threshold: 100, dryRun: true })).jobs).toEqual([JOB]);
    const next = fixture(`${JOB}_27044.log`).replaceAll("27044", "27045");
    expect((await postLogs(rawRequest(next, "text/plain", { query: "?filename=next.log" }))).status).toBe(201);
    expect((await roomIncident()).lastSeenBuild?.number).toBe(25870);

    // And db:reclassify regroups such a job too.
    await queryRows(database().url, `UPDATE "Incident" SET "lastSeenBuildId" = NULL, "lastSeenAt" = NULL RETURNING "id"`);
    const result = await reclassifyBuilds({ threshold: 100 });
    expect(result.jobs).toEqual([JOB]);
    expect((await roomIncident()).lastSeenBuild?.number).toBe(25870);
    const stored = await queryRows<{ n: number }>(database().url, `SELECT count(*) AS "n" FROM "Incident" WHERE "lastSeenBuildId" IS NULL`);
    expect(Number(stored[0]?.n)).toBe(0);
  }, 120_000);
});
