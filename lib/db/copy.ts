// ## Moving a SQLite database's data to PostgreSQL
//
// `npm run db:copy -- --from file:./data/dashboard.db --to postgres://…`:
// refuses a source that is not this app's SQLite database (before the target is
// touched), migrates the target, refuses one that already holds logs, copies every
// table in foreign-key order keeping ids, then moves the sequences past the
// copied ids — all in one PostgreSQL transaction.
import fs from "node:fs";
import Database from "better-sqlite3";
import type pg from "pg";
import { readMigrations } from "./migrate";
import { applyMigrationsPg, PG_MIGRATIONS_DIR } from "./migrate-pg";
import { durationOf } from "./store/incidents";
import { pgParam } from "./store/postgres";

type Table = {
  name: string;
  booleans: string[];
  dates: string[];
  derived?: Record<string, (copied: (column: string) => unknown) => unknown>;
  /** Made by a later migration: a source from before it has none, and copies no rows of it. */
  since?: string;
};

/**
 * Tables in an order that satisfies every foreign key, with their boolean and date columns, and
 * columns derived from others: written from the copied values whatever the source holds (a source
 * not migrated yet has none), so that they agree with them as an insert would have made them.
 */
const TABLES: Table[] = [
  { name: "Log", booleans: [], dates: ["uploadedAt"] },
  { name: "Room", booleans: [], dates: [] },
  {
    name: "Incident",
    booleans: ["open"],
    dates: ["firstAt", "lastAt", "lastSeenAt"],
    // lastAt − firstAt in milliseconds, as the regroup writes it.
    derived: { durationMs: (copied) => durationOf({ firstAt: copied("firstAt") as string | null, lastAt: copied("lastAt") as string | null }) },
  },
  {
    name: "Build",
    booleans: ["inspectedDead", "incident", "culpritService"],
    dates: ["startedAt", "createdAt"],
    // COALESCE("startedAt", "createdAt"), as the stores write it.
    derived: { at: (copied) => copied("startedAt") ?? copied("createdAt") ?? null },
  },
  { name: "TopEntry", booleans: [], dates: [] },
  { name: "Sample", booleans: [], dates: [] },
  { name: "SnapshotCopy", booleans: [], dates: [], since: "20261211000000_snapshot_copies" },
];

/**
 * Migrations that rewrite stored rows (not only the schema): a copy from before one gets it afterwards,
 * the whole file, or (`updates`) its UPDATE statements alone where it also changes the schema, which
 * the target has. An upgrade review copied a file from before 20261207000000_incident_duration: an
 * incident whose first build had no time kept no first time and no duration, where the file upgraded
 * in place had them from its other builds.
 */
const DATA_MIGRATIONS: { name: string; updates?: true }[] = [
  { name: "20261205010000_room_jid_fold" },
  { name: "20261206000000_sql_subject_connection" },
  { name: "20261207000000_incident_duration", updates: true },
  { name: "20261210000000_uninspected_incidents" },
];

/** A migration's UPDATE statements, in order (its comments, and the statements that change the schema, left out). */
export function updateStatements(sql: string): string[] {
  return sql
    .split(/;\s*(?:\n|$)/)
    .map((statement) => statement.replace(/^\s*--.*$/gm, "").trim())
    .filter((statement) => /^UPDATE\s/i.test(statement));
}

/**
 * The migrations of this version the source database has not had (it was stored by an older one): a
 * copy of it holds that version's verdicts, as a file upgraded in place does, and `db:copy` says to
 * run `db:reclassify` on the copy, as `npm start` does after an upgrade.
 */
export function migrationsBehind(source: Database.Database): string[] {
  return readMigrations()
    .map((m) => m.name)
    .filter((name) => !sourceApplied(source, name));
}

/** Whether the source SQLite database recorded `name` as applied (a database without the table: no). */
function sourceApplied(source: Database.Database, name: string): boolean {
  try {
    return (
      source
        .prepare(`SELECT 1 FROM "_prisma_migrations" WHERE migration_name = ? AND finished_at IS NOT NULL AND rolled_back_at IS NULL`)
        .get(name) !== undefined
    );
  } catch {
    return false;
  }
}

/** The source refused: a file that is missing, not SQLite, or not this app's database. Nothing was written. */
export class CopySourceError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "CopySourceError";
  }
}

/**
 * Opens the SQLite file to copy from, only if it exists: opening a path that is not there would
 * create an empty database (a typo in --from left an empty file behind and failed later on an SQL
 * syntax error). Without the app's pragmas (openDatabase sets WAL, a write to someone else's file;
 * the app's own file is WAL already). Not read-only: a read-only connection to a WAL file leaves
 * its -wal and -shm files behind. Refuses a file that is not this app's database (checkCopySource).
 */
