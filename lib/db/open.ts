// Opening the SQLite file the app uses: creates its folder, sets the
// connection pragmas and brings the schema up to date. Shared by the start
// script, the migrate CLI, the Prisma client module and the tests.
import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { applyMigrations, configureConnection, readMigrations } from "./migrate";

/** Opens (creating if needed) the database file and configures the connection. */
export function openDatabase(file: string, walSizeLimit?: number): Database.Database {
  if (file !== ":memory:") fs.mkdirSync(path.dirname(file), { recursive: true });
  const db = new Database(file);
  configureConnection(db, walSizeLimit);
  return db;
}

/** Opens the file, applies pending migrations, closes it; returns what was applied. */
export function migrateDatabase(file: string, migrationsDir?: string): { applied: string[] } {
  const db = openDatabase(file);
  try {
    return applyMigrations(db, readMigrations(migrationsDir));
  } finally {
    db.close();
  }
}
