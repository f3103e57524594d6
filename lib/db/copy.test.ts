// Moving a SQLite database to PostgreSQL keeps every row, id and answer.
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { POST as postLogs } from "@/app/api/logs/route";
import { GET as getBuilds } from "@/app/api/builds/route";
import { GET as getRooms } from "@/app/api/rooms/route";
import { GET as getIncidents } from "@/app/api/incidents/route";
import { GET as getTimeline } from "@/app/api/timeline/route";
import { getPrisma } from "@/lib/db/client";
import { generateLog } from "@/lib/monitor-log/generate";
import { fixture, getRequest, multipartRequest, rawRequest, seedFixtureNames } from "@/lib/testing/api";
import { countRows, createTestDatabase, type TestDatabase, testDatabaseKinds } from "@/lib/testing/databases";
import { copySqliteToPostgres, migrationsBehind, updateStatements } from "./copy";
import { applyMigrations, readMigrations } from "./migrate";
import { applyMigrationsPg, PG_MIGRATIONS_DIR } from "./migrate-pg";
import { openDatabase } from "./open";
import { getStore } from "./store";

/** Builds whose "at" is not COALESCE("startedAt", "createdAt"), and builds without a start time, on PostgreSQL. */
async function atCounts(client: pg.ClientBase): Promise<{ builds: number; withoutStart: number; wrong: number }> {
  const { rows } = await client.query<{ builds: number; withoutStart: number; wrong: number }>(
    `SELECT count(*)::int AS "builds", count(*) FILTER (WHERE "startedAt" IS NULL)::int AS "withoutStart",
            count(*) FILTER (WHERE "at" IS DISTINCT FROM COALESCE("startedAt", "createdAt"))::int AS "wrong"
       FROM "Build"`,
  );
  return rows[0] as { builds: number; withoutStart: number; wrong: number };
}

const WARNING = [
  "2024-03-05 10:05:00.000001+00:00 [warning] <0.86.0>@ejabberd_system_monitor:handle_overload/2:143 The system is overloaded with 800000 messages queued by 1 process(es) (0%) from the following applications: kernel (800000 msgs); the top processes are:",
  "** rex: msgs = 800000, memory = 1, initial_call = proc_lib:init_p/5, current_function = gen_server:loop/7, ancestors = [kernel_sup,<0.47.0>], application = kernel",
  "",
].join("\n");
/** The tables countRows compares, with the snapshot copies. */
const TABLES = ["Log", "Build", "TopEntry", "Sample", "Room", "Incident", "SnapshotCopy"];

// Needs PostgreSQL: without one (a developer machine without it) this is reported as skipped, never silently
// absent; on CI testDatabaseKinds() refuses to run without PostgreSQL at all.
const withPostgres = testDatabaseKinds().includes("postgres");

