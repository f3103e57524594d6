// Integration: an upload regroups only its own builds' incidents when it can
// (incidents.ts), through the upload route on both databases. Each scenario
// ends by regrouping the whole job and checking that nothing changes: the
// resumed grouping must be the one the whole job gives. When the whole job is
// regrouped, incidents keep their ids (people share links to them).
import fs from "node:fs";
import path from "node:path";
import { describe, expect, test } from "vitest";
import { GET as getBuilds } from "@/app/api/builds/route";
import { POST as postLogs } from "@/app/api/logs/route";
import { getStore } from "@/lib/db/store";
import { generateLog } from "@/lib/monitor-log/generate";
import { fixture, getRequest, rawRequest, seedFixtureNames } from "@/lib/testing/api";
import { testDatabaseKinds } from "@/lib/testing/databases";
import { forgetIncidents, incidentGrouping, queryRows, regroupWholeJob } from "@/lib/testing/incidents";
import { useTestDatabase } from "@/lib/testing/use-test-database";

type IncidentRow = { id: number; firstBuildId: number; lastBuildId: number; open: boolean | number };

async function upload(text: string, query: string): Promise<void> {
  const response = await postLogs(rawRequest(text, "text/plain", { query }));
  expect(response.status, await response.clone().text()).toBe(201);
}

const incidentsOf = (url: string, job: string) =>
  queryRows<IncidentRow>(url, `SELECT "id", "firstBuildId", "lastBuildId", "open" FROM "Incident" WHERE "job" = $1`, [job]);

/** The job's incidents by id, each with the builds whose culprit it is (their numbers, or ids for snapshots). */
async function buildsByIncident(url: string, job: string): Promise<Map<number, string>> {
  const rows = await queryRows<{ incidentId: number; id: number; number: number | null }>(
    url,
    `SELECT "incidentId", "id", "number" FROM "Build" WHERE "job" = $1 AND "incidentId" IS NOT NULL ORDER BY "number", "id"`,
    [job],
  );
  const out = new Map<number, string>();
  for (const row of rows) {
    const build = row.number === null ? `id ${row.id}` : String(row.number);
    const id = Number(row.incidentId);
    out.set(id, out.has(id) ? `${out.get(id)} ${build}` : build);
  }
  return out;
}

/** Every incident that holds the same builds after as before has the same id; returns how many there are. */
function expectIdsKept(before: Map<number, string>, after: Map<number, string>): number {
  const idOf = new Map([...after].map(([id, builds]) => [builds, id]));
  let kept = 0;
  for (const [id, builds] of before) {
    const now = idOf.get(builds);
    if (now === undefined) continue;
    expect(now, `the incident of builds ${builds}`).toBe(id);
    kept++;
  }
  return kept;
}

/**
 * One monitor build from a seed log: a room's process stuck (25877) or a MySQL connection (27044),
 * with the job, the culprit's pid and the build number replaced.
 */
function seedBuild(kind: "room" | "sql", job: string, number: number, pid: string): string {
  const [seedNumber, seedPid] = kind === "room" ? ["25877", "<6562.25870.402>"] : ["27044", "<6562.18467.5386>"];
  return fixture(`ProductCI_ejabberd_mqueue_random_monitor_${seedNumber}.log`)
    .replaceAll("ProductCI_ejabberd_mqueue_random_monitor", job)
    .replaceAll(seedPid, pid)
    .replaceAll(seedNumber, String(number));
}

