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
import { GET as getTimeline } from "@/app/api/timeline/route";
import { getRequest, rawRequest } from "@/lib/testing/api";
import { testDatabaseKinds } from "@/lib/testing/databases";
import { forgetIncidents, incidentGrouping, regroupWholeJob } from "@/lib/testing/incidents";
import { useTestDatabase } from "@/lib/testing/use-test-database";

const EXCERPT = fs.readFileSync(path.join(process.cwd(), "lib", "monitor-log", "__fixtures__", "seed-excerpt-11431-unmarked.log"), "utf8");
const JOB = "ProductCI_ejabberd_mqueue_random_monitor_dbcluster";
const FIXTURES = path.join(process.cwd(), "lib", "monitor-log", "__fixtures__");
const MARKED_11431 = fs.readFileSync(path.join(FIXTURES, "ProductCI_ejabberd_mqueue_random_monitor_dbcluster_11431.log"), "utf8");
const ROOM_25877 = fs.readFileSync(path.join(FIXTURES, "ProductCI_ejabberd_mqueue_random_monitor_25877.log"), "utf8");
const ROOM_JOB = "ProductCI_ejabberd_mqueue_random_monitor";

async function upload(text: string, query: string): Promise<void> {
  const response = await postLogs(rawRequest(text, "text/plain", { query }));
  expect(response.status, await response.clone().text()).toBe(201);
}

/** The numbers of the builds, the timeline's points and the CSV rows a `class` filter keeps, and its incidents' classes. */
async function classView(job: string, culpritClass: string) {
  const query = new URLSearchParams({ job, class: culpritClass });
  const builds = (await (await getBuilds(getRequest(`/api/builds?${query}`))).json()) as { builds: { number: number }[]; total: number };
  const timeline = (await (await getTimeline(getRequest(`/api/timeline?${query}`))).json()) as { points: { number: number }[]; total: number };
  const csv = await (await getBuilds(getRequest(`/api/builds?${query}&format=csv`))).text();
  const incidents = (await (await getIncidents(getRequest(`/api/incidents?${query}`))).json()) as Incidents;
  return {
    builds: builds.builds.map((b) => b.number),
    buildTotal: builds.total,
    points: timeline.points.map((p) => p.number),
    pointTotal: timeline.total,
    csvNumbers: csv
      .trim()
      .split(/\r?\n/)
      .slice(1)
      .map((line) => Number(line.split(",")[1])),
    incidents: incidents.incidents.map((i) => i.firstBuild.number),
  };
}

type Incidents = {
  incidents: { keyKind: string; key: string; culpritClass: string; buildCount: number; peakQueueLen: number; firstBuild: { number: number }; provisional: boolean; pids: string[] }[];
  total: number;
};

