// SQLite groups an upload's incidents while its builds are queued (live-incidents.ts): the
// incidents that close are written with the batches, before the upload's regroup, and what the
// upload leaves is what regrouping the whole job gives, whether the live grouping stands (builds in
// order) or is undone (builds out of order, a file rolled back, builds landing among older ones).
import path from "node:path";
import type Database from "better-sqlite3";
import { afterAll, describe, expect, test } from "vitest";
import { migrateDatabase, openDatabase } from "@/lib/db/open";
import { incidentGrouping } from "@/lib/testing/incidents";
import { makeTempDir } from "@/lib/testing/temp-db";
import { testBuildRow } from "@/lib/testing/build-row";
import { conflictError, toSqliteDate } from "./sqlite";
import { threadChannel, writerSession } from "./sqlite-writer";
import type { BuildRow, TopRow } from "./types";

const temp = makeTempDir("mqdash-live-");
afterAll(() => temp.cleanup());

let counter = 0;
function fresh(): { url: string; db: Database.Database } {
  const file = path.join(temp.dir, `live${++counter}.db`);
  migrateDatabase(file);
  return { url: `file:${file}`, db: openDatabase(file) };
}

const JOB = "live";
const ROOMS = ["a@conference.example.org", "b@conference.example.org"];

/**
 * Build `n` of a job whose stuck processes come and go: a few pids take turns on top for a few
 * builds each (some in a room, some seen only lower in the list, some runs inspecting nothing).
 */
function run(n: number, roomIds: number[], logId: number, seq: number): [BuildRow, TopRow[]] {
  const phase = Math.floor(n / 3) % 7;
  const pid = `<0.${phase}.0>`;
  const queue = phase === 6 ? 40 : 200 + ((n * 37) % 900);
  const incident = queue >= 100;
  const room = phase === 2 || phase === 4 ? (roomIds[phase === 2 ? 0 : 1] as number) : null;
  const uninspected = incident && n % 11 === 5;
  const top: TopRow[] = [
    { rank: 1, pid, queueLen: queue },
    // The previous phase's process lingers below for a build: it keeps its incident open.
    { rank: 2, pid: `<0.${(phase + 6) % 7}.0>`, queueLen: n % 3 === 0 ? 150 : 5 },
  ];
  const build = testBuildRow({
    logId,
    seq,
    job: JOB,
    number: n,
    startedAt: n % 13 === 7 ? null : new Date(Date.UTC(2025, 0, 1) + n * 300_000),
    worstQueueLen: queue,
    inspectedPid: uninspected ? null : pid,
    inspectedQueueLen: uninspected ? null : queue,
    incident,
    culpritClass: uninspected ? null : room !== null ? "muc_room" : "gen_call",
    culpritSubject: uninspected ? null : room !== null ? (ROOMS[phase === 2 ? 0 : 1] as string) : "{call}",
    roomId: uninspected ? null : room,
  });
  return [build, top];
}

/** An upload of builds `numbers` in one transaction, through the SQLite session (small batches); answers how it regrouped. */
async function upload(
  db: Database.Database,
  files: { numbers: number[]; rollBack?: boolean }[],
  check?: (db: Database.Database) => void,
): Promise<string> {
  const channel = threadChannel(db);
  await channel.call({ op: "begin" });
  const session = writerSession(channel, conflictError, toSqliteDate, { batchBuilds: 8, batchChars: 1 << 30, maxInFlight: 2 });
  session.groupWhileStoring?.(100);
  const roomIds: number[] = [];
  for (const jid of ROOMS) roomIds.push(await session.upsertRoom({ jid, name: jid.split("@")[0] as string, host: "conference.example.org" }));
  const logIds: number[] = [];
  for (const file of files) {
    await session.savepoint();
    const logId = await session.insertLog({ placeholderSha: `pending:${Math.random()}`, fileName: "live.log", uploadedAt: new Date() });
    for (const [seq, n] of file.numbers.entries()) await session.insertBuild(...run(n, roomIds, logId, seq), [], { fileName: "live.log", line: seq + 1 });
    expect(await session.takeConflicts()).toEqual([]);
    if (file.rollBack) {
      await session.rollbackToSavepoint();
      continue;
    }
    await session.finishLog({ id: logId, sha256: `sha-${logId}-${counter}`, size: 1, buildCount: file.numbers.length });
    await session.releaseSavepoint();
    logIds.push(logId);
  }
  check?.(db);
  const mode = await session.rebuildIncidents(JOB, 100, logIds);
  await session.finish();
  await channel.call({ op: "commit" });
  return mode;
}

