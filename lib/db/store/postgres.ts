// ## PostgreSQL store: batched multi-row INSERTs on one connection
//
// A round trip per row would dominate on a server database, so builds,
// their top lists and samples are queued and written in multi-row INSERTs of
// a few hundred rows. A queued build gets its id from the sequence when its
// batch is written, one id per build written (see write). A full queue is
// written in the background while the scanner reads on (one batch in flight
// at a time): awaiting each batch left the scanner idle for most of a large
// upload (10 MB: 1.0 of 2.1 s awaiting queries; 100 MB: 11.7 of 18.9 s).
// Every other statement of the session first waits for that batch, and so
// does the end of the transaction, COMMIT or ROLLBACK: no statement of an
// upload can run after its transaction ended. Instances of the
// app share nothing but the database: a concurrent upload of the same content
// is caught by the unique sha256 (answered as a duplicate), and incident
// regrouping of a job is serialised with a transaction-level advisory lock.
// An upload waits its turn for one of the instance's upload connections in a
// queue of the process (see transaction), not in the pool.
import pg from "pg";
import { AppError, databaseUnavailable, type UploadRefusal } from "@/lib/errors";
import { applyMigrationsPg } from "../migrate-pg";
import { buildLabel, buildPermalink } from "../permalink";
import { CONNECT_TIMEOUT_MS, QUERY_TIMEOUT_MS, UPLOAD_QUEUE_WAIT_MS } from "../pg-timeouts";
import { deleteLogWith } from "./delete-log";
import { lockSnapshotsOfWith, recordSnapshotCopyWith, snapshotLockKey } from "./snapshot-copies";
import { updateVerdictsWith } from "./verdicts";
import { adoptGrownLogWith, buildFingerprintWith, findGrownCandidatesWith, findLogsBeginningWithWith, grownMismatchesWith } from "./grown-log";
import { rebuildIncidentsWith, regroupOrder, type SqlRunner } from "./incidents";
import { createSlots } from "./slots";
import { conflictError } from "./sqlite";
import { type BuildRow, type IngestSession, type SampleRow, sampleDecodedJson, type Store, type StoredBuild, type TopRow } from "./types";

const TIMESTAMP_OID = 1114;
const INT8_OID = 20;

/** A pool whose `timestamp` values are read as UTC and whose counts are numbers. */
export function createPool(url: string, max = 10, queryTimeoutMs = QUERY_TIMEOUT_MS): pg.Pool {
  const pool = new pg.Pool({
    connectionString: url,
    max,
    // See lib/db/pg-timeouts.ts.
    connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
    query_timeout: queryTimeoutMs,
    types: {
      getTypeParser: ((oid: number, format?: "text" | "binary") => {
        if (oid === TIMESTAMP_OID) return (value: string) => new Date(`${value.replace(" ", "T")}Z`);
        if (oid === INT8_OID) return (value: string) => Number(value);
        return pg.types.getTypeParser(oid, format as "text");
      }) as typeof pg.types.getTypeParser,
    },
  });
  // An idle connection the server closes (restart, failover) must not take the process down.
  pool.on("error", (error) => console.error(`postgres: idle connection lost: ${error.message}`));
  return pool;
}

/**
 * A parameter as PostgreSQL must get it. Text cannot hold NUL (U+0000), which
 * logs can: it is written as U+FFFD, the replacement character invalid bytes
 * already become. A Date is written as UTC text: node-postgres would write it
 * in the machine's local time with its offset, which a `timestamp` (without
 * time zone) column drops, so on a machine not set to UTC every stored time
 * moved by the zone's offset (read back as UTC, see createPool). db:copy writes
 * its values through this too.
 */
export function pgParam<T>(value: T): T | string {
  if (value instanceof Date) return value.toISOString();
  return typeof value === "string" && value.includes("\u0000") ? value.replace(/\u0000/g, "\uFFFD") : value;
}

/** Parameters as PostgreSQL must get them; an array parameter's elements too (unnest statements). */
function clean(params: unknown[]): unknown[] {
  return params.map((value) => (Array.isArray(value) ? value.map(pgParam) : pgParam(value)));
}

