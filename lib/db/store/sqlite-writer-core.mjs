// ## The SQLite write side of an ingest transaction, as messages
//
// Plain JavaScript with no imports, so that the writer worker
// (sqlite-writer.worker.mjs, started from disk by node:worker_threads, never
// bundled) and the in-thread fallback (lib/db/store/sqlite.ts, bundled by
// Next) run this one file. Each message is handled synchronously on the
// connection it is given; messages of one transaction arrive in order.
//
// Builds come in batches of flat arrays (what the ingest hands over is
// cloned to the worker once, with no per-row objects): per build
// BUILD_STRIDE values (the Build columns below without the id, then its
// number of top entries, its number of samples and its line in the log),
// per top entry TOP_STRIDE values, per sample SAMPLE_STRIDE values (its last,
// `decoded`, may be the number of its decoded texts, which then follow in
// `texts`: no array per sample to clone). A build
// whose job, number and attempt are stored already (before, or earlier in this
// transaction) is not written: it is kept as a conflict for `takeConflicts`.
//
// Ids of builds are given explicitly, from the table's AUTOINCREMENT counter
// read at each batch (the transaction holds the write lock, so nobody else
// moves it), so that top entries and samples can name their build without a
// round trip per row.
//
// One row per statement run: multi-row INSERTs (4 to 100 rows per statement)
// were measured slower for these tables, not faster; the time goes into the
// B-trees and their indexes, not into the calls.

/** The Build columns a batch carries, in order (the id is added in front). */
export const BUILD_COLUMNS = [
  "logId",
  "seq",
  "sourceKind",
  "node",
  "killedCount",
  "job",
  "number",
  "attempt",
  "startedAt",
  "url",
  "worstQueueLen",
  "inspectedPid",
  "inspectedQueueLen",
  "inspectedDead",
  "incident",
  "culpritClass",
  "culpritSubject",
  "culpritRule",
  "culpritEvidence",
  "culpritService",
  "roomId",
  "createdAt",
  // COALESCE(startedAt, createdAt) of the two values above, computed by the session.
  "at",
];
export const BUILD_STRIDE = BUILD_COLUMNS.length + 3;
export const TOP_STRIDE = 3;
export const SAMPLE_STRIDE = 6;

const JOB = BUILD_COLUMNS.indexOf("job");
const NUMBER = BUILD_COLUMNS.indexOf("number");
const ATTEMPT = BUILD_COLUMNS.indexOf("attempt");
const LOG_ID = BUILD_COLUMNS.indexOf("logId");
const COLUMNS = BUILD_COLUMNS.length;

/**
 * An incident an upload grouped while storing its builds, closed (final) if the upload resumes its
 * job (lib/db/store/live-incidents.ts), written as its builds arrive, before the scan ends: per
 * incident INCIDENT_STRIDE values (the Incident columns below, "open" false; its first and last
 * builds as the upload's numbers for them, see `realIds`), then how many builds point at it and
 * their numbers.
 */
export const LIVE_INCIDENT_COLUMNS = [
  "job",
  "keyKind",
  "key",
  "culpritClass",
  "subject",
  "roomId",
  "firstBuildId",
  "lastBuildId",
  "firstAt",
  "lastAt",
  "durationMs",
  "buildCount",
  "peakQueueLen",
  "threshold",
  "lastSeenBuildId",
  "lastSeenAt",
  "peakBuildId",
];
export const INCIDENT_STRIDE = LIVE_INCIDENT_COLUMNS.length + 1;
const FIRST_BUILD = LIVE_INCIDENT_COLUMNS.indexOf("firstBuildId");
const LAST_BUILD = LIVE_INCIDENT_COLUMNS.indexOf("lastBuildId");
const LAST_SEEN_BUILD = LIVE_INCIDENT_COLUMNS.indexOf("lastSeenBuildId");
const PEAK_BUILD = LIVE_INCIDENT_COLUMNS.indexOf("peakBuildId");
const INCIDENT_JOB = LIVE_INCIDENT_COLUMNS.indexOf("job");
const INSERT_LIVE_INCIDENT = `INSERT INTO "Incident" (${LIVE_INCIDENT_COLUMNS.map((name) => `"${name}"`).join(", ")}, "open") VALUES (${LIVE_INCIDENT_COLUMNS.map(() => "?").join(", ")}, 0)`;
const LINK_BUILD = `UPDATE "Build" SET "incidentId" = ? WHERE "id" = ?`;

