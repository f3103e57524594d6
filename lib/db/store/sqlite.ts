// ## SQLite store: an ingest's writes on a writer thread
//
// Bulk writes go through a dedicated better-sqlite3 connection, not Prisma:
// Prisma's createMany was two orders of magnitude slower for the row counts a
// large log produces (toolchain notes; `npm run bench:ingest`). That
// connection lives in a writer thread (sqlite-writer.ts), so an upload's
// inserts run while its scanner goes on; where the thread cannot start, the
// same writes run in this thread on the store's connection. Transactions of
// this process take turns (SQLite has one writer); other processes wait on
// the busy timeout, and BEGIN IMMEDIATE takes the write lock up front so a
// transaction never fails half-way on it.
import type Database from "better-sqlite3";
import { AppError, type UploadRefusal } from "@/lib/errors";
import { buildLabel, buildPermalink, rerunAdvice } from "../permalink";
import { applyMigrations, readMigrations } from "../migrate";
import { openDatabase } from "../open";
import {
  type BatchOptions,
  DEFAULT_BATCH,
  type QueueFigures,
  defaultWorkerFile,
  startWorkerChannel,
  threadChannel,
  type WriterChannel,
  writerSession,
} from "./sqlite-writer";
import type { BulkFigures } from "./sqlite-writer-core.mjs";
import type { IngestSession, Store, StoredBuild } from "./types";

/** SQLite DATETIME text in the format Prisma's adapter writes and compares. */
export function toSqliteDate(date: Date | string | null | undefined): string | null {
  if (date === null || date === undefined) return null;
  const value = typeof date === "string" ? new Date(date) : date;
  if (Number.isNaN(value.getTime())) return null;
  return value.toISOString().replace("Z", "+00:00");
}

export type SqliteStoreOptions = {
  /** "worker" (the default): a writer thread, falling back to this thread if it cannot start. */
  writer?: "worker" | "thread";
  /** The writer thread's file (tests point it elsewhere). */
  workerFile?: string;
  batch?: Partial<BatchOptions>;
  /** Told once when the writer thread cannot start and this thread writes instead. */
  onFallback?: (error: unknown) => void;
  /** The connections' journal_size_limit (lib/db/migrate.ts WAL_SIZE_LIMIT_BYTES; tests use a small one). */
  walSizeLimit?: number;
};

/**
 * The bulk path of the transactions since the figures were last taken (`npm run bench:ingest` sets
 * it beside a raw prepared-statement insert of the same rows): rows inserted, batches, and the
 * milliseconds it took. `queueMs`: this thread's, queuing builds into batches and sending them;
 * `writerMs`: the writer's, handling the batches; `writerActiveMs`: the writer thread's event loop
 * busy over the same span (every message, structured clones included), null when this thread wrote.
 */
export type BulkPathFigures = { rows: number; batches: number; queueMs: number; writerMs: number; writerActiveMs: number | null };

export type SqliteStore = Store & {
  /** Where the last transaction was written ("worker" or "thread"); null before the first. */
  writerKind(): "worker" | "thread" | null;
  /** The bulk path's figures since they were last taken; taking them starts the next span. */
  bulkFigures(): Promise<BulkPathFigures>;
};

