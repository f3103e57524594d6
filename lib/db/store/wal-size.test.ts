// The SQLite WAL file is cut back after a large transaction: without a limit it kept the size of
// the largest one (176 MB after a 100 MB upload) until the server restarted.
import fs from "node:fs";
import path from "node:path";
import { afterAll, describe, expect, test } from "vitest";
import { migrateDatabase, openDatabase } from "@/lib/db/open";
import { makeTempDir } from "@/lib/testing/temp-db";
import { createSqliteStore, type SqliteStoreOptions } from "./sqlite";
import { WAL_SIZE_LIMIT_BYTES } from "./sqlite-writer-core.mjs";

const temp = makeTempDir("mqdash-wal-");
afterAll(() => temp.cleanup());

let counter = 0;
function freshDatabase(): string {
  const file = path.join(temp.dir, `wal${++counter}.db`);
  migrateDatabase(file);
  return file;
}

const LIMIT = 256 * 1024;
const AT = new Date("2025-03-01T10:00:00Z");

/** One log of `builds` builds with 10 KB of samples each: about builds × 10 KB of WAL. */
async function storeLog(store: ReturnType<typeof createSqliteStore>, name: string, builds: number): Promise<void> {
  await store.transaction(async (session) => {
    await session.savepoint();
    const logId = await session.insertLog({ placeholderSha: `pending:${name}`, fileName: name, uploadedAt: AT });
    for (let seq = 0; seq < builds; seq++) {
      await session.insertBuild(
        {
          logId, seq, sourceKind: "monitor", node: null, killedCount: null, job: "wal", number: null, attempt: 1, startedAt: new Date(AT.getTime() + seq * 60_000),
          url: null, worstQueueLen: 500, inspectedPid: "<0.1.0>", inspectedQueueLen: 500, inspectedDead: false, incident: false, culpritClass: null,
          culpritSubject: null, culpritRule: null, culpritEvidence: null, culpritService: false, roomId: null, createdAt: AT,
        },
        [{ rank: 1, pid: "<0.1.0>", queueLen: 500 }],
        Array.from({ length: 10 }, (_, index) => ({ index, kind: "$gen_event", summary: "route", destination: null, raw: `${name} ${seq} ${index} ${"x".repeat(1000)}`, decoded: null })),
        { fileName: name, line: seq + 1 },
      );
    }
    await session.takeConflicts();
    await session.finishLog({ id: logId, sha256: `sha-${name}`, size: builds, buildCount: builds });
    await session.releaseSavepoint();
  });
}

const walSize = (file: string) => (fs.existsSync(`${file}-wal`) ? fs.statSync(`${file}-wal`).size : 0);

/** Waits (at most 5 s) until the WAL is at most `bytes`; its size then. */
async function walShrinksTo(file: string, bytes: number): Promise<number> {
  for (let waited = 0; walSize(file) > bytes && waited < 5_000; waited += 20) await new Promise((resolve) => setTimeout(resolve, 20));
  return walSize(file);
}

function buildCount(file: string): number {
  const db = openDatabase(file);
  try {
    return (db.prepare(`SELECT count(*) AS n FROM "Build"`).get() as { n: number }).n;
  } finally {
    db.close();
  }
}

describe("the SQLite WAL after a large transaction", () => {
  test("the app's connections have the limit", () => {
    const db = openDatabase(freshDatabase());
    try {
      expect(db.pragma("journal_size_limit", { simple: true })).toBe(WAL_SIZE_LIMIT_BYTES);
    } finally {
      db.close();
    }
  });

  test.each<[string, SqliteStoreOptions["writer"]]>([["the writer thread", "worker"], ["the in-thread fallback", "thread"]])(
    "%s: the WAL of a transaction larger than the limit is cut back, the data kept",
    async (_, writer) => {
      const file = freshDatabase();
      const store = createSqliteStore(file, { writer, walSizeLimit: LIMIT });
      try {
        // About 5 MB of WAL: twenty times the limit, and past the 1,000 pages at which SQLite
        // checkpoints by itself on a connection that commits (the in-thread fallback's).
        await storeLog(store, "large.log", 500);
        // The writer thread cuts it once idle; on this thread SQLite cuts it at the next commit.
        if (writer === "thread") await storeLog(store, "small.log", 1);
        expect(await walShrinksTo(file, LIMIT)).toBeLessThanOrEqual(LIMIT);
        expect(store.writerKind()).toBe(writer);
      } finally {
        await store.close();
      }
      expect(buildCount(file)).toBe(writer === "thread" ? 501 : 500);
    },
  );

  test("without a limit the WAL keeps the size of the large transaction (what the limit changes)", async () => {
    const file = freshDatabase();
    const store = createSqliteStore(file, { writer: "worker", walSizeLimit: -1 });
    try {
      await storeLog(store, "large.log", 500);
      await storeLog(store, "small.log", 1);
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(walSize(file)).toBeGreaterThan(16 * LIMIT);
    } finally {
      await store.close();
    }
  });
});
