// ## SQLite store: prepared statements on one connection
//
// Bulk writes go through one dedicated better-sqlite3 connection, not
// Prisma: Prisma's createMany was two orders of magnitude slower for the row
// counts a large log produces (toolchain notes; `npm run bench:ingest`).
// Transactions of this process take turns (SQLite has one writer); other
// processes wait on the busy timeout, and BEGIN IMMEDIATE takes the write
// lock up front so a transaction never fails half-way on it.
import type Database from "better-sqlite3";
import { AppError } from "@/lib/errors";
import { buildPermalink } from "../permalink";
import { applyMigrations, readMigrations } from "../migrate";
import { openDatabase } from "../open";
import { rebuildIncidentsWith, type SqlRunner } from "./incidents";
import type { BuildRow, IngestSession, SampleRow, Store, StoredBuild, TopRow } from "./types";

/** SQLite DATETIME text in the format Prisma's adapter writes and compares. */
export function toSqliteDate(date: Date | string | null | undefined): string | null {
  if (date === null || date === undefined) return null;
  const value = typeof date === "string" ? new Date(date) : date;
  if (Number.isNaN(value.getTime())) return null;
  return value.toISOString().replace("Z", "+00:00");
}

export function createSqliteStore(file: string): Store {
  let db: Database.Database | null = null;
  let queue: Promise<unknown> = Promise.resolve();
  const connection = () => (db ??= openDatabase(file));

  const statements = () => {
    const c = connection();
    return {
      insertLog: c.prepare(`INSERT INTO "Log" (sha256, fileName, size, uploadedAt, buildCount) VALUES (?, ?, 0, ?, 0)`),
      finishLog: c.prepare(`UPDATE "Log" SET sha256 = ?, size = ?, buildCount = ? WHERE id = ?`),
      findLog: c.prepare<[string], { id: number }>(`SELECT id FROM "Log" WHERE sha256 = ?`),
      findBuild: c.prepare<[string, number], { id: number }>(`SELECT id FROM "Build" WHERE job = ? AND number = ?`),
      insertBuild: c.prepare(
        `INSERT INTO "Build" (logId, seq, sourceKind, node, killedCount, job, number, startedAt, url, worstQueueLen,
           inspectedPid, inspectedQueueLen, inspectedDead, incident, culpritClass, culpritSubject, culpritRule,
           culpritEvidence, culpritService, roomId, createdAt)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      ),
      insertTop: c.prepare(`INSERT INTO "TopEntry" (buildId, rank, pid, queueLen) VALUES (?, ?, ?, ?)`),
      insertSample: c.prepare(
        `INSERT INTO "Sample" (buildId, "index", kind, summary, destination, raw, decoded) VALUES (?, ?, ?, ?, ?, ?, ?)`,
      ),
      upsertRoom: c.prepare(
        `INSERT INTO "Room" (jid, name, host) VALUES (?, ?, ?) ON CONFLICT (jid) DO UPDATE SET jid = excluded.jid RETURNING id`,
      ),
    };
  };

  const runner = (c: Database.Database): SqlRunner => ({
    all: async <T>(sql: string, params: unknown[]) => c.prepare(sql).all(...params) as T[],
    run: async (sql: string, params: unknown[]) => {
      if (/\bRETURNING\b/i.test(sql)) {
        const row = c.prepare(sql).get(...params) as { id: number } | undefined;
        return { lastId: row ? Number(row.id) : undefined };
      }
      const result = c.prepare(sql).run(...params);
      return { lastId: Number(result.lastInsertRowid) };
    },
    date: (value) => toSqliteDate(value),
  });

  function session(c: Database.Database): IngestSession {
    const s = statements();
    const conflicts: AppError[] = [];
    return {
      insertLog: async ({ placeholderSha, fileName, uploadedAt }) =>
        Number(s.insertLog.run(placeholderSha, fileName, toSqliteDate(uploadedAt)).lastInsertRowid),
      finishLog: async ({ id, sha256, size, buildCount }) => {
        s.finishLog.run(sha256, size, buildCount, id);
        return "stored";
      },
      findLogBySha: async (sha) => s.findLog.get(sha)?.id ?? null,
      upsertRoom: async (room) => Number((s.upsertRoom.get(room.jid, room.name, room.host) as { id: number | bigint }).id),
      insertBuild: async (build: BuildRow, top: TopRow[], samples: SampleRow[], label) => {
        if (build.job !== null && build.number !== null) {
          const existing = s.findBuild.get(build.job, build.number);
          if (existing) {
            conflicts.push(conflictError({ ...label, id: existing.id, job: build.job, number: build.number }));
            return;
          }
        }
        const id = Number(
          s.insertBuild.run(
            build.logId,
            build.seq,
            build.sourceKind,
            build.node,
            build.killedCount,
            build.job,
            build.number,
            toSqliteDate(build.startedAt),
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
            toSqliteDate(build.createdAt),
          ).lastInsertRowid,
        );
        for (const entry of top) s.insertTop.run(id, entry.rank, entry.pid, entry.queueLen);
        for (const sample of samples) {
          s.insertSample.run(id, sample.index, sample.kind, sample.summary, sample.destination, sample.raw, sample.decoded);
        }
      },
      takeConflicts: async () => conflicts.splice(0),
      savepoint: async () => void c.exec("SAVEPOINT upload_file"),
      rollbackToSavepoint: async () => {
        conflicts.length = 0;
        c.exec("ROLLBACK TO upload_file");
        c.exec("RELEASE upload_file");
      },
      releaseSavepoint: async () => void c.exec("RELEASE upload_file"),
      rebuildIncidents: (job, threshold) => rebuildIncidentsWith(runner(c), job, threshold),
    };
  }

  return {
    kind: "sqlite",
    transaction<T>(work: (session: IngestSession) => Promise<T>): Promise<T> {
      const run = async () => {
        const c = connection();
        c.exec("BEGIN IMMEDIATE");
        try {
          const result = await work(session(c));
          c.exec("COMMIT");
          return result;
        } catch (error) {
          if (c.inTransaction) c.exec("ROLLBACK");
          throw error;
        }
      };
      const next = queue.then(run, run);
      queue = next.catch(() => undefined);
      return next;
    },
    async buildsOfLog(logId: number): Promise<StoredBuild[]> {
      const rows = connection()
        .prepare(`SELECT id, job, number, incident, culpritClass, culpritSubject FROM "Build" WHERE logId = ? ORDER BY seq`)
        .all(logId) as (Omit<StoredBuild, "incident"> & { incident: number })[];
      return rows.map((row) => ({ ...row, incident: row.incident === 1 }));
    },
    async migrate() {
      return applyMigrations(connection(), readMigrations());
    },
    async close() {
      db?.close();
      db = null;
    },
  };
}

export function conflictError(args: { fileName: string; line: number; id: number; job: string; number: number }): AppError {
  return new AppError(
    "conflict",
    `${args.fileName}: build ${args.job} #${args.number} is already stored from another log; upload that build's log once, or give a different number`,
    { file: args.fileName, line: args.line, permalink: buildPermalink({ id: args.id, job: args.job, number: args.number }) },
  );
}
