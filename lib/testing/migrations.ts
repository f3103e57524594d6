// Tests of data migrations: a database as the code before a migration left it, on either kind.
import pg from "pg";
import { applyMigrations, readMigrations } from "@/lib/db/migrate";
import { applyMigrationsPg, PG_MIGRATIONS_DIR } from "@/lib/db/migrate-pg";
import { openDatabase } from "@/lib/db/open";
import type { DatabaseKind } from "./databases";

/** Statements run the same way on both kinds: `?` placeholders, rows as objects. */
export type Runner = { run(sql: string, params?: unknown[]): Promise<Record<string, unknown>[]>; close(): Promise<void> };

/**
 * A database of `kind` at `url` migrated up to (not including) `migration`, to fill as the code
 * before it wrote rows; `migrateRest` then applies the rest and returns the names applied.
 */
export async function openAtMigrationBefore(
  kind: DatabaseKind,
  url: string,
  migration: string,
): Promise<{ runner: Runner; migrateRest(): Promise<string[]> }> {
  if (kind === "sqlite") {
    const db = openDatabase(url.slice("file:".length));
    const all = readMigrations();
    applyMigrations(
      db,
      all.filter((m) => m.name < migration),
    );
    return {
      runner: {
        run: async (sql, params = []) => {
          const statement = db.prepare(sql);
          return statement.reader ? (statement.all(...params) as Record<string, unknown>[]) : (statement.run(...params), []);
        },
        close: async () => void db.close(),
      },
      migrateRest: async () => applyMigrations(db, all).applied,
    };
  }
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const all = readMigrations(PG_MIGRATIONS_DIR);
  await applyMigrationsPg(
    client,
    all.filter((m) => m.name < migration),
  );
  return {
    runner: {
      run: async (sql, params = []) => {
        let n = 0;
        return (await client.query(sql.replace(/\?/g, () => `$${++n}`), params)).rows as Record<string, unknown>[];
      },
      close: () => client.end(),
    },
    migrateRest: async () => (await applyMigrationsPg(client, all)).applied,
  };
}