describe.skipIf(!withPostgres)("db:copy from SQLite to PostgreSQL", () => {
  let sqlite: TestDatabase;
  let postgres: TestDatabase;

  beforeAll(async () => {
    sqlite = await createTestDatabase("sqlite", "copy");
    postgres = await createTestDatabase("postgres", "copy");
    process.env.DATABASE_URL = sqlite.url;
    const names = seedFixtureNames();
    const response = await postLogs(multipartRequest(names.map((name) => ({ name, content: fixture(name) }))));
    expect(response.status).toBe(201);
    // Every other generated build has no timestamps, so no start time.
    // Half of them without a time: their `at` comes from their creation.
    const generated = [...generateLog({ seed: 5, builds: 60, job: "copy_gen", firstBuild: 1, untimed: true })].join("");
    expect((await postLogs(rawRequest(generated, "text/plain", { query: "?filename=gen.log" }))).status).toBe(201);
    // Two consoles that print one watchdog warning: one build, and the second console's copy of it.
    for (const number of [1, 2]) {
      const console = `JOB_NAME=copy_watch\nBUILD_NUMBER=${number}\n${WARNING}Finished: SUCCESS\n`;
      expect((await postLogs(rawRequest(console, "text/plain", { query: `?filename=watch-${number}.log` }))).status).toBe(201);
    }
  });
  afterAll(async () => {
    await (await getStore()).close();
    await getPrisma().$disconnect();
    await sqlite.drop();
    await postgres.drop();
  });

  test("copies every table, and the API answers the same from the copy", async () => {
    const json = async (response: Promise<Response>) => (await response).json();
    const answers = async () => ({
      rooms: await json(getRooms(getRequest("/api/rooms"))),
      incidents: await json(getIncidents(getRequest("/api/incidents"))),
      // The stored duration (derived by the copy, written by the regroup) orders them the same.
      longest: await json(getIncidents(getRequest("/api/incidents?sort=durationMs&pageSize=20"))),
      builds: [
        await json(getBuilds(getRequest("/api/builds?pageSize=30"))),
        await json(getBuilds(getRequest("/api/builds?pageSize=30&page=2"))),
        await json(getBuilds(getRequest("/api/builds?order=asc&pageSize=30&page=2"))),
        await json(getBuilds(getRequest("/api/builds?job=copy_gen&order=asc&pageSize=7&page=5"))),
      ],
      timeline: [await json(getTimeline(getRequest("/api/timeline"))), await json(getTimeline(getRequest("/api/timeline?points=10")))],
    });
    const before = await answers();
    const source = openDatabase(path.resolve(sqlite.url.slice("file:".length)));
    const target = new pg.Client({ connectionString: postgres.url });
    await target.connect();
    const copied = await copySqliteToPostgres(source, target);
    source.close();
    expect(await countRows(postgres.url, TABLES)).toEqual(await countRows(sqlite.url, TABLES));
    expect(copied.Build).toBeGreaterThan(20);
    expect(copied.SnapshotCopy).toBe(1);
    const at = await atCounts(target);
    expect(at.withoutStart).toBeGreaterThan(10);
    expect(at.wrong).toBe(0);
    await expect(copySqliteToPostgres(openDatabase(path.resolve(sqlite.url.slice("file:".length))), target)).rejects.toThrow(
      /^the PostgreSQL database is not empty \(table Log holds \d+ rows\): copy into a new, empty database$/,
    );
    // A database whose logs were all deleted, or whose uploads failed, keeps their rooms (written
    // outside an upload's transaction): with nothing else stored, the copy replaces them. (It used
    // to refuse, saying the rooms were left by deleted logs, also for failed uploads; before that
    // it failed on a room id.)
    const rooms = await createTestDatabase("postgres", "copy_rooms_left");
    const leftover = new pg.Client({ connectionString: rooms.url });
    await leftover.connect();
    await applyMigrationsPg(leftover);
    await leftover.query(`INSERT INTO "Room" (jid, name, host) VALUES ('left@conference.example.org', 'left', 'conference.example.org')`);
    const again = openDatabase(path.resolve(sqlite.url.slice("file:".length)));
    const sourceRooms = (again.prepare(`SELECT count(*) AS n FROM "Room"`).get() as { n: number }).n;
    expect(await copySqliteToPostgres(again, leftover)).toMatchObject({ Room: sourceRooms });
    expect((await leftover.query(`SELECT count(*)::int AS n FROM "Room" WHERE jid = 'left@conference.example.org'`)).rows[0]).toEqual({ n: 0 });
    expect((await leftover.query(`SELECT count(*)::int AS n FROM "Room"`)).rows[0]).toEqual({ n: sourceRooms });
    expect((await leftover.query(`SELECT count(*)::int AS n FROM "Log"`)).rows[0]).toEqual({ n: copied.Log });
    // With anything else stored (a log), still refused, rooms and all.
    await expect(copySqliteToPostgres(again, leftover)).rejects.toThrow(/^the PostgreSQL database is not empty \(table Log holds \d+ rows\)/);
    again.close();
    await leftover.end();
    await rooms.drop();
    await target.end();

    process.env.DATABASE_URL = postgres.url;
    expect(await answers()).toEqual(before);
    // The sequences moved past the copied ids: a new upload gets fresh ids.
    await getStore();
    const more = fixture("ProductCI_ejabberd_mqueue_random_monitor_27044.log").replace(/27044/g, "99001");
    expect((await postLogs(multipartRequest([{ name: "more.log", content: more }]))).status).toBe(201);
  });

  // A PostgreSQL review: copying while the SQLite dashboard still took uploads failed on a foreign
  // key (`copying Build rows with ids 1201–1887: … violates foreign key constraint "Build_logId_fkey"`):
  // each table was read in a transaction of its own, so a log stored between the Log table and
  // the Build table had its builds copied without it. The copy reads one snapshot of the source.
  test("an upload stored while the copy runs is not half copied: the copy is of one moment of the source", async () => {
    const live = await createTestDatabase("sqlite", "copy_live");
    const target = await createTestDatabase("postgres", "copy_live");
    const file = path.resolve(live.url.slice("file:".length));
    const source = openDatabase(file);
    const client = new pg.Client({ connectionString: target.url });
    try {
      applyMigrations(source, readMigrations());
      const insert = (db: ReturnType<typeof openDatabase>, sha: string) => {
        const log = db.prepare(`INSERT INTO "Log" (sha256, fileName, size, uploadedAt, buildCount) VALUES (?, ?, 1, '2024-01-01T00:00:00.000+00:00', 1)`).run(sha, `${sha}.log`);
        db.prepare(`INSERT INTO "Build" (logId, seq, job, number, createdAt) VALUES (?, 0, 'live', ?, '2024-01-01T00:00:00.000+00:00')`).run(log.lastInsertRowid, Number(log.lastInsertRowid));
      };
      insert(source, "before");
      await client.connect();
      // The dashboard's own connection stores a log once the copy has read the Log table.
      const dashboard = openDatabase(file);
      let stored = false;
      const watched = {
        query: async (...args: Parameters<pg.Client["query"]>) => {
          if (!stored && typeof args[0] === "string" && args[0].startsWith('INSERT INTO "Log"')) {
            insert(dashboard, "during");
            stored = true;
          }
          return (client.query as (...a: unknown[]) => unknown)(...args);
        },
      } as unknown as pg.Client;
      const copied = await copySqliteToPostgres(source, watched);
      dashboard.close();
      expect(stored).toBe(true);
      expect(copied).toMatchObject({ Log: 1, Build: 1 });
      expect((await client.query(`SELECT "fileName" FROM "Log"`)).rows).toEqual([{ fileName: "before.log" }]);
      // The source has both; a copy made now would too.
      expect((source.prepare(`SELECT count(*) AS n FROM "Build"`).get() as { n: number }).n).toBe(2);
      // A transaction the caller opened stays the caller's: read in, left open (a diff review).
      const second = await createTestDatabase("postgres", "copy_live_second");
      const other = new pg.Client({ connectionString: second.url });
      try {
        await other.connect();
        source.exec("BEGIN");
        expect(await copySqliteToPostgres(source, other)).toMatchObject({ Log: 2, Build: 2 });
        expect(source.inTransaction).toBe(true);
        source.exec("COMMIT");
      } finally {
        await other.end().catch(() => undefined);
        await second.drop();
      }
    } finally {
      source.close();
      await client.end().catch(() => undefined);
      await live.drop();
      await target.drop();
    }
  });

  /**
   * A SQLite database migrated up to (not including) `migration`, filled by `fill`, copied into an
   * empty PostgreSQL database; `check` reads the copy.
   */
  async function copyFromBefore(
    migration: string,
    fill: (source: ReturnType<typeof openDatabase>) => void,
    check: (target: pg.Client) => Promise<void>,
  ): Promise<void> {
    const old = await createTestDatabase("sqlite", "copy_old");
    const target = await createTestDatabase("postgres", "copy_old");
    const source = openDatabase(path.resolve(old.url.slice("file:".length)));
    const client = new pg.Client({ connectionString: target.url });
    try {
      applyMigrations(source, readMigrations().filter((m) => m.name < migration));
      // What db:copy tells the operator: the source is behind by these (db:reclassify on the copy).
      expect(migrationsBehind(source)).toEqual(readMigrations().map((m) => m.name).filter((name) => name >= migration));
      fill(source);
      await client.connect();
      await copySqliteToPostgres(source, client);
      await check(client);
    } finally {
      source.close();
      await client.end().catch(() => undefined);
      await old.drop();
      await target.drop();
    }
  }

  test("a SQLite database from before the room JID fold is copied with its rooms folded, as migrating it would", async () => {
    await copyFromBefore(
      "20261205010000_room_jid_fold",
      (source) => {
        source.prepare(`INSERT INTO "Log" (sha256, fileName, size, uploadedAt, buildCount) VALUES ('unfolded', 'u.log', 1, '2024-01-01T00:00:00.000+00:00', 2)`).run();
        source.prepare(`INSERT INTO "Room" (jid, name, host) VALUES ('Room@conference.x', 'Room', 'conference.x'), ('room@conference.x', 'room', 'conference.x')`).run();
        const insert = source.prepare(
          `INSERT INTO "Build" (logId, seq, job, number, culpritClass, culpritSubject, roomId, createdAt) VALUES (1, ?, 'u', ?, 'muc_room', ?, ?, '2024-02-01T00:00:00.000+00:00')`,
        );
        insert.run(0, 1, "Room@conference.x", 1);
        insert.run(1, 2, "room@conference.x", 2);
      },
      async (client) => {
        expect((await client.query(`SELECT "id", "jid" FROM "Room" ORDER BY "id"`)).rows).toEqual([{ id: 1, jid: "room@conference.x" }]);
        expect((await client.query(`SELECT "roomId", "culpritSubject" FROM "Build" ORDER BY "id"`)).rows).toEqual([
          { roomId: 1, culpritSubject: "room@conference.x" },
          { roomId: 1, culpritSubject: "room@conference.x" },
        ]);
      },
    );
  });

  test("a SQLite database from before the p1_mysql subject fix is copied with its sql builds naming the connection", async () => {
    await copyFromBefore(
      "20261206000000_sql_subject_connection",
      (source) => {
        source.prepare(`INSERT INTO "Log" (sha256, fileName, size, uploadedAt, buildCount) VALUES ('sql', 's.log', 1, '2024-01-01T00:00:00.000+00:00', 1)`).run();
        source
          .prepare(
            `INSERT INTO "Build" (logId, seq, job, number, inspectedPid, culpritClass, culpritSubject, culpritRule, createdAt)
             VALUES (1, 0, 's', 1, '<0.10.0>', 'sql', '<0.99.0>', 'mysql-receiver', '2024-02-01T00:00:00.000+00:00')`,
          )
          .run();
      },
      async (client) => {
        expect((await client.query(`SELECT "culpritSubject" FROM "Build"`)).rows).toEqual([{ culpritSubject: "<0.10.0>" }]);
      },
    );
  });

  test("a SQLite database from before snapshot copies (no such table) is copied, with none", async () => {
    await copyFromBefore(
      "20261211000000_snapshot_copies",
      (source) => {
        expect(source.prepare(`SELECT name FROM sqlite_master WHERE name = 'SnapshotCopy'`).get()).toBeUndefined();
        source.prepare(`INSERT INTO "Log" (sha256, fileName, size, uploadedAt, buildCount) VALUES ('old', 'old.log', 1, '2024-01-01T00:00:00.000+00:00', 0)`).run();
      },
      async (client) => {
        expect((await client.query(`SELECT count(*)::int AS n FROM "Log"`)).rows[0]).toEqual({ n: 1 });
        expect((await client.query(`SELECT count(*)::int AS n FROM "SnapshotCopy"`)).rows[0]).toEqual({ n: 0 });
      },
    );
  });

  test("a SQLite database from before incident durations is copied with its incidents' times from their builds, as migrating it would", async () => {
    // An upgrade review: an incident whose first build had no time kept no first time and no duration in
    // the copy, where the same file upgraded in place had them from its other builds.
    await copyFromBefore(
      "20261207000000_incident_duration",
      (source) => {
        source.prepare(`INSERT INTO "Log" (sha256, fileName, size, uploadedAt, buildCount) VALUES ('old', 'old.log', 1, '2024-01-01T00:00:00.000+00:00', 3)`).run();
        source
          .prepare(
            `INSERT INTO "Incident" (job, keyKind, key, culpritClass, firstBuildId, lastBuildId, firstAt, lastAt, buildCount, peakQueueLen, open, threshold)
             VALUES ('old', 'pid', '<0.1.0>', 'dead', 1, 3, NULL, '2024-01-02T05:00:00.000+00:00', 3, 500, 0, 100)`,
          )
          .run();
        const insert = source.prepare(`INSERT INTO "Build" (logId, seq, job, number, startedAt, createdAt, incidentId, incident) VALUES (1, ?, 'old', ?, ?, '2024-02-01T00:00:00.000+00:00', 1, 1)`);
        insert.run(0, 1, null);
        insert.run(1, 2, "2024-01-02T04:00:00.000+00:00");
        insert.run(2, 3, "2024-01-02T05:00:00.000+00:00");
      },
      async (client) => {
        expect((await client.query(`SELECT "firstAt", "lastAt", "durationMs" FROM "Incident"`)).rows).toEqual([
          { firstAt: new Date("2024-01-02T04:00:00.000Z"), lastAt: new Date("2024-01-02T05:00:00.000Z"), durationMs: 3_600_000 },
        ]);
      },
    );
  });

  test("a migration's UPDATE statements, without its comments and schema changes", () => {
    const sql = readMigrations(PG_MIGRATIONS_DIR).find((m) => m.name === "20261207000000_incident_duration")!.sql;
    const updates = updateStatements(sql);
    expect(updates).toHaveLength(2);
    expect(updates.every((statement) => statement.startsWith('UPDATE "Incident"'))).toBe(true);
    expect(updates.join("\n")).not.toMatch(/ALTER|CREATE|--/);
  });

  test("a SQLite database from before Build.at is copied with at = COALESCE(startedAt, createdAt)", async () => {
    await copyFromBefore(
      "20261126000000_build_at",
      (source) => {
        expect((source.prepare(`PRAGMA table_info("Build")`).all() as { name: string }[]).map((c) => c.name)).not.toContain("at");
        source.prepare(`INSERT INTO "Log" (sha256, fileName, size, uploadedAt, buildCount) VALUES ('old', 'old.log', 1, '2024-01-01T00:00:00.000+00:00', 3)`).run();
        const insert = source.prepare(`INSERT INTO "Build" (logId, seq, job, number, startedAt, createdAt) VALUES (1, ?, 'old', ?, ?, ?)`);
        insert.run(0, 1, "2024-01-02T03:04:05.678+00:00", "2024-02-01T00:00:00.000+00:00");
        insert.run(1, 2, null, "2024-02-01T00:00:01.000+00:00");
        insert.run(2, 3, null, "2024-02-01T00:00:02.000+00:00");
      },
      // The first build's start time, the others' creation times.
      async (client) => expect(await atCounts(client)).toEqual({ builds: 3, withoutStart: 2, wrong: 0 }),
    );
  });
});
