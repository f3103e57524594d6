// npm run db:copy -- --from file:./data/dashboard.db --to postgres://user@host/db
// Moves an existing SQLite database's data into an empty PostgreSQL database.
import pg from "pg";
import { CopySourceError, copySqliteToPostgres, migrationsBehind, openCopySource } from "../lib/db/copy";
import { sqlitePathFromUrl } from "../lib/env";

const USAGE = "usage: npm run db:copy -- --from file:./data/dashboard.db --to postgres://user@host:5432/db";
const POSTGRES_URL = /^postgres(ql)?:\/\//;

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const get = (name: string) => args[args.indexOf(name) + 1];
  const from = args.includes("--from") ? get("--from") : undefined;
  const to = args.includes("--to") ? get("--to") : undefined;
  if (from && POSTGRES_URL.test(from)) {
    // Only this direction exists (README: "move a SQLite database's data into an empty PostgreSQL one").
    console.error("db:copy copies from SQLite to PostgreSQL only: --from takes a file: URL, --to a postgres:// one");
    console.error(USAGE);
    process.exit(2);
  }
  if (!from?.startsWith("file:") || !to || !POSTGRES_URL.test(to)) {
    console.error(USAGE);
    process.exit(2);
  }
  // Checked before the target is connected to: a missing or foreign source is refused with nothing touched.
  let source;
  try {
    source = openCopySource(sqlitePathFromUrl(from));
  } catch (error) {
    if (!(error instanceof CopySourceError)) throw error;
    console.error(error.message);
    process.exit(2);
  }
  const target = new pg.Client({ connectionString: to });
  try {
    await target.connect();
    const behind = migrationsBehind(source);
    const copied = await copySqliteToPostgres(source, target);
    for (const [table, count] of Object.entries(copied)) console.log(`${table}: ${count} rows`);
    // As npm start says after upgrading a file in place (an upgrade review: after a copy, nothing said it).
    if (behind.length > 0 && (copied.Build ?? 0) > 0) {
      console.log(
        `the source was stored by an older version (${behind.length} migrations behind this one): its builds keep that version's verdicts; ` +
          "`npm run db:reclassify -- --dry-run` with DATABASE_URL set to the target says what this one would change (README: After an upgrade)",
      );
    }
  } finally {
    source.close();
    await target.end();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
