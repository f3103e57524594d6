// A run that inspected no process — the seed's build 11431 as the seed pastes it: the top list,
// then the mailbox without the monitor's `message queue len of pid` line — is an incident on its
// top list (1,511 messages on rex). Its build said "incident" in the lists and the API while no
// incident held it: the incidents list and the overview's count left a 1,511-message backlog out.
import fs from "node:fs";
import path from "node:path";
import { describe, expect, test } from "vitest";
import { POST as postLogs } from "@/app/api/logs/route";
import { GET as getIncidents } from "@/app/api/incidents/route";
import { GET as getBuilds } from "@/app/api/builds/route";
import { getRequest, rawRequest } from "@/lib/testing/api";
import { testDatabaseKinds } from "@/lib/testing/databases";
import { useTestDatabase } from "@/lib/testing/use-test-database";

const EXCERPT = fs.readFileSync(path.join(process.cwd(), "lib", "monitor-log", "__fixtures__", "seed-excerpt-11431-unmarked.log"), "utf8");
const JOB = "ProductCI_ejabberd_mqueue_random_monitor_dbcluster";

type Incidents = { incidents: { keyKind: string; key: string; culpritClass: string; buildCount: number; peakQueueLen: number; firstBuild: { number: number } }[]; total: number };

describe.each(testDatabaseKinds())("an incident build whose run inspected no process, on %s", (kind) => {
  useTestDatabase(kind, "uninspected-incident");

  test("is an incident of its top-list leader, class unknown, counted where its build is", async () => {
    const response = await postLogs(rawRequest(EXCERPT, "text/plain", { query: `?filename=${JOB}_11431.log` }));
    expect(response.status, await response.clone().text()).toBe(201);
    const builds = (await (await getBuilds(getRequest(`/api/builds?job=${JOB}&incident=true`))).json()) as { builds: { number: number; culprit: unknown }[] };
    expect(builds.builds.map((b) => b.number)).toEqual([11431]);

    const incidents = (await (await getIncidents(getRequest(`/api/incidents?job=${JOB}`))).json()) as Incidents;
    expect(incidents.total).toBe(1);
    expect(incidents.incidents[0]).toMatchObject({ keyKind: "pid", key: "<6555.12.0>", culpritClass: "unknown", buildCount: 1, peakQueueLen: 1511, firstBuild: { number: 11431 } });
    // Found by its class and by the pid on top.
    const byClass = (await (await getIncidents(getRequest(`/api/incidents?job=${JOB}&class=unknown`))).json()) as Incidents;
    expect(byClass.total).toBe(1);
    const byPid = (await (await getIncidents(getRequest(`/api/incidents?${new URLSearchParams({ pid: "<6555.12.0>" })}`))).json()) as Incidents;
    expect(byPid.total).toBe(1);
  });
});