/** `?` placeholders → `$1, $2, …` (our SQL has no `?` inside literals). */
export function numbered(sql: string): string {
  let n = 0;
  return sql.replace(/\?/g, () => `$${++n}`);
}

const BUILD_COLUMNS = [
  "id", "logId", "seq", "sourceKind", "node", "killedCount", "job", "number", "attempt", "startedAt", "url", "worstQueueLen",
  "inspectedPid", "inspectedQueueLen", "inspectedDead", "incident", "culpritClass", "culpritSubject", "culpritRule",
  "culpritEvidence", "culpritService", "roomId", "createdAt", "at",
] as const;

/** Column → PostgreSQL array type, for the unnest inserts below. */
type Columns = readonly (readonly [name: string, type: string])[];

const BUILD_TYPES: Record<(typeof BUILD_COLUMNS)[number], string> = {
  id: "int4", logId: "int4", seq: "int4", sourceKind: "text", node: "text", killedCount: "int4", job: "text", number: "int4", attempt: "int4",
  startedAt: "timestamp", url: "text", worstQueueLen: "int4", inspectedPid: "text", inspectedQueueLen: "int4",
  inspectedDead: "bool", incident: "bool", culpritClass: "text", culpritSubject: "text", culpritRule: "text",
  culpritEvidence: "text", culpritService: "bool", roomId: "int4", createdAt: "timestamp", at: "timestamp",
}; // prettier-ignore
const BUILD_INSERT: Columns = BUILD_COLUMNS.map((c) => [c, BUILD_TYPES[c]] as const);
const TOP_INSERT: Columns = [["buildId", "int4"], ["rank", "int4"], ["pid", "text"], ["queueLen", "int4"]];
const SAMPLE_INSERT: Columns = [
  ["buildId", "int4"], ["index", "int4"], ["kind", "text"], ["summary", "text"], ["destination", "text"], ["raw", "text"], ["decoded", "text"],
]; // prettier-ignore

/**
 * One INSERT for any number of rows: each column goes as one array
 * parameter, read back row by row by unnest. Against a multi-row VALUES
 * list (a parameter per cell, a statement the server parses and plans anew
 * for each row count) this is what PostgreSQL's documentation calls the
 * bulk path short of COPY.
 */
function unnestInsert(table: string, columns: Columns): string {
  const names = columns.map(([name]) => `"${name}"`).join(",");
  const arrays = columns.map(([, type], i) => `$${i + 1}::${type}[]`).join(",");
  return `INSERT INTO "${table}" (${names}) SELECT * FROM unnest(${arrays})`;
}

type QueuedBuild = { row: BuildRow; top: TopRow[]; samples: SampleRow[]; label: { fileName: string; line: number } };

const FLUSH_ROWS = 2000;

export type PostgresStoreOptions = {
  /** Transactions (uploads, deletions) at once on this instance, each on a connection of its own (PG_UPLOAD_CONNECTIONS). */
  uploadConnections?: number;
  /** How long a transaction waits in the queue for one of them before it answers 503. */
  queueWaitMs?: number;
  /** How long one statement may take (QUERY_TIMEOUT_MS; shorter in tests of a database that stops answering). */
  queryTimeoutMs?: number;
};

/**
 * Whether `error` says the connection itself is gone or silent (closed, reset, a statement that
 * timed out waiting for an answer): nothing more can be sent on it, ROLLBACK included.
 */
function connectionLost(error: unknown): boolean {
  const why = databaseUnavailable(error);
  return why !== null && /^the database (cannot be reached|did not answer)/.test(why);
}

/**
 * Logs an error a checked-out connection emits (the server closed it, a fast shutdown's 57P01):
 * node-postgres' pool listens only while a connection is idle, and an 'error' event with no
 * listener is an uncaughtException (a review stopped PostgreSQL during an upload). The statement
 * under way fails with it too, and answers the request.
 */
function onConnectionError(error: Error): void {
  console.error(`postgres: connection lost during a transaction: ${error.message}`);
}

