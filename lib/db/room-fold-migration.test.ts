// The migration that folds room JIDs (20261205010000_room_jid_fold), on both databases: a
// database written before it, with one room stored under several spellings, comes out with one
// room per folded JID (the lowest id kept), its builds and incidents pointing at it, subjects and
// incident keys folded, and the incidents of the jobs whose rooms were merged marked for a whole
// regroup on their next upload (threshold cleared); other jobs' incidents keep theirs.
import { describe, expect, test } from "vitest";
import { foldJidPart } from "@/lib/classify/jid";
import { createTestDatabase, testDatabaseKinds } from "@/lib/testing/databases";
import { openAtMigrationBefore } from "@/lib/testing/migrations";

const MIGRATION = "20261205010000_room_jid_fold";

// Rooms as the code before the migration stored them: hosts lowercased, local parts as written.
const ROOMS = [
  "Room@conference.x", // 1: kept, folded
  "room@conference.x", // 2: folded onto 1
  "OTHER@conference.x", // 3: only folded
  "keep@conference.x", // 4: unchanged
  "ÉQUIPE@conference.x", // 5: kept, folded
  "équipe@conference.x", // 6: folded onto 5
];

/** job, room (1-based), incident id (1-based), threshold of that incident. */
const BUILDS: [string | null, number, number][] = [
  ["job-a", 1, 1],
  ["job-a", 2, 2],
  ["job-b", 3, 3],
  ["job-c", 4, 4],
  ["job-d", 6, 5],
  ["job-d", 5, 5],
  [null, 2, 6],
];

describe.each(testDatabaseKinds())("on %s", (kind) => {
  test("rooms spelled apart become one, their builds and incidents follow, the jobs they touched are regrouped next", async () => {
    const database = await createTestDatabase(kind, "room_fold");
    const { runner, migrateRest } = await openAtMigrationBefore(kind, database.url, MIGRATION);
    try {
      await runner.run(`INSERT INTO "Log" ("sha256", "fileName", "size", "buildCount") VALUES ('a', 'a.log', 1, ?)`, [BUILDS.length]);
      for (const jid of ROOMS) {
        const [name, host] = jid.split("@");
        await runner.run(`INSERT INTO "Room" ("jid", "name", "host") VALUES (?, ?, ?)`, [jid, name, host]);
      }
      // One incident per build of its first spelling, as grouping before the fold made them.
      for (const [i, [job, room]] of BUILDS.entries()) {
        const incidentId = BUILDS[i]?.[2] as number;
        const exists = await runner.run(`SELECT "id" FROM "Incident" WHERE "id" = ?`, [incidentId]);
        if (exists.length === 0) {
          await runner.run(
            `INSERT INTO "Incident" ("id", "job", "keyKind", "key", "culpritClass", "subject", "roomId", "firstBuildId", "lastBuildId", "buildCount", "peakQueueLen", "open", "threshold")
             VALUES (?, ?, 'room', ?, 'muc_room', ?, ?, ?, ?, 1, 500, ?, 100)`,
            [incidentId, job, ROOMS[room - 1], ROOMS[room - 1], room, i + 1, i + 1, kind === "sqlite" ? 0 : false],
          );
        }
        await runner.run(
          `INSERT INTO "Build" ("id", "logId", "seq", "job", "number", "incident", "culpritClass", "culpritSubject", "roomId", "incidentId")
           VALUES (?, 1, ?, ?, ?, ?, 'muc_room', ?, ?, ?)`,
          [i + 1, i, job, job === null ? null : i + 1, kind === "sqlite" ? 1 : true, ROOMS[room - 1], room, incidentId],
        );
      }
      // A build whose subject is not its room's JID keeps it (a room named by a service's stanza).
      await runner.run(`UPDATE "Build" SET "culpritSubject" = 'mod_muc_room_sup' WHERE "id" = 4`);

      expect(await migrateRest()).toContain(MIGRATION);

      const rooms = await runner.run(`SELECT "id", "jid", "name", "host" FROM "Room" ORDER BY "id"`);
      expect(rooms.map((r) => [Number(r.id), r.jid, r.name, r.host])).toEqual([
        [1, "room@conference.x", "room", "conference.x"],
        [3, "other@conference.x", "other", "conference.x"],
        [4, "keep@conference.x", "keep", "conference.x"],
        [5, "équipe@conference.x", "équipe", "conference.x"],
      ]);
      const builds = await runner.run(`SELECT "id", "roomId", "culpritSubject" FROM "Build" ORDER BY "id"`);
      expect(builds.map((b) => [Number(b.id), Number(b.roomId), b.culpritSubject])).toEqual([
        [1, 1, "room@conference.x"],
        [2, 1, "room@conference.x"],
        [3, 3, "other@conference.x"],
        [4, 4, "mod_muc_room_sup"],
        [5, 5, "équipe@conference.x"],
        [6, 5, "équipe@conference.x"],
        [7, 1, "room@conference.x"],
      ]);
      const incidents = await runner.run(`SELECT "id", "job", "key", "subject", "roomId", "threshold" FROM "Incident" ORDER BY "id"`);
      expect(incidents.map((i) => [Number(i.id), i.job, i.key, i.subject, Number(i.roomId), i.threshold === null ? null : Number(i.threshold)])).toEqual([
        [1, "job-a", "room@conference.x", "room@conference.x", 1, null],
        [2, "job-a", "room@conference.x", "room@conference.x", 1, null],
        // Renamed, not merged: its job's grouping stands.
        [3, "job-b", "other@conference.x", "other@conference.x", 3, 100],
        [4, "job-c", "keep@conference.x", "keep@conference.x", 4, 100],
        [5, "job-d", "équipe@conference.x", "équipe@conference.x", 5, null],
        // Snapshots (no job) of a merged room: regrouped too.
        [6, null, "room@conference.x", "room@conference.x", 1, null],
      ]);
      // What the database folded is what the app folds.
      for (const room of rooms) expect(room.jid).toBe(foldJidPart(String(room.jid)));
    } finally {
      await runner.close();
      await database.drop();
    }
  });
});
