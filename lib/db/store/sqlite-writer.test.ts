// The SQLite write side: the writer thread and the in-thread fallback store
// the same rows; a failure anywhere (a batch the database refuses, an error
// in the ingest, the writer thread dying) leaves nothing of the transaction;
// batches are held back when the writer is behind; the store falls back to
// writing in this thread when the writer thread cannot start.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, describe, expect, test } from "vitest";
import { AppError } from "@/lib/errors";
import { migrateDatabase, openDatabase } from "@/lib/db/open";
import { makeTempDir } from "@/lib/testing/temp-db";
import { conflictError, createSqliteStore, type SqliteStoreOptions, toSqliteDate } from "./sqlite";
import { defaultWorkerFile, type WriterChannel, writerSession } from "./sqlite-writer";
import type { WriterMessage } from "./sqlite-writer-core.mjs";
import type { BuildRow, IngestSession, SampleRow, TopRow } from "./types";

const temp = makeTempDir("mqdash-writer-");
afterAll(() => temp.cleanup());

let counter = 0;
function freshDatabase(): string {
  const file = path.join(temp.dir, `w${++counter}.db`);
  migrateDatabase(file);
  return file;
}

function store(file: string, options: SqliteStoreOptions = {}) {
  // Small batches, so that a few hundred builds make many of them.
  return createSqliteStore(file, { ...options, batch: { batchBuilds: 16, maxInFlight: 2, ...options.batch } });
}

const AT = new Date("2025-03-01T10:00:00Z");

function build(logId: number, seq: number, overrides: Partial<BuildRow> = {}): BuildRow {
  return {
    logId,
    seq,
    sourceKind: "monitor",
    node: seq % 3 === 0 ? null : `ejabberd@node${seq % 4}`,
    killedCount: seq % 5 === 0 ? seq : null,
    job: "job-a",
    number: 1000 + seq,
    attempt: 1,
    // Some runs name no start time.
    startedAt: seq % 6 === 5 ? null : new Date(AT.getTime() + seq * 60_000),
    url: seq % 2 ? `https://ci.example.org/job-a/${seq}/` : null,
    worstQueueLen: 500 + seq,
    inspectedPid: `<0.${seq}.0>`,
    inspectedQueueLen: 500 + seq,
    inspectedDead: seq % 7 === 0,
    incident: seq % 2 === 0,
    culpritClass: seq % 2 === 0 ? "muc_room" : null,
    culpritSubject: seq % 2 === 0 ? "room1@conference.example.org" : null,
    culpritRule: seq % 2 === 0 ? "room-in-samples" : null,
    culpritEvidence: seq % 2 === 0 ? JSON.stringify(["evidence", seq]) : null,
    culpritService: seq % 4 === 0,
    roomId: null,
    createdAt: AT,
    ...overrides,
  };
}

function top(seq: number): TopRow[] {
  return [
    { rank: 1, pid: `<0.${seq}.0>`, queueLen: 500 + seq },
    { rank: 2, pid: "<0.2.0>", queueLen: 3 },
  ];
}

function samples(seq: number): SampleRow[] {
  return Array.from({ length: seq % 3 }, (_, index) => ({
    index,
    kind: "$gen_event",
    summary: `route ${index}`,
    destination: index ? "room1@conference.example.org" : null,
    // Text outside Latin-1 crosses to the writer thread as UTF-16.
    raw: `{'$gen_event',{route,"héllo ✓ 🐘 ${seq}",${"x".repeat(seq * 7)}}}`,
    decoded: index ? JSON.stringify([{ text: `décodé ${seq}` }]) : null,
  }));
}

const label = (line: number, fileName = "a.log") => ({ fileName, line });

/** Every row of the app's tables, for comparing two databases. */
function dump(file: string): Record<string, unknown[]> {
  const db = openDatabase(file);
  try {
    const out: Record<string, unknown[]> = {};
    for (const table of ["Log", "Room", "Build", "TopEntry", "Sample", "Incident"]) {
      out[table] = db.prepare(`SELECT * FROM "${table}" ORDER BY id`).all();
    }
    out.sequence = db.prepare(`SELECT * FROM sqlite_sequence ORDER BY name`).all();
    return out;
  } finally {
    db.close();
  }
}

