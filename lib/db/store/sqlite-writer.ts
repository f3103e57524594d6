// ## Where an SQLite ingest transaction is written, and how rows get there
//
// The writes of an ingest (sqlite-writer-core.mjs) run on a writer thread
// with its own connection (sqlite-writer.worker.mjs), so that the database
// work of one batch overlaps the scanning of the next in the main thread; or,
// when the thread cannot be started (or for an in-memory database), right
// here on the store's connection. Either way it is one channel of ordered
// messages, and the session below is the same:
//
// - builds are queued and sent in batches (flat arrays, one structured clone
//   per batch); their answers are not awaited one by one, but at most
//   `maxInFlight` batches are on their way: past that, insertBuild waits for
//   the oldest, so a writer slower than the scanner holds the scanner back
//   instead of letting batches pile up in memory;
// - everything else (logs, rooms, savepoints, conflicts, incidents) is a
//   request whose answer is awaited, after the batches sent before it; a
//   batch that failed fails the next request (and COMMIT, which the writer
//   refuses after a failed batch): the transaction is then rolled back whole.
import fs from "node:fs";
import path from "node:path";
import { Worker } from "node:worker_threads";
import type Database from "better-sqlite3";
import type { AppError } from "@/lib/errors";
import { deleteLogWith } from "./delete-log";
import { recordSnapshotCopyWith } from "./snapshot-copies";
import { updateVerdictsWith } from "./verdicts";
import { adoptGrownLogWith, buildFingerprintWith, findGrownCandidatesWith, findLogsBeginningWithWith, grownMismatchesWith } from "./grown-log";
import { rebuildIncidentsWith, regroupOrder, type SqlRunner } from "./incidents";
import { type LiveIncidents, liveIncidents } from "./live-incidents";
import { type ConflictFound, createWriter, type WriterMessage } from "./sqlite-writer-core.mjs";
import type { BuildRow, IngestSession, SampleRow, TopRow } from "./types";

export type WriterChannel = {
  readonly kind: "worker" | "thread";
  /** false once the channel cannot be used any more (its thread is gone). */
  readonly usable: boolean;
  /** Sends a message; resolves with its answer, in the order sent. */
  call(message: WriterMessage): Promise<unknown>;
  /** While held, the writer thread keeps the process alive (a transaction is waiting on it). */
  hold(held: boolean): void;
  close(): Promise<void>;
};

export type BatchOptions = {
  /** Builds per batch (a batch is sent at whichever of the two limits comes first). */
  batchBuilds: number;
  /** Approximate characters of text (samples, evidence) per batch. */
  batchChars: number;
  /** Batches sent and not yet written, at most; insertBuild waits past that. */
  maxInFlight: number;
};

export const DEFAULT_BATCH: BatchOptions = { batchBuilds: 64, batchChars: 512 * 1024, maxInFlight: 3 };

/**
 * The writer thread's file: plain JavaScript next to this one in the sources, found from the
 * working directory (the project root under `next start`, `next dev`, Vitest and the scripts).
 * The bundler is told to keep its hands off: the file is loaded by Node at run time, not bundled.
 */
export function defaultWorkerFile(): string {
  return path.join(/* turbopackIgnore: true */ process.cwd(), "lib", "db", "store", "sqlite-writer.worker.mjs");
}

type Reply = { id: number; value?: unknown; error?: { name: string; message: string; code?: string } };

function replyError(error: NonNullable<Reply["error"]>): Error {
  const made = new Error(error.message) as Error & { code?: string };
  made.name = error.name;
  if (error.code) made.code = error.code;
  return made;
}

/** The writes in this thread, on `db` (the fallback, and for `:memory:`). */
export function threadChannel(db: Database.Database): WriterChannel {
  const writer = createWriter(db);
  return {
    kind: "thread",
    usable: true,
    call: async (message) => writer.handle(message),
    hold: () => undefined,
    close: async () => undefined,
  };
}