describe.each(testDatabaseKinds())("on %s", (kind) => {
  const database = useTestDatabase(kind, "incidents_resume");

  test("uploads of the next builds keep the earlier incidents and give what a whole regroup gives", async () => {
    const job = "resume_in_order";
    const builds = [...generateLog({ seed: 3, builds: 48, job, firstBuild: 500 })];
    const sizes = [1, 3, 2, 5, 1, 1, 4, 2];
    for (let at = 0, k = 0; at < builds.length; k++) {
      const part = builds.slice(at, at + sizes[k % sizes.length]!);
      at += part.length;
      const before = await incidentsOf(database().url, job);
      await upload(part.join(""), "?filename=part.log");
      const after = new Map((await incidentsOf(database().url, job)).map((row) => [Number(row.id), row]));
      for (const row of before) {
        // Kept, under the same id: a whole regroup would have deleted and renumbered them all.
        const now = after.get(Number(row.id));
        expect(now, `incident ${row.id} after upload ${k}`).toBeDefined();
        if (!(row.open === true || Number(row.open) === 1)) expect(now).toMatchObject({ lastBuildId: row.lastBuildId });
      }
    }
    const resumed = await incidentGrouping(database().url, job);
    expect(resumed.incidents.length).toBeGreaterThan(5);
    expect(await regroupWholeJob(job)).toBe("regrouped");
    expect(await incidentGrouping(database().url, job)).toEqual(resumed);
  });

  test("the seed's room stuck for eleven builds is one incident when its builds arrive one upload at a time", async () => {
    const job = "resume_seed";
    const ROOM = "snh-48#pocket48_76366185259598244@conference.easemob.com";
    const roomIncidents = new Set<number>();
    const numberOf = (name: string) => Number(/_(\d+)\.log$/.exec(name)![1]);
    // In build order, as CI would post them.
    const names = seedFixtureNames().sort((a, b) => numberOf(a) - numberOf(b));
    for (const name of names) {
      await upload(fixture(name), `?job=${job}&number=${numberOf(name)}`);
      const rows = await queryRows<{ id: number }>(database().url, `SELECT "id" FROM "Incident" WHERE "job" = $1 AND "key" = $2`, [job, ROOM]);
      for (const row of rows) roomIncidents.add(Number(row.id));
    }
    // One incident, extended upload after upload under the same id: resumed, never regrouped.
    expect(roomIncidents.size).toBe(1);
    const resumed = await incidentGrouping(database().url, job);
    const room = resumed.incidents.find((row) => (row as { key?: string }).key === ROOM);
    expect(room).toMatchObject({ keyKind: "room", buildCount: 11 });
    expect(await regroupWholeJob(job)).toBe("regrouped");
    expect(await incidentGrouping(database().url, job)).toEqual(resumed);
  });

  test("builds that land among older ones regroup the whole job, with the same result as always", async () => {
    const job = "resume_out_of_order";
    const late = [...generateLog({ seed: 5, builds: 12, job, firstBuild: 700 })];
    const early = [...generateLog({ seed: 6, builds: 6, job, firstBuild: 690 })];
    await upload(late.join(""), "?filename=late.log");
    const before = await buildsByIncident(database().url, job);
    expect(before.size).toBeGreaterThan(1);
    await upload(early.join(""), "?filename=early.log");
    // Regrouped, and the late builds' incidents are still theirs, under their ids (at most the first
    // of them can take in early builds).
    expect(expectIdsKept(before, await buildsByIncident(database().url, job))).toBeGreaterThanOrEqual(before.size - 1);
    const regrouped = await incidentGrouping(database().url, job);
    expect(await regroupWholeJob(job)).toBe("regrouped");
    expect(await incidentGrouping(database().url, job)).toEqual(regrouped);
  });

  test("snapshots (no build number) resume by time, and regroup when they land among older ones", async () => {
    // The watchdog log cut in two at a warning line: its snapshots have times but no numbers.
    const lines = fs.readFileSync(path.join(process.cwd(), "lib", "formats", "__fixtures__", "ejabberd-modern.log"), "utf8").split("\n");
    const warnings = lines.flatMap((line, i) => (/^\S+ \S+ \[warning\]/.test(line) ? [i] : []));
    expect(warnings.length).toBeGreaterThanOrEqual(3);
    const cut = warnings[warnings.length - 1]!;
    const [early, late] = [lines.slice(0, cut).join("\n") + "\n", lines.slice(cut).join("\n")];
    for (const [job, order] of [["snapshots_in_order", [early, late]], ["snapshots_late_first", [late, early]]] as const) {
      // A noise line of its own: the same bytes again would be the same upload (idempotent by content).
      await upload(`${order[0]}upload for ${job}\n`, `?job=${job}`);
      const before = await buildsByIncident(database().url, job);
      expect(before.size).toBeGreaterThan(0);
      await upload(`${order[1]}\nupload for ${job}\n`, `?job=${job}`);
      const after = await buildsByIncident(database().url, job);
      // Resumed in time order, regrouped the other way round: either way an incident holding the same builds keeps its id.
      expectIdsKept(before, after);
      // In time order the first upload's incidents all stay.
      if (job === "snapshots_in_order") for (const id of before.keys()) expect(after.has(id)).toBe(true);
      const stored = await incidentGrouping(database().url, job);
      expect(await regroupWholeJob(job)).toBe("regrouped");
      expect(await incidentGrouping(database().url, job)).toEqual(stored);
    }
  });

  test("an older build uploaded last regroups the job, and every incident still holding the same builds keeps its id", async () => {
    const job = "ids_older_build";
    const builds = [...generateLog({ seed: 21, builds: 6, job, firstBuild: 1 })];
    // Builds 2..6 as CI posts them, one upload each (resumed), then build 1: it lands before them all.
    for (const [k, text] of builds.slice(1).entries()) await upload(text, `?filename=build-${k + 2}.log`);
    const before = await buildsByIncident(database().url, job);
    const ids = (await incidentsOf(database().url, job)).map((row) => Number(row.id)).sort((a, b) => a - b);
    expect(before.size).toBeGreaterThan(2);
    await upload(builds[0]!, "?filename=build-1.log");
    const after = await buildsByIncident(database().url, job);
    expect(expectIdsKept(before, after)).toBeGreaterThanOrEqual(before.size - 1);
    // Nothing else was renumbered: the ids are the ones before, and at most one new one (build 1's own incident).
    const idsAfter = (await incidentsOf(database().url, job)).map((row) => Number(row.id)).sort((a, b) => a - b);
    expect(idsAfter.filter((id) => !ids.includes(id)).length).toBeLessThanOrEqual(1);
    expect(idsAfter.filter((id) => ids.includes(id)).length).toBeGreaterThanOrEqual(ids.length - 1);

    // Regrouping the whole job again finds nothing to change, not even an id.
    const stored = await incidentGrouping(database().url, job);
    const rows = await incidentsOf(database().url, job);
    expect(await regroupWholeJob(job)).toBe("regrouped");
    expect(await incidentGrouping(database().url, job)).toEqual(stored);
    expect(await incidentsOf(database().url, job)).toEqual(expect.arrayContaining(rows));
    expect(await buildsByIncident(database().url, job)).toEqual(after);
  });

  test.each([
    // Builds 3 and 4 hold more of the merged incident than build 1: their incident's id stays.
    { case: "merge_larger", sql: [3, 4], keeps: "later" },
    // One build each: the earlier incident's id stays.
    { case: "merge_tie", sql: [3], keeps: "earlier" },
  ] as const)("an upload that merges two incidents keeps the id of the one holding most of its builds ($case)", async ({ case: name, sql, keeps }) => {
    const job = `ids_${name}`;
    // A room's process stuck (build 1), restarted as <0.999.1> (build 2), which then shows up on top
    // without its room (builds 3, 4: read as a MySQL connection). Until build 2 is stored nothing ties
    // build 1 to the later ones: two incidents. Build 2 joins them into one.
    const newPid = "<6562.999.1>";
    await upload(seedBuild("room", job, 1, "<6562.25870.402>"), "");
    for (const number of sql) await upload(seedBuild("sql", job, number, newPid), "");
    const before = await buildsByIncident(database().url, job);
    const byBuilds = new Map([...before].map(([id, builds]) => [builds, id]));
    const earlier = byBuilds.get("1");
    const later = byBuilds.get(sql.join(" "));
    expect(earlier).toBeDefined();
    expect(later).toBeDefined();

    await upload(seedBuild("room", job, 2, newPid), "");
    const after = await buildsByIncident(database().url, job);
    expect([...after]).toEqual([[keeps === "later" ? later : earlier, ["1", "2", ...sql].join(" ")]]);
    // The other id is gone: the API answers an empty list for it, as for any id without an incident.
    const gone = keeps === "later" ? earlier : later;
    const response = await getBuilds(getRequest(`/api/builds?incidentId=${gone}`));
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ builds: [], total: 0 });

    const stored = await incidentGrouping(database().url, job);
    expect(await regroupWholeJob(job)).toBe("regrouped");
    expect(await incidentGrouping(database().url, job)).toEqual(stored);
    expect(await buildsByIncident(database().url, job)).toEqual(after);
  });

  test("a regroup that changes every incident gives what grouping the job afresh gives", async () => {
    // Another threshold each time: every stored incident is written again, those holding the same
    // builds under their ids (in place, while builds point at them), others gone or new, and builds
    // move from one incident to another or to none.
    // The seed logs: stuck processes that sit lower in the list of later builds, which the threshold
    // decides to count or not (generated logs have none: their incidents only change the threshold).
    const job = "regroup_every_incident";
    const numberOf = (name: string) => Number(/_(\d+)\.log$/.exec(name)![1]);
    // A noise line of its own: the same bytes as another test's upload would be that upload (idempotent by content).
    for (const name of seedFixtureNames()) await upload(`${fixture(name)}\nupload for ${job}\n`, `?job=${job}&number=${numberOf(name)}`);
    let previous = await incidentGrouping(database().url, job);
    for (const threshold of [100_000, 1, 100_000, 100]) {
      const before = await buildsByIncident(database().url, job);
      expect(await regroupWholeJob(job, threshold)).toBe("regrouped");
      const regrouped = await incidentGrouping(database().url, job);
      expect(regrouped.links, `builds moved at threshold ${threshold}`).not.toEqual(previous.links);
      expect(expectIdsKept(before, await buildsByIncident(database().url, job)), `ids kept at threshold ${threshold}`).toBeGreaterThan(0);
      await forgetIncidents(database().url, job);
      expect(await regroupWholeJob(job, threshold)).toBe("regrouped");
      expect(await incidentGrouping(database().url, job), `afresh at threshold ${threshold}`).toEqual(regrouped);
      previous = regrouped;
    }
  });

  test("a re-run (attempt 2) uploaded right after its first run resumes; one of an older number regroups the job; both as a whole regroup gives", async () => {
    const job = "resume_attempts";
    const ROOM = "snh-48#pocket48_76366191207121304@conference.easemob.com";
    const room = (number: number, extra = "") => extra + fixture("ProductCI_ejabberd_mqueue_random_monitor_25877.log").replaceAll("25877", String(number));
    const logOf = async (number: number, attempt: number) =>
      Number((await queryRows<{ logId: number }>(database().url, `SELECT "logId" FROM "Build" WHERE "job" = $1 AND "number" = $2 AND "attempt" = $3`, [job, number, attempt]))[0]?.logId);
    const modeFor = (logId: number) => async () => (await getStore()).transaction((session) => session.rebuildIncidents(job, 100, [logId]));
    await upload(room(800), `?job=${job}`);
    await upload(room(801), `?job=${job}`);
    // Grouping the re-run's builds again over its own log: the way an upload regroups, told which log is new.
    await upload(room(801, "re-run\n"), `?job=${job}&attempt=2`);
    expect(await modeFor(await logOf(801, 2))()).toBe("resumed");
    // A re-run of 800 now lands among the job's builds (801 and its re-run come after it): the job is regrouped.
    await upload(room(800, "re-run\n"), `?job=${job}&attempt=2`);
    expect(await modeFor(await logOf(800, 2))()).toBe("regrouped");
    const grouped = await incidentGrouping(database().url, job);
    const incident = grouped.incidents.find((row) => (row as { key?: string }).key === ROOM);
    expect(incident).toMatchObject({ keyKind: "room", buildCount: 4 });
    expect(await regroupWholeJob(job)).toBe("regrouped");
    expect(await incidentGrouping(database().url, job)).toEqual(grouped);
  });

  test("a job whose incidents were grouped with another threshold is regrouped whole", async () => {
    const job = "resume_threshold";
    const builds = [...generateLog({ seed: 8, builds: 10, job, firstBuild: 100 })];
    await upload(builds.slice(0, 5).join(""), "?filename=a.log");
    const before = await buildsByIncident(database().url, job);
    expect(await regroupWholeJob(job, 50)).toBe("regrouped");
    // Every incident was written again (its threshold changed), under its id where it holds the same builds.
    expect(expectIdsKept(before, await buildsByIncident(database().url, job))).toBeGreaterThan(0);
    const [log] = await queryRows<{ id: number }>(database().url, `SELECT MAX("logId") AS "id" FROM "Build" WHERE "job" = $1`, [job]);
    // Resuming is only allowed over builds not grouped yet; here the last log's builds are grouped
    // already, so this only checks which way it goes: another threshold is stored, so not resumed.
    expect(await (await getStore()).transaction((session) => session.rebuildIncidents(job, 100, [Number(log!.id)]))).toBe("regrouped");
    const stored = await queryRows<{ threshold: number }>(database().url, `SELECT DISTINCT "threshold" FROM "Incident" WHERE "job" = $1`, [job]);
    expect(stored.map((row) => Number(row.threshold))).toEqual([100]);
  });
});