function counts(file: string): Record<string, number> {
  const db = openDatabase(file);
  try {
    const out: Record<string, number> = {};
    for (const table of ["Log", "Build", "TopEntry", "Sample", "Room", "Incident"]) {
      out[table] = (db.prepare(`SELECT count(*) AS n FROM "${table}"`).get() as { n: number }).n;
    }
    return out;
  } finally {
    db.close();
  }
}

/**
 * What an upload of three files does: the first stored, the second rolled back to its savepoint (as a
 * duplicate is), the third stored; builds with rooms, samples, a job and number repeated within
 * the upload and one already stored before (conflicts); incidents regrouped. Answers the conflicts.
 */
async function upload(session: IngestSession, seqs: { from: number; to: number }): Promise<AppError[]> {
  const found: AppError[] = [];
  const files = [
    { name: "one.log", keep: true },
    { name: "two.log", keep: false },
    { name: "three.log", keep: true },
  ];
  for (const [f, file] of files.entries()) {
    await session.savepoint();
    const logId = await session.insertLog({ placeholderSha: `pending:${file.name}`, fileName: file.name, uploadedAt: AT });
    const room = await session.upsertRoom({ jid: `room${f}@conference.example.org`, name: `room${f}`, host: "conference.example.org" });
    for (let seq = seqs.from; seq < seqs.to; seq++) {
      const s = seq + f * 1000;
      // two.log and three.log each repeat a number of one.log's.
      const repeated = (f === 1 && seq === seqs.from + 7) || (f === 2 && seq === seqs.from + 5);
      await session.insertBuild(
        build(logId, s, { roomId: seq % 2 ? room : null, number: repeated ? 1000 + seqs.from + f * 2 - 1 : 1000 + s }),
        top(s),
        samples(s),
        label(s, file.name),
      );
    }
    // As the ingest does: a file rolled back (a duplicate) answers no conflicts.
    const conflicts = await session.takeConflicts();
    if (file.keep) found.push(...conflicts);
    else expect(conflicts.map((e) => e.details.line)).toEqual([1000 + seqs.from + 7]);
    if (file.keep) {
      await session.finishLog({ id: logId, sha256: `sha-${file.name}-${seqs.from}`, size: 10, buildCount: seqs.to - seqs.from });
      await session.releaseSavepoint();
    } else {
      await session.rollbackToSavepoint();
    }
  }
  await session.rebuildIncidents("job-a", 100);
  return found;
}

/** Builds an `upload` of n builds per file stores: all of one.log's, all but the repeated number of three.log's. */
const STORED = (n: number) => 2 * n - 1;