/** Starts a writer thread on the database `file`; resolves once its connection is open, rejects if it cannot start. */
export function startWorkerChannel(file: string, workerFile = defaultWorkerFile(), startTimeoutMs = 15_000, walSizeLimit?: number): Promise<WriterChannel> {
  return new Promise((resolve, reject) => {
    if (!fs.existsSync(/* turbopackIgnore: true */ workerFile)) {
      reject(new Error(`sqlite writer: no worker file at ${workerFile}`));
      return;
    }
    let worker: Worker;
    try {
      // No execArgv: the parent's loaders (tsx, Vitest) are not needed by a plain .mjs file. A small young
      // generation: what the thread allocates (each batch, once) is garbage as soon as it is written, and
      // the default one would only hold more of it (measured: ~8 MB less peak RSS for a 100 MB log).
      // Constructed through Reflect so that no bundler takes `new Worker(…)` for an entry point to bundle.
      worker = Reflect.construct(Worker, [
        workerFile,
        { workerData: { file, walSizeLimit }, execArgv: [], resourceLimits: { maxYoungGenerationSizeMb: 4 } },
      ]) as Worker;
    } catch (error) {
      reject(error);
      return;
    }
    const pending = new Map<number, { resolve(value: unknown): void; reject(error: unknown): void }>();
    let nextId = 1;
    let ready = false;
    let gone: Error | null = null;
    let holds = 0;
    const exited = new Promise<void>((done) => worker.once("exit", () => done()));

    const fail = (error: Error) => {
      gone ??= error;
      for (const waiter of pending.values()) waiter.reject(gone);
      pending.clear();
      if (!ready) reject(gone);
    };
    const timer = setTimeout(() => {
      fail(new Error(`sqlite writer: the worker did not start within ${startTimeoutMs} ms`));
      void worker.terminate();
    }, startTimeoutMs);
    timer.unref();

    const channel: WriterChannel = {
      kind: "worker",
      get usable() {
        return gone === null;
      },
      call(message) {
        if (gone) return Promise.reject(gone);
        const id = nextId++;
        return new Promise((resolveCall, rejectCall) => {
          pending.set(id, { resolve: resolveCall, reject: rejectCall });
          worker.postMessage({ ...message, id });
        });
      },
      // An idle writer thread does not keep the process alive; one that is starting or in a transaction does.
      hold(held) {
        holds += held ? 1 : -1;
        if (holds > 0) worker.ref();
        else worker.unref();
      },
      async close() {
        if (!gone) {
          worker.ref();
          // Its last checkpoint, then its connection closes and the thread ends.
          worker.postMessage({ op: "close", id: 0 });
          const timeout = new Promise<"timeout">((done) => setTimeout(() => done("timeout"), 5_000).unref());
          await Promise.race([exited, timeout]);
        }
        fail(new Error("sqlite writer: closed"));
        await worker.terminate();
        await exited;
      },
    };

    worker.on("message", (message: Reply | { ready: boolean; error?: Reply["error"] }) => {
      if ("ready" in message) {
        clearTimeout(timer);
        if (message.ready) {
          ready = true;
          if (holds === 0) worker.unref();
          resolve(channel);
        } else {
          fail(replyError(message.error ?? { name: "Error", message: "sqlite writer: the worker could not open the database" }));
        }
        return;
      }
      const waiter = pending.get(message.id);
      if (!waiter) return;
      pending.delete(message.id);
      if (message.error) waiter.reject(replyError(message.error));
      else waiter.resolve(message.value);
    });
    worker.on("error", (error) => fail(error instanceof Error ? error : new Error(String(error))));
    worker.on("messageerror", (error) => fail(error));
    worker.on("exit", (code) => {
      clearTimeout(timer);
      fail(new Error(`sqlite writer: the worker exited (code ${code})`));
    });
  });
}

export type WriterSession = IngestSession & {
  /** Sends what is queued and waits for every batch; throws the error of one that failed. */
  finish(): Promise<void>;
  /** Waits for the batches on their way, ignoring their errors (before a rollback). */
  settle(): Promise<void>;
};

const SAVEPOINT = "upload_file";

/** Characters of a sample's decoded texts (or of their JSON), for the batch's size. */
function decodedChars(decoded: SampleRow["decoded"]): number {
  if (decoded === null) return 0;
  if (typeof decoded === "string") return decoded.length;
  let n = 0;
  for (const text of decoded) n += text.length;
  return n;
}

/**
 * This thread's share of the bulk path: milliseconds spent putting builds into batches and sending
 * them (structured clone included), the waits for the writer left out. Added to as builds are queued.
 */
export type QueueFigures = { ms: number };

