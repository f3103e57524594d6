// "What is stuck right now?" (an operator's review: nothing said which incidents were still going
// on). An incident is ongoing when its job's latest build stored still had its process on top, or
// in the top list at or above the threshold: the grouping left it open. `ongoing` in the list's
// JSON and CSV, `?ongoing=true|false` to filter, on both databases; later builds end it.
import { describe, expect, test } from "vitest";
import { POST as postLogs } from "@/app/api/logs/route";
import { GET as getIncidents } from "@/app/api/incidents/route";
import { fixture, getRequest, multipartRequest, rawRequest, seedFixtureNames } from "@/lib/testing/api";
import { testDatabaseKinds } from "@/lib/testing/databases";
import { useTestDatabase } from "@/lib/testing/use-test-database";

type Incident = { id: number; job: string | null; ongoing: boolean; lastBuild: { number: number | null }; lastSeenBuild: { number: number | null } | null };
const JOB = "ProductCI_ejabberd_mqueue_random_monitor";

async function incidents(query = ""): Promise<{ incidents: Incident[]; total: number }> {
  const response = await getIncidents(getRequest(`/api/incidents?job=${JOB}&pageSize=500${query}`));
  expect(response.status).toBe(200);
  return (await response.json()) as { incidents: Incident[]; total: number };
}

describe.each(testDatabaseKinds())("on %s", (kind) => {
  useTestDatabase(kind, "ongoing_incidents");

  test("the incident of the job's latest build is ongoing, the others over; the filter and the CSV say the same; a later build ends it", async () => {
    const names = seedFixtureNames();
    expect((await postLogs(multipartRequest(names.map((name) => ({ name, content: fixture(name) }))))).status).toBe(201);
    const all = await incidents();
    expect(all.total).toBeGreaterThan(5);
    // The seed's latest build, #27140: its process died before the check; no other incident's
    // process was in its top list.
    expect(all.incidents.filter((i) => i.ongoing).map((i) => i.lastBuild.number)).toEqual([27140]);
    const ongoing = await incidents("&ongoing=true");
    const over = await incidents("&ongoing=false");
    expect(ongoing.incidents.map((i) => i.id)).toEqual(all.incidents.filter((i) => i.ongoing).map((i) => i.id));
    expect(over.incidents.map((i) => i.id)).toEqual(all.incidents.filter((i) => !i.ongoing).map((i) => i.id));
    expect(ongoing.total + over.total).toBe(all.total);

    const csv = await (await getIncidents(getRequest(`/api/incidents?job=${JOB}&format=csv`))).text();
    const [header, ...rows] = csv.replace(/^\uFEFF/, "").trimEnd().split(/\r?\n/);
    const columns = header!.split(",");
    // Added after the lastSeen columns, before the peak build's.
    expect(columns.slice(-5)).toEqual(["absoluteLastSeenBuild", "ongoing", "peakBuild", "absolutePeakBuild", "peakFrom"]);
    const idAt = columns.indexOf("id");
    const ongoingAt = columns.indexOf("ongoing");
    const flags = new Map(rows.map((row) => [Number(row.split(",")[idAt]), row.split(",")[ongoingAt]]));
    for (const incident of all.incidents) expect(flags.get(incident.id), `incident ${incident.id}`).toBe(String(incident.ongoing));

    // A later, healthy build of the job: nothing is going on any more.
    const healthy = fixture(`${JOB}_27140.log`)
      .replaceAll("27140", "27141")
      .replace("message queue len of pid <6562.26699.4254> : undefined", "message queue len of pid <6562.26699.4254> : {message_queue_len,0}")
      .replace(/\{message_queue_len,\d+\}/g, "{message_queue_len,0}");
    const response = await postLogs(rawRequest(healthy, "text/plain", { query: `?filename=${JOB}_27141.log` }));
    expect(response.status, await response.clone().text()).toBe(201);
    expect((await incidents("&ongoing=true")).total).toBe(0);
    expect((await incidents()).incidents.some((i) => i.ongoing)).toBe(false);
  });

  test("?ongoing= takes true or false only", async () => {
    const response = await getIncidents(getRequest("/api/incidents?ongoing=yes"));
    expect(response.status).toBe(400);
    expect(await response.text()).toMatch(/ongoing/);
  });
});