describe("the SQLite writer", () => {
  test("writes through a writer thread by default, and stores exactly what the in-thread writer stores", async () => {
    const viaWorker = freshDatabase();
    const viaThread = freshDatabase();
    const answers: Record<string, { kind: string | null; conflicts: unknown[] }> = {};
    for (const [name, file, options] of [
      ["worker", viaWorker, {}],
      ["thread", viaThread, { writer: "thread" }],
    ] as const) {
      const s = store(file, options);
      // A build stored before the upload: the upload's build with that job and number is a conflict.
      await s.transaction(async (session) => {
        const logId = await session.insertLog({ placeholderSha: "before", fileName: "before.log", uploadedAt: AT });
        await session.insertBuild(build(logId, 2000 + 40, { number: 1000 + 2040 }), top(1), samples(2), label(1, "before.log"));
        await session.finishLog({ id: logId, sha256: "before", size: 1, buildCount: 1 });
      });
      const conflicts = await s.transaction((session) => upload(session, { from: 0, to: 120 }));
      answers[name] = { kind: s.writerKind(), conflicts: conflicts.map((e) => ({ code: e.code, message: e.message, details: e.details })) };
      await s.close();
    }
    expect(answers.worker?.kind).toBe("worker");
    expect(answers.thread?.kind).toBe("thread");
    // The repeated number in three.log (against a build of one.log, of this same upload: nothing to link to) and
    // the one stored before; two.log's are rolled back.
    expect(answers.worker?.conflicts).toEqual([
      {
        code: "conflict",
        message: "three.log:2005: build job-a #1003 is also in one.log, another file of this upload; upload one log per build",
        details: { file: "three.log", line: 2005, otherFile: "one.log", reason: "in_two_files" },
      },
      {
        code: "conflict",
        message: expect.stringContaining("build job-a #3040 is already stored"),
        details: { file: "three.log", line: 2040, permalink: "/builds/job-a/3040", logId: expect.any(Number), job: "job-a", number: 3040, attempt: 1, reason: "stored" },
      },
    ]);
    expect(answers.worker?.conflicts).toEqual(answers.thread?.conflicts);

    const worker = dump(viaWorker);
    expect(worker).toEqual(dump(viaThread));
    // two.log is gone, and the ids of three.log's builds follow one.log's as AUTOINCREMENT would give them.
    const builds = worker.Build as { id: number; logId: number; seq: number; startedAt: string; createdAt: string }[];
    expect(builds).toHaveLength(1 + 120 + 118);
    expect(builds.map((b) => b.id)).toEqual(builds.map((_, i) => i + 1));
    // Log ids too: two.log's id is given again to three.log.
    expect(new Set(builds.map((b) => b.logId))).toEqual(new Set([1, 2, 3]));
    expect(builds[1]).toMatchObject({ seq: 0, startedAt: "2025-03-01T10:00:00.000+00:00", createdAt: "2025-03-01T10:00:00.000+00:00" });
    // "at" is the start time, or the creation time of a build that has none, as text in the same format.
    const times = builds as unknown as { startedAt: string | null; createdAt: string; at: string | null }[];
    expect(times.filter((b) => b.startedAt === null).length).toBeGreaterThan(10);
    expect(times.filter((b) => b.at !== (b.startedAt ?? b.createdAt))).toEqual([]);
    expect(builds[2]).toMatchObject({ seq: 1, at: "2025-03-01T10:01:00.000+00:00" });
    const sample = (worker.Sample as { buildId: number; raw: string; decoded: string | null }[]).find((row) => row.decoded);
    expect(sample?.raw).toMatch(/héllo ✓ 🐘/);
    expect(worker.TopEntry).toHaveLength(2 * (1 + 120 + 118));
    expect((worker.Incident as unknown[]).length).toBeGreaterThan(0);
  });

  test("a batch the database refuses in the writer thread rolls back the whole transaction; the store writes again after", async () => {
    const file = freshDatabase();
    const s = store(file);
    await s.transaction((session) => upload(session, { from: 0, to: 20 }));
    const before = counts(file);

    const failing = s.transaction(async (session) => {
      const logId = await session.insertLog({ placeholderSha: "pending:bad", fileName: "bad.log", uploadedAt: AT });
      for (let seq = 100; seq < 200; seq++) await session.insertBuild(build(logId, seq), top(seq), samples(seq), label(seq));
      // A build naming a log that does not exist: the writer thread's connection enforces foreign keys.
      await session.insertBuild(build(987654, 200), top(200), [], label(200));
      for (let seq = 201; seq < 260; seq++) await session.insertBuild(build(logId, seq), top(seq), samples(seq), label(seq));
      await session.takeConflicts();
      await session.finishLog({ id: logId, sha256: "bad", size: 1, buildCount: 160 });
    });
    await expect(failing).rejects.toThrow(/FOREIGN KEY constraint failed/);
    expect(s.writerKind()).toBe("worker");
    expect(counts(file)).toEqual(before);

    await s.transaction((session) => upload(session, { from: 300, to: 320 }));
    expect(counts(file).Build).toBe((before.Build ?? 0) + STORED(20));
    await s.close();
  });

  test("an error in the ingest after many batches were sent leaves nothing of them", async () => {
    const file = freshDatabase();
    const s = store(file);
    const before = counts(file);
    const failing = s.transaction(async (session) => {
      const logId = await session.insertLog({ placeholderSha: "pending:x", fileName: "x.log", uploadedAt: AT });
      await session.upsertRoom({ jid: "r@conference.example.org", name: "r", host: "conference.example.org" });
      for (let seq = 0; seq < 300; seq++) await session.insertBuild(build(logId, seq), top(seq), samples(seq), label(seq));
      throw new AppError("unprocessable", "x.log:301:1: cannot read this");
    });
    await expect(failing).rejects.toThrow("cannot read this");
    expect(counts(file)).toEqual(before);
    await s.close();
  });

  test("the writer thread dying in the middle of a transaction leaves nothing of it; the next transaction gets a new writer", async () => {
    const file = freshDatabase();
    // The real writer, behind a listener that ends the thread when it is sent a batch of "crash.log".
    const crashing = path.join(temp.dir, "crashing-writer.mjs");
    fs.writeFileSync(
      crashing,
      `import { parentPort } from "node:worker_threads";
       parentPort.on("message", (message) => { if (message.fileName === "crash.log") process.exit(3); });
       await import(${JSON.stringify(pathToFileURL(defaultWorkerFile()).href)});`,
    );
    const s = store(file, { workerFile: crashing });
    await s.transaction((session) => upload(session, { from: 0, to: 10 }));
    const before = counts(file);

    const failing = s.transaction(async (session) => {
      const logId = await session.insertLog({ placeholderSha: "pending:c", fileName: "crash.log", uploadedAt: AT });
      for (let seq = 100; seq < 164; seq++) await session.insertBuild(build(logId, seq), top(seq), samples(seq), label(seq, "fine.log"));
      await session.takeConflicts();
      for (let seq = 164; seq < 200; seq++) await session.insertBuild(build(logId, seq), top(seq), samples(seq), label(seq, "crash.log"));
      await session.takeConflicts();
      await session.finishLog({ id: logId, sha256: "c", size: 1, buildCount: 100 });
    });
    await expect(failing).rejects.toThrow(/worker exited \(code 3\)/);
    expect(counts(file)).toEqual(before);

    await s.transaction((session) => upload(session, { from: 500, to: 510 }));
    expect(s.writerKind()).toBe("worker");
    expect(counts(file).Build).toBe((before.Build ?? 0) + STORED(10));
    await s.close();
  });

  test("a script whose only work is one transaction (and the bulk figures after it) waits for the writer thread, then exits without closing its stores", () => {
    const file = freshDatabase();
    const script = path.join(temp.dir, "one-transaction.ts");
    fs.writeFileSync(
      script,
      `import { createSqliteStore } from ${JSON.stringify(path.join(process.cwd(), "lib/db/store/sqlite.ts"))};
       const store = createSqliteStore(${JSON.stringify(file)});
       // Another store only warmed up: its idle writer thread must not keep the process alive either.
       createSqliteStore(${JSON.stringify(freshDatabase())}).warm();
       void store.transaction(async (session) => {
         const id = await session.insertLog({ placeholderSha: "script", fileName: "script.log", uploadedAt: new Date() });
         await session.finishLog({ id, sha256: "script", size: 1, buildCount: 0 });
       })
         .then(() => console.log("committed by " + store.writerKind()))
         // Its writer thread, idle a moment later, answers the figures too (the process waits for that answer).
         .then(() => new Promise((done) => setTimeout(done, 100)))
         .then(() => store.bulkFigures())
         .then((figures) => console.log("bulk figures taken: " + figures.rows + " rows"));`,
    );
    const started = Date.now();
    const child = spawnSync(process.execPath, ["--import", "tsx", script], { encoding: "utf8", timeout: 20_000 });
    expect(child.stderr).toBe("");
    expect(child.stdout.trim()).toBe("committed by worker\nbulk figures taken: 0 rows");
    expect(child.status).toBe(0);
    expect(Date.now() - started).toBeLessThan(15_000);
    expect(counts(file).Log).toBe(1);
  });

  test("falls back to writing in this thread when the writer thread cannot start", async () => {
    const broken = path.join(temp.dir, "broken-writer.mjs");
    fs.writeFileSync(broken, `throw new Error("this writer does not start");`);
    for (const workerFile of [path.join(temp.dir, "no-such-writer.mjs"), broken]) {
      const file = freshDatabase();
      const fallbacks: unknown[] = [];
      const s = store(file, { workerFile, onFallback: (error) => fallbacks.push(error) });
      await s.transaction((session) => upload(session, { from: 0, to: 30 }));
      await s.transaction((session) => upload(session, { from: 30, to: 40 }));
      expect(s.writerKind()).toBe("thread");
      expect(fallbacks).toHaveLength(1);
      expect(String(fallbacks[0])).toMatch(workerFile === broken ? /this writer does not start/ : /no worker file/);
      expect(counts(file).Build).toBe(STORED(30) + STORED(10));
      await s.close();
    }
  });

  test("close ends the writer thread after its last checkpoint; the store opens again on its next use", async () => {
    const file = freshDatabase();
    const s = store(file);
    await s.transaction((session) => upload(session, { from: 0, to: 50 }));
    await s.close();
    // Every connection to the file is closed: the last one checkpointed the WAL into the file and removed it.
    expect(fs.existsSync(`${file}-wal`)).toBe(false);
    expect(counts(file).Build).toBe(STORED(50));
    await s.transaction((session) => upload(session, { from: 50, to: 60 }));
    expect(s.writerKind()).toBe("worker");
    // Logs 1 and 2 from the first upload, 3 and 4 from this one.
    expect((await s.buildsOfLog(3)).length).toBe(10);
    expect((await s.buildsOfLog(4)).length).toBe(9);
    await s.close();
  });

  test("the bulk path's figures: the rows its batches inserted and the time each side spent, since they were last taken", async () => {
    for (const writer of ["worker", "thread"] as const) {
      const file = freshDatabase();
      const s = store(file, { writer });
      const before = await s.bulkFigures();
      expect(before).toMatchObject({ rows: 0, batches: 0 });
      const n = 100;
      const started = performance.now();
      await s.transaction(async (session) => {
        const logId = await session.insertLog({ placeholderSha: "bulk", fileName: "bulk.log", uploadedAt: AT });
        for (let seq = 0; seq < n; seq++) await session.insertBuild(build(logId, seq), top(seq), samples(seq), label(seq + 1, "bulk.log"));
        await session.finishLog({ id: logId, sha256: "bulk", size: 1, buildCount: n });
      });
      const wall = performance.now() - started;
      const stored = counts(file);
      const figures = await s.bulkFigures();
      // In this thread the writer's work happens inside the queuing calls: counted once, as the writer's.
      if (writer === "thread") expect(figures.queueMs + figures.writerMs).toBeLessThanOrEqual(wall);
      // Every row of the three tables came through a batch (16 builds per batch here).
      expect(figures.rows).toBe(stored.Build! + stored.TopEntry! + stored.Sample!);
      expect(figures.rows).toBeGreaterThan(n * 3);
      expect(figures.batches).toBe(Math.ceil(n / 16));
      expect(figures.queueMs).toBeGreaterThan(0);
      expect(figures.writerMs).toBeGreaterThan(0);
      if (writer === "worker") {
        // The thread's busy time holds its handling of the batches (and of every other message).
        expect(figures.writerActiveMs).toBeGreaterThan(0);
        expect(figures.writerActiveMs!).toBeGreaterThanOrEqual(figures.writerMs - 1);
      } else {
        expect(figures.writerActiveMs).toBeNull();
      }
      // Taking them starts the next span.
      expect(await s.bulkFigures()).toMatchObject({ rows: 0, batches: 0, queueMs: 0, writerMs: 0 });
      await s.close();
    }
  });
});