export function createPostgresStore(url: string, options: PostgresStoreOptions = {}): Store {
  const uploadConnections = options.uploadConnections ?? 10;
  const queueWaitMs = options.queueWaitMs ?? UPLOAD_QUEUE_WAIT_MS;
  /** The transactions' connections, taken only with a slot of `slots` (see transaction). */
  const pool = createPool(url, uploadConnections, options.queryTimeoutMs);
  const slots = createSlots(uploadConnections);
  /**
   * Connections for the room dictionary only (see upsertRoom): an upload holds
   * a connection of `pool` for its whole transaction, so taking a second one
   * from the same pool could wait forever once every connection is an upload's.
   */
  const roomPool = createPool(url, 2, options.queryTimeoutMs);
  /**
   * Connections for reading an upload's builds back once it committed, and for migrating: not
   * `pool`'s, whose free connections the queue of uploads hands out in turn (a finished upload's
   * answer would wait behind the uploads queued meanwhile).
   */
  const readPool = createPool(url, 2, options.queryTimeoutMs);

  function session(client: pg.PoolClient): IngestSession & { flush(): Promise<void>; settle(): Promise<void> } {
    let queued: QueuedBuild[] = [];
    let queuedRows = 0;
    /** The queued builds, handed over; the queue starts again empty. */
    const takeQueued = (): QueuedBuild[] => {
      const batch = queued;
      queued = [];
      queuedRows = 0;
      return batch;
    };
    /** The batch being written in the background; rejected when writing it failed (every later step rethrows that). */
    let inflight: Promise<void> = Promise.resolve();
    const conflicts: AppError[] = [];
    /** The logs this transaction inserted, id → file name: a conflict with one of them is within the upload. */
    const uploadLogs = new Map<number, string>();
    /** This file lost a race for a job and number: its remaining rows are not written. */
    let poisoned = false;

    const insertRows = async (table: string, columns: Columns, rows: unknown[][]) => {
      if (rows.length === 0) return;
      const arrays = columns.map((_, c) => rows.map((row) => pgParam(row[c])));
      await client.query(unnestInsert(table, columns), arrays);
    };

    /**
     * The 409 for a batch that met another upload's build with the same job, number and attempt (it
     * committed while this one wrote: the insert waited for it). Named as conflictError names a stored
     * build, with its permalink and log; the advice is to send the file again, since this upload read
     * the file before that log was stored: sent again, the same log is a duplicate, a console grown
     * from it replaces it (not "delete it first"), and another log of that build gets the usual 409.
     */
    const raceConflict = async (batch: QueuedBuild[]): Promise<AppError> => {
      const keyed = batch.filter((b) => b.row.job !== null && b.row.number !== null);
      const { rows } =
        keyed.length === 0
          ? { rows: [] }
          : await client.query<{ id: number; logId: number; job: string; number: number; attempt: number }>(
              `SELECT "id", "logId", "job", "number", "attempt" FROM "Build" WHERE ("job", "number", "attempt") IN (${keyed
                .map((_, i) => `($${3 * i + 1}::text, $${3 * i + 2}::int, $${3 * i + 3}::int)`)
                .join(",")})`,
              clean(keyed.flatMap((b) => [b.row.job, b.row.number, b.row.attempt])),
            );
      const stored = new Map(rows.map((row) => [`${row.job}\u0000${row.number}\u0000${row.attempt}`, row]));
      for (const build of keyed) {
        const found = stored.get(`${build.row.job}\u0000${build.row.number}\u0000${build.row.attempt}`);
        if (found === undefined) continue;
        const { fileName, line } = build.label;
        return new AppError(
          "conflict",
          `${fileName}:${line}: ${buildLabel(found)} was stored by another upload (log ${found.logId}) at the same time, with the same job and number: ` +
            `send this file again for the answer (the same log is then a duplicate, a console grown from that one replaces it, another log of that build is refused saying what to do)`,
          { file: fileName, line, permalink: buildPermalink(found), logId: found.logId, job: found.job, number: found.number, attempt: found.attempt, reason: "stored_meanwhile" satisfies UploadRefusal },
        );
      }
      const label = batch[0]?.label ?? { fileName: "upload", line: 1 };
      return new AppError("conflict", `${label.fileName}: a build with the same job and number (and attempt) was stored by another upload at the same time: send this file again`, {
        file: label.fileName,
        reason: "stored_meanwhile" satisfies UploadRefusal,
      });
    };

    /** Writes one batch of queued builds. */
    const write = async (batch: QueuedBuild[]) => {
      // This file lost a race for a job and number while the batch waited: its rows are not written.
      if (poisoned) return;
      // Builds whose job, number and attempt exist already (or twice in this batch) are conflicts, not rows.
      const keyed = batch.filter((b) => b.row.job !== null && b.row.number !== null);
      // A build of this batch found again is a conflict within the upload: its id is no part of the message.
      const existing = new Map<string, { id: number; logId: number }>();
      if (keyed.length > 0) {
        const { rows } = await client.query<{ id: number; logId: number; job: string; number: number; attempt: number }>(
          `SELECT "id", "logId", "job", "number", "attempt" FROM "Build" WHERE ("job", "number", "attempt") IN (${keyed
            .map((_, i) => `($${3 * i + 1}::text, $${3 * i + 2}::int, $${3 * i + 3}::int)`)
            .join(",")})`,
          clean(keyed.flatMap((b) => [b.row.job, b.row.number, b.row.attempt])),
        );
        for (const row of rows) existing.set(`${row.job}\u0000${row.number}\u0000${row.attempt}`, { id: row.id, logId: row.logId });
      }
      const accepted: QueuedBuild[] = [];
      for (const build of batch) {
        if (build.row.job !== null && build.row.number !== null) {
          const key = `${build.row.job}\u0000${build.row.number}\u0000${build.row.attempt}`;
          const found = existing.get(key);
          if (found !== undefined) {
            conflicts.push(
              conflictError({ ...build.label, ...found, ownLogId: build.row.logId, job: build.row.job, number: build.row.number, attempt: build.row.attempt }, uploadLogs),
            );
            continue;
          }
          existing.set(key, { id: 0, logId: build.row.logId });
        }
        accepted.push(build);
      }
      if (accepted.length === 0) return;
      // The ids of the builds written, and no more: taken in blocks of 2,000 whatever an upload
      // stored, the int4 sequence ran out after ~1 M uploads (2,030,015 taken for 29,039 builds),
      // and every upload then failed. Taken here, not when a build is queued: its child rows are
      // only numbered in this batch. (Ids of a batch rolled back are gaps, as after any rollback.)
      const { rows: idRows } = await client.query<{ id: number }>(
        `SELECT nextval(pg_get_serial_sequence('"Build"', 'id'))::int AS id FROM generate_series(1, $1::int)`,
        [accepted.length],
      );
      const ids = idRows.map((r) => r.id);
      const b = accepted.map(({ row }, i) => [
        ids[i], row.logId, row.seq, row.sourceKind, row.node, row.killedCount, row.job, row.number, row.attempt, row.startedAt, row.url,
        row.worstQueueLen, row.inspectedPid, row.inspectedQueueLen, row.inspectedDead, row.incident, row.culpritClass,
        row.culpritSubject, row.culpritRule, row.culpritEvidence, row.culpritService, row.roomId, row.createdAt,
        // "at": COALESCE("startedAt", "createdAt"), the same Date objects as those two columns.
        row.startedAt ?? row.createdAt,
      ]);
      const t = accepted.flatMap(({ top }, i) => top.map((e) => [ids[i], e.rank, e.pid, e.queueLen]));
      const s = accepted.flatMap(({ samples }, i) =>
        samples.map((x) => [ids[i], x.index, x.kind, x.summary, x.destination, x.raw, sampleDecodedJson(x.decoded)]),
      );
      try {
        await insertRows("Build", BUILD_INSERT, b);
        await insertRows("TopEntry", TOP_INSERT, t);
        await insertRows("Sample", SAMPLE_INSERT, s);
      } catch (error) {
        // A unique violation (23505) of the build's job and number only: another error naming the
        // same index (54000, an entry too large for it) is no race, and no conflict to answer 409.
        const { code, constraint } = error as { code?: string; constraint?: string };
        if (code !== "23505" || constraint !== "Build_job_number_attempt_key") throw error;
        // Another instance committed a build with the same job and number
        // while this one was writing: drop this file's rows (the savepoint
        // stays) and read on. If the file turns out to be the same content,
        // the ingest answers it as a duplicate; otherwise as this conflict.
        await client.query("ROLLBACK TO SAVEPOINT upload_file");
        poisoned = true;
        // Builds queued while this batch was in flight belong to the same file.
        takeQueued();
        conflicts.push(await raceConflict(accepted));
      }
    };

    /** Starts writing the queued builds in the background, once the batch before is written. */
    const writeInBackground = async () => {
      await inflight; // (rethrows: a failed batch fails the upload)
      inflight = write(takeQueued());
      inflight.catch(() => undefined); // awaited by the next step; not an unhandled rejection meanwhile
    };

    /** Everything queued is written (the batch in flight, then the rest). */
    const flush = async () => {
      await inflight;
      if (queued.length > 0) await write(takeQueued());
    };

    /** The lock regrouping a job's incidents takes, held until the transaction ends. */
    const lockJob = async (job: string | null) => {
      await client.query("SELECT pg_advisory_xact_lock(hashtext($1))", [`incidents:${job ?? ""}`]);
    };

    const runner: SqlRunner = {
      all: async <T>(sql: string, params: unknown[]) => (await client.query(numbered(sql), clean(params))).rows as T[],
      run: async (sql: string, params: unknown[]) => {
        const result = await client.query<{ id: number }>(numbered(sql), clean(params));
        return { lastId: result.rows[0]?.id };
      },
      date: (value) => (value === null ? null : new Date(value)),
      bool: (value) => value,
      dialect: "postgres",
      lock: async (key) => void (await client.query("SELECT pg_advisory_xact_lock(hashtext($1))", [key])),
    };

    return {
      flush,
      settle: () => inflight.catch(() => undefined),
      insertLog: async ({ placeholderSha, fileName, uploadedAt }) => {
        const id = (
          await client.query<{ id: number }>(
            `INSERT INTO "Log" ("sha256", "fileName", "size", "uploadedAt", "buildCount") VALUES ($1, $2, 0, $3, 0) RETURNING "id"`,
            clean([placeholderSha, fileName, uploadedAt]),
          )
        ).rows[0]?.id as number;
        uploadLogs.set(id, fileName);
        return id;
      },
      finishLog: async ({ id, sha256, size, buildCount }) => {
        await flush();
        try {
          await client.query(`UPDATE "Log" SET "sha256" = $1, "size" = $2, "buildCount" = $3 WHERE "id" = $4`, [
            sha256,
            size,
            buildCount,
            id,
          ]);
          return "stored";
        } catch (error) {
          // Another instance stored the same content while this one read it.
          if ((error as { constraint?: string }).constraint === "Log_sha256_key") return "duplicate";
          throw error;
        }
      },
      findLogBySha: async (sha) =>
        (await client.query<{ id: number }>(`SELECT "id" FROM "Log" WHERE "sha256" = $1`, [sha])).rows[0]?.id ?? null,
      findSnapshot: async ({ job, sourceKind, startedAt, node, pid, queueLen }) => {
        // Two consoles holding one snapshot, uploaded at once, each found it not stored (neither had
        // committed) and both stored it. Held to this transaction's end: the other upload's look waits,
        // then sees this one's build. Taken while a file is read, as the attempts lock is; a cycle
        // between the two (two logs naming them in opposite orders) is a deadlock PostgreSQL breaks,
        // answered 503 "send it again".
        await runner.lock!(snapshotLockKey({ sourceKind, startedAt, pid, node, job }));
        // The upload's own builds still queued count too (SQLite's writer sends them before a read).
        await flush();
        return (
          await client.query<{ id: number }>(
            `SELECT "id" FROM "Build" WHERE "sourceKind" = $1 AND "startedAt" = $2 AND "inspectedPid" = $3
                AND "inspectedQueueLen" IS NOT DISTINCT FROM $4::int4 AND "node" IS NOT DISTINCT FROM $5::text
                AND "job" IS NOT DISTINCT FROM $6::text LIMIT 1`,
            clean([sourceKind, startedAt, pid, queueLen, node, job]),
          )
        ).rows[0]?.id ?? null;
      },
      findLogOfBuild: async (job, number, attempt, lock = false) => {
        // Taken while a file is read, before any job's lock (those come in the end phase, in regroup
        // order): the two kinds never wait on each other in a cycle.
        if (lock) await client.query("SELECT pg_advisory_xact_lock(hashtext($1))", [`attempts:${number}:${job}`]);
        // The upload's own builds still queued count too (SQLite's writer sends them before a read).
        await flush();
        const row = (
          await client.query<{ logId: number; fileName: string; sha256: string; size: number; builds: string; attempt: number; seq: number }>(
            `SELECT l."id" AS "logId", l."fileName", l."sha256", l."size", (SELECT count(*) FROM "Build" o WHERE o."logId" = l."id") AS "builds", b."attempt", b."seq"
               FROM "Build" b JOIN "Log" l ON l."id" = b."logId"
              WHERE b."job" = $1 AND b."number" = $2 AND ($3::int IS NULL OR b."attempt" = $3::int) ORDER BY b."attempt" DESC LIMIT 1`,
            clean([job, number, attempt]),
          )
        ).rows[0];
        return row
          ? { logId: row.logId, fileName: row.fileName, sha256: row.sha256, size: Number(row.size), builds: Number(row.builds), attempt: Number(row.attempt), seq: Number(row.seq) }
          : null;
      },
      upsertRoom: async (room) => {
        // In a short transaction of its own, not the upload's: a room row an
        // upload inserted stayed locked until that upload committed, and two
        // uploads meeting new rooms in different orders deadlocked ("while
        // inserting index tuple in relation Room"; lib/reliability/concurrent-
        // ingest.test.ts). A room is a name for a JID: one that outlives a
        // failed upload names no build, and every read of rooms goes through
        // their builds. DO NOTHING, not DO UPDATE: an update would row-lock a
        // room that other uploads' incidents reference.
        const values = clean([room.jid, room.name, room.host]);
        const inserted = await roomPool.query<{ id: number }>(
          `INSERT INTO "Room" ("jid", "name", "host") VALUES ($1, $2, $3) ON CONFLICT ("jid") DO NOTHING RETURNING "id"`,
          values,
        );
        if (inserted.rows[0]) return inserted.rows[0].id;
        return (await roomPool.query<{ id: number }>(`SELECT "id" FROM "Room" WHERE "jid" = $1`, [values[0]])).rows[0]?.id as number;
      },
      insertBuild: async (row, top, samples, label) => {
        if (poisoned) return;
        queued.push({ row, top, samples, label });
        queuedRows += 1 + top.length + samples.length;
        if (queuedRows >= FLUSH_ROWS) await writeInBackground();
      },
      takeConflicts: async () => {
        await flush();
        return conflicts.splice(0);
      },
      savepoint: async () => {
        await flush();
        poisoned = false;
        await client.query("SAVEPOINT upload_file");
      },
      rollbackToSavepoint: async () => {
        await inflight;
        takeQueued();
        conflicts.length = 0;
        poisoned = false;
        await client.query("ROLLBACK TO SAVEPOINT upload_file");
        await client.query("RELEASE SAVEPOINT upload_file");
      },
      releaseSavepoint: async () => {
        await flush();
        poisoned = false;
        await client.query("RELEASE SAVEPOINT upload_file");
      },
      rebuildIncidents: async (job, threshold, logIds) => {
        await flush();
        await lockJob(job);
        return rebuildIncidentsWith(runner, job, threshold, logIds);
      },
      deleteLog: async (logId) => {
        await flush();
        // The regroup locks of the log's jobs before its rows: an upload regrouping one of them links
        // builds (row locks) under that lock, and would otherwise wait for this delete's rows while
        // this waited for its lock.
        return deleteLogWith(runner, logId, regroupOrder, lockJob);
      },
      lockSnapshots: async (logIds) => {
        await flush();
        await lockSnapshotsOfWith(runner, logIds);
      },
      updateVerdicts: async (updates) => {
        await flush();
        await updateVerdictsWith(runner, updates);
      },
      recordSnapshotCopy: async (copy) => {
        await flush();
        await recordSnapshotCopyWith(runner, copy);
      },
      findGrownCandidates: async (name, exclude) => {
        await flush();
        return findGrownCandidatesWith(runner, name, exclude);
      },
      findLogsBeginningWith: async (build, exclude) => {
        await flush();
        return findLogsBeginningWithWith(runner, build, exclude);
      },
      buildFingerprint: async (logId, seq, samples, withInspected) => {
        await flush();
        return buildFingerprintWith(runner, logId, seq, samples, withInspected);
      },
      grownMismatches: async (from, to, keepBelowSeq) => {
        await flush();
        return grownMismatchesWith(runner, from, to, keepBelowSeq);
      },
      adoptGrownLog: async (args, then) => {
        await flush();
        // The job's regroup lock before its rows, as a deletion takes it (see deleteLog).
        return adoptGrownLogWith(runner, args, regroupOrder, lockJob, then);
      },
    };
  }

  return {
    kind: "postgres",
    async transaction<T>(work: (session: IngestSession) => Promise<T>): Promise<T> {
      // Wait here for a free connection, in turn: node-postgres' pool counts a wait for one against
      // its connection timeout (5 s), so a burst of uploads (16 × 3 MB on 10 connections) answered
      // 503 "the database did not answer in time" while the database was fine, and ten slow clients
      // made every other upload 503. With a slot, pool.connect() only waits for a connection to open.
      const release = await slots.acquire(
        queueWaitMs,
        (held) =>
          new AppError(
            "unavailable",
            `${held} ${held === 1 ? "upload or deletion" : "uploads or deletions"} in progress on this instance (PG_UPLOAD_CONNECTIONS=${uploadConnections}); ` +
              `this one waited ${Math.round(queueWaitMs / 1000)} s for a database connection to free up: nothing was written, retry later`,
          ),
      );
      let client: pg.PoolClient;
      try {
        client = await pool.connect();
      } catch (error) {
        // A connection that cannot be opened (the database down or hung): the uploads queued behind
        // this one would wait their turn only to fail alike; they answer now.
        slots.failWaiting(error);
        release();
        throw error;
      }
      client.on("error", onConnectionError);
      /** The connection is gone or silent: no ROLLBACK on it (a hung server held it 120 s more), and it leaves the pool. */
      let lost = false;
      try {
        await client.query("BEGIN");
        const s = session(client);
        try {
          const result = await work(s);
          await s.flush();
          await client.query("COMMIT");
          return result;
        } finally {
          // A batch still being written (the upload failed meanwhile) ends before the transaction does.
          await s.settle();
        }
      } catch (error) {
        lost = connectionLost(error);
        if (!lost) {
          await client.query("ROLLBACK").catch(() => {
            lost = true;
          });
        }
        throw error;
      } finally {
        client.off("error", onConnectionError);
        // release(true) ends the connection: handed back, a silent one went to the next upload.
        client.release(lost);
        release();
      }
    },
    async buildsOfLog(logId: number): Promise<StoredBuild[]> {
      const { rows } = await readPool.query<Omit<StoredBuild, "startedAt"> & { startedAt: Date | null }>(
        `SELECT "id", "job", "number", "attempt", "startedAt", "url", "sourceKind", "node", "incident", "culpritClass", "culpritSubject"
           FROM "Build" WHERE "logId" = $1 ORDER BY "seq"`,
        [logId],
      );
      return rows.map((row) => ({ ...row, startedAt: row.startedAt === null ? null : new Date(row.startedAt).toISOString() }));
    },
    async migrate() {
      const client = await readPool.connect();
      client.on("error", onConnectionError);
      let lost = false;
      try {
        return await applyMigrationsPg(client);
      } catch (error) {
        lost = connectionLost(error);
        throw error;
      } finally {
        client.off("error", onConnectionError);
        client.release(lost);
      }
    },
    async close() {
      await Promise.all([pool.end(), roomPool.end(), readPool.end()]);
    },
  };
}
