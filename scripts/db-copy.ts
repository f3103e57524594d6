// npm run db:copy -- --from file:./data/dashboard.db --to postgres://user@host/db
// Moves an existing SQLite database's data into an empty PostgreSQL database.
import pg from "pg";
import { copySqliteToPostgres } from "../lib/db/copy";
import { openDatabase } from "../lib/db/open";
import { sqlitePathFromUrl } from "../lib/env";

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const get = (name: string) => args[args.indexOf(name) + 1];
  const from = args.includes("--from") ? get("--from") : undefined;
  const to = args.includes("--to") ? get("--to") : undefined;
  if (!from?.startsWith("file:") || !to || !/^postgres(ql)?:\/\//.test(to)) {
    console.error("usage: npm run db:copy -- --from file:./data/dashboard.db --to postgres://user@host:5432/db");
    process.exit(2);
  }
  const source = openDatabase(sqlitePathFromUrl(from));
  const target = new pg.Client({ connectionString: to });
  await target.connect();
  try {
    const copied = await copySqliteToPostgres(source, target);
    for (const [table, count] of Object.entries(copied)) console.log(`${table}: ${count} rows`);
  } finally {
    source.close();
    await target.end();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
