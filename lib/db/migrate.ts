// ## Offline migrations
//
// The Prisma CLI cannot fetch its schema engine on our machines, so migrations
// are applied by the app itself: the SQL files Prisma's layout keeps under
// prisma/migrations/<timestamp>_<name>/migration.sql, in name order, each once,
// each in its own transaction, recorded in Prisma's own `_prisma_migrations`
// table (same columns), so a machine that does have the engine sees the same
// history. No `server-only` import here: scripts/migrate.ts runs it from the CLI.
import { createHash, randomUUID } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import type Database from "better-sqlite3";
import { foldJidPart } from "../classify/jid";
import { WAL_SIZE_LIMIT_BYTES } from "./store/sqlite-writer-core.mjs";

export type Migration = { name: string; file: string; sql: string; checksum: string };

export class MigrationError extends Error {
  constructor(
    message: string,
    readonly migration: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = "MigrationError";
  }
}

// Read at run time from the project folder (npm start and the server run there); not files the
// bundler should trace: without the comment, every build warned that the whole project was traced.
export const MIGRATIONS_DIR = path.join(/* turbopackIgnore: true */ process.cwd(), "prisma", "migrations");

/** Reads every `<dir>/<name>/migration.sql`, sorted by folder name (the timestamp prefix orders them). */
export function readMigrations(dir: string = MIGRATIONS_DIR): Migration[] {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort()
    .flatMap((name) => {
      const file = path.join(dir, name, "migration.sql");
      if (!fs.existsSync(file)) return [];
      const sql = fs.readFileSync(file, "utf8");
      return [{ name, file, sql, checksum: createHash("sha256").update(sql).digest("hex") }];
    });
}

const CREATE_HISTORY = `CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
    "id"                    TEXT PRIMARY KEY NOT NULL,
    "checksum"              TEXT NOT NULL,
    "finished_at"           DATETIME,
    "migration_name"        TEXT NOT NULL,
    "logs"                  TEXT,
    "rolled_back_at"        DATETIME,
    "started_at"            DATETIME NOT NULL DEFAULT current_timestamp,
    "applied_steps_count"   INTEGER UNSIGNED NOT NULL DEFAULT 0
)`;

/**
 * What `npm start` and `npm run db:migrate` say after migrating a database made by an older version
 * (its first migration was applied before: an upgrade), null otherwise: builds stored before keep
 * the older version's verdicts until `npm run db:reclassify` (README "After an upgrade"). (An
 * older version's database without builds hears it too: a dry run then says there is nothing.)
 */
export function upgradeAdvice(applied: string[]): string | null {
  if (applied.length === 0 || applied.some((name) => name.endsWith("_init"))) return null;
  return "upgraded: builds stored before keep the verdicts of the version that stored them; `npm run db:reclassify -- --dry-run` says what this one would change (README: After an upgrade)";
}

/**
 * What `npm start` and `npm run db:migrate` say when the database records migrations this version
 * does not have (`unknown`): a newer version migrated it, and this older one was started on it (a
 * rollback). It runs, but what it stores is stored as an older version would: an upgrade review went
 * back a version, pushed builds, went forward again, and found incidents still naming the build where
 * they were last seen before the rollback. Null when there are none.
 */
export function newerVersionWarning(unknown: string[]): string | null {
  if (unknown.length === 0) return null;
  const names = unknown.length <= 3 ? unknown.join(", ") : `${unknown.slice(0, 3).join(", ")} and ${unknown.length - 3} more`;
  return (
    `warning: a newer version of the dashboard migrated this database (${names}, not known to this version): ` +
    "what this version stores is stored as it would store it; when the newer version is started on it again, run " +
    "`npm run db:reclassify -- --regroup` there (README: After an upgrade)"
  );
}

/** Settings every connection to the database file should have; WAL persists in the file. */
export function configureConnection(db: Database.Database, walSizeLimit = WAL_SIZE_LIMIT_BYTES): void {
  db.pragma("journal_mode = WAL");
  db.pragma("busy_timeout = 10000");
  db.pragma("foreign_keys = ON");
  db.pragma(`journal_size_limit = ${walSizeLimit}`);
}

/**
 * Applies the migrations not yet recorded, in order. Each runs in a
 * `BEGIN IMMEDIATE` transaction that also re-checks the history, so two
 * processes starting at once cannot apply the same file twice. A failing file
 * rolls back whole and throws a MigrationError naming it; an applied file whose
 * text changed since is refused rather than silently skipped.
 */
export function applyMigrations(
  db: Database.Database,
  migrations: Migration[] = readMigrations(),
): { applied: string[]; unknown: string[] } {
  db.exec(CREATE_HISTORY);
  // SQL functions the migrations call: JavaScript's own, so that data they rewrite comes out as
  // the app writes it (20261205010000_room_jid_fold folds room JIDs as lib/classify/jid.ts does).
  db.function("mq_fold_jid", { deterministic: true }, (part: unknown) => (typeof part === "string" ? foldJidPart(part) : part));
  const recorded = db.prepare<[string], { checksum: string }>(
    `SELECT checksum FROM "_prisma_migrations" WHERE migration_name = ? AND finished_at IS NOT NULL AND rolled_back_at IS NULL`,
  );
  const record = db.prepare(
    `INSERT INTO "_prisma_migrations" (id, checksum, finished_at, migration_name, started_at, applied_steps_count)
     VALUES (?, ?, ?, ?, ?, 1)`,
  );
  const applied: string[] = [];
  for (const migration of migrations) {
    const relative = path.relative(process.cwd(), migration.file);
    const before = recorded.get(migration.name);
    if (before) {
      assertUnchanged(before.checksum, migration, relative);
      continue;
    }
    db.exec("BEGIN IMMEDIATE");
    try {
      const raced = recorded.get(migration.name);
      if (raced) {
        db.exec("COMMIT");
        assertUnchanged(raced.checksum, migration, relative);
        continue;
      }
      const startedAt = new Date().toISOString();
      db.exec(migration.sql);
      record.run(randomUUID(), migration.checksum, new Date().toISOString(), migration.name, startedAt);
      db.exec("COMMIT");
      applied.push(migration.name);
    } catch (error) {
      if (db.inTransaction) db.exec("ROLLBACK");
      if (error instanceof MigrationError) throw error;
      const reason = error instanceof Error ? error.message : String(error);
      throw new MigrationError(`Migration ${relative} failed, nothing of it was applied: ${reason}`, migration.name, {
        cause: error,
      });
    }
  }
  return { applied, unknown: unknownMigrations(db.prepare<[], { name: string }>(RECORDED_NAMES).all(), migrations) };
}

/** The names of the migrations a database records as applied. */
export const RECORDED_NAMES = `SELECT migration_name AS "name" FROM "_prisma_migrations" WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL ORDER BY migration_name`;

/** Of the migrations a database records, those not among `migrations` (a newer version's: newerVersionWarning). */
export function unknownMigrations(recorded: { name: string }[], migrations: Migration[]): string[] {
  const known = new Set(migrations.map((m) => m.name));
  return recorded.map((row) => row.name).filter((name) => !known.has(name));
}

function assertUnchanged(checksum: string, migration: Migration, relative: string): void {
  if (checksum !== migration.checksum) {
    throw new MigrationError(
      `Migration ${relative} was changed after it was applied (checksum differs); add a new migration instead`,
      migration.name,
    );
  }
}