export function openCopySource(file: string): Database.Database {
  if (!fs.statSync(file, { throwIfNoEntry: false })?.isFile()) throw new CopySourceError(`no SQLite database at ${file}`);
  const db = new Database(file, { fileMustExist: true });
  try {
    db.pragma("busy_timeout = 10000");
    checkCopySource(db, file);
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}

/** The source's tables. */
function tablesOf(source: Database.Database): Set<string> {
  return new Set((source.prepare(`SELECT name FROM sqlite_master WHERE type = 'table'`).all() as { name: string }[]).map((t) => t.name));
}

/** Throws CopySourceError unless the database has every table copied (those made by the first migration; see `since`). */
export function checkCopySource(source: Database.Database, file: string = source.name): void {
  let tables: Set<string>;
  try {
    tables = tablesOf(source);
  } catch (error) {
    if ((error as { code?: unknown }).code === "SQLITE_NOTADB") throw new CopySourceError(`${file} is not a SQLite database`);
    throw error;
  }
  const missing = TABLES.filter((t) => t.since === undefined && !tables.has(t.name)).map((t) => t.name);
  if (missing.length > 0) {
    const what = `no ${missing.map((name) => `"${name}"`).join(", ")} table${missing.length > 1 ? "s" : ""}`;
    throw new CopySourceError(
      `${file} is not this dashboard's database (${what}${tables.has("_prisma_migrations") ? "" : ", no migrations"}): --from names the file DATABASE_URL names, e.g. file:./data/dashboard.db`,
    );
  }
}

export async function copySqliteToPostgres(source: Database.Database, target: pg.ClientBase): Promise<Record<string, number>> {
  checkCopySource(source);
  await applyMigrationsPg(target);
  // Every table, not the logs alone. Rooms are the exception: a room stays when its logs are
  // deleted, and so does one an upload that failed named (rooms are written outside an upload's
  // transaction): with nothing else stored they are a dictionary no build uses, and the copy
  // replaces them (their ids collided with the copy's first rooms).
  const counts = new Map<string, number>();
  for (const table of TABLES) {
    const { rows } = await target.query<{ n: number }>(`SELECT count(*)::int AS n FROM "${table.name}"`);
    counts.set(table.name, rows[0]?.n ?? 0);
  }
  const stored = TABLES.find((table) => table.name !== "Room" && (counts.get(table.name) ?? 0) > 0);
  if (stored) {
    const n = counts.get(stored.name)!;
    throw new Error(`the PostgreSQL database is not empty (table ${stored.name} holds ${n} row${n === 1 ? "" : "s"}): copy into a new, empty database`);
  }
  const copied: Record<string, number> = {};
  // One read transaction over every table: the copy is of one moment of the source, also while
  // the dashboard still stores uploads. Read table by table, a log stored between the Log and the
  // Build tables had its builds copied without it: a foreign-key failure (a PostgreSQL review,
  // 2026-12-07). WAL: the dashboard's writes go on meanwhile and are not copied, and the -wal file
  // grows, as checkpoints cannot pass the snapshot (a review measured 127 MB after 3,000 writes
  // during a copy, against 4.2 MB without). A transaction the caller opened is the caller's: read
  // in it, and left open.
  const snapshot = !source.inTransaction;
  if (snapshot) source.exec("BEGIN");
  await target.query("BEGIN");
  try {
    // Rooms left with nothing else stored (see above): no row refers to them.
    if ((counts.get("Room") ?? 0) > 0) await target.query(`DELETE FROM "Room"`);
    const sourceTables = tablesOf(source);
    for (const table of TABLES) {
      if (!sourceTables.has(table.name)) {
        copied[table.name] = 0;
        continue;
      }
      const derived = Object.entries(table.derived ?? {});
      const columns = (source.prepare(`PRAGMA table_info("${table.name}")`).all() as { name: string }[])
        .map((c) => c.name)
        .filter((name) => !table.derived?.[name]);
      const list = columns.map((c) => `"${c}"`).join(", ");
      const targetList = [...columns, ...derived.map(([name]) => name)].map((c) => `"${c}"`).join(", ");
      let count = 0;
      let batch: unknown[][] = [];
      const flush = async () => {
        if (batch.length === 0) return;
        let n = 0;
        const values = batch.map((row) => `(${row.map(() => `$${++n}`).join(", ")})`).join(", ");
        try {
          await target.query(`INSERT INTO "${table.name}" (${targetList}) VALUES ${values}`, batch.flat());
        } catch (error) {
          // Which rows PostgreSQL refused, so that the operator can find (and delete) their log.
          const ids = batch.map((row) => row[columns.indexOf("id")]);
          throw new Error(`copying ${table.name} rows with ids ${ids[0]}–${ids.at(-1)}: ${(error as Error).message}`, { cause: error });
        }
        batch = [];
      };
      for (const row of source.prepare(`SELECT ${list} FROM "${table.name}" ORDER BY "id"`).iterate() as Iterable<Record<string, unknown>>) {
        const values: unknown[] = columns.map((column) => {
          const value = row[column];
          if (value === null || value === undefined) return null;
          if (table.booleans.includes(column)) return Number(value) === 1;
          // SQLite's text dates without a zone are UTC; pgParam writes dates as UTC text and NUL as U+FFFD, as the store does.
          if (table.dates.includes(column)) return pgParam(new Date(String(value).includes("T") ? String(value) : `${value}Z`));
          return pgParam(value);
        });
        const copied = (column: string) => values[columns.indexOf(column)];
        for (const [, derive] of derived) values.push(derive(copied));
        batch.push(values);
        count++;
        if (batch.length >= Math.floor(30000 / (columns.length + derived.length))) await flush();
      }
      await flush();
      await target.query(
        `SELECT setval(pg_get_serial_sequence('"${table.name}"', 'id'), GREATEST((SELECT COALESCE(MAX("id"), 0) FROM "${table.name}"), 1), (SELECT COUNT(*) > 0 FROM "${table.name}"))`,
      );
      copied[table.name] = count;
    }
    // Data migrations the source has not had: the target's ran on it empty, so they run again on
    // what was copied (a source from before the room JID fold holds rooms spelled apart).
    for (const migration of readMigrations(PG_MIGRATIONS_DIR)) {
      const data = DATA_MIGRATIONS.find((m) => m.name === migration.name);
      if (!data || sourceApplied(source, migration.name)) continue;
      for (const statement of data.updates ? updateStatements(migration.sql) : [migration.sql]) await target.query(statement);
    }
    await target.query("COMMIT");
    return copied;
  } catch (error) {
    await target.query("ROLLBACK").catch(() => undefined);
    throw error;
  } finally {
    if (snapshot && source.inTransaction) source.exec("COMMIT");
  }
}
