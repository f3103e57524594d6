// npm run db:migrate — applies pending migrations to DATABASE_URL's SQLite file.
import { readEnv, sqlitePathFromUrl } from "../lib/env";
import { migrateDatabase } from "../lib/db/open";
import { MigrationError } from "../lib/db/migrate";

try {
  const file = sqlitePathFromUrl(readEnv().DATABASE_URL);
  const { applied } = migrateDatabase(file);
  console.log(
    applied.length === 0
      ? `database ${file}: up to date`
      : `database ${file}: applied ${applied.length} migration(s): ${applied.join(", ")}`,
  );
} catch (error) {
  console.error(error instanceof MigrationError || error instanceof Error ? error.message : error);
  process.exit(1);
}