const INSERT_BUILD = `INSERT INTO "Build" (id, ${BUILD_COLUMNS.join(", ")}) VALUES (${["?", ...BUILD_COLUMNS.map(() => "?")].join(", ")})`;
const INSERT_TOP = `INSERT INTO "TopEntry" (buildId, rank, pid, queueLen) VALUES (?, ?, ?, ?)`;
const INSERT_SAMPLE = `INSERT INTO "Sample" (buildId, "index", kind, summary, destination, raw, decoded) VALUES (?, ?, ?, ?, ?, ?, ?)`;
const FIND_BUILD = `SELECT id, logId FROM "Build" WHERE job = ? AND number = ? AND attempt = ?`;
const NEXT_BUILD_ID = `SELECT max(coalesce((SELECT seq FROM sqlite_sequence WHERE name = 'Build'), 0),
                                 coalesce((SELECT max(id) FROM "Build"), 0)) + 1 AS next`;

/**
 * The `decoded` column of a sample: the session hands over its decoded texts (an array, stored as
 * their JSON, NULL when empty) or that JSON already (lib/db/store/types.ts sampleDecodedJson).
 * @param {unknown} decoded
 */
function decodedJson(decoded) {
  if (!Array.isArray(decoded)) return decoded;
  return decoded.length > 0 ? JSON.stringify(decoded) : null;
}

/**
 * The size a connection's WAL file is cut back to once a checkpoint has emptied it (its
 * journal_size_limit; lib/db/migrate.ts configureConnection). Without a limit it kept the size of
 * the largest transaction until the server restarted: 176 MB on disk after one 100 MB upload, for an
 * idle database. Large enough that a usual upload never pays for regrowing it.
 */
export const WAL_SIZE_LIMIT_BYTES = 64 * 1024 * 1024;

/**
 * After a checkpoint that copied a WAL longer than the connection's journal_size_limit (one large
 * upload), the WAL file is cut to nothing now, not at the next commit (when SQLite would cut it to
 * the limit): an idle server kept a 176 MB WAL after a 100 MB upload. Only when no reader still
 * uses the WAL (a TRUNCATE checkpoint waits for them: here it does not wait, the next one tries again).
 * @param {import("better-sqlite3").Database} db
 * @param {{ busy: number; log: number; checkpointed: number } | undefined} done
 */
function truncateLargeWal(db, done) {
  if (!done || done.busy !== 0 || done.log !== done.checkpointed) return;
  const limit = Number(db.pragma("journal_size_limit", { simple: true }));
  const frame = Number(db.pragma("page_size", { simple: true })) + 24;
  if (limit < 0 || done.log * frame <= limit) return;
  const timeout = db.pragma("busy_timeout", { simple: true });
  db.pragma("busy_timeout = 0");
  try {
    db.pragma("wal_checkpoint(TRUNCATE)");
  } finally {
    db.pragma(`busy_timeout = ${Number(timeout)}`);
  }
}

/**
 * A writer on an open better-sqlite3 connection.
 * @param {import("better-sqlite3").Database} db
 */
