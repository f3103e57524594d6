// npm run db:migrate — applies pending migrations to DATABASE_URL (SQLite file or PostgreSQL).
import { MigrationError } from "../lib/db/migrate";
import { createStore } from "../lib/db/store";
import { readEnv } from "../lib/env";
import { plural } from "../lib/wording";

async function main(): Promise<void> {
  const url = readEnv().DATABASE_URL;
  const store = createStore(url);
  try {
    const { applied } = await store.migrate();
    const where = url.replace(/\/\/[^@/]*@/, "//…@");
    console.log(applied.length === 0 ? `database ${where}: up to date` : `database ${where}: applied ${plural(applied.length, "migration")}: ${applied.join(", ")}`);
  } finally {
    await store.close();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof MigrationError || error instanceof Error ? error.message : error);
  process.exit(1);
});