export function createSqliteStore(file: string, options: SqliteStoreOptions = {}): SqliteStore {
  let db: Database.Database | null = null;
  let queue: Promise<unknown> = Promise.resolve();
  /** When each transaction asked for and not started yet (waiting for the one writing) was asked for, oldest first. */
  const waiting: number[] = [];
  let channel: Promise<WriterChannel> | null = null;
  let lastKind: "worker" | "thread" | null = null;
  /** Set once the writer thread failed to start: this store writes in this thread from then on. */
  let threadOnly = options.writer === "thread" || file === ":memory:";
  const batch = { ...DEFAULT_BATCH, ...options.batch };
  let queued: QueueFigures = { ms: 0 };
  const connection = () => (db ??= openDatabase(file, options.walSizeLimit));

  const writer = async (): Promise<WriterChannel> => {
    for (;;) {
      const pending = channel;
      const current = pending && (await pending);
      if (current?.usable) return current;
      // Replaced while this waited (by another caller): take that one.
      if (channel === pending) break;
    }
    channel = threadOnly
      ? Promise.resolve(threadChannel(connection()))
      : startWorkerChannel(file, options.workerFile ?? defaultWorkerFile(), undefined, options.walSizeLimit).catch((error: unknown) => {
          threadOnly = true;
          (options.onFallback ?? ((e) => console.warn(`SQLite writer thread unavailable, writing in the main thread: ${String(e)}`)))(
            error,
          );
          return threadChannel(connection());
        });
    return channel;
  };

  const dropWriter = async () => {
    const current = channel;
    channel = null;
    await (await current?.catch(() => null))?.close();
  };

  /**
   * Runs `work` in the writer's turn: after every transaction (and taking of figures) asked for
   * before it, whatever became of them; `starting` is told as the turn comes. The writer thread is
   * held meanwhile: an idle one does not keep the process alive, and `work` waits on its answers.
   */
  const inTurn = <T>(work: (writing: WriterChannel) => Promise<T>, starting?: () => void): Promise<T> => {
    const run = async () => {
      starting?.();
      const writing = await writer();
      writing.hold(true);
      try {
        return await work(writing);
      } finally {
        writing.hold(false);
      }
    };
    const next = queue.then(run, run);
    queue = next.catch(() => undefined);
    return next;
  };

  return {
    kind: "sqlite",
    writerKind: () => lastKind,
    bulkFigures() {
      // Taken in the writer's turn, so that no transaction is half-way through.
      return inTurn(async (writing) => {
        const figures = (await writing.call({ op: "bulkStats" })) as BulkFigures;
        const queueMs = queued.ms;
        queued = { ms: 0 };
        return { rows: figures.rows, batches: figures.batches, queueMs, writerMs: figures.ms, writerActiveMs: figures.activeMs ?? null };
      });
    },
    warm() {
      void writer().catch(() => undefined);
    },
    contendedSince: () => waiting[0] ?? null,
    transaction<T>(work: (session: IngestSession) => Promise<T>): Promise<T> {
      waiting.push(performance.now());
      // Transactions start in the order they were asked for: at its turn, this one is the oldest waiting.
      return inTurn(async (writing) => {
        lastKind = writing.kind;
        await writing.call({ op: "begin" });
        const session = writerSession(writing, conflictError, toSqliteDate, batch, queued);
        try {
          const result = await work(session);
          await session.finish();
          await writing.call({ op: "commit" });
          return result;
        } catch (error) {
          await session.settle();
          try {
            await writing.call({ op: "rollback" });
          } catch {
            // The writer is unusable (its thread is gone, or its connection failed): drop it; a
            // connection that closes with a transaction open rolls it back.
            await dropWriter().catch(() => undefined);
          }
          throw error;
        }
      }, () => waiting.shift());
    },
    async buildsOfLog(logId: number): Promise<StoredBuild[]> {
      const rows = connection()
        .prepare(
          `SELECT id, job, number, attempt, startedAt, url, sourceKind, node, incident, culpritClass, culpritSubject FROM "Build" WHERE logId = ? ORDER BY seq`,
        )
        .all(logId) as (Omit<StoredBuild, "incident"> & { incident: number })[];
      // Dates are text here, as they were written: the answer gives ISO 8601 like every other.
      return rows.map((row) => ({ ...row, startedAt: row.startedAt === null ? null : new Date(row.startedAt).toISOString(), incident: row.incident === 1 }));
    },
    async migrate() {
      return applyMigrations(connection(), readMigrations());
    },
    async close() {
      await queue;
      await dropWriter();
      db?.close();
      db = null;
    },
  };
}

/**
 * A build whose job and number are taken. Taken by an earlier upload: 409 with that build's permalink.
 * Taken within this upload (`thisUpload`: its logs so far, id → file name), by another of its files or
 * by another run of the same file: nothing of the upload is stored, so there is no build to link to.
 */
export function conflictError(
  args: { fileName: string; line: number; id: number; logId: number; ownLogId?: number; job: string; number: number; attempt: number },
  thisUpload: ReadonlyMap<number, string> = new Map(),
): AppError {
  const build = buildLabel(args);
  const other = thisUpload.get(args.logId);
  if (other !== undefined) {
    // The same log by id: two files of one upload may have one name (two CI nodes' console.log; a diff review).
    const sameLog = args.ownLogId !== undefined ? args.ownLogId === args.logId : other === args.fileName;
    const where =
      sameLog
        ? `${args.fileName}:${args.line}: ${build} appears twice in this log (a log names one build: give its runs their own numbers, or upload them as separate logs)`
        : `${args.fileName}:${args.line}: ${build} is also in ${other}, another file of this upload; upload one log per build`;
    // `otherFile` as the 409 of two copies of one file has it (a CI review: a script had to read it from the words).
    return new AppError(
      "conflict",
      where,
      sameLog
        ? { file: args.fileName, line: args.line, reason: "twice_in_log" satisfies UploadRefusal }
        : { file: args.fileName, line: args.line, otherFile: other, reason: "in_two_files" satisfies UploadRefusal },
    );
  }
  // The stored log's id: a CI job that pushed its console while it was still being written (a retry
  // after a timeout, a push before the build ended) sends the whole console again, which differs;
  // deleting the partial log first is how that one replaces it.
  return new AppError(
    "conflict",
    `${args.fileName}: ${build} is already stored from another log (log ${args.logId}); upload that build's log once, or give a different number. ` +
      rerunAdvice(args.attempt) +
      `If this is the same build's console, grown or complete since, delete the stored one first (DELETE /api/logs/${args.logId}) and upload it again`,
    {
      file: args.fileName,
      line: args.line,
      permalink: buildPermalink({ id: args.id, job: args.job, number: args.number, attempt: args.attempt }),
      logId: args.logId,
      job: args.job,
      number: args.number,
      attempt: args.attempt,
      reason: "stored" satisfies UploadRefusal,
    },
  );
}