export function createWriter(db) {
  /** @type {Map<string, import("better-sqlite3").Statement>} */
  const cache = new Map();
  const prepared = (/** @type {string} */ sql) => {
    let statement = cache.get(sql);
    if (!statement) {
      statement = db.prepare(sql);
      cache.set(sql, statement);
    }
    return statement;
  };
  const statement = (/** @type {{ sql: string; cache?: boolean }} */ message) =>
    message.cache ? prepared(message.sql) : db.prepare(message.sql);

  /** @type {{ fileName: string; line: number; id: number; logId: number; job: string; number: number; attempt: number }[]} */
  let conflicts = [];
  /** The error of a batch that failed: the transaction is only good for a rollback now. */
  let failed = null;
  /**
   * The id of each build the transaction's batches carried, in order (the upload names a build by
   * -1 - its place here before its id is known: live incidents), -1 for one not written (a conflict).
   * @type {number[]}
   */
  let realIds = [];
  /**
   * The live incidents written, by job (null: no job): undone if the job is regrouped otherwise.
   * @type {Map<string | null, number[]>}
   */
  let liveIncidents = new Map();
  /** Jobs one of whose live incidents named a build that was not written: they are regrouped otherwise. @type {Set<string | null>} */
  let liveFailed = new Set();
  /** @param {number} ref */
  const realId = (ref) => (ref < 0 ? (realIds[-1 - ref] ?? -1) : ref);
  /**
   * The bulk path's own figures since they were last taken (op "bulkStats", for `npm run bench:ingest`):
   * batches handled, rows they inserted (builds, top entries, samples; rolled back or not) and the
   * milliseconds spent handling them.
   */
  let bulk = { batches: 0, rows: 0, ms: 0 };

  /** @param {unknown[]} incidents */
  function insertLiveIncidents(incidents) {
    const insert = prepared(INSERT_LIVE_INCIDENT);
    const link = prepared(LINK_BUILD);
    const row = new Array(INCIDENT_STRIDE - 1);
    for (let k = 0; k < incidents.length; ) {
      const links = /** @type {number} */ (incidents[k + INCIDENT_STRIDE - 1]);
      const job = /** @type {string | null} */ (incidents[k + INCIDENT_JOB]);
      const end = k + INCIDENT_STRIDE + links;
      let written = true;
      for (let c = 0; c < INCIDENT_STRIDE - 1; c++) row[c] = incidents[k + c];
      row[FIRST_BUILD] = realId(/** @type {number} */ (row[FIRST_BUILD]));
      row[LAST_BUILD] = realId(/** @type {number} */ (row[LAST_BUILD]));
      row[LAST_SEEN_BUILD] = realId(/** @type {number} */ (row[LAST_SEEN_BUILD]));
      row[PEAK_BUILD] = realId(/** @type {number} */ (row[PEAK_BUILD]));
      for (let b = k + INCIDENT_STRIDE; b < end; b++) if (realId(/** @type {number} */ (incidents[b])) < 0) written = false;
      if (!written || row[FIRST_BUILD] < 0 || row[LAST_BUILD] < 0 || row[LAST_SEEN_BUILD] < 0 || row[PEAK_BUILD] < 0 || liveFailed.has(job)) {
        liveFailed.add(job);
      } else {
        const id = Number(insert.run(row).lastInsertRowid);
        let ids = liveIncidents.get(job);
        if (!ids) liveIncidents.set(job, (ids = []));
        ids.push(id);
        for (let b = k + INCIDENT_STRIDE; b < end; b++) link.run(id, realId(/** @type {number} */ (incidents[b])));
      }
      k = end;
    }
  }

  /** @param {{ fileName: string; builds: unknown[]; tops: unknown[]; samples: unknown[]; texts?: unknown[] }} batch */
  function insertBuilds(batch) {
    if (failed) throw failed;
    const started = performance.now();
    let rows = 0;
    try {
      const { builds, tops, samples, fileName } = batch;
      // A sample's decoded texts, when its `decoded` value is their count: `texts` holds them, in order.
      const texts = batch.texts ?? [];
      let x = 0;
      const insertBuild = prepared(INSERT_BUILD);
      const insertTop = prepared(INSERT_TOP);
      const insertSample = prepared(INSERT_SAMPLE);
      const findBuild = prepared(FIND_BUILD);
      let id = Number(/** @type {{ next: number }} */ (prepared(NEXT_BUILD_ID).get()).next);
      const values = new Array(COLUMNS + 1);
      let t = 0;
      let s = 0;
      for (let b = 0; b < builds.length; b += BUILD_STRIDE) {
        const topEnd = t + /** @type {number} */ (builds[b + COLUMNS]) * TOP_STRIDE;
        const sampleEnd = s + /** @type {number} */ (builds[b + COLUMNS + 1]) * SAMPLE_STRIDE;
        const job = builds[b + JOB];
        const number = builds[b + NUMBER];
        const attempt = builds[b + ATTEMPT];
        if (job !== null && number !== null) {
          const existing = /** @type {{ id: number; logId: number } | undefined} */ (findBuild.get(job, number, attempt));
          if (existing) {
            conflicts.push({
              fileName,
              line: /** @type {number} */ (builds[b + COLUMNS + 2]),
              id: Number(existing.id),
              logId: Number(existing.logId),
              ownLogId: Number(builds[b + LOG_ID]),
              job: /** @type {string} */ (job),
              number: /** @type {number} */ (number),
              attempt: /** @type {number} */ (attempt),
            });
            t = topEnd;
            for (; s < sampleEnd; s += SAMPLE_STRIDE) if (typeof samples[s + 5] === "number") x += /** @type {number} */ (samples[s + 5]);
            realIds.push(-1);
            continue;
          }
        }
        values[0] = id;
        for (let c = 0; c < COLUMNS; c++) values[c + 1] = builds[b + c];
        insertBuild.run(values);
        rows += 1 + (topEnd - t) / TOP_STRIDE + (sampleEnd - s) / SAMPLE_STRIDE;
        for (; t < topEnd; t += TOP_STRIDE) insertTop.run(id, tops[t], tops[t + 1], tops[t + 2]);
        for (; s < sampleEnd; s += SAMPLE_STRIDE) {
          let decoded = samples[s + 5];
          if (typeof decoded === "number") {
            const n = decoded;
            decoded = n > 0 ? JSON.stringify(texts.slice(x, x + n)) : null;
            x += n;
          } else decoded = decodedJson(decoded);
          insertSample.run(id, samples[s], samples[s + 1], samples[s + 2], samples[s + 3], samples[s + 4], decoded);
        }
        realIds.push(id);
        id++;
      }
      if (batch.incidents) insertLiveIncidents(batch.incidents);
      return null;
    } catch (error) {
      failed = error;
      throw error;
    } finally {
      bulk.batches++;
      bulk.rows += rows;
      bulk.ms += performance.now() - started;
    }
  }

  function reset() {
    conflicts = [];
    failed = null;
    realIds = [];
    liveIncidents = new Map();
    liveFailed = new Set();
  }

  return {
    /**
     * Handles one message; returns its answer or throws.
     * @param {import("./sqlite-writer-core.mjs").WriterMessage} message
     */
    handle(message) {
      switch (message.op) {
        case "begin":
          reset();
          db.exec("BEGIN IMMEDIATE");
          return null;
        case "commit":
          if (failed) throw failed;
          db.exec("COMMIT");
          return null;
        case "rollback":
          reset();
          if (db.inTransaction) db.exec("ROLLBACK");
          return null;
        case "exec":
          db.exec(message.sql);
          return null;
        case "rollbackToSavepoint":
          // Conflicts found since the savepoint were against rows now gone (a failed batch is not
          // forgiven: the transaction stays good for a rollback only).
          conflicts = [];
          db.exec(`ROLLBACK TO ${message.name}`);
          db.exec(`RELEASE ${message.name}`);
          {
            // Live incidents written since are gone (their ids may be taken again): forgotten.
            const exists = db.prepare(`SELECT 1 FROM "Incident" WHERE "id" = ?`).pluck();
            for (const [job, ids] of liveIncidents) liveIncidents.set(job, ids.filter((id) => exists.get(id) !== undefined));
          }
          return null;
        case "get":
          return statement(message).get(...message.params) ?? null;
        case "all":
          return statement(message).all(...message.params);
        case "run": {
          const result = statement(message).run(...message.params);
          return { changes: result.changes, lastId: Number(result.lastInsertRowid) };
        }
        case "builds":
          return insertBuilds(message);
        case "takeConflicts":
          return conflicts.splice(0);
        case "liveIds": {
          // The ids of builds named by their place (see realIds); failed: a live incident of the job was not written.
          const failedJob = liveFailed.has(message.job);
          return { ids: message.refs.map(realId), failed: failedJob };
        }
        case "liveDone":
          // The job's live incidents are its incidents now (kept) or are undone: unlinked and deleted.
          if (message.undo) {
            const unlink = prepared(`UPDATE "Build" SET "incidentId" = NULL WHERE "incidentId" = ?`);
            const remove = prepared(`DELETE FROM "Incident" WHERE "id" = ?`);
            for (const id of liveIncidents.get(message.job) ?? []) {
              unlink.run(id);
              remove.run(id);
            }
          }
          liveIncidents.delete(message.job);
          liveFailed.delete(message.job);
          return null;
        case "bulkStats": {
          const taken = bulk;
          bulk = { batches: 0, rows: 0, ms: 0 };
          return taken;
        }
        case "checkpoint": {
          if (db.inTransaction) return null;
          const done = /** @type {{ busy: number; log: number; checkpointed: number }[]} */ (db.pragma("wal_checkpoint(PASSIVE)"));
          truncateLargeWal(db, done[0]);
          return done;
        }
        default:
          throw new Error(`sqlite writer: unknown message ${JSON.stringify(/** @type {{ op?: unknown }} */ (message).op)}`);
      }
    },
  };
}