/** Regroups the whole job in a transaction of its own. */
async function regroupWhole(db: Database.Database): Promise<void> {
  const channel = threadChannel(db);
  await channel.call({ op: "begin" });
  const session = writerSession(channel, conflictError, toSqliteDate);
  expect(await session.rebuildIncidents(JOB, 100)).toBe("regrouped");
  await channel.call({ op: "commit" });
}

/** The job's incidents grouped afresh (none stored before), for comparison. */
async function afresh(url: string, db: Database.Database) {
  db.prepare(`UPDATE "Build" SET "incidentId" = NULL`).run();
  db.prepare(`DELETE FROM "Incident"`).run();
  await regroupWhole(db);
  return incidentGrouping(url, JOB);
}

const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, k) => from + k);
const incidents = (db: Database.Database) => (db.prepare(`SELECT count(*) AS n FROM "Incident"`).get() as { n: number }).n;

describe("incidents grouped while an upload's builds are stored (SQLite)", () => {
  test("the incidents that close are written with the batches, before the regroup; the upload then leaves what a whole regroup gives", async () => {
    const { url, db } = fresh();
    let duringScan = 0;
    // Three uploads of the next builds: the later ones resume incidents the earlier ones left open.
    expect(await upload(db, [{ numbers: range(1, 70) }], (d) => (duringScan = incidents(d)))).toBe("resumed");
    // Written by the writer with the batches (nothing was regrouped yet): most of the upload's incidents.
    expect(duringScan).toBeGreaterThan(5);
    expect(await upload(db, [{ numbers: range(71, 71) }])).toBe("resumed");
    expect(await upload(db, [{ numbers: range(72, 140) }, { numbers: range(141, 160) }])).toBe("resumed");
    const uploaded = await incidentGrouping(url, JOB);
    expect(uploaded.incidents.length).toBeGreaterThan(20);
    expect(uploaded.links.filter(([, first]) => first !== null).length).toBeGreaterThan(100);
    // Regrouping the whole job changes nothing; grouping it afresh gives the same.
    await regroupWhole(db);
    expect(await incidentGrouping(url, JOB)).toEqual(uploaded);
    expect(await afresh(url, db)).toEqual(uploaded);
    db.close();
  });

  test.each([
    ["builds out of order in the log", [{ numbers: [...range(1, 30), 45, ...range(31, 44), ...range(46, 60)] }]],
    ["a file rolled back (a duplicate) after one stored", [{ numbers: range(1, 40) }, { numbers: range(41, 60), rollBack: true }, { numbers: range(61, 70) }]],
  ])("%s: the live grouping is undone and the job regrouped, as a whole regroup gives", async (_name, files) => {
    const { url, db } = fresh();
    let duringScan = 0;
    await upload(db, files, (d) => (duringScan = incidents(d)));
    expect(duringScan).toBeGreaterThan(0);
    const uploaded = await incidentGrouping(url, JOB);
    // No incident left behind by the undone live grouping: each one holds a build.
    const empty = db.prepare(`SELECT count(*) AS n FROM "Incident" i WHERE NOT EXISTS (SELECT 1 FROM "Build" b WHERE b."incidentId" = i."id")`).get() as { n: number };
    expect(empty.n).toBe(0);
    expect(await afresh(url, db)).toEqual(uploaded);
    db.close();
  });

  test("builds landing among older ones: the live incidents are undone and the whole job regrouped", async () => {
    const { url, db } = fresh();
    await upload(db, [{ numbers: range(1, 20) }, { numbers: range(41, 60) }]);
    let duringScan = 0;
    const before = incidents(db);
    expect(await upload(db, [{ numbers: range(21, 40) }], (d) => (duringScan = incidents(d)))).toBe("regrouped");
    expect(duringScan).toBeGreaterThan(before);
    const uploaded = await incidentGrouping(url, JOB);
    expect(await afresh(url, db)).toEqual(uploaded);
    db.close();
  });
});
