// ## The write path
//
// Bulk writes go through one dedicated better-sqlite3 connection with prepared
// statements, not through Prisma: in our measurements Prisma's createMany was
// two orders of magnitude slower for the row counts a large log produces
// (see `npm run bench:ingest`). Reads stay on Prisma (lib/db/queries.ts).
// Writers in this process take turns through `withWriteLock`, so a long
// ingest never collides with another in a busy error; other processes wait on
// SQLite's busy timeout.
import "server-only";
import type Database from "better-sqlite3";
import { readEnv, sqlitePathFromUrl } from "@/lib/env";
import { migrateDatabase, openDatabase } from "./open";

const globalForWriter = globalThis as unknown as {
  writer?: { file: string; db: Database.Database };
  writeQueue?: Promise<unknown>;
};

/** The process's write connection to DATABASE_URL (migrated on first use). */
export function getWriteDb(): Database.Database {
  const file = sqlitePathFromUrl(readEnv().DATABASE_URL);
  if (globalForWriter.writer?.file !== file) {
    globalForWriter.writer?.db.close();
    migrateDatabase(file);
    globalForWriter.writer = { file, db: openDatabase(file) };
  }
  return globalForWriter.writer.db;
}

/** Runs `work` when every earlier write of this process has finished. */
export function withWriteLock<T>(work: () => Promise<T>): Promise<T> {
  const previous = globalForWriter.writeQueue ?? Promise.resolve();
  const next = previous.then(work, work);
  globalForWriter.writeQueue = next.catch(() => undefined);
  return next;
}

/** SQLite DATETIME text in the format Prisma's adapter writes and compares. */
export function toDbDate(date: Date | string | null | undefined): string | null {
  if (date === null || date === undefined) return null;
  const value = typeof date === "string" ? new Date(date) : date;
  if (Number.isNaN(value.getTime())) return null;
  return value.toISOString().replace("Z", "+00:00");
}
