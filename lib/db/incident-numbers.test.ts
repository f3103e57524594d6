// How many of the build numbers from an incident's first build to its last its builds have
// (`numbers`): the seed's room incident, 11 builds from #24282 to #25846, is not of consecutive
// builds (a new user's review), and a re-run counts once (an on-call review: "16 builds from #42054 to #42068", 15
// numbers, and a number missing beside a re-run went unsaid). On both databases.
import { describe, expect, test } from "vitest";
import { POST as postLogs } from "@/app/api/logs/route";
import { GET as getIncidents } from "@/app/api/incidents/route";
import { fixture, getRequest, multipartRequest, rawRequest, seedFixtureNames } from "@/lib/testing/api";
import { testDatabaseKinds } from "@/lib/testing/databases";
import { useTestDatabase } from "@/lib/testing/use-test-database";

type Incident = { buildCount: number; firstBuild: { number: number }; lastBuild: { number: number }; room: string | null; numbers: { from: number; to: number; stored: number } | null };

/** The seed's room build 25877 as `job` #number (attempt given when a re-run). */
async function push(job: string, number: number, attempt?: number) {
  const text = fixture("ProductCI_ejabberd_mqueue_random_monitor_25877.log").replaceAll("ProductCI_ejabberd_mqueue_random_monitor", job).replaceAll("25877", String(number));
  const response = await postLogs(rawRequest(attempt ? `${text}\nre-run ${attempt}\n` : text, "text/plain", { query: `?filename=${job}_${number}.log${attempt ? `&attempt=${attempt}` : ""}` }));
  expect(response.status).toBe(201);
}

async function incidentsOf(job: string): Promise<Incident[]> {
  return ((await (await getIncidents(getRequest(`/api/incidents?job=${job}`))).json()) as { incidents: Incident[] }).incidents;
}

describe.each(testDatabaseKinds())("on %s", (kind) => {
  useTestDatabase(kind, "incident_numbers");

  test("the seed's room incident: 11 of the 1,565 numbers from #24282 to #25846", async () => {
    const names = seedFixtureNames();
    expect((await postLogs(multipartRequest(names.map((name) => ({ name, content: fixture(name) }))))).status).toBe(201);
    const room = (await incidentsOf("ProductCI_ejabberd_mqueue_random_monitor")).find((i) => i.lastBuild.number === 25846);
    expect(room).toMatchObject({ buildCount: 11, firstBuild: { number: 24282 }, numbers: { from: 24282, to: 25846, stored: 11 } });
  });

  test("consecutive builds have them all (null), a re-run counts once, and a number missing beside a re-run is said", async () => {
    for (const n of [1, 2, 3]) await push("numbers_consecutive", n);
    expect((await incidentsOf("numbers_consecutive"))[0]).toMatchObject({ buildCount: 3, numbers: null });
    // #1, #2, #2 attempt 2: three builds, two numbers, none missing.
    for (const [n, attempt] of [[1], [2], [2, 2]] as const) await push("numbers_rerun", n, attempt);
    expect((await incidentsOf("numbers_rerun"))[0]).toMatchObject({ buildCount: 3, numbers: null });
    // #1, #1 attempt 2, #3: three builds over three numbers, #2 missing.
    for (const [n, attempt] of [[1], [1, 2], [3]] as const) await push("numbers_gap", n, attempt);
    expect((await incidentsOf("numbers_gap"))[0]).toMatchObject({ buildCount: 3, numbers: { from: 1, to: 3, stored: 2 } });
  });
});
