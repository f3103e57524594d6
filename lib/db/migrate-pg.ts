// ## Offline migrations, PostgreSQL
//
// The same step as lib/db/migrate.ts for the server database: the SQL files
// under prisma/postgres/migrations, in name order, each once, each in its own
// transaction, recorded in Prisma's `_prisma_migrations` table. Several app
// instances starting at once on an empty database take a session-level
// advisory lock first, so each migration is applied exactly once.
import { createHash, randomUUID } from "node:crypto";
import path from "node:path";
import type pg from "pg";
import { MigrationError, type Migration, readMigrations, RECORDED_NAMES, unknownMigrations } from "./migrate";

export const PG_MIGRATIONS_DIR = path.join(process.cwd(), "prisma", "postgres", "migrations");

/** Any fixed 64-bit key; the same in every instance of the app. */
const LOCK_KEY = BigInt.asIntN(64, BigInt(`0x${createHash("sha256").update("mqdash:migrations").digest("hex").slice(0, 16)}`));

const CREATE_HISTORY = `CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
    "id"                    VARCHAR(36) PRIMARY KEY NOT NULL,
    "checksum"              VARCHAR(64) NOT NULL,
    "finished_at"           TIMESTAMPTZ,
    "migration_name"        VARCHAR(255) NOT NULL,
    "logs"                  TEXT,
    "rolled_back_at"        TIMESTAMPTZ,
    "started_at"            TIMESTAMPTZ NOT NULL DEFAULT now(),
    "applied_steps_count"   INTEGER NOT NULL DEFAULT 0
)`;

export async function applyMigrationsPg(
  client: pg.ClientBase,
  migrations: Migration[] = readMigrations(PG_MIGRATIONS_DIR),
): Promise<{ applied: string[]; unknown: string[] }> {
  await client.query("SELECT pg_advisory_lock($1)", [LOCK_KEY.toString()]);
  try {
    await client.query(CREATE_HISTORY);
    const applied: string[] = [];
    for (const migration of migrations) {
      const relative = path.relative(process.cwd(), migration.file);
      const { rows } = await client.query<{ checksum: string }>(
        `SELECT checksum FROM "_prisma_migrations" WHERE migration_name = $1 AND finished_at IS NOT NULL AND rolled_back_at IS NULL`,
        [migration.name],
      );
      if (rows[0]) {
        if (rows[0].checksum !== migration.checksum) {
          throw new MigrationError(
            `Migration ${relative} was changed after it was applied (checksum differs); add a new migration instead`,
            migration.name,
          );
        }
        continue;
      }
      await client.query("BEGIN");
      try {
        const startedAt = new Date();
        await client.query(migration.sql);
        await client.query(
          `INSERT INTO "_prisma_migrations" (id, checksum, finished_at, migration_name, started_at, applied_steps_count)
           VALUES ($1, $2, now(), $3, $4, 1)`,
          [randomUUID(), migration.checksum, migration.name, startedAt],
        );
        await client.query("COMMIT");
        applied.push(migration.name);
      } catch (error) {
        await client.query("ROLLBACK").catch(() => undefined);
        const reason = error instanceof Error ? error.message : String(error);
        throw new MigrationError(`Migration ${relative} failed, nothing of it was applied: ${reason}`, migration.name, {
          cause: error,
        });
      }
    }
    return { applied, unknown: unknownMigrations((await client.query<{ name: string }>(RECORDED_NAMES)).rows, migrations) };
  } finally {
    await client.query("SELECT pg_advisory_unlock($1)", [LOCK_KEY.toString()]).catch(() => undefined);
  }
}