describe("batches and backpressure (a writer that answers when told to)", () => {
  function slowChannel() {
    const waiting: { message: WriterMessage; answer(): void }[] = [];
    let inFlight = 0;
    let maxInFlight = 0;
    const channel: WriterChannel = {
      kind: "worker",
      usable: true,
      hold: () => undefined,
      close: async () => undefined,
      call: (message) => {
        if (message.op !== "builds") return Promise.resolve(message.op === "takeConflicts" ? [] : null);
        inFlight++;
        maxInFlight = Math.max(maxInFlight, inFlight);
        return new Promise((resolve) =>
          waiting.push({
            message,
            answer: () => {
              inFlight--;
              resolve(null);
            },
          }),
        );
      },
    };
    return { channel, waiting, maxInFlight: () => maxInFlight };
  }
  const tick = () => new Promise((resolve) => setImmediate(resolve));

  test("insertBuild waits once maxInFlight batches are unanswered, and goes on when one is", async () => {
    const slow = slowChannel();
    const session = writerSession(slow.channel, conflictError, toSqliteDate, { batchBuilds: 4, batchChars: 1e9, maxInFlight: 2 });
    for (let seq = 0; seq < 7; seq++) await session.insertBuild(build(1, seq), top(seq), [], label(seq));
    expect(slow.waiting).toHaveLength(1);
    // The 8th build completes a second batch: two on their way, so this call waits.
    let returned = false;
    const eighth = session.insertBuild(build(1, 7), top(7), [], label(7)).then(() => (returned = true));
    for (let i = 0; i < 5; i++) await tick();
    expect(slow.waiting).toHaveLength(2);
    expect(returned).toBe(false);
    slow.waiting[0]?.answer();
    await eighth;
    expect(returned).toBe(true);
    // The batch is the builds in order, flat: 26 values each, with their top entries.
    const first = slow.waiting[0]?.message as Extract<WriterMessage, { op: "builds" }>;
    expect(first.builds).toHaveLength(4 * 26);
    expect(first.builds.slice(0, 3)).toEqual([1, 0, "monitor"]);
    expect(first.tops).toHaveLength(4 * 2 * 3);
  });

  test("a writer slower than the ingest never has more than maxInFlight batches queued", async () => {
    const slow = slowChannel();
    const session = writerSession(slow.channel, conflictError, toSqliteDate, { batchBuilds: 3, batchChars: 2000, maxInFlight: 3 });
    // The writer answers one batch every few ticks, far behind the ingest.
    let done = false;
    const writer = (async () => {
      while (!done || slow.waiting.length) {
        for (let i = 0; i < 3; i++) await tick();
        slow.waiting.shift()?.answer();
      }
    })();
    // Large samples: the character limit sends batches before the build limit does.
    for (let seq = 0; seq < 200; seq++) await session.insertBuild(build(1, seq), top(seq), samples(seq + 2), label(seq));
    await session.finish();
    done = true;
    await writer;
    expect(slow.maxInFlight()).toBe(3);
  });

  test("a batch that failed fails the next request and the end of the transaction", async () => {
    let calls = 0;
    const channel: WriterChannel = {
      kind: "worker",
      usable: true,
      hold: () => undefined,
      close: async () => undefined,
      call: async (message) => {
        calls++;
        if (message.op === "builds") throw new Error("disk I/O error");
        return message.op === "takeConflicts" ? [] : { lastId: 1 };
      },
    };
    const session = writerSession(channel, conflictError, toSqliteDate, { batchBuilds: 2, batchChars: 1e9, maxInFlight: 4 });
    await session.insertBuild(build(1, 0), top(0), [], label(0));
    await session.insertBuild(build(1, 1), top(1), [], label(1));
    await expect(session.takeConflicts()).rejects.toThrow("disk I/O error");
    await expect(session.insertBuild(build(1, 2), top(2), [], label(2))).rejects.toThrow("disk I/O error");
    await expect(session.finish()).rejects.toThrow("disk I/O error");
    // Nothing was sent after the batch that failed.
    expect(calls).toBe(1);
  });
});
