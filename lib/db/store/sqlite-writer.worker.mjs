// ## The SQLite writer thread
//
// Started by lib/db/store/sqlite.ts with node:worker_threads, from this file
// on disk (plain JavaScript, no path aliases: no bundler or loader involved,
// so it runs the same under `next start`, `next dev`, Vitest and tsx). It
// owns one better-sqlite3 connection to the database file and answers the
// messages of sqlite-writer-core.mjs, one at a time, in order: an ingest's
// inserts run here while its scanner goes on in the main thread.
//
// The connection is set up like every other (lib/db/migrate.ts
// configureConnection: WAL, busy timeout, foreign keys, WAL size limit) except that it does
// not checkpoint inside COMMIT: it checkpoints (PASSIVE, as the automatic
// one) right after, when no transaction is open, so the upload's answer does
// not wait for the copy of its pages into the database file. A commit is
// durable either way (its WAL frames are synced before COMMIT returns).
import fs from "node:fs";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { parentPort, workerData } from "node:worker_threads";
import Database from "better-sqlite3";
import { createWriter, WAL_SIZE_LIMIT_BYTES } from "./sqlite-writer-core.mjs";

const port = /** @type {import("node:worker_threads").MessagePort} */ (parentPort);

/** @param {unknown} error */
function describe(error) {
  const e = /** @type {{ name?: unknown; message?: unknown; code?: unknown }} */ (error ?? {});
  return {
    name: typeof e.name === "string" ? e.name : "Error",
    message: typeof e.message === "string" ? e.message : String(error),
    code: typeof e.code === "string" ? e.code : undefined,
  };
}

/** @type {import("better-sqlite3").Database} */
let db;
try {
  const file = /** @type {{ file: string }} */ (workerData).file;
  fs.mkdirSync(path.dirname(file), { recursive: true });
  db = new Database(file);
  db.pragma("journal_mode = WAL");
  db.pragma("busy_timeout = 10000");
  db.pragma("foreign_keys = ON");
  db.pragma(`journal_size_limit = ${/** @type {{ walSizeLimit?: number }} */ (workerData).walSizeLimit ?? WAL_SIZE_LIMIT_BYTES}`);
  db.pragma("wal_autocheckpoint = 0");
} catch (error) {
  port.postMessage({ ready: false, error: describe(error) });
  port.close();
  throw error;
}

const writer = createWriter(db);
/** The event loop's utilization when the bulk figures were last taken (op "bulkStats"). */
let utilization = performance.eventLoopUtilization();
/** @type {ReturnType<typeof setTimeout> | null} */
let checkpoint = null;

function checkpointWhenIdle() {
  checkpoint = null;
  try {
    writer.handle({ op: "checkpoint" });
  } catch {
    // Busy or failing: the next commit schedules another; readers are not affected.
  }
}

port.on("message", (/** @type {{ id: number } & import("./sqlite-writer-core.mjs").WriterMessage | { id: number; op: "close" }} */ message) => {
  if (message.op === "close") {
    if (checkpoint) {
      clearTimeout(checkpoint);
      checkpointWhenIdle();
    }
    try {
      // The last connection to close checkpoints the WAL itself.
      db.close();
    } finally {
      port.close();
    }
    return;
  }
  try {
    let value = writer.handle(message);
    if (message.op === "bulkStats") {
      const now = performance.eventLoopUtilization();
      value = { ...value, activeMs: performance.eventLoopUtilization(now, utilization).active };
      utilization = now;
    }
    port.postMessage({ id: message.id, value });
    if (message.op === "commit" && !checkpoint) checkpoint = setTimeout(checkpointWhenIdle, 0);
  } catch (error) {
    port.postMessage({ id: message.id, error: describe(error) });
  }
});

port.postMessage({ ready: true });
