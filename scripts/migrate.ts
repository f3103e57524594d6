// npm run db:migrate — applies pending migrations to DATABASE_URL (SQLite file or PostgreSQL).
import { MigrationError, newerVersionWarning, upgradeAdvice } from "../lib/db/migrate";
import { databaseUnavailable, fromDatabase } from "../lib/errors";
import { createStore } from "../lib/db/store";
import { databaseUrlAsSet, readEnv, shownDatabaseUrl } from "../lib/env";
import { plural } from "../lib/wording";
import { loadDotEnv } from "./dot-env";

async function main(): Promise<void> {
  loadDotEnv();
  const url = readEnv().DATABASE_URL;
  const store = createStore(url);
  try {
    const { applied, unknown } = await store.migrate();
    const where = shownDatabaseUrl(url);
    console.log(applied.length === 0 ? `database ${where}: up to date` : `database ${where}: applied ${plural(applied.length, "migration")}: ${applied.join(", ")}`);
    // As npm start says it: the start after this one finds the database up to date.
    const advice = upgradeAdvice(applied);
    if (advice) console.log(advice);
    const newer = newerVersionWarning(unknown);
    if (newer) console.warn(newer);
  } finally {
    await store.close();
  }
}

main().catch((error: unknown) => {
  const message = error instanceof MigrationError || error instanceof Error ? error.message : String(error);
  // "connect ECONNREFUSED 127.0.0.1:5432" alone does not say it is the database.
  const unavailable = databaseUnavailable(error);
  const where = shownDatabaseUrl(databaseUrlAsSet());
  console.error(unavailable ? `database ${where}: ${unavailable} (${message})` : fromDatabase(error) ? `database ${where}: ${message}` : message);
  process.exit(1);
});
