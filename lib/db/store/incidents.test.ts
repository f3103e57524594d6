// Integration: an upload regroups only its own builds' incidents when it can
// (incidents.ts), through the upload route on both databases. Each scenario
// ends by regrouping the whole job and checking that nothing changes: the
// resumed grouping must be the one the whole job gives.
import fs from "node:fs";
import path from "node:path";
import { describe, expect, test } from "vitest";
import { POST as postLogs } from "@/app/api/logs/route";
import { getStore } from "@/lib/db/store";
import { generateLog } from "@/lib/monitor-log/generate";
import { fixture, rawRequest, seedFixtureNames } from "@/lib/testing/api";
import { testDatabaseKinds } from "@/lib/testing/databases";
import { incidentGrouping, queryRows, regroupWholeJob } from "@/lib/testing/incidents";
import { useTestDatabase } from "@/lib/testing/use-test-database";

type IncidentRow = { id: number; firstBuildId: number; lastBuildId: number; open: boolean | number };

async function upload(text: string, query: string): Promise<void> {
  const response = await postLogs(rawRequest(text, "text/plain", { query }));
  expect(response.status, await response.clone().text()).toBe(201);
}

const incidentsOf = (url: string, job: string) =>
  queryRows<IncidentRow>(url, `SELECT "id", "firstBuildId", "lastBuildId", "open" FROM "Incident" WHERE "job" = $1`, [job]);

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
    const idsBefore = (await incidentsOf(database().url, job)).map((row) => Number(row.id));
    expect(idsBefore.length).toBeGreaterThan(0);
    await upload(early.join(""), "?filename=early.log");
    const idsAfter = new Set((await incidentsOf(database().url, job)).map((row) => Number(row.id)));
    // Regrouped: every incident was written anew.
    expect(idsBefore.some((id) => idsAfter.has(id))).toBe(false);
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
      const before = (await incidentsOf(database().url, job)).map((row) => Number(row.id));
      expect(before.length).toBeGreaterThan(0);
      await upload(`${order[1]}\nupload for ${job}\n`, `?job=${job}`);
      const after = new Set((await incidentsOf(database().url, job)).map((row) => Number(row.id)));
      // In time order the first upload's incidents stay (resumed); the other way round they are all written anew.
      expect(before.every((id) => after.has(id))).toBe(job === "snapshots_in_order");
      const stored = await incidentGrouping(database().url, job);
      expect(await regroupWholeJob(job)).toBe("regrouped");
      expect(await incidentGrouping(database().url, job)).toEqual(stored);
    }
  });

  test("a job whose incidents were grouped with another threshold is regrouped whole", async () => {
    const job = "resume_threshold";
    const builds = [...generateLog({ seed: 8, builds: 10, job, firstBuild: 100 })];
    await upload(builds.slice(0, 5).join(""), "?filename=a.log");
    expect(await regroupWholeJob(job, 50)).toBe("regrouped");
    const [log] = await queryRows<{ id: number }>(database().url, `SELECT MAX("logId") AS "id" FROM "Build" WHERE "job" = $1`, [job]);
    // Resuming is only allowed over builds not grouped yet; here the last log's builds are grouped
    // already, so this only checks which way it goes: another threshold is stored, so not resumed.
    expect(await (await getStore()).transaction((session) => session.rebuildIncidents(job, 100, [Number(log!.id)]))).toBe("regrouped");
    const stored = await queryRows<{ threshold: number }>(database().url, `SELECT DISTINCT "threshold" FROM "Incident" WHERE "job" = $1`, [job]);
    expect(stored.map((row) => Number(row.threshold))).toEqual([100]);
  });
});