describe.each(testDatabaseKinds())("an incident build whose run inspected no process, on %s", (kind) => {
  const database = useTestDatabase(kind, "uninspected-incident");

  test("an incident it opens takes its class, room and key from the first build that inspected the process", async () => {
    // 25876: 25877's log cut after its top list (the inspection never printed), then 25877 itself.
    const cut = ROOM_25877.slice(0, ROOM_25877.indexOf("message queue len of pid")).replaceAll("25877", "25876");
    await upload(cut, `?filename=${ROOM_JOB}_25876.log`);
    await upload(ROOM_25877, `?filename=${ROOM_JOB}_25877.log`);
    const resumed = await incidentGrouping(database().url, ROOM_JOB);
    expect(resumed.incidents).toEqual([
      expect.objectContaining({ keyKind: "room", key: "snh-48#pocket48_76366191207121304@conference.easemob.com", culpritClass: "muc_room", buildCount: 2 }),
    ]);
    // 25876 is part of a muc_room incident: the class filter keeps it there, as it keeps its incident, and not under unknown.
    expect(await classView(ROOM_JOB, "muc_room")).toEqual({ builds: [25877, 25876], buildTotal: 2, points: [25876, 25877], pointTotal: 2, csvNumbers: [25877, 25876], incidents: [25876] });
    expect(await classView(ROOM_JOB, "unknown")).toEqual({ builds: [], buildTotal: 0, points: [], pointTotal: 0, csvNumbers: [], incidents: [] });
    // It says so: its incident's class, rank 1 of its list; the incident names the pid 25877 inspected.
    const listed = (await (await getBuilds(getRequest(`/api/builds?job=${ROOM_JOB}&sort=number&order=asc`))).json()) as { builds: Record<string, unknown>[] };
    expect(listed.builds[0]).toMatchObject({ number: 25876, culprit: null, inspectedPid: null, incidentClass: "muc_room", topPid: "<6562.25870.402>" });
    expect(listed.builds[1]).toMatchObject({ number: 25877, incidentClass: "muc_room", topPid: "<6562.25870.402>" });
    const points = (await (await getTimeline(getRequest(`/api/timeline?job=${ROOM_JOB}`))).json()) as { points: Record<string, unknown>[] };
    expect(points.points.map((p) => [p.number, p.culpritClass, p.incidentClass])).toEqual([
      [25876, null, "muc_room"],
      [25877, "muc_room", "muc_room"],
    ]);
    const incident = (await (await getIncidents(getRequest(`/api/incidents?job=${ROOM_JOB}`))).json()) as { incidents: Record<string, unknown>[] };
    expect(incident.incidents[0]).toMatchObject({ pids: ["<6562.25870.402>"], provisional: false });
    // As a whole regroup of the job makes it (the upload resumed the incident 25876 opened).
    expect(await regroupWholeJob(ROOM_JOB)).toBe("regrouped");
    expect(await incidentGrouping(database().url, ROOM_JOB)).toEqual(resumed);
  });

  test("stored before such builds joined incidents, it joins one on the job's next upload (a whole regroup)", async () => {
    const job = "stale_uninspected_monitor"; // its own job and content: the test below uploads the excerpt as it is
    await upload(`${EXCERPT}\n`, `?filename=stale-11431.log&job=${job}&number=11431`);
    await forgetIncidents(database().url, job); // as the code before left it: no incident at all
    await upload(MARKED_11431, `?filename=stale-11432.log&job=${job}&number=11432`);
    const resumed = await incidentGrouping(database().url, job);
    expect(resumed.incidents).toEqual([expect.objectContaining({ keyKind: "pid", key: "<6555.12.0>", culpritClass: "rpc", buildCount: 2 })]);
    expect(await regroupWholeJob(job)).toBe("regrouped");
    expect(await incidentGrouping(database().url, job)).toEqual(resumed);
  });

  test("is an incident of its top-list leader, class unknown, counted where its build is", async () => {
    const response = await postLogs(rawRequest(EXCERPT, "text/plain", { query: `?filename=${JOB}_11431.log` }));
    expect(response.status, await response.clone().text()).toBe(201);
    const builds = (await (await getBuilds(getRequest(`/api/builds?job=${JOB}&incident=true`))).json()) as { builds: { number: number; culprit: unknown }[] };
    expect(builds.builds.map((b) => b.number)).toEqual([11431]);

    const incidents = (await (await getIncidents(getRequest(`/api/incidents?job=${JOB}`))).json()) as Incidents;
    expect(incidents.total).toBe(1);
    expect(incidents.incidents[0]).toMatchObject({ keyKind: "pid", key: "<6555.12.0>", culpritClass: "unknown", buildCount: 1, peakQueueLen: 1511, firstBuild: { number: 11431 } });
    // Unknown because nothing was inspected (not because no rule matched): the pages word it so.
    expect(incidents.incidents[0]).toMatchObject({ provisional: true, pids: ["<6555.12.0>"] });
    const csv = await (await getIncidents(getRequest(`/api/incidents?job=${JOB}&format=csv`))).text();
    expect(csv.trim().split(/\r?\n/)[0]).toMatch(/,room,absoluteFirstBuild,absoluteLastBuild,pids,provisional,lastSeenAt,lastSeenBuild,absoluteLastSeenBuild,ongoing,peakBuild,absolutePeakBuild,peakFrom$/);
    // (Its job's only build: the incident is still going on, `ongoing` true.)
    // Its peak is its build's top-list queue (`topList`), nothing inspected.
    expect(csv.trim().split(/\r?\n/)[1]).toMatch(/,<6555\.12\.0>,true,[^,]*,\/builds\/[^,]+\/11431,[^,]*\/builds\/[^,]+\/11431,true,\/builds\/[^,]+\/11431,[^,]*\/builds\/[^,]+\/11431,topList$/);
    // Found by its class and by the pid on top.
    const byClass = (await (await getIncidents(getRequest(`/api/incidents?job=${JOB}&class=unknown`))).json()) as Incidents;
    expect(byClass.total).toBe(1);
    // Its build is kept by the same filter, in the list, its CSV and the timeline: part of an incident of class unknown.
    expect(await classView(JOB, "unknown")).toEqual({ builds: [11431], buildTotal: 1, points: [11431], pointTotal: 1, csvNumbers: [11431], incidents: [11431] });
    expect(await classView(JOB, "rpc")).toEqual({ builds: [], buildTotal: 0, points: [], pointTotal: 0, csvNumbers: [], incidents: [] });
    const byPid = (await (await getIncidents(getRequest(`/api/incidents?${new URLSearchParams({ job: JOB, pid: "<6555.12.0>" })}`))).json()) as Incidents;
    expect(byPid.total).toBe(1);
  });
});