export function writerSession(
  channel: WriterChannel,
  conflictError: (found: ConflictFound, thisUpload: ReadonlyMap<number, string>) => AppError,
  date: (value: Date | string | null) => string | null,
  options: BatchOptions = DEFAULT_BATCH,
  queued: QueueFigures = { ms: 0 },
): WriterSession {
  let builds: unknown[] = [];
  let tops: unknown[] = [];
  let samples: unknown[] = [];
  /** The samples' decoded texts, flat (a sample's `decoded` in `samples` is then their number). */
  let texts: unknown[] = [];
  let count = 0;
  let chars = 0;
  let fileName = "";
  /** Builds queued in this transaction (a build is named -1 - its place until it has an id: live-incidents.ts). */
  let place = 0;
  /** Incidents grouped as builds are queued (groupWhileStoring), and those closed, to be written with the next batch. */
  let live: LiveIncidents | null = null;
  let closed: unknown[] = [];
  /** The logs this transaction inserted, id → file name: a conflict with one of them is within the upload. */
  const uploadLogs = new Map<number, string>();
  const inFlight: Promise<void>[] = [];
  let failure: { error: unknown } | null = null;

  const check = () => {
    if (failure) throw failure.error;
  };
  const send = () => {
    if (count === 0) return;
    const posting = performance.now();
    const sent = channel.call({ op: "builds", fileName, builds, tops, samples, texts, ...(closed.length > 0 ? { incidents: closed } : {}) });
    // Written in this thread (the fallback), the call was the writer's work, which the writer counts: not queuing.
    if (channel.kind === "thread") queued.ms -= performance.now() - posting;
    builds = [];
    tops = [];
    samples = [];
    texts = [];
    if (closed.length > 0) closed = [];
    count = 0;
    chars = 0;
    const tracked: Promise<void> = sent
      .then(
        () => undefined,
        (error: unknown) => {
          failure ??= { error };
        },
      )
      .then(() => {
        inFlight.splice(inFlight.indexOf(tracked), 1);
      });
    inFlight.push(tracked);
  };
  /** A message whose answer is awaited, after whatever was queued before it. */
  const request = async <T>(message: WriterMessage): Promise<T> => {
    check();
    send();
    const value = await channel.call(message);
    await Promise.all(inFlight);
    check();
    return value as T;
  };
  const runner: SqlRunner = {
    all: <T>(sql: string, params: unknown[]) => request<T[]>({ op: "all", sql, params }),
    run: async (sql: string, params: unknown[]) => {
      if (/\bRETURNING\b/i.test(sql)) {
        const row = await request<{ id: number } | null>({ op: "get", sql, params });
        return { lastId: row ? Number(row.id) : undefined };
      }
      return { lastId: (await request<{ lastId: number }>({ op: "run", sql, params })).lastId };
    },
    date,
    bool: (value) => (value ? 1 : 0),
    dialect: "sqlite",
  };
  const liveWriter = {
    ids: (job: string | null, refs: number[]) => request<{ ids: number[]; failed: boolean }>({ op: "liveIds", job, refs }),
    done: async (job: string | null, undo: boolean) => void (await request({ op: "liveDone", job, undo })),
  };

  return {
    insertLog: async ({ placeholderSha, fileName: name, uploadedAt }) => {
      const id = (
        await request<{ lastId: number }>({
          op: "run",
          sql: `INSERT INTO "Log" (sha256, fileName, size, uploadedAt, buildCount) VALUES (?, ?, 0, ?, 0)`,
          params: [placeholderSha, name, date(uploadedAt)],
          cache: true,
        })
      ).lastId;
      uploadLogs.set(id, name);
      return id;
    },
    finishLog: async ({ id, sha256, size, buildCount }) => {
      await request({
        op: "run",
        sql: `UPDATE "Log" SET sha256 = ?, size = ?, buildCount = ? WHERE id = ?`,
        params: [sha256, size, buildCount, id],
        cache: true,
      });
      return "stored";
    },
    findLogBySha: async (sha) => {
      const row = await request<{ id: number } | null>({ op: "get", sql: `SELECT id FROM "Log" WHERE sha256 = ?`, params: [sha], cache: true });
      return row ? Number(row.id) : null;
    },
    findSnapshot: async ({ job, sourceKind, startedAt, node, pid, queueLen }) => {
      const row = await request<{ id: number } | null>({
        op: "get",
        sql: `SELECT id FROM "Build" WHERE "sourceKind" = ? AND "startedAt" = ? AND "inspectedPid" = ? AND "inspectedQueueLen" IS ? AND "node" IS ? AND "job" IS ? LIMIT 1`,
        params: [sourceKind, date(startedAt), pid, queueLen, node, job],
        cache: true,
      });
      return row ? Number(row.id) : null;
    },
    findLogOfBuild: async (job, number, attempt) => {
      const row = await request<{ logId: number; fileName: string; sha256: string; size: number; builds: number; attempt: number; seq: number } | null>({
        op: "get",
        sql: `SELECT l.id AS logId, l.fileName AS fileName, l.sha256 AS sha256, l.size AS size, (SELECT count(*) FROM "Build" o WHERE o.logId = l.id) AS builds, b.attempt AS attempt, b.seq AS seq
                FROM "Build" b JOIN "Log" l ON l.id = b.logId WHERE b.job = ? AND b.number = ? AND (? IS NULL OR b.attempt = ?) ORDER BY b.attempt DESC LIMIT 1`,
        params: [job, number, attempt, attempt],
        cache: true,
      });
      return row
        ? { logId: Number(row.logId), fileName: row.fileName, sha256: row.sha256, size: Number(row.size), builds: Number(row.builds), attempt: Number(row.attempt), seq: Number(row.seq) }
        : null;
    },
    upsertRoom: async (room) => {
      const row = await request<{ id: number }>({
        op: "get",
        sql: `INSERT INTO "Room" (jid, name, host) VALUES (?, ?, ?) ON CONFLICT (jid) DO UPDATE SET jid = excluded.jid RETURNING id`,
        params: [room.jid, room.name, room.host],
        cache: true,
      });
      live?.room(Number(row.id), room.jid);
      return Number(row.id);
    },
    groupWhileStoring: (threshold) => {
      live ??= liveIncidents(runner, threshold, date, liveWriter);
    },
    insertBuild: async (build: BuildRow, top: TopRow[], sampleRows: SampleRow[], label) => {
      check();
      // Grouped before it is queued: the job's first build reads its open incidents (a request, which sends the batch).
      const startedAt = date(build.startedAt);
      const adding = live?.add(build, top, -1 - place, startedAt, closed);
      if (adding) await adding;
      const queuing = performance.now();
      if (count > 0 && label.fileName !== fileName) send();
      fileName = label.fileName;
      const createdAt = date(build.createdAt);
      builds.push(
        build.logId,
        build.seq,
        build.sourceKind,
        build.node,
        build.killedCount,
        build.job,
        build.number,
        build.attempt,
        startedAt,
        build.url,
        build.worstQueueLen,
        build.inspectedPid,
        build.inspectedQueueLen,
        build.inspectedDead ? 1 : 0,
        build.incident ? 1 : 0,
        build.culpritClass,
        build.culpritSubject,
        build.culpritRule,
        build.culpritEvidence,
        build.culpritService ? 1 : 0,
        build.roomId,
        createdAt,
        // "at": what COALESCE("startedAt", "createdAt") gives for the two values stored.
        startedAt ?? createdAt,
        top.length,
        sampleRows.length,
        label.line,
      );
      for (const entry of top) tops.push(entry.rank, entry.pid, entry.queueLen);
      for (const sample of sampleRows) {
        // `decoded` as given (JSON or null), or the number of its texts, put in `texts`: the writer
        // makes their JSON (sqlite-writer-core.mjs). One flat array of them clones cheaper than an
        // array per sample.
        const decoded = sample.decoded;
        if (decoded === null || typeof decoded === "string") samples.push(sample.index, sample.kind, sample.summary, sample.destination, sample.raw, decoded);
        else {
          samples.push(sample.index, sample.kind, sample.summary, sample.destination, sample.raw, decoded.length);
          for (const text of decoded) texts.push(text);
        }
        chars += sample.raw.length + sample.summary.length + decodedChars(sample.decoded);
      }
      chars += build.culpritEvidence?.length ?? 0;
      count++;
      place++;
      const full = count >= options.batchBuilds || chars >= options.batchChars;
      if (full) send();
      queued.ms += performance.now() - queuing;
      if (full) {
        while (inFlight.length >= options.maxInFlight) await inFlight[0];
        check();
      }
    },
    takeConflicts: async () => (await request<ConflictFound[]>({ op: "takeConflicts" })).map((found) => conflictError(found, uploadLogs)),
    savepoint: async () => void (await request({ op: "exec", sql: `SAVEPOINT ${SAVEPOINT}` })),
    rollbackToSavepoint: async () => {
      await request({ op: "rollbackToSavepoint", name: SAVEPOINT });
      live?.rolledBack();
    },
    releaseSavepoint: async () => void (await request({ op: "exec", sql: `RELEASE ${SAVEPOINT}` })),
    rebuildIncidents: async (job, threshold, logIds) =>
      (await live?.finish(job, threshold, logIds)) ?? rebuildIncidentsWith(runner, job, threshold, logIds),
    // One writer: nothing else writes while this transaction does, so no job needs a lock.
    deleteLog: (logId) => deleteLogWith(runner, logId, regroupOrder),
    recordSnapshotCopy: (copy) => recordSnapshotCopyWith(runner, copy),
    updateVerdicts: (updates) => updateVerdictsWith(runner, updates),
    // One writer: nothing else writes while this transaction does, so no snapshot needs a lock.
    lockSnapshots: async () => {},
    findGrownCandidates: (name, exclude) => findGrownCandidatesWith(runner, name, exclude),
    findLogsBeginningWith: (build, exclude) => findLogsBeginningWithWith(runner, build, exclude),
    buildFingerprint: (logId, seq, samples, withInspected) => buildFingerprintWith(runner, logId, seq, samples, withInspected),
    grownMismatches: (from, to, keepBelowSeq) => grownMismatchesWith(runner, from, to, keepBelowSeq),
    adoptGrownLog: (args, then) => adoptGrownLogWith(runner, args, regroupOrder, undefined, then),
    finish: async () => {
      const queuing = performance.now();
      send();
      queued.ms += performance.now() - queuing;
      await Promise.all(inFlight);
      check();
    },
    settle: async () => {
      await Promise.all(inFlight);
    },
  };
}
