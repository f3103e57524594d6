// ## Ingest: uploaded logs → rows, in one transaction
//
// Each file streams through a sha256 hash and the monitor-log scanner; each
// run found is classified and written with prepared statements as it arrives,
// so memory holds one run, not the file. The whole upload (every file in it)
// is one transaction: any error rolls all of it back. A file whose content was
// stored before is rolled back to its savepoint and answered with the builds
// that exist (idempotent by sha256 of the inflated content). Incidents of the
// jobs touched are regrouped before the commit.
import "server-only";
import { createHash, randomUUID } from "node:crypto";
import type Database from "better-sqlite3";
import { classifyRun, type Classification } from "@/lib/classify";
import { AppError } from "@/lib/errors";
import { type BuildFacts, groupIncidents } from "@/lib/incidents/group";
import { MonitorLogError } from "@/lib/monitor-log/errors";
import { streamRuns } from "@/lib/monitor-log/scan";
import type { MonitorRun } from "@/lib/monitor-log/types";
import type { UploadFile } from "@/lib/upload/read-request";
import type { UploadMeta } from "@/lib/validation/upload";
import { buildPermalink } from "./permalink";
import { getWriteDb, toDbDate, withWriteLock } from "./writer";

export type IngestedBuild = {
  id: number;
  job: string | null;
  number: number | null;
  permalink: string;
  incident: boolean;
  culprit: { class: string; subject: string | null } | null;
};

export type IngestedLog = {
  fileName: string;
  sha256: string;
  size: number;
  /** true when this content had been uploaded before: nothing new was stored. */
  duplicate: boolean;
  logId: number;
  builds: IngestedBuild[];
};

export type IngestOptions = {
  files: AsyncIterable<UploadFile>;
  /** Query-string metadata, known before the body is read. */
  meta: UploadMeta;
  /** Form fields (multipart): those sent before a file part override that file's runs too. */
  fieldsSoFar?: () => UploadMeta;
  threshold: number;
  /** Called as bytes are read, for progress reporting. */
  onProgress?: (progress: { fileName: string; bytes: number; builds: number }) => void;
};

type Statements = ReturnType<typeof prepare>;

function prepare(db: Database.Database) {
  return {
    insertLog: db.prepare(
      `INSERT INTO "Log" (sha256, fileName, size, uploadedAt, buildCount) VALUES (?, ?, 0, ?, 0)`,
    ),
    finishLog: db.prepare(`UPDATE "Log" SET sha256 = ?, size = ?, buildCount = ? WHERE id = ?`),
    findLog: db.prepare<[string], { id: number }>(`SELECT id FROM "Log" WHERE sha256 = ?`),
    insertBuild: db.prepare(
      `INSERT INTO "Build" (logId, seq, sourceKind, job, number, startedAt, url, worstQueueLen, inspectedPid,
         inspectedQueueLen, inspectedDead, incident, culpritClass, culpritSubject, culpritRule, culpritEvidence,
         roomId, createdAt)
       VALUES (?, ?, 'monitor', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ),
    findBuild: db.prepare<[string, number], { id: number; logId: number }>(
      `SELECT id, logId FROM "Build" WHERE job = ? AND number = ?`,
    ),
    insertTop: db.prepare(`INSERT INTO "TopEntry" (buildId, rank, pid, queueLen) VALUES (?, ?, ?, ?)`),
    insertSample: db.prepare(
      `INSERT INTO "Sample" (buildId, "index", kind, summary, destination, raw, decoded) VALUES (?, ?, ?, ?, ?, ?, ?)`,
    ),
    upsertRoom: db.prepare(
      `INSERT INTO "Room" (jid, name, host) VALUES (?, ?, ?) ON CONFLICT (jid) DO UPDATE SET jid = excluded.jid RETURNING id`,
    ),
    buildsOfLog: db.prepare<
      [number],
      { id: number; job: string | null; number: number | null; incident: number; culpritClass: string | null; culpritSubject: string | null }
    >(`SELECT id, job, number, incident, culpritClass, culpritSubject FROM "Build" WHERE logId = ? ORDER BY seq`),
  };
}

/** A CI URL is kept only when it is http or https: it becomes a link on the pages. */
function httpUrl(url: string | null): string | null {
  if (!url) return null;
  try {
    const parsed = new URL(url);
    return parsed.protocol === "http:" || parsed.protocol === "https:" ? url : null;
  } catch {
    return null;
  }
}

/** Applies the upload's metadata to a run: explicit values win over what the log says. */
function withMeta(run: MonitorRun, meta: UploadMeta): MonitorRun {
  return {
    ...run,
    job: meta.job ?? run.job,
    number: meta.number ?? run.number,
    startedAt: meta.startedAt ?? run.startedAt,
    url: httpUrl(meta.url ?? run.url),
  };
}

function insertRun(
  db: Database.Database,
  statements: Statements,
  logId: number,
  run: MonitorRun,
  classification: Classification | null,
  fileName: string,
): { buildId: number } | { conflict: AppError } {
  if (run.job !== null && run.number !== null) {
    const existing = statements.findBuild.get(run.job, run.number);
    if (existing) {
      // Not an error yet: if the whole file turns out to be stored already it
      // is a duplicate upload. The caller decides once the hash is known.
      return {
        conflict: new AppError(
          "conflict",
          `${fileName}: build ${run.job} #${run.number} is already stored from another log; upload that build's log once, or give a different number`,
          { file: fileName, line: run.line, permalink: buildPermalink({ id: existing.id, job: run.job, number: run.number }) },
        ),
      };
    }
  }
  const roomId = classification?.room
    ? Number((statements.upsertRoom.get(classification.room.jid, classification.room.name, classification.room.host) as { id: number | bigint }).id)
    : null;
  const worst = run.top.reduce<number | null>((max, entry) => (max === null || entry.queueLen > max ? entry.queueLen : max), null);
  const inspected = run.inspected;
  const result = statements.insertBuild.run(
    logId,
    run.seq,
    run.job,
    run.number,
    toDbDate(run.startedAt),
    run.url,
    worst,
    inspected?.pid ?? null,
    inspected?.queueLen ?? null,
    inspected?.dead ? 1 : 0,
    classification?.incident ? 1 : 0,
    classification?.class ?? null,
    classification?.subject ?? null,
    classification?.rule ?? null,
    classification ? JSON.stringify(classification.evidence) : null,
    roomId,
    toDbDate(new Date()),
  );
  const buildId = Number(result.lastInsertRowid);
  for (const entry of run.top) statements.insertTop.run(buildId, entry.rank, entry.pid, entry.queueLen);
  for (const sample of inspected?.samples ?? []) {
    statements.insertSample.run(
      buildId,
      sample.index,
      sample.kind,
      sample.summary,
      sample.destination,
      sample.raw,
      sample.decoded.length ? JSON.stringify(sample.decoded) : null,
    );
  }
  void db;
  return { buildId };
}

/** Regroups the incidents of one job from its builds (in build order). */
export function rebuildIncidents(db: Database.Database, job: string | null, threshold: number): void {
  const jobClause = job === null ? "job IS NULL" : "job = ?";
  const params = job === null ? [] : [job];
  const rows = db
    .prepare<unknown[], {
      id: number;
      startedAt: string | null;
      incident: number;
      culpritClass: string | null;
      culpritSubject: string | null;
      inspectedPid: string | null;
      inspectedQueueLen: number | null;
      inspectedDead: number;
      roomId: number | null;
      roomJid: string | null;
    }>(
      `SELECT b.id, b.startedAt, b.incident, b.culpritClass, b.culpritSubject, b.inspectedPid, b.inspectedQueueLen,
              b.inspectedDead, b.roomId, r.jid AS roomJid
         FROM "Build" b LEFT JOIN "Room" r ON r.id = b.roomId
        WHERE b.${jobClause}
        ORDER BY b.number IS NULL, b.number, b.startedAt, b.id`,
    )
    .all(...params);
  const tops = new Map<number, { pid: string; queueLen: number }[]>();
  const topRows = db
    .prepare<unknown[], { buildId: number; pid: string; queueLen: number }>(
      `SELECT t.buildId, t.pid, t.queueLen FROM "TopEntry" t JOIN "Build" b ON b.id = t.buildId
        WHERE b.${jobClause} AND t.queueLen >= ?`,
    )
    .all(...params, threshold);
  for (const row of topRows) {
    const list = tops.get(row.buildId) ?? [];
    list.push({ pid: row.pid, queueLen: row.queueLen });
    tops.set(row.buildId, list);
  }
  const facts: BuildFacts[] = rows.map((row) => {
    const top = tops.get(row.id) ?? [];
    const fromTop = top.find((entry) => entry.pid === row.inspectedPid)?.queueLen ?? null;
    return {
      id: row.id,
      at: row.startedAt,
      incident: row.incident === 1,
      culpritClass: row.culpritClass,
      culpritSubject: row.culpritSubject,
      culpritPid: row.inspectedPid,
      culpritQueueLen: row.inspectedQueueLen ?? fromTop,
      roomId: row.roomId,
      roomJid: row.roomJid,
      top,
    };
  });

  db.prepare(`UPDATE "Build" SET incidentId = NULL WHERE ${jobClause} AND incidentId IS NOT NULL`).run(...params);
  db.prepare(`DELETE FROM "Incident" WHERE ${jobClause}`).run(...params);
  const insert = db.prepare(
    `INSERT INTO "Incident" (job, keyKind, key, culpritClass, subject, roomId, firstBuildId, lastBuildId, firstAt, lastAt,
       buildCount, peakQueueLen) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const point = db.prepare(`UPDATE "Build" SET incidentId = ? WHERE id = ?`);
  for (const span of groupIncidents(facts, threshold)) {
    const id = insert.run(
      job,
      span.keyKind,
      span.key,
      span.culpritClass,
      span.subject,
      span.roomId,
      span.firstBuildId,
      span.lastBuildId,
      toDbDate(span.firstAt),
      toDbDate(span.lastAt),
      span.buildCount,
      span.peakQueueLen,
    ).lastInsertRowid;
    for (const buildId of span.culpritBuildIds) point.run(id, buildId);
  }
}

async function* hashed(
  chunks: AsyncIterable<Uint8Array>,
  state: { hash: ReturnType<typeof createHash>; size: number },
  onBytes: () => void,
): AsyncGenerator<Uint8Array> {
  for await (const chunk of chunks) {
    state.hash.update(chunk);
    state.size += chunk.byteLength;
    onBytes();
    yield chunk;
  }
}

function toAppError(error: unknown, fileName: string): unknown {
  if (error instanceof MonitorLogError) {
    return new AppError("unprocessable", `${fileName}:${error.line}:${error.column}: ${error.reason}`, {
      file: fileName,
      line: error.line,
      column: error.column,
    });
  }
  return error;
}

/** Stores an upload; answers what was stored (or found already stored). */
export function ingestUpload(options: IngestOptions): Promise<IngestedLog[]> {
  return withWriteLock(async () => {
    const db = getWriteDb();
    const statements = prepare(db);
    const results: IngestedLog[] = [];
    const jobs = new Set<string | null>();
    db.exec("BEGIN IMMEDIATE");
    try {
      for await (const file of options.files) {
        const meta = { ...options.fieldsSoFar?.(), ...options.meta };
        db.exec("SAVEPOINT upload_file");
        const logId = Number(
          statements.insertLog.run(`pending:${randomUUID()}`, file.fileName, toDbDate(new Date())).lastInsertRowid,
        );
        const state = { hash: createHash("sha256"), size: 0 };
        let builds = 0;
        const conflicts: AppError[] = [];
        const report = () => options.onProgress?.({ fileName: file.fileName, bytes: state.size, builds });
        try {
          for await (const scanned of streamRuns(hashed(file.chunks, state, report), { source: file.fileName })) {
            const run = withMeta(scanned, meta);
            if (meta.number !== undefined && builds > 0) {
              throw new AppError(
                "unprocessable",
                `${file.fileName}:${run.line}:1: the upload names build number ${meta.number}, but the log holds more than one monitor run`,
                { file: file.fileName, line: run.line, column: 1 },
              );
            }
            const classification = classifyRun(run, { threshold: options.threshold });
            const inserted = insertRun(db, statements, logId, run, classification, file.fileName);
            if ("conflict" in inserted) conflicts.push(inserted.conflict);
            jobs.add(run.job);
            builds++;
            report();
          }
        } catch (error) {
          throw toAppError(error, file.fileName);
        }
        const sha256 = state.hash.digest("hex");
        const existing = statements.findLog.get(sha256);
        if (existing) {
          db.exec("ROLLBACK TO upload_file");
          db.exec("RELEASE upload_file");
          results.push({ fileName: file.fileName, sha256, size: state.size, duplicate: true, logId: existing.id, builds: [] });
          continue;
        }
        if (conflicts[0]) throw conflicts[0];
        statements.finishLog.run(sha256, state.size, builds, logId);
        db.exec("RELEASE upload_file");
        results.push({ fileName: file.fileName, sha256, size: state.size, duplicate: false, logId, builds: [] });
      }
      for (const job of jobs) rebuildIncidents(db, job, options.threshold);
      db.exec("COMMIT");
    } catch (error) {
      if (db.inTransaction) db.exec("ROLLBACK");
      throw error;
    }
    for (const result of results) {
      result.builds = statements.buildsOfLog.all(result.logId).map((row) => ({
        id: row.id,
        job: row.job,
        number: row.number,
        permalink: buildPermalink(row),
        incident: row.incident === 1,
        culprit: row.culpritClass ? { class: row.culpritClass, subject: row.culpritSubject } : null,
      }));
    }
    return results;
  });
}
